"""The data the learner runtime (`templates/runtime/course.js`) reads, built from the course model.

Every learner-facing target embeds this JSON in its pages (`<script type="application/json"
id="course-data">`), so the quiz engine scores the same way everywhere. Keys are short because
the whole thing is inlined into every page and into the one-file edition.

The learner's state that the runtime saves (localStorage or SCORM `suspend_data`) refers to
questions and options by position, so this module also estimates the largest state the
course can produce: SCORM 1.2 keeps only 4096 characters.
"""

from __future__ import annotations

import hashlib
import json
from typing import Callable

from builder.errors import CourseError, Diagnostic
from builder.i18n import catalogue, runtime_strings
from builder.jsondata import non_finite, page_json
from builder.limits import FREE_TEXT_LIMIT, SUSPEND_DATA_LIMIT_12, SUSPEND_DATA_LIMIT_2004
from builder.model import Course, Module, Question, Quiz
from builder.questions import kind_of

STATE_VERSION = 2
"""Version of the saved-state encoding; the runtime migrates older versions it knows (1: no quiz identities)."""



def question_data(question: Question) -> dict:
    """What the runtime needs to show feedback on and score one question."""
    data: dict = {"t": question.type, "pts": question.max_points, "obj": question.objective, "quiz": question.quiz_id}
    if len(question.objectives) > 1:
        data["objs"] = question.objectives  # the primary `obj` stratifies pools; every one is scored
    if question.explanation:
        data["x"] = question.explanation.html
    if question.feedback_correct:
        data["fc"] = question.feedback_correct.html
    if question.feedback_incorrect:
        data["fi"] = question.feedback_incorrect.html
    data["txt"] = question.prompt.plain[:250]
    data.update(kind_of(question).runtime(question))
    return data


BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def short_hash(text: str, length: int = 3) -> str:
    """`length` base-36 characters of the SHA-256 of `text` (3 characters: 46,656 values)."""
    number = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
    digits = ""
    for _ in range(length):
        number, digit = divmod(number, 36)
        digits += BASE36[digit]
    return digits


def quiz_identity(quiz: Quiz, data_of: Callable[[Question], dict] = question_data) -> str:
    """Six characters the learner's saved state keeps for each quiz: which quiz it is, and what it asks.

    The first three hash the quiz id, the last three everything its answers are stored against
    (the bank's order, the draw, every question's content). After a republish the runtime finds
    a saved quiz by the first half and keeps its answers only when the second half still matches,
    so answers are never replayed onto other questions (responses are stored by bank position).
    """
    content = [quiz.id, quiz.draw_count, bool(quiz.shuffle), quiz.pool.by if quiz.pool else "none"]
    content += [[q.id, data_of(q)] for q in quiz.bank]
    return short_hash(quiz.id) + short_hash(json.dumps(content, sort_keys=True, ensure_ascii=False))


def quiz_data(course: Course, quiz: Quiz, data_of: Callable[[Question], dict] = question_data) -> dict:
    """A quiz's rules, its bank (question ids in order) and its identity in saved states."""
    data = {
        "h": quiz_identity(quiz, data_of),
        "title": quiz.title,
        "pass": quiz.passing_score,
        "att": quiz.attempts or 0,
        "fb": quiz.feedback,
        "bank": [q.id for q in quiz.bank],
        "draw": quiz.draw_count,
        "module": quiz.module_id,
    }
    if quiz.shuffle:
        data["shuffle"] = 1
    if quiz.pool and quiz.pool.by != "none":
        data["by"] = quiz.pool.by
    if quiz.one_per_screen:
        data["ops"] = 1
    if quiz.out_of_attempts:
        data["ooa"] = quiz.out_of_attempts  # what to do when no attempt is left (the runtime has a default)
    return data


def page_list(course: Course) -> list[dict]:
    """Every learner page in reading order: home, modules, final quiz, glossary."""
    pages = [{"id": "index", "kind": "home", "title": course.title}]
    # A module's lessons in order: the runtime numbers every lesson of the course by them (its bit in
    # the learner record), whatever part of the outline a page carries.
    pages += [{"id": m.slug, "kind": "module", "module": m.id, "title": m.title, "quiz": m.quiz_id,
               "lessons": [lesson.anchor for lesson in m.lessons], "layout": module_layout(m),
               "objs": [o.id for o in m.objectives]}
              for m in course.modules]
    if course.final_quiz:
        pages.append({"id": "final", "kind": "final", "title": course.final_quiz.title, "quiz": course.final_quiz_id})
    if course.glossary:
        pages.append({"id": "glossary", "kind": "glossary", "title": catalogue(course.language)["glossary"]})
    return pages


def module_layout(module: Module) -> str:
    """Which module this is (two characters) and which lessons it holds, in order (one each).

    The learner record marks lessons by position; it keeps the layout it was written against, so
    that after a republish that inserts, removes or moves lessons or modules, nav.js can carry
    the marks, the saved lesson and the place over to the same lessons (`remapRecord`) instead of
    marking lessons never opened as read and reopening the wrong one. One character per lesson is
    enough: lessons are aligned in order within their module, as a diff aligns lines.
    """
    lessons = "".join(short_hash(f"{module.id}\n{lesson.title}", 1) for lesson in module.lessons)
    return short_hash(module.id, 2) + lessons


def content_hash(course: Course, data_of: Callable[[Question], dict] = question_data) -> str:
    """A short hash of what learners read and answer, printed on completion records."""
    digest = hashlib.sha256()
    for module in course.modules:
        digest.update(module.id.encode() + b"\0" + module.body.source.encode() + b"\0")
    for quiz in sorted(course.quizzes.values(), key=lambda q: q.id):
        for question in quiz.questions:
            digest.update(json.dumps(data_of(question), sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()[:12]


def without_texts(data: dict) -> dict:
    """The runtime data a page ships: without the plain prompt and option texts (`txt`), which the
    page already shows and no runtime code reads (SCORM interactions carry no description: Moodle
    refuses a save that large). Identities and the content hash still count them."""
    shipped = {key: value for key, value in data.items() if key != "txt"}
    if isinstance(data.get("o"), list):
        shipped["o"] = [{k: v for k, v in option.items() if k != "txt"} for option in data["o"]]
    return shipped


YAML_NAMES = {"a": "answer", "tol": "tolerance", "pts": "points", "p": "points"}
"""The YAML key behind a short runtime key, for messages."""


def finite_questions(course: Course, data_of: Callable[[Question], dict] = question_data) -> dict[str, dict]:
    """Every question's runtime data by id; a NaN or infinity is an error at the question's line.

    The schema refuses `.nan` and `.inf`; this is the last gate before the page data, which
    `JSON.parse` could not read (the runtime would not start in any output).
    """
    questions, problems = {}, []
    for quiz in course.quizzes.values():
        for question in quiz.bank:
            data = questions[question.id] = without_texts(data_of(question))
            found = non_finite(data)
            if found:
                key = YAML_NAMES.get(str(found[0][-1]), str(found[0][-1]))
                message = f"question '{question.id}': {key} is {found[1]}, not a number a page can carry"
                problems.append(Diagnostic(question.loc, message, f"write a finite number for {key}", "schema.type"))
    if problems:
        raise CourseError(sorted(dict.fromkeys(problems), key=Diagnostic.sort_key))
    return questions


def course_data(course: Course, mode: str = "site", shared: dict | None = None) -> dict:
    """The runtime's JSON. `mode`: `site` (one file per page), `onedoc` (all pages in one document), `sco`.
    `shared`: what `shared_course_data` made of this course, when the build has it already."""
    data = dict(shared if shared is not None else shared_course_data(course), mode=mode)  # `mode` keeps its place
    if mode == "onedoc":
        data.pop("glossary", None)  # one document reads the definitions from its own glossary section
    return data


def shared_course_data(course: Course) -> dict:
    """The runtime's JSON but its mode: the same for every output of a build, so made once per build.
    Each question's data is made once here, though the hash, the quizzes' identities and the
    question table all read it."""
    made: dict[int, dict] = {}

    def data_of(question: Question) -> dict:
        # By object: a question is alive as long as this call, and one shared by two banks is one object.
        if id(question) not in made:
            made[id(question)] = question_data(question)
        return made[id(question)]

    questions = finite_questions(course, data_of)
    return {
        "id": course.id,
        "version": course.version,
        "title": course.title,
        "lang": course.language,
        "hash": content_hash(course, data_of),
        "mode": None,
        "sv": STATE_VERSION,
        "pass": course.passing_score,
        "completion": completion_data(course),
        "pages": page_list(course),
        "quizzes": {quiz.id: quiz_data(course, quiz, data_of) for quiz in course.ordered_quizzes()},
        "questions": dict(sorted(questions.items())),
        "strings": runtime_strings(course.language),
        "org": course.organisation,
        "minutes": course.duration_minutes,
        "ftl": FREE_TEXT_LIMIT,  # the runtime keeps typed answers to this length (engine.js storedLimit)
        **glossary_data(course),
    }


def completion_data(course: Course) -> dict:
    """The completion rule the runtime checks: modules to open, quizzes to pass, and modules whose
    every lesson must be read (`read`, only when the course asks for it)."""
    data: dict = {"modules": course.completion.modules_seen, "quizzes": course.completion.quizzes_passed}
    if course.completion.modules_read:
        data["read"] = course.completion.modules_read
    return data


def glossary_data(course: Course) -> dict:
    """Each term's name and definition for the glossary popovers of pages that do not hold the
    glossary (site and per-module pages)."""
    if not course.glossary:
        return {}
    return {"glossary": {term.id: [term.term, term.definition.html] for term in course.glossary}}


def dumps(data: dict) -> str:
    """Compact, deterministic JSON safe inside a `<script>` element and a JavaScript file."""
    return page_json(data)


def worst_response(question: Question) -> str:
    """The longest response the runtime can store for a question."""
    return kind_of(question).worst_response(question)


def worst_case_state(course: Course, per_module: bool = False) -> dict:
    """The largest learner state the runtime can save for this course (same shape as course.js)."""
    pages = page_list(course)
    quizzes = {}
    for index, quiz in enumerate(course.ordered_quizzes()):
        bank = sorted(quiz.bank, key=lambda q: len(worst_response(q)), reverse=True)[: quiz.draw_count]
        state = {"n": 99, "b": 100, "s": 100, "ok": 1, "sd": 2147483647, "fin": 1}
        state["r"] = {str(900 + i): worst_response(q) for i, q in enumerate(bank)}
        state["h"] = quiz_identity(quiz)
        if quiz.draw_count < len(quiz.bank):  # the questions earlier attempts showed (engine.js restartAttempt)
            state["x"] = "f" * ((len(quiz.bank) + 3) // 4)
        if any(q.type == "scenario" for q in quiz.bank):
            # Scenarios begun (`p`, course.js playScenario): a path so far is shorter than the whole
            # one it stands for in `r`, so what can add to the worst case is the wrapper alone.
            state["p"] = {}
        quizzes[str(index)] = state
    marks = "f" * ((len(pages) + 3) // 4)  # a bit per page: seen (`s`), and read to the end (`d`)
    read = {"d": marks} if course.completion.modules_read else {}
    return {"v": STATE_VERSION, "s": marks, **read, "l": 999, "c": 1, "e": 999999, "q": quizzes, "st": 2147483647,
            "n": worst_case_nav(course, per_module)}


def worst_case_nav(course: Course, per_module: bool = False) -> str:
    """The longest lesson record nav.js keeps (`n`): version, page, step, scroll permille, the last
    step of every module (one base-36 digit each), a bit per lesson, and the layout they refer to."""
    lessons = sum(len(m.lessons) for m in course.modules)
    # A per-module SCO's record names its own module's layout only (engine.js layoutOf).
    layouts = [module_layout(m) for m in course.modules]
    layout = max(layouts, key=len, default="") if per_module else "-".join(layouts)
    return f"2.999.35.1000.{'z' * len(course.modules)}.{'f' * ((lessons + 3) // 4)}.{layout}"


def compact_size(state: dict) -> int:
    """Characters of a state as JSON, the way the runtime writes it."""
    return len(json.dumps(state, ensure_ascii=False, separators=(",", ":")))


def worst_case_suspend_size(course: Course, limit: int | None = None, per_module: bool = False,
                            state: dict | None = None) -> int:
    """The largest suspend_data (characters) the runtime can really write for this course.

    course.js `serialise()` writes the whole state while it fits the limit, so any length up to
    the limit can be written; above it, finished quizzes shrink to "attempts.best.passed.identity.seed.shown"
    (a string no longer than the quiz's object without answers) and then
    every quiz but the one on screen loses its answers, while a quiz in the middle of a retry stays
    an object. So: the whole state when it fits, else the limit, else (refused by the build) the
    fully compacted state when even that is larger.
    `per_module`: the state of one SCO of a `--sco per-module` package, which the LMS keeps
    apart from the others' and which holds only that SCO's own quiz (the largest is counted).
    `state`: what `scoped_state(course, per_module)` made, when the build has it already.
    """
    state = state if state is not None else scoped_state(course, per_module)
    whole = compact_size(state)
    if limit is None or whole <= limit:
        return whole
    return max(limit, compact_size(compacted_state(state)))


def scoped_state(course: Course, per_module: bool) -> dict:
    """The worst-case state of the whole course, or of the SCO with the largest quiz."""
    state = worst_case_state(course, per_module)
    if per_module and state["q"]:
        largest = max(state["q"], key=lambda k: compact_size(state["q"][k]))
        state = dict(state, q={largest: state["q"][largest]})
    return state


def compacted_state(state: dict) -> dict:
    """What serialise() writes at its last step: the largest quiz whole, every other one an
    unfinished attempt (a retry in progress is never shortened to a string) without answers, and
    the mark that says answers went (`k`)."""
    largest = max(state["q"], key=lambda k: compact_size(state["q"][k]), default=None)
    return dict(state, q={k: (q if k == largest else without_answers(q)) for k, q in state["q"].items()}, k=1)


def without_answers(quiz_state: dict) -> dict:
    """A quiz's part as serialise() leaves it when answers go: an unfinished attempt without its
    answers and without the scenarios begun."""
    return {**{key: value for key, value in quiz_state.items() if key != "p"}, "fin": 0, "r": {}}


def utf8_size(state: dict) -> int:
    """Bytes of a state as the runtime writes it (UTF-8)."""
    return len(json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode())


# ---- The final save ---------------------------------------------------------------------------
# What an LMS must receive when the page goes away. The runtime commits answers, results and
# status while the page is visible, so what is new at page exit is the state, the bookmark and the
# times; they must pass navigator.sendBeacon, which Chromium refuses above 64 KiB. (Moodle 4.5's
# 2004 player resends the whole record then, interactions included: scorm.js and scorm_package's
# field budget say what that costs.)

FINAL_SAVE_LIMIT = 61440
"""Bytes the final save may take (60 KB, under Chromium's 64 KiB beacon quota)."""

PART_BYTES = 87
"""Multipart bytes around one field (boundary line, Content-Disposition, blank lines);
tests/lms/lms.js counts the same."""

FIXED_2004 = (
    ("cmi.completion_status", "incomplete"), ("cmi.success_status", "unknown"), ("cmi.score.min", "0"),
    ("cmi.score.max", "100"), ("cmi.score.raw", "100"), ("cmi.score.scaled", "0.99"), ("cmi.exit", "suspend"),
    ("cmi.session_time", "PT9999H59M59.99S"), ("cmi.total_time", "PT9999H59M59.99S"),
    ("id", "9999999"), ("a", "9999999"), ("scoid", "9999999"), ("attempt", "9999"), ("sesskey", "x" * 10),
    ("unloading", "1"), ("adl.nav.request", "_none_"),
)
"""What every 2004 final save holds besides the state and the bookmark: status, score, times, and
the fields Moodle's player adds (its request parameters)."""

FIXED_12 = (
    ("cmi.core.lesson_status", "incomplete"), ("cmi.core.score.raw", "100"), ("cmi.core.exit", "suspend"),
    ("cmi.core.session_time", "9999:59:59.99"), ("id", "9999999"), ("a", "9999999"), ("scoid", "9999999"),
    ("attempt", "9999"), ("sesskey", "x" * 10), ("unloading", "1"),
)
"""What a 1.2 final save holds at most after the runtime's last Commit: status, score, times."""


def part_bytes(element: str, value: str) -> int:
    """Bytes one element takes in the final save (Moodle writes dots as "__" in field names)."""
    return PART_BYTES + len(element.replace(".", "__").encode()) + len(value.encode())


def final_save_reserve(course: Course, backend: str, per_module: bool = False, state: dict | None = None) -> int:
    """Worst-case bytes of the final save without interactions and objectives: status, times,
    the bookmark and the largest state the runtime can write (`state`: as worst_case_suspend_size)."""
    fixed = FIXED_12 if backend == "scorm12" else FIXED_2004
    location = "cmi.core.lesson_location" if backend == "scorm12" else "cmi.location"
    longest_page = max((p["id"] for p in page_list(course)), key=len)
    limit = SUSPEND_DATA_LIMIT_12 if backend == "scorm12" else SUSPEND_DATA_LIMIT_2004
    state = state if state is not None else scoped_state(course, per_module)
    suspend_bytes = utf8_size(state) if compact_size(state) <= limit else max(limit * 2,
                                                                              utf8_size(compacted_state(state)))
    return (sum(part_bytes(e, v) for e, v in fixed) + part_bytes(location, longest_page)
            + PART_BYTES + len("cmi__suspend_data") + suspend_bytes + 44)

