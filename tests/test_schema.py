"""The JSON Schemas `course schema` writes accept the course's files and reject bad ones."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from builder.schema import json_schemas

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "builder" / "sample"
SCHEMAS = json_schemas()


def validator(name: str) -> jsonschema.Draft7Validator:
    schema = SCHEMAS[name]
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def as_json(data):
    """YAML dates become strings, as an editor sees them."""
    return json.loads(json.dumps(data, default=str))


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def course_files(root: Path):
    yield "course.schema.json", as_json(yaml.safe_load((root / "course" / "course.yml").read_text(encoding="utf-8")))
    glossary = root / "course" / "glossary.yml"
    if glossary.exists():
        yield "glossary.schema.json", as_json(yaml.safe_load(glossary.read_text(encoding="utf-8")))
    for path in sorted((root / "modules").glob("*.md")):
        yield "module.schema.json", as_json(front_matter(path))
    for path in sorted((root / "quizzes").glob("*.yml")):
        yield "quiz.schema.json", as_json(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("root", [SAMPLE, ROOT], ids=["sample", "bundled course"])
def test_schemas_accept_the_course_files(root):
    checked = []
    for name, data in course_files(root):
        errors = [e.message for e in validator(name).iter_errors(data)]
        assert errors == [], name
        checked.append(name)
    files = 2 + len(list((root / "modules").glob("*.md"))) + len(list((root / "quizzes").glob("*.yml")))
    assert len(checked) == files  # course.yml, the glossary, every module and every quiz
    assert set(checked) == {"course.schema.json", "glossary.schema.json", "module.schema.json", "quiz.schema.json"}


@pytest.mark.parametrize(
    "name,data,fragment",
    [
        ("course.schema.json", {"id": "x", "title": "T", "version": "1", "modules": ["a"], "pasing_score": 5}, "Additional properties"),
        ("course.schema.json", {"id": "Bad Id", "title": "T", "version": "1", "modules": ["a"]}, "does not match"),
        ("course.schema.json", {"title": "T", "version": "1", "modules": ["a"]}, "'id' is a required property"),
        ("module.schema.json", {"id": "m", "title": "T", "summary": "S", "minutes": "five", "objectives": [{"id": "o", "text": "t"}]}, "is not of type 'integer'"),
        ("quiz.schema.json", {"id": "q", "title": "T", "questions": [{"id": "q1", "type": "singel", "objective": "o", "prompt": "p"}]}, "is not one of"),
        ("quiz.schema.json", {"id": "q", "title": "T", "questions": [{"id": "q1", "type": "single", "objective": "o", "prompt": "p"}]}, "'options' is a required property"),
        ("quiz.schema.json", {"id": "q", "title": "T", "attempts": "many"}, "is not valid under any of the given schemas"),
        ("glossary.schema.json", [{"id": "t", "term": "T"}], "'definition' is a required property"),
        # What a question kind refuses in its own words, the editor flags too (the schema let it pass):
        ("quiz.schema.json", {"id": "q", "title": "T", "questions": [{"id": "q1", "type": "single", "objective": "o",
         "prompt": "p", "options": [{"text": "a", "correct": True}]}]}, "is too short"),
        ("quiz.schema.json", {"id": "q", "title": "T", "questions": [{"id": "q1", "type": "matching", "objective": "o",
         "prompt": "p", "pairs": [{"left": "a", "right": "b"}]}]}, "is too short"),
        ("quiz.schema.json", {"id": "q", "title": "T", "questions": [{"id": "q1", "type": "ordering", "objective": "o",
         "prompt": "p", "items": ["a"]}]}, "is too short"),
    ],
)
def test_schemas_reject_bad_files(name, data, fragment):
    messages = [e.message for e in validator(name).iter_errors(data)]
    assert any(fragment in m for m in messages), messages


# ---- The schema builds the model (one description per key) ---------------------------------

COURSE_WITH_REVIEWS = """\
id: c
title: T
version: "1"
modules: [m]
authors:
  - name: Team
governance: {owner: Clinic, review_by: 2027-01-01}
reviews:
  - module: m
    reviewer: Dr A
    role: clinician
    date: 2026-01-02
references:
  doc: {title: Doc, file: doc.txt}
"""


def checked(schema, text: str, path: str = "course/course.yml"):
    """What a schema makes of a YAML text, and what it reported."""
    from builder.errors import Diagnostics
    from builder.model import Loc
    from builder.yamlload import load_yaml

    diags = Diagnostics()
    return schema.check(load_yaml(text, path, diags), Loc(path, 1, 1), diags, ""), diags


def test_the_schema_returns_located_model_objects_under_their_attribute_names_with_the_dataclass_defaults():
    from builder.model import Author, Governance, Review
    from builder.schema import COURSE

    data, diags = checked(COURSE, COURSE_WITH_REVIEWS)
    assert diags.items == []
    assert data["authors"] == [Author("Team", "")]
    assert data["governance"] == Governance("Clinic", dt.date(2027, 1, 1))
    review = data["reviews"][0]
    assert isinstance(review, Review) and review.subject == "m" and review.scope == ""
    assert str(review.loc) == "course/course.yml:9:5"  # the item, as every review message points


def test_yaml_citations_become_located_citations_whatever_dash_the_range_uses():
    from builder.schema import GLOSSARY

    text = ("- id: t\n  term: T\n  definition: D\n  source: \"doc:3–5\"\n"
            "  clinical_review:\n    - text: Check.\n      source: doc:7\n")
    data, diags = checked(GLOSSARY, text, "course/glossary.yml")
    assert diags.items == []
    source, note = data[0]["source"], data[0]["clinical_review"][0]
    assert (source.key, source.start, source.end, source.label, str(source.loc)) == ("doc", 3, 5, "doc:3-5",
                                                                                      "course/glossary.yml:4:11")
    assert (note.text, note.source.label, str(note.loc)) == ("Check.", "doc:7", "course/glossary.yml:6:7")


def test_an_invalid_optional_value_is_reported_and_its_default_kept():
    from builder.schema import COURSE

    data, diags = checked(COURSE, COURSE_WITH_REVIEWS + "passing_score: many\n")
    assert [d.code for d in diags.items] == ["schema.type"]
    assert data["passing_score"] == 70


# ---- What the tool accepts, the JSON Schemas accept (and what it refuses, they flag) -------------

QUIZ_WITH_NUMBERS = """\
id: q
title: 2026
questions:
  - id: q1
    type: single
    objective: o
    prompt: 42
    options:
      - text: 42
        correct: true
      - text: 1:30
      - text: 0.50
  - id: q2
    type: ordering
    objective: o
    prompt: Order them.
    items: [1990, 2001]
  - id: q3
    type: fill_in
    objectives: [o]
    prompt: Fill it.
    answers: [открытый, 010, 1_000]
"""


def test_numbers_written_as_text_pass_the_json_schemas_as_they_pass_the_tool():
    from builder.schema import COURSE, GLOSSARY, QUIZ

    quiz_yaml = QUIZ_WITH_NUMBERS
    glossary_yaml = "- id: t\n  term: 2026\n  definition: 12\n"
    course_yaml = COURSE_WITH_REVIEWS.replace('version: "1"', "version: 2")
    for schema, name, text in [(QUIZ, "quiz.schema.json", quiz_yaml), (GLOSSARY, "glossary.schema.json", glossary_yaml),
                               (COURSE, "course.schema.json", course_yaml)]:
        _, diags = checked(schema, text)
        assert diags.items == [], name
        assert [e.message for e in validator(name).iter_errors(as_json(yaml.safe_load(text)))] == [], name


def test_text_fields_keep_the_numbers_as_written_and_number_fields_get_numbers():
    from builder.schema import QUIZ

    data, diags = checked(QUIZ, QUIZ_WITH_NUMBERS + "    points: 2\n  - id: q4\n    type: numeric\n    objective: o\n"
                          "    prompt: How many?\n    answer: 0.50\n    tolerance: 0.10\n", "quizzes/q.yml")
    assert diags.items == []
    single, ordering, fill_in, numeric = data["questions"]
    assert data["title"] == "2026" and single["prompt"] == "42"
    assert [option["text"] for option in single["options"]] == ["42", "1:30", "0.50"]
    assert list(ordering["items"]) == ["1990", "2001"]
    assert list(fill_in["answers"]) == ["открытый", "010", "1_000"]
    assert type(fill_in["points"]) is int and fill_in["points"] == 2
    assert type(numeric["answer"]) is float and numeric["answer"] == 0.5 and numeric["tolerance"] == 0.1


@pytest.mark.parametrize("written", ["0", "00", "07", "0.5", "-3", "+3", "1e3", ".5", "10", "2026"])
def test_a_number_both_yamls_read_alike_passes(written):
    from builder.schema import COURSE

    _, diags = checked(COURSE, COURSE_WITH_REVIEWS + f"duration_minutes: {written}\n")
    assert not [d for d in diags.items if "read by YAML" in d.message]


@pytest.mark.parametrize("written, said", [
    ("72:00", "'72:00' is read by YAML as a number in base 60 (4320); write the number in one unit, without a colon"),
    ("1:30", "'1:30' is read by YAML as a number in base 60 (90)"),
    ("010", "'010' is read by YAML as an octal number (8); write it without the leading 0: 10"),
    ("08", "'08' is read by YAML as text, not a number (a leading 0 is octal to YAML, which has no 8 or 9); "
           "write it without the leading 0: 8"),
    ("1_000", "'1_000' is read by YAML as 1000, and an editor as text; write it without the _: 1000"),
    ("0b11", "'0b11' is read by YAML as a binary number (3); write it in decimal: 3"),
    ("-010", "'-010' is read by YAML as an octal number (-8); write it without the leading 0: -10"),
])
def test_a_number_only_yaml_1_1_reads_so_is_an_error_where_a_number_is_wanted(written, said):
    """PEP within 72 hours written `answer: 72:00` passed the check as 4320, and a learner who typed
    72:00 was told the right answer was 4320; an editor (YAML 1.2) underlined it as text (author audit)."""
    from builder.schema import COURSE, QUIZ

    _, diags = checked(QUIZ, QUIZ_WITH_NUMBERS + "    points: 2\n  - id: q4\n    type: numeric\n    objective: o\n"
                       f"    prompt: How many?\n    answer: {written}\n", "quizzes/q.yml")
    assert [d.code for d in diags.items] == ["schema.type"] and said in diags.items[0].format()
    _, diags = checked(COURSE, COURSE_WITH_REVIEWS + f"duration_minutes: {written}\n")
    assert said.split(";")[0] in "".join(d.format() for d in diags.items)


def test_a_version_written_as_a_number_keeps_its_digits():
    from builder.schema import COURSE

    data, diags = checked(COURSE, COURSE_WITH_REVIEWS.replace('version: "1"', "version: 010"))
    assert diags.items == [] and data["version"] == "010"


def quiz_errors(question: dict) -> list:
    """The JSON Schema's errors for a quiz holding one question."""
    data = {"id": "q", "title": "T", "questions": [{"id": "q1", "objective": "o", "prompt": "p", **question}]}
    return list(validator("quiz.schema.json").iter_errors(data))


def test_a_misspelt_key_inside_an_option_is_flagged_at_the_option():
    options = [{"text": "a", "correct": True}, {"text": "b", "corect": True}]
    for kind in ("single", "multiple"):
        errors = [e for e in quiz_errors({"type": kind, "options": options}) for e in [e, *e.context]]
        assert any(list(e.absolute_path) == ["questions", 0, "options", 1] and "'corect'" in e.message
                   for e in errors), [(list(e.absolute_path), e.message) for e in errors]
    assert "anyOf" not in SCHEMAS["quiz.schema.json"]["properties"]["questions"]["items"]["properties"]["options"]


def test_a_question_names_exactly_one_of_objective_and_objectives():
    options = [{"text": "a", "correct": True}, {"text": "b"}]
    assert quiz_errors({"type": "single", "options": options}) == []
    assert quiz_errors({"type": "single", "options": options, "objectives": ["o"]}), "both: the tool refuses it"
    data = {"id": "q", "title": "T", "questions": [{"id": "q1", "type": "single", "prompt": "p", "options": options}]}
    assert list(validator("quiz.schema.json").iter_errors(data)), "neither: the tool refuses it"


def test_a_key_of_another_question_type_and_line_zero_are_flagged():
    options = [{"text": "a", "correct": True}, {"text": "b"}]
    assert quiz_errors({"type": "single", "options": options, "answer": True}), "answer: is not a single's key"
    assert quiz_errors({"type": "true_false", "answer": True}) == []
    assert quiz_errors({"type": "true_false", "answer": 3}), "a true_false answer is true or false"
    assert quiz_errors({"type": "true_false", "answer": True, "sources": ["doc:0"]}), "lines count from 1"
    assert quiz_errors({"type": "true_false", "answer": True, "sources": ["doc:01-12"]}) == []


def test_course_syntax_in_a_text_printed_as_written_is_a_warning_at_its_line(tmp_path):
    # A summary «Как <b>показать</b> [[nope]] [@nokey:1]» checked ok and the home page showed it so:
    # titles, summaries, objectives and terms are printed as written, and course syntax there is lost.
    from click.testing import CliRunner

    from builder.cli import cli
    from fixtures_reader import make_course

    root = make_course(tmp_path / "course")
    module = root / "modules" / "01-intro.md"
    module.write_text(module.read_text(encoding="utf-8")
                      .replace("summary: Short.", "summary: Как <b>показать</b> и **выделить**")
                      .replace("text: Know things.", "text: Знать [[term-a]] [@doc:1]"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--course", str(root)])
    assert result.exit_code == 0, result.output
    assert ("modules/01-intro.md:4:10: warning: module front matter 'intro' 'summary': is plain text, so '<b>' would "
            "show as written") in result.output
    assert "modules/01-intro.md:9:11: warning:" in result.output and "so '[[term-a]]' would show" in result.output
    assert result.output.count("[schema.plain]") == 2
    # A star or an angle bracket alone is text: a note's mark, a threshold.
    module.write_text(module.read_text(encoding="utf-8").replace("<b>показать</b> и **выделить**",
                                                                 "среди МСМ** при CD4<200 и > 500"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--course", str(root)])
    assert result.output.count("[schema.plain]") == 1 and "'[[term-a]]'" in result.output, result.output
    # The Markdown fields keep their syntax: the body's [[term-a]] and [@doc:1-2] raise nothing.
    module.write_text(module.read_text(encoding="utf-8").replace("среди МСМ** при CD4<200 и > 500", "Кратко.")
                      .replace("Знать [[term-a]] [@doc:1]", "Знать."), encoding="utf-8")
    assert "[schema.plain]" not in CliRunner().invoke(cli, ["check", "--course", str(root)]).output


class Yaml12Loader(yaml.SafeLoader):
    """YAML as an editor reads it (1.2): `yes`, `no`, `on`, `off` are text; only true and false are booleans."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", __import__("re").compile(
    r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

YES_NO_QUIZ = """\
id: q
title: Quiz
questions:
  - id: q1
    type: single
    objective: o
    prompt: Which?
    options:
      - text: {first}
        correct: yes
      - text: Other
  - id: q2
    type: true_false
    objective: o
    prompt: Right?
    answer: no
"""


def test_the_schema_reads_yes_and_no_as_the_check_does_whatever_yaml_the_editor_reads():
    # Editors read YAML 1.2, the check YAML 1.1: `correct: yes` passed the check and was underlined
    # in the editor, `- text: Yes` passed the editor and failed the check.
    from builder.schema import QUIZ

    def editor_errors(text: str) -> list[str]:
        return [e.message for e in validator("quiz.schema.json").iter_errors(yaml.load(text, Yaml12Loader))]

    good = YES_NO_QUIZ.format(first="First")
    assert checked(QUIZ, good, "quizzes/q.yml")[1].items == []
    assert yaml.load(good, Yaml12Loader)["questions"][1]["answer"] == "no"  # (the editor's reading)
    assert editor_errors(good) == []
    bad = YES_NO_QUIZ.format(first="Yes")
    assert [d.code for d in checked(QUIZ, bad, "quizzes/q.yml")[1].items] == ["schema.type"]
    assert editor_errors(bad) and all(m.startswith("'Yes' should not be valid") for m in editor_errors(bad))
    assert [e.message for e in validator("quiz.schema.json").iter_errors(yaml.safe_load(bad))] != [], \
        "a YAML 1.1 reader (the check's) sees a boolean where text is wanted too"


def test_an_empty_text_offers_to_remove_its_key_only_where_the_key_may_go():
    from builder.schema import COURSE, QUIZ

    _, diags = checked(COURSE, COURSE_WITH_REVIEWS.replace("name: Team", 'name: ""'))
    [empty] = diags.items
    assert (empty.message, empty.hint) == ("author 'name': must not be empty", "write the text"), \
        "a required key removed would be the next error"
    quiz = """id: q\ntitle: T\nquestions:\n  - id: q1\n    type: true_false\n    objective: o\n    prompt: P\n""" \
        """    answer: true\n    explanation: " "\n"""
    _, diags = checked(QUIZ, quiz, "quizzes/q.yml")
    [empty] = diags.items
    assert empty.message == "question 'q1' 'explanation': must not be empty"
    assert empty.hint == "write the text, or remove the key"


def test_an_empty_item_offers_to_remove_it_only_where_the_list_may_be_shorter():
    from builder.schema import QUIZ

    def hints(answers: str) -> list[str]:
        quiz = f"id: q\ntitle: T\nquestions:\n  - id: q1\n    type: fill_in\n    objective: o\n    prompt: P\n" \
               f"    answers: {answers}\n"
        _, diags = checked(QUIZ, quiz, "quizzes/q.yml")
        return [d.hint for d in diags.items if d.message.endswith("must not be empty")]

    assert hints('[открытый, ""]') == ["write the text, or remove the item"]
    assert hints('[""]') == ["write the text"], "the one answer a fill-in must have"


def test_only_letters_of_another_script_are_named_in_a_latin_name():
    # «'listen-qé1' is not a valid id (its 'é' is Latin)» contradicted the hint (a review's finding)
    from builder.schema import lookalikes

    assert lookalikes("quest-о1") == " (its 'о' is Cyrillic)"
    assert lookalikes("listen-qé1") == lookalikes("straße") == lookalikes("модуль") == ""
    assert lookalikes("gаmmа-β") == " (its 'а', 'β' are Cyrillic and Greek)"
