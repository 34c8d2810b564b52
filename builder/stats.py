"""`course stats`: per module, the figures an editor checks a module against."""

from __future__ import annotations

from collections import Counter

from builder.model import Citation, Course, Quiz
from builder.questions import KINDS


def course_stats(course: Course) -> list[dict]:
    """One row per module and one for the final quiz: words, objectives, the questions of its quiz by
    type, the citations of its text and questions, minutes. A row counts what its learner reads: a
    module's text and quiz (with the banks it includes); the final's questions that no module's quiz
    asks (what it draws per attempt, and from where, is said under the table)."""
    rows = []
    for module in course.modules:
        quiz = course.quiz_of(module)
        questions = quiz.bank if quiz else []
        rows.append(row(module.id, questions, module.citations + quiz_citations(course, files_of(course, questions)),
                        words=module.words, objectives=len(module.objectives), minutes=module.minutes))
    final = course.final_quiz
    if final is None:
        return rows
    bank = {"final_bank": final_bank_stats(course, final)}
    if final.id in course.module_quiz_ids():  # a module's quiz as the final: its module's row, the bank below
        rows[next(i for i, m in enumerate(course.modules) if m.quiz_id == final.id)] |= bank
    else:
        own = course.own_final_questions()
        rows.append(row(f"final: {final.id}", own, quiz_citations(course, files_of(course, own)),
                        minutes=course.final_minutes) | bank)
    return rows


def row(name: str, questions: list, citations: list[Citation], words: int = 0, objectives: int = 0,
        minutes: int = 0) -> dict:
    """A row of the table (and of `--json`)."""
    return {"module": name, "words": words, "objectives": objectives, "questions": len(questions),
            "by_type": dict(sorted(Counter(q.type for q in questions).items())), "citations": len(citations),
            "minutes": minutes}


def files_of(course: Course, questions: list) -> list[Quiz]:
    """The quiz files `questions` are written in."""
    written = {question.quiz_id for question in questions}
    return [quiz for quiz in course.quizzes.values() if quiz.id in written]


def quiz_citations(course: Course, quizzes: list[Quiz]) -> list[Citation]:
    """The citations quiz files make: in their questions' texts and in their `sources:`."""
    files = {quiz.loc.path for quiz in quizzes}
    in_texts = [citation for citation in course.citations if citation.loc.path in files]
    return in_texts + [citation for quiz in quizzes for question in quiz.questions for citation in question.sources]


FINAL_BANK_GOAL = 2
"""Final-bank questions each objective should have, so that a stratified draw can vary between attempts."""

RECALL_TYPES = ("numeric", "fill_in")
"""Question types whose answer is a figure or a phrase to remember: a final exam flags them."""


def final_bank_stats(course: Course, final: Quiz) -> dict:
    """The final quiz's own bank: its size, how many of its questions assess each objective of the
    course (a question counts for every objective it lists), the objectives below the goal, and
    the recall items (numeric, fill-in) it holds; beside them, what it draws from module quizzes,
    which a learner has met before (it does not count towards the goal)."""
    own_questions = course.own_final_questions()
    per_objective = Counter(o for q in own_questions for o in q.objectives)
    counts = {o.id: per_objective[o.id] for o in course.objectives()}
    own = set(map(id, own_questions))
    borrowed = [q for q in final.bank if id(q) not in own]
    from_modules = Counter(o for q in borrowed for o in q.objectives)
    return {
        "quiz": final.id,
        "own_questions": len(own_questions),
        "included_questions": len(borrowed),
        "draw": final.draw_count,
        "by": final.pool.by if final.pool else "none",
        "per_objective": counts,
        "below_goal": [objective for objective, n in counts.items() if n < FINAL_BANK_GOAL],
        "recall_items": [q.id for q in own_questions if q.type in RECALL_TYPES],
        "from_modules": {o.id: from_modules[o.id] for o in course.objectives() if from_modules[o.id]},
        "recall_from_modules": [q.id for q in borrowed if q.type in RECALL_TYPES],
    }


def format_final_bank(bank: dict) -> list[str]:
    """The final bank as lines under the table: per objective, with what falls short flagged."""
    lines = [
        "",
        f"final bank of {bank['quiz']}: {bank['own_questions']} own question(s)"
        + (f" and {bank['included_questions']} from module quizzes" if bank["included_questions"] else "")
        + f"; {bank['draw']} drawn per attempt (by {bank['by']})",
        f"final-bank questions per objective (goal: at least {FINAL_BANK_GOAL} each):",
    ]
    for objective, n in bank["per_objective"].items():
        borrowed = bank["from_modules"].get(objective, 0)
        lines.append(f"  {objective:<24}{n:>4}" + ("  << below goal" if n < FINAL_BANK_GOAL else "")
                     + (f"  (+{borrowed} from module quizzes)" if borrowed else ""))
    below = bank["below_goal"]
    lines.append(f"objectives below the goal: {len(below)}" + (f" ({', '.join(below)})" if below else ""))
    if bank["included_questions"]:
        lines.append("questions from module quizzes do not count towards the goal: a learner has answered them "
                     "before, so the final asks them again")
    recall = bank["recall_items"]
    lines.append("numeric or fill-in items in the final bank: "
                 + (", ".join(recall) + "  << recall items" if recall else "none")
                 + (f" (from module quizzes: {', '.join(bank['recall_from_modules'])})"
                    if bank["recall_from_modules"] else ""))
    return lines


def format_stats(rows: list[dict]) -> str:
    """A plain-text table with a total line."""
    kinds = " ".join(f"{kind.abbreviation:>3}" for kind in KINDS.values())
    header = f"{'module':<24}{'words':>7}{'obj':>5}{'quest':>7}  {kinds}{'cites':>7}{'min':>5}"
    lines = [header, "-" * len(header)]
    for row in rows:
        types = " ".join(f"{row['by_type'].get(t, 0) or '':>3}" for t in KINDS)
        lines.append(f"{row['module'][:23]:<24}{row['words']:>7}{row['objectives']:>5}{row['questions']:>7}"
                     f"  {types}{row['citations']:>7}{row['minutes']:>5}")
    total = {k: sum(r[k] for r in rows) for k in ("words", "objectives", "citations", "minutes")}
    # Questions as written, by type.
    written = {t: sum(r["by_type"].get(t, 0) for r in rows) for t in KINDS}
    types = " ".join(f"{written[t] or '':>3}" for t in KINDS)
    lines.append(f"{'total':<24}{total['words']:>7}{total['objectives']:>5}{sum(written.values()):>7}"
                 f"  {types}{total['citations']:>7}{total['minutes']:>5}")
    for row in rows:
        if "final_bank" in row:
            lines += format_final_bank(row["final_bank"])
    return "\n".join(lines)
