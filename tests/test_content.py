"""The bundled course meets its content brief: structure per module, quizzes, scenarios, glossary, tone."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from builder.build import get_course
from builder.errors import Diagnostics

REPO = Path(__file__).resolve().parents[1]
STORIES = ["cases-q-ivan", "cases-q-ilya", "cases-q-igor", "cases-q-ildar", "cases-q-denis"]
STIGMATISING = ["наркоман", "проститутк", "вич-инфицированн", "заразить", "заразил"]
"""Words the course never uses in its own voice (inside «quotes» they are a client's or a source's words)."""


@pytest.fixture(scope="module")
def course():
    diags = Diagnostics()
    course = get_course(REPO, diags)
    assert course is not None and not diags.errors, diags.errors
    return course


def test_the_commissioned_modules_are_there(course):
    ids = [m.id for m in course.modules]
    for required in ["communication", "patient-centred-care", "three-questions", "minority-stress", "case-studies"]:
        assert required in ids


def test_each_module_has_the_shape_the_brief_asks_for(course):
    for module in course.modules:
        html = module.body.html
        assert 4 <= len(module.objectives) <= 6, module.id
        assert 1500 <= module.words <= 3000, (module.id, module.words)
        assert 'class="case"' in html, f"{module.id}: no case vignette"
        assert 'class="reflect__answer"' in html, f"{module.id}: no reflection prompt with a model answer"
        assert 'class="term"' in html, f"{module.id}: no glossary links"
        assert len({c.number for c in module.citations}) >= 10, module.id


def test_communication_modules_show_what_to_say_and_what_not_to(course):
    for module_id in ["communication", "patient-centred-care", "three-questions"]:
        html = course.module(module_id).body.html
        assert "dialogue--good" in html and "dialogue--bad" in html, module_id


def test_each_quiz_assesses_every_objective_twice_in_three_types(course):
    for module in course.modules:
        questions = course.quizzes[module.quiz_id].questions
        assert len(questions) >= 8, module.id
        assert len({q.type for q in questions}) >= 3, module.id
        per_objective = Counter(q.objective for q in questions)
        for objective in module.objectives:
            assert per_objective[objective.id] >= 2, (module.id, objective.id)
        with_feedback = [q for q in questions if q.type in ("single", "multiple")]
        for question in with_feedback:
            assert all(o.feedback for o in question.options), f"{question.id}: an option without feedback"


def test_the_five_client_stories_are_branching_scenarios(course):
    questions = {q.id: q for q in course.all_questions()}
    for story in STORIES:
        scenario = questions[story]
        assert scenario.type == "scenario"
        decisions = [s for s in scenario.steps if s.choices]
        assert len(decisions) >= 3, story
        assert sum(1 for s in scenario.steps if s.end) >= 2, f"{story}: needs good and poor endings"


def test_final_assessment_has_its_own_bank_of_new_case_questions(course):
    """The final measures competence on unseen cases: its own bank (no module quiz uses its
    questions), drawn 20 at a time by objective, every objective of the course assessed at least
    twice, no item whose answer is a figure or a phrase to recall, every option explained and
    every question citing its sources."""
    final = course.final_quiz
    assert final.pool.draw == 20 and final.pool.by == "objective"
    assert {q.quiz_id for q in final.bank} == {final.id} and len(final.bank) >= 40
    module_ids = {q.id for m in course.modules for q in course.quizzes[m.quiz_id].questions}
    assert not module_ids & {q.id for q in final.bank}
    assessed = Counter(o for q in final.bank for o in q.objectives)
    for objective in course.objectives():
        assert assessed[objective.id] >= 2, objective.id
    for question in final.bank:
        assert question.type in ("single", "multiple", "ordering", "matching"), question.id
        assert 1 <= len(question.objectives) <= 3, question.id
        assert all(o.feedback for o in options_of(question)), f"{question.id}: an option without feedback"
        assert question.explanation and "[@" in question.explanation.source, f"{question.id}: no sources"
        text = question.prompt.source + " ".join(o.text.source for o in options_of(question))
        if re.search(r"самоубий|умер|смерт|нельзя жить", text):
            assert question.content_warning, f"{question.id}: a death or suicide risk without a content warning"


def test_glossary_has_at_least_50_sourced_terms(course):
    assert len(course.glossary) >= 50
    assert all(term.source for term in course.glossary)


def test_the_glossary_keeps_the_content_review_s_clinical_corrections(course):
    # ../shared/findings/2026-12-content-review.md C and D, and its note on active listening: a
    # definition kept to its cited lines alone (a fact-check of the glossary) must not lose them.
    swab = course.term("three-site-swab").definition.plain
    assert "по анализу крови" in swab and "весь спектр" not in swab and "Уточнения авторов курса" in swab
    pep = course.term("pep").definition.plain
    assert "не позднее 72 часов" in pep and "ждать 36 часов не нужно" in pep
    listening = course.term("active-listening").definition.plain
    assert all(word in listening for word in ("пересказывает", "отражает чувства", "подводит итог"))


def test_sensitive_content_is_flagged(course):
    cases = course.module("case-studies")
    assert cases.content_warnings, "the story that ends in an overdose death needs a content note"
    clinical = [m.id for m in course.modules if m.clinical_review]
    assert "harm-reduction" in clinical and "sexual-health" in clinical


def options_of(question) -> list:
    """The options of a choice question; none for the other kinds (only `single` and `multiple` have them)."""
    return getattr(question, "options", [])


def test_the_course_speaks_person_first(course):
    texts = [(m.id, m.body.plain) for m in course.modules]
    texts += [(q.id, " ".join([q.prompt.plain] + [o.text.plain for o in options_of(q)])) for q in course.all_questions()]
    texts += [(g.id, g.definition.plain) for g in course.glossary]
    for where, text in texts:
        own_voice = re.sub(r"«[^»]*»|\"[^\"]*\"", " ", text).casefold()
        own_voice = re.sub(r"анонимн\w* наркоман\w*", " ", own_voice)  # Narcotics Anonymous: a fellowship's own name
        for word in STIGMATISING:
            assert word not in own_voice, f"{where}: «{word}» in the course's own voice"


def test_a_quiz_whose_right_option_is_mostly_the_longest_gets_a_notice():
    # The bundled modules' quizzes had the right option as the longest in 96 of 100 single-choice
    # questions: a learner who picks the longest passes without reading.
    from types import SimpleNamespace as NS

    from builder.model import Loc
    from builder.validate import check_longest_right

    def single(right: str, *wrong: str):
        options = [NS(text=NS(source=right), correct=True)] + [NS(text=NS(source=w), correct=False) for w in wrong]
        return NS(type="single", options=options)

    def notices(*questions) -> list[str]:
        diags = Diagnostics()
        check_longest_right(NS(id="q", loc=Loc("quizzes/q.yml", 1, 1), questions=list(questions)), diags)
        return [f"{d.severity} {d.code}: {d.message}" for d in diags.items]

    long_right = single("a full and careful answer", "no", "never")
    short_right = single("yes", "a long and tempting wrong answer")
    assert notices(*[long_right] * 3, short_right) == [
        "notice quiz.longest-right: quiz 'q': the right option is the longest in 3 of 4 single-choice questions"]
    assert notices(*[long_right] * 2, short_right, short_right) == [], "half is not most"
    assert notices(*[long_right] * 3) == [], "three questions are too few to tell"

    # A scenario gives its answer away the same way: the reply worth most is the longest.
    def step(best: str, *weaker: str, tied: bool = False):
        choices = [NS(text=NS(source=best), points=2)] + [NS(text=NS(source=w), points=0) for w in weaker]
        return NS(choices=choices + ([NS(text=NS(source="x"), points=2)] if tied else []))

    long_best, short_best, end = step("a warm and careful reply", "no"), step("yes", "a long and cold reply"), NS(choices=[])
    story = NS(type="scenario", steps=[long_best, long_best, end])
    assert notices(long_right, short_right, story) == [
        "notice quiz.longest-right: quiz 'q': the right option is the longest in 3 of 4 single-choice questions and "
        "scenario steps"]
    assert notices(NS(type="scenario", steps=[long_best] * 3 + [short_best] * 2)) == [], "three of five is not most"
    tied = NS(type="scenario", steps=[long_best] * 3 + [step("a long, long reply", "no", tied=True)])
    assert notices(tied) == [], "a step with two best replies has no one answer to give away: three steps are too few"


def source_texts() -> list[tuple[str, str]]:
    """Every text the course's sources write, as (file, text): each string of the YAML (a module's
    front matter, the quizzes, course.yml and the glossary) and each module's Markdown body."""
    import yaml

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    texts = []
    for path in sorted((REPO / "modules").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        texts += [(path.name, s) for s in strings(yaml.safe_load(front))] + [(path.name, body)]
    for path in sorted((REPO / "quizzes").glob("*.yml")) + sorted((REPO / "course").glob("*.yml")):
        texts += [(path.name, s) for s in strings(yaml.safe_load(path.read_text(encoding="utf-8")))]
    return texts


TYPOGRAPHY = [
    (re.compile(r"\.\.\."), "three dots: write «…»"),
    (re.compile(r"(?<![\w.\-–])\d+-\d+(?![\w\-–])"), "a range with a hyphen: write an en dash, «4–5»"),
    (re.compile(r'"'), "a straight quote: write «…», and „…“ inside them"),
    (re.compile(r"\d \d{3}(?!\d)|№ "), "a plain space in «1 500 000» or after «№»: a no-break space keeps them on one line"),
    (re.compile(r"\d ?%"), "«70%» or «70 %» with a plain space: GOST 8.417 spaces «%» off its number, "
                           "with a no-break space that keeps them on one line"),
]
"""Russian typography the course's own text keeps (a citation's line range is the tool's, and is left out)."""


def test_the_course_text_keeps_russian_typography():
    found = []
    for name, text in source_texts():
        text = re.sub(r"\[@[^\]]*\]|\b[a-z][\w-]*:\d+(?:-\d+)?", " ", text)  # citations, written or as keys
        for line in text.splitlines():
            found += [f"{name}: {why}: {line.strip()[:90]}" for pattern, why in TYPOGRAPHY if pattern.search(line)]
    assert not found, "\n".join(found)
