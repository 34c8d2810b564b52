"""Stage 2, validate: the checks that need the whole course (ids, references, answer keys, pools).

Each check appends to the diagnostics and returns nothing, so `validate` runs all of them and
one run reports every problem. Markdown-level checks (raw HTML, images, citations, glossary
links) happen while rendering, where the parser knows their lines.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from builder.errors import Diagnostics, closest, repeated, suggest
from builder.limits import SUSPEND_DATA_LIMITS
from builder.model import (REVIEW_SUBJECTS, Course, GlossaryTerm, Loc, Markdown, Question, QuestionStub, Quiz,
                           role_key)
from builder.questions import kind_of
from builder.sources import yaml_citations


def validate(course: Course, diags: Diagnostics) -> None:
    """Run every course-wide check."""
    check_unique_ids(course, diags)
    check_course_references(course, diags)
    objective_ids = dict.fromkeys(o.id for o in course.objectives())  # once, not per quiz: ordered, O(1) lookups
    in_use = quizzes_in_use(course, {m.quiz_id for m in course.modules} | {course.final_quiz_id})
    for quiz in sorted(course.quizzes.values(), key=lambda q: q.loc.path):
        check_quiz(course, quiz, diags, objective_ids, in_use)
    for question in course.unloaded.questions:
        check_answer_key(question, diags)
    for stub in course.unloaded.stubs:
        if stub.id:  # (one whose id has an error is not named in a message)
            check_question_objectives(stub, objective_ids, course, in_use, diags)
    check_objectives_assessed(course, diags)
    check_module_texts(course, diags)
    check_citation_keys(course, diags)
    check_reviews(course, diags)




# ---- Ids and references ---------------------------------------------------------------------


def check_unique_ids(course: Course, diags: Diagnostics) -> None:
    """Module, objective, quiz and question ids share one namespace: they all become LMS identifiers."""
    first: dict[str, tuple[str, Loc]] = {}

    def claim(kind: str, node_id: str, loc: Loc) -> None:
        if node_id in first:
            other_kind, other_loc = first[node_id]
            diags.error(
                loc,
                f"{kind} id '{node_id}' is already used by {'an' if other_kind[0] in 'aeiou' else 'a'} {other_kind} "
                f"at {other_loc}",
                "ids must be unique across the course: rename one of them",
                "id.duplicate",
            )
        else:
            first[node_id] = (kind, loc)

    for module in course.modules:
        claim("module", module.id, module.loc)
        for objective in module.objectives:
            claim("objective", objective.id, objective.loc)
    # A question with an error of its own still claims its id, in its place among its quiz's: the
    # second of two with one id was reported only once the first's error was mended (the author audit).
    stubs: dict[str, list] = {}
    for stub in course.unloaded.stubs:
        stubs.setdefault(stub.loc.path, []).append(stub)
    for quiz in sorted(course.quizzes.values(), key=lambda q: q.loc.path):
        claim("quiz", quiz.id, quiz.loc)
        for question in sorted([*quiz.questions, *stubs.pop(quiz.loc.path, [])], key=lambda q: q.loc.line):
            if question.id:
                claim("question", question.id, question.loc)
    for stub in sorted((s for file in stubs.values() for s in file), key=lambda s: (s.loc.path, s.loc.line)):
        if stub.id:  # (of quiz files that did not load)
            claim("question", stub.id, stub.loc)
    terms: dict[str, Loc] = {}
    for term in course.glossary:
        if term.id in terms:
            diags.error(term.loc, f"glossary term id '{term.id}' is already used at line {terms[term.id].line}",
                        "rename one of them", "id.duplicate")
        terms.setdefault(term.id, term.loc)
    check_glossary_names(course, diags)


def check_glossary_names(course: Course, diags: Diagnostics) -> None:
    """A term or alias written for two entries: the glossary listed it twice, with two meanings, and
    the search found both under one name."""
    named: dict[str, GlossaryTerm] = {}
    for term in course.glossary:
        for name in dict.fromkeys(glossary_key(n) for n in [term.term, *term.aliases]):
            other = named.setdefault(name, term)
            if other is not term:
                diags.warning(term.loc, f"glossary entry '{term.id}' names '{name}', as entry '{other.id}' at line "
                              f"{other.loc.line} does", "keep one entry for the term (its other names as aliases), "
                              "or tell the two apart in their names", "glossary.duplicate")


def glossary_key(name: str) -> str:
    """A glossary name as the reader tells names apart: without case, ё as е, spaces collapsed."""
    return " ".join(name.casefold().replace("ё", "е").split())


def check_course_references(course: Course, diags: Diagnostics) -> None:
    """Module quizzes, the final quiz and the completion rule name things that exist."""
    quiz_ids = sorted(course.quizzes)
    users: dict[str, str] = {}
    for module in course.modules:
        where = module.quiz_loc or module.loc
        if module.quiz_id and quiz_missing(course, module.quiz_id):
            hint = suggest(module.quiz_id, quiz_ids) or "create quizzes/NN-name.yml with that id, or remove 'quiz:'"
            diags.error(where, f"module '{module.id}' names quiz '{module.quiz_id}', which does not exist", hint,
                        "ref.quiz")
        elif module.quiz_id in users:
            diags.error(where, f"quiz '{module.quiz_id}' already ends module '{users[module.quiz_id]}'",
                        "give each module its own quiz", "ref.quiz")
        elif module.quiz_id and module.quiz_id == course.final_quiz_id:
            # It was shown at the module's end and on the final's page: ids twice in the one-file
            # edition, and the final's pool took the module's questions as its own (author audit).
            diags.error(where, f"module '{module.id}' names the final quiz '{module.quiz_id}' (course.yml "
                        "'final_quiz:') as its own", "give the module a quiz of its own, or remove 'quiz:'", "ref.quiz")
        elif module.quiz_id:
            users[module.quiz_id] = module.id
    if course.final_quiz_id and quiz_missing(course, course.final_quiz_id):
        hint = suggest(course.final_quiz_id, quiz_ids) or "create the quiz file, or remove 'final_quiz:'"
        diags.error(course.final_quiz_loc or course.loc, f"final_quiz '{course.final_quiz_id}' does not exist", hint,
                    "ref.quiz")
    module_ids = [m.id for m in course.modules]
    completion = course.completion
    for key, listed in (("modules_seen", completion.modules_seen), ("modules_read", completion.modules_read)):
        for module_id in listed:
            if module_id not in module_ids and not course.module_affected(module_id):
                diags.error(completion.locs.get((key, module_id), course.loc),
                            f"completion.{key} names '{module_id}', which is not a module of the course",
                            suggest(module_id, module_ids), "ref.module")
    shown = set(users) | {course.final_quiz_id}
    # A module that did not load, one whose `quiz:` has an error, or a `final_quiz:` with one may name
    # any quiz: what no one is seen to use is told once those errors are mended.
    maybe_used = (bool(course.unloaded.module_files) or bool(course.unloaded.ignored_modules)
                  or any(m.quiz_unread for m in course.modules) or course.final_quiz_unread)
    unlisted = {m.quiz_id: m.id for m in course.unloaded.unlisted if m.quiz_id}
    for quiz_id in course.completion.quizzes_passed:
        where = course.completion.locs.get(("quizzes_passed", quiz_id), course.loc)
        if quiz_missing(course, quiz_id):
            diags.error(where, f"completion.quizzes_passed names '{quiz_id}', which does not exist",
                        suggest(quiz_id, quiz_ids), "ref.quiz")
        elif quiz_id not in shown and quiz_id in course.quizzes and not maybe_used:
            # The rule would wait for a pass no learner can make: the course never completes, in any LMS.
            hint = (f"module '{unlisted[quiz_id]}' ends with it: add '{unlisted[quiz_id]}' to course.yml 'modules'"
                    if quiz_id in unlisted else "name it in a module's 'quiz:' or in course.yml 'final_quiz:', or "
                    "remove it from quizzes_passed")
            diags.error(where, f"completion.quizzes_passed names '{quiz_id}', which no learner can take: "
                               "no module of the course ends with it and it is not the final_quiz", hint,
                        "completion.unreachable")
    used = quizzes_in_use(course, shown)
    # A quiz the rule requires is told above, an unlisted module's by the warning on that module.
    told = set(course.completion.quizzes_passed) | set(unlisted)
    for quiz in course.quizzes.values():
        if quiz.id not in used and quiz.id not in told and not maybe_used:
            diags.warning(quiz.loc, f"quiz '{quiz.id}' is not used by any module or the course",
                          "name it in a module's 'quiz:' or in course.yml 'final_quiz:'", "quiz.unused")


def quiz_missing(course: Course, quiz_id: str) -> bool:
    """Whether no quiz has this id. An id that may be a quiz file's whose errors are reported (a file
    that did not load, or not far enough to tell its id) is not called missing: mended, it may exist."""
    return quiz_id not in course.quizzes and not course.quiz_affected(quiz_id)


def quizzes_in_use(course: Course, roots: set[str]) -> set[str]:
    """The quizzes learners meet: those of modules and the final quiz, and every quiz their banks
    include (transitively). A quiz that only an unused quiz includes is unused too."""
    used: set[str] = set()
    pending = [quiz_id for quiz_id in roots if quiz_id in course.quizzes]
    while pending:
        quiz_id = pending.pop()
        if quiz_id in used:
            continue
        used.add(quiz_id)
        included = course.quizzes[quiz_id].include
        pending += list(course.quizzes) if "*" in included else [i for i in included if i in course.quizzes]
    return used


def check_citation_keys(course: Course, diags: Diagnostics) -> None:
    """`sources:`, glossary `source:` and clinical_review `source:` use keys declared in course.yml
    (their line numbers were checked with the schema, by the rule Markdown's citations follow)."""
    keys = sorted(course.references)
    for citation in yaml_citations(course):
        if citation.key not in course.references and not course.reference_affected(citation.key):
            hint = suggest(citation.key, keys, f"declare '{citation.key}' under 'references:' in course.yml "
                                               "(a title and the file: of its document)")
            diags.error(citation.loc, f"citation '{citation.label}' uses unknown reference key '{citation.key}'", hint,
                        "ref.citation")


# ---- Quizzes --------------------------------------------------------------------------------


def check_quiz(course: Course, quiz: Quiz, diags: Diagnostics, objective_ids: dict[str, None],
               in_use: set[str]) -> None:
    """Included quizzes exist, the pool fits the bank, every question's answer key fits its type."""
    for index, included in enumerate(quiz.include):
        if included != "*" and quiz_missing(course, included):
            at = quiz.include_locs[index] if index < len(quiz.include_locs) else quiz.include_loc or quiz.loc
            diags.error(at, f"quiz '{quiz.id}' includes '{included}', which does not exist",
                        suggest(included, sorted(course.quizzes)), "ref.quiz")
    # A bank drawn from a quiz file that did not load whole may be short of what its author wrote, and
    # `include: all` takes the quizzes of the modules that loaded: its size is checked once the files'
    # errors are mended.
    bank_known = not any(course.quiz_affected(quiz_id) for quiz_id in [quiz.id, *quiz.include])
    bank_known = bank_known and not (quiz.include == ["*"] and course.unloaded.module_files)
    if not quiz.bank and bank_known:
        diags.error(quiz.loc, f"quiz '{quiz.id}' has no questions", "add questions, or include other quizzes",
                    "quiz.pool")
    if quiz.pool:
        check_pool(quiz, bank_known, diags)
    for question in quiz.questions:
        check_question_objectives(question, objective_ids, course, in_use, diags)
        check_answer_key(question, diags)
    check_longest_right(quiz, diags)


LONGEST_RIGHT_SHARE = 0.75
"""The share of a quiz's single-choice questions whose right option is the longest that is worth a notice."""


def check_longest_right(quiz: Quiz, diags: Diagnostics) -> None:
    """A notice when the right option is the longest in most of a quiz's single-choice questions and
    scenario steps (four or more): a learner who picks the longest passes without reading (the bundled
    modules' quizzes did so in 96 of 100 questions, and a quiz's scenarios in 20 of 20 steps)."""
    choices = [[(o.text, o.correct) for o in q.options]  # type: ignore[attr-defined]
               for q in quiz.questions if q.type == "single"]
    steps = [s for q in quiz.questions if q.type == "scenario" for s in q.steps]  # type: ignore[attr-defined]
    choices += [[(c.text, c.points == max(other.points for other in s.choices)) for c in s.choices] for s in steps]
    # (A step whose best reply is tied has no one answer to give away.)
    picks = [longest_is_best(c) for c in choices if len(c) > 1 and sum(best for _, best in c) == 1]
    singles = sum(1 for q in quiz.questions if q.type == "single")
    where = "single-choice questions" + (" and scenario steps" if len(picks) > singles else "")
    if len(picks) >= 4 and sum(picks) >= LONGEST_RIGHT_SHARE * len(picks):
        diags.notice(quiz.loc, f"quiz '{quiz.id}': the right option is the longest in {sum(picks)} of {len(picks)} "
                     f"{where}", "write the wrong options (and the weaker replies) as full and plausible as the right "
                     "one, so that length gives nothing away", "quiz.longest-right")


def longest_is_best(choices: list[tuple[Markdown, bool]]) -> bool:
    """Whether the best choice (the right option, the reply worth most) is longer than every other."""
    best = next(len(text.source.strip()) for text, is_best in choices if is_best)
    return best > max(len(text.source.strip()) for text, is_best in choices if not is_best)


def check_question_objectives(question: Question | QuestionStub, objective_ids: dict[str, None], course: Course,
                              in_use: set[str], diags: Diagnostics) -> None:
    """A question names its objectives once (`objective:` or `objectives:`), each exists, none twice. An
    unknown one that a module file which did not load, or not whole, may hold is reported there only;
    one of a module course.yml does not list, only where a quiz learners meet names it."""
    written = [key for key in ("objective", "objectives") if key in question.field_locs]
    if len(written) == 2:
        diags.error(question.field_locs["objectives"],
                    f"question '{question.id}' has both 'objective' and 'objectives'",
                    "keep one: 'objectives: [primary, other, ...]' lists the primary first", "quiz.objectives")
    elif not written:
        diags.error(question.loc, f"question '{question.id}' names no objective",
                    "add 'objective: <id>' or 'objectives: [<id>, ...]' with ids from the modules' front matter",
                    "schema.required")
    seen: set[str] = set()
    for objective_id, loc in zip(question.objectives, question.objective_locs):
        if objective_id in seen:
            diags.error(loc, f"question '{question.id}' names objective '{objective_id}' twice",
                        "list each objective once", "id.duplicate")
        seen.add(objective_id)
        if objective_id in objective_ids or course.unloaded.module_files or course.unloaded.ignored_modules:
            continue
        owner = next((m for m in course.unloaded.unlisted if any(o.id == objective_id for o in m.objectives)), None)
        if owner is not None:
            if question.quiz_id in in_use:  # (else the quiz is not shipped: the module's warning says it all)
                diags.error(loc, f"question '{question.id}' assesses objective '{objective_id}' of module "
                                 f"'{owner.id}', which course.yml does not list",
                            f"add '{owner.id}' to 'modules' in course.yml", "ref.objective")
            continue
        if not objective_written_wrong(course, objective_id, question.quiz_id):
            hint = suggest(objective_id, list(objective_ids)) or "use an objective id from a module's front matter"
            diags.error(loc, f"question '{question.id}' assesses objective '{objective_id}', which does not exist",
                        hint, "ref.objective")


def objective_written_wrong(course: Course, objective_id: str, quiz_id: str) -> bool:
    """Whether `objective_id`, named by a question of quiz `quiz_id`, may be a module's objective left
    out for an error in it (reported there): one of that module's quiz, or close to an id written wrong."""
    dropped_by_module = course.unloaded.objectives_dropped
    if any(m.quiz_id == quiz_id and m.id in dropped_by_module for m in course.modules if quiz_id):
        return True
    dropped = [i for ids in dropped_by_module.values() for i in ids]
    return bool(closest(objective_id, dropped)) or objective_id.casefold() in map(str.casefold, dropped)


def check_pool(quiz: Quiz, bank_known: bool, diags: Diagnostics) -> None:
    """A pool draws no more than the bank holds (when all of it loaded); `by: quiz` needs included quizzes."""
    assert quiz.pool is not None
    if bank_known and quiz.pool.draw > len(quiz.bank):
        diags.error(
            quiz.pool.loc,
            f"pool draws {quiz.pool.draw} questions but the bank of quiz '{quiz.id}' holds {len(quiz.bank)}",
            f"draw at most {len(quiz.bank)}, or add questions",
            "quiz.pool",
        )
    if quiz.pool.by == "quiz" and not quiz.include:
        diags.error(quiz.pool.loc, f"pool of quiz '{quiz.id}' draws by quiz but includes no other quiz",
                    "add 'include: all' or a list of quiz ids, or use by: objective", "quiz.pool")


def check_answer_key(question: Question, diags: Diagnostics) -> None:
    """The check of the question's kind."""
    kind_of(question).check(question, diags)


def check_objectives_assessed(course: Course, diags: Diagnostics) -> None:
    """Every objective should be assessed by at least one question (a warning: the course still builds)."""
    if course.quiz_affected("*"):
        return
    # Every question written, the second of two with one id too (`all_questions` keeps one of them).
    written = [q for quiz in course.quizzes.values() for q in quiz.questions]
    assessed = Counter(o for q in written for o in q.objectives)
    for objective in course.objectives():
        if not assessed[objective.id]:
            diags.warning(objective.loc, f"objective '{objective.id}' is not assessed by any question",
                          "add a question with 'objective: " + objective.id + "'", "objective.unassessed")


def check_module_texts(course: Course, diags: Diagnostics) -> None:
    """A module with nothing after its front matter builds (a module just begun is previewed), but
    its page would be a title alone: a warning, so that `--strict` keeps it out of a release."""
    for module in course.modules:
        if not module.body.source.strip():
            diags.warning(module.body.loc, f"module '{module.id}' has no text after its front matter",
                          "write its text below the front matter's closing '---' (each ## heading starts a lesson)",
                          "module.empty")


# ---- Reviews --------------------------------------------------------------------------------


def check_reviews(course: Course, diags: Diagnostics, today: dt.date | None = None) -> None:
    """Reviews name a module, `glossary` or `course`; a written last_review has a review behind it;
    with `governance.required_roles`, each signed review's role is one of them; with a `reviews:`
    list, every module (and the glossary) without a current review, or without one in every
    required role, is noted.

    A review is current while the course's `governance.review_by` date has not passed (without
    governance, any recorded review is current). A missing review is a notice, not a warning: a
    draft is built and sent for review before anyone can sign it, and the pages say plainly that
    it is not yet reviewed."""
    subjects = [m.id for m in course.modules] + list(REVIEW_SUBJECTS)
    for review in course.reviews:
        if review.subject not in subjects and not course.module_affected(review.subject):
            diags.error(review.loc,
                        f"review names '{review.subject}', which is not a module of the course, 'glossary' or 'course'",
                        suggest(review.subject, subjects), "ref.module")
    for review in course.reviews:
        # A stale sign-off is worth a warning until the text is signed again; a stale rejection never
        # signed anything (and the old entries stay: reviews: is the record of who signed what).
        resigned = any(other.fingerprint and other.subject == review.subject for other in course.signed_reviews)
        if not course.is_current(review) and review.decision != "rejected" and not resigned:
            now = course.fingerprints.get(review.subject, "")
            diags.warning(review.loc,
                          f"the review of '{review.subject}' by {review.reviewer} signed the text with fingerprint "
                          f"{review.fingerprint}; the text has changed since (now {now}), so it no longer counts",
                          f"have the change reviewed, then record the new review with fingerprint: {now}",
                          "review.stale")
    check_review_roles(course, diags)
    governance = course.governance
    if governance and governance.last_review and governance.last_review not in {r.date for r in course.reviews}:
        diags.warning(
            governance.field_locs.get("last_review", course.loc),
            (f"governance.last_review is {governance.last_review.isoformat()} but no review under 'reviews:' has that "
             "date"),
            ("record the review (module, reviewer, role, date) under 'reviews:', or remove 'last_review' (the date is "
             "taken from the reviews)"),
            "review.unbacked",
        )
    if not course.tracks_reviews:
        return
    expired = governance is not None and (today or dt.date.today()) > governance.review_by
    locs = {m.id: m.loc for m in course.modules}
    if course.glossary:
        locs["glossary"] = Loc(course.glossary[0].loc.path, 1, 1)
    if course.final_quiz:
        locs["course"] = Loc(course.final_quiz.loc.path, 1, 1)
    for subject in course.review_subjects():
        loc = locs[subject]
        # The final's own questions are signed by a review of the whole course (module: course).
        final = subject == "course"
        name = "the final's own questions (a review of 'course' signs them)" if final else f"'{subject}'"
        if expired and course.reviews_of(subject):
            diags.notice(loc, f"the review of '{subject}' is out of date: governance.review_by "
                         f"({governance.review_by.isoformat()}) has passed",
                         "review it again, record the review and set a new review_by", "review.missing")
        elif not course.reviews_of(subject):
            diags.notice(loc, f"{name} {'have' if final else 'has'} no signed review yet",
                         "build the review edition (course build --format review --sources DIR) and record the "
                         "sign-off under 'reviews:' in course.yml", "review.missing")
        elif unsigned := course.unsigned_roles(subject):
            diags.notice(loc, f"{name} {'are' if final else 'is'} not yet signed off by: {', '.join(unsigned)} "
                         "(governance.required_roles); until then it counts as not reviewed",
                         "record that review under 'reviews:' with its role written as in required_roles",
                         "review.missing")


def check_review_roles(course: Course, diags: Diagnostics) -> None:
    """With `governance.required_roles`, each review's role is one of them: a role written otherwise
    («юрисконсульт» for «юрист») would sign off nothing the course requires, silently."""
    required = course.required_roles
    if not required:
        return
    governance = course.governance
    for role in repeated(role_key(r) for r in required):
        diags.warning(governance.field_locs.get("required_roles", course.loc),
                      f"governance.required_roles names '{role}' twice", "write each role once", "review.role")
    keys = {role_key(r) for r in required}
    for review in course.signed_reviews:  # (a rejection or a review of an older text signs nothing off anyway)
        if role_key(review.role) not in keys:
            diags.warning(review.field_locs.get("role", review.loc),
                          f"the review of '{review.subject}' by {review.reviewer} is signed as '{review.role}', "
                          f"which is none of governance.required_roles ({', '.join(required)}): it signs off no "
                          "required role",
                          suggest(review.role, required, f"write one of: {', '.join(required)}"), "review.role")
