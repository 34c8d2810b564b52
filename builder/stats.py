"""`course stats`: per module, the figures an editor checks a module against."""

from __future__ import annotations

from collections import Counter

from builder.model import QUESTION_TYPES, Course


def course_stats(course: Course) -> list[dict]:
    """One row per module (and the final quiz): words, objectives, questions by type, citations, minutes."""
    rows = []
    for module in course.modules:
        quiz = course.quiz_of(module)
        questions = quiz.questions if quiz else []
        rows.append({
            "module": module.id,
            "words": module.words,
            "objectives": len(module.objectives),
            "questions": len(questions),
            "by_type": dict(sorted(Counter(q.type for q in questions).items())),
            "citations": len(module.citations),
            "minutes": module.minutes,
        })
    final = course.final_quiz
    if final:
        rows.append({"module": f"final: {final.id}", "words": 0, "objectives": 0, "questions": final.draw_count,
                     "by_type": {}, "citations": 0, "minutes": 0})
    return rows


def format_stats(rows: list[dict]) -> str:
    """A plain-text table with a total line."""
    short = {"single": "sgl", "multiple": "mul", "true_false": "t/f", "fill_in": "fil", "matching": "mat",
             "ordering": "ord", "numeric": "num", "scenario": "scn"}
    header = f"{'module':<24}{'words':>7}{'obj':>5}{'quest':>7}  " + " ".join(f"{short[t]:>3}" for t in QUESTION_TYPES) + f"{'cites':>7}{'min':>5}"
    lines = [header, "-" * len(header)]
    for row in rows:
        types = " ".join(f"{row['by_type'].get(t, 0) or '':>3}" for t in QUESTION_TYPES)
        lines.append(f"{row['module'][:23]:<24}{row['words']:>7}{row['objectives']:>5}{row['questions']:>7}  {types}{row['citations']:>7}{row['minutes']:>5}")
    total = {k: sum(r[k] for r in rows) for k in ("words", "objectives", "citations", "minutes")}
    lines.append(f"{'total':<24}{total['words']:>7}{total['objectives']:>5}{'':>7}  {'':>31}{total['citations']:>7}{total['minutes']:>5}")
    return "\n".join(lines)
