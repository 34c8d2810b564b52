"""The located YAML loader reads every value as PyYAML's safe loader does, through its shortcuts
(scalars that can only be text skip the resolvers' patterns and the generic constructor)."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from builder.errors import Diagnostics
from builder.yamlload import QuotedText, SpannedText, WrittenFloat, WrittenInt, YList, YMap, in_file, load_yaml

SCALARS = [
    "12", "-3", "+4", "0x1F", "0o17", "1_000", "1.5", ".5", "-.inf", ".NaN", "1.0e+3",
    "true", "True", "false", "FALSE", "yes", "No", "on", "Off", "y", "n",
    "~", "null", "Null", "", "2026-01-02", "2026-01-02 10:30:00", "2026-01-02T10:30:00Z",
    "'12'", '"true"', '"2026-01-02"', "'~'", "!!str 12", "!!int '7'", "! 12",
    "12 шагов", "1-й модуль", "слово", "Да", "Нет", "<b>", "=x", "&anchor value", ".hidden", "+",
    "Tuesday", "Yesterday", "off-label", "nullable", "ok", "true story", "~tilde", "0", "00", "0.0", "1:30",
]
"""Plain, quoted and tagged scalars, among them every first character a number, date, keyword or
null can start with, and words that start like one and are text."""


@pytest.mark.parametrize("scalar", SCALARS)
def test_a_scalar_is_read_as_the_safe_loader_reads_it(scalar):
    text = f"value: {scalar}\nlist: [{scalar}]\n" if not scalar.startswith("&") else f"value: {scalar}\nlist: [x]\n"
    expected = yaml.safe_load(text)
    diags = Diagnostics()
    data = load_yaml(text, "x.yml", diags)
    assert not diags.items
    assert len(data["list"]) == len(expected["list"])
    for got, want in [(data["value"], expected["value"]), *zip(data["list"], expected["list"])]:
        if isinstance(want, float) and want != want:  # NaN equals nothing, itself included
            assert isinstance(got, float) and got != got
            continue
        # A plain number also keeps its text (a subclass of int or float), for fields taken as text;
        # a quoted text, that it is one (a subclass of str).
        assert got == want and type(got) in {type(want), KEPT.get(type(want))}, (scalar, got, want)


KEPT = {int: WrittenInt, float: WrittenFloat, str: QuotedText}


@pytest.mark.parametrize("scalar,number", [("1e3", 1000.0), ("2.5E-3", 0.0025), ("-1e5", -100000.0), (".5e1", 5.0)])
def test_a_plain_number_with_an_exponent_is_a_number_as_yaml_1_2_reads_it(scalar, number):
    # PyYAML (YAML 1.1) reads `1e3` as text, an editor (YAML 1.2) as a number: the check said
    # «expected a number» for what the editor's schema accepted. Quoted, it stays text.
    data = load_yaml(f"a: {scalar}\nb: '{scalar}'\n", "x.yml", Diagnostics())
    assert data["a"] == number and isinstance(data["a"], WrittenFloat) and data["a"].written == scalar
    assert data["b"] == scalar and type(data["b"]) is QuotedText  # (text, knowing it is quoted)


@pytest.mark.parametrize("scalar,number", [("1:30", 90), ("0.50", 0.5), ("010", 8), ("1_000", 1000), ("0x1F", 31),
                                           ("-.inf", float("-inf")), ("1.5e+3", 1500.0)])
def test_a_plain_number_keeps_the_text_it_was_written_as(scalar, number):
    data = load_yaml(f"value: {scalar}\nlist: [{scalar}]\n", "x.yml", Diagnostics())
    for got in (data["value"], data["list"][0]):
        assert got == number and got.written == scalar


def test_a_quoted_or_tagged_number_is_no_written_number():
    data = load_yaml("a: !!int '7'\nb: !!float '1.50'\n", "x.yml", Diagnostics())
    assert type(data["a"]) is int and type(data["b"]) is float


def test_nested_containers_keep_every_location_and_shared_anchors():
    text = "base: &b\n  name: Первый\n  n: 3\nitems:\n  - *b\n  - [a, 2026-02-30]\n"
    data = load_yaml(text, "q.yml", Diagnostics(), line_offset=10)
    assert isinstance(data, YMap) and isinstance(data["items"], YList)
    assert data["items"][0] is data["base"], "an alias is the anchored object, as PyYAML makes it"
    assert data["base"] == {"name": "Первый", "n": 3}
    assert str(data.key_loc("items")) == "q.yml:14:1" and str(data["base"].value_loc("n")) == "q.yml:13:6"
    # An alias is located where its anchored value is written.
    assert [str(loc) for loc in data["items"].item_locs] == ["q.yml:11:7", "q.yml:16:5"]
    assert data["items"][1] == ["a", "2026-02-30"], "an impossible date stays text, for the schema to report"
    assert isinstance(yaml.safe_load("d: 2026-01-02")["d"], dt.date)


def test_a_recursive_alias_is_a_located_error_not_a_crash():
    diags = Diagnostics()
    assert load_yaml("a: &x [1, *x]\n", "r.yml", diags) is None
    assert [d.code for d in diags.items] == ["yaml.syntax"] and diags.items[0].loc.path == "r.yml"


@pytest.mark.parametrize("text", [
    "options:\n" + "".join(f"  - text: \"[{n}; {n + 5})\"\n" for n in range(70)),  # brackets in text, unbalanced
    "prompt: |\n" + "".join(" " * (2 + 2 * n) + f"step {n}\n" for n in range(45)),  # a block's text indented deep
    "levels: " + "[" * 63 + "x" + "]" * 63 + "\n",  # as deep as a file may nest (with its mapping)
])
def test_text_that_only_looks_deep_is_read(text):
    diags = Diagnostics()
    assert load_yaml(text, "quizzes/q.yml", diags) is not None and not diags.items


@pytest.mark.parametrize("text,line", [
    ("a: 1\nlevels: " + "[" * 65 + "x" + "]" * 65 + "\n", 2),
    ("a: 1\nb:\n  " + "- " * 40 + "[" * 30 + "x" + "]" * 30 + "\n", 3),  # indentation and brackets add up
    ("title: " + "[" * 100_000 + "x" + "]" * 100_000 + "\n", 1),  # crashed libyaml's C parser
    ("x:\n  " + "- " * 100_000 + "y\n", 2),
    ("x:\n" + "- " * 31 + "[a: " * 31 + "1" + "]" * 31 + "\n", 2),  # each `[a: ` opens two levels
    ("x: " + "[a: " * 32 + "1" + "]" * 32 + "\n", 1),
])
def test_nesting_past_the_limit_is_an_error_at_its_line_before_the_parser_recurses(text, line):
    diags = Diagnostics()
    assert load_yaml(text, "quizzes/q.yml", diags) is None
    assert [(d.loc.line, d.code) for d in diags.items] == [(line, "yaml.syntax")]
    assert "nested more than 64 deep" in diags.items[0].message


@pytest.mark.parametrize("levels", [300, 20_000])
def test_nesting_the_quick_look_cannot_see_is_an_error_not_a_crash(levels):
    # A closing bracket inside quotes cancels a real opening one in the quick count.
    text = "a: 1\nxx: " + '["]", ' * levels + "1" + "]" * levels + "\n"
    diags = Diagnostics()
    assert load_yaml(text, "quizzes/q.yml", diags) is None
    assert [(d.loc.line, d.code) for d in diags.items] == [(2, "yaml.syntax")]


def test_a_text_a_comment_cuts_short_is_marked_and_only_there():
    # `- text: Вариант # 2` is «Вариант» to YAML: the words after ` #` never reached the learner, silently.
    from builder.yamlload import CommentedText

    text = ("a: Вариант # не комментарий\n"
            "b: 'В кавычках # часть текста'\n"
            "c: Просто текст\n"
            "d: [x, y]   # a note on a list\n"
            "e:\n  - Пункт\t# note\n  - 'Пункт # 2'\n"
            "f: |\n  Блок # часть блока\n"
            "g: Хэш#тег\n"
            "h: 70  # percent\n")
    data = load_yaml(text, "q.yml", Diagnostics())
    assert isinstance(data["a"], CommentedText) and data["a"] == "Вариант" and data["a"].comment == "# не комментарий"
    assert isinstance(data["e"][0], CommentedText) and data["e"][0].comment == "# note"
    for plain in (data["b"], data["c"], *data["d"], data["e"][1], data["f"], data["g"]):
        assert type(plain) in (str, QuotedText, SpannedText), plain  # (not cut short)
    assert data["h"] == 70


def test_the_schema_warns_where_a_text_learners_read_is_cut_short(tmp_path):
    from click.testing import CliRunner

    from builder.cli import cli
    from fixtures_reader import make_course

    root = make_course(tmp_path / "course")
    quiz = next((root / "quizzes").glob("*.yml"))
    source = quiz.read_text(encoding="utf-8")
    assert "    prompt: Which one?\n" in source
    quiz.write_text(source.replace("    prompt: Which one?\n", "    prompt: Вопрос № 1 # или 2\n"), encoding="utf-8")
    line = source.splitlines().index("    prompt: Which one?") + 1
    # A note after a file name, a person or a fingerprint is the author's (the README's own course.yml has them).
    course_yml = root / "course" / "course.yml"
    course_yml.write_text(course_yml.read_text(encoding="utf-8").replace("glossary: glossary.yml",
                                                                          "glossary: glossary.yml   # the terms"),
                          encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--course", str(root)])
    assert result.exit_code == 0, result.output
    assert f"{quiz.relative_to(root).as_posix()}:{line}:" in result.output
    assert "'# или 2' after the text is a YAML comment, so learners read only 'Вопрос № 1'" in result.output
    assert result.output.count("[yaml.comment]") == 1, result.output


def test_a_text_in_quotes_a_block_or_over_lines_keeps_what_its_file_holds_for_it():
    text = ('a: plain words\nb: "in quotes"\nc: |\n  a block\n  of two lines\nd: >-\n  folded\n\n  twice\n'
            "e: plain\n  over two\nf: [x, 'y']\ng: \"an \\\"escape\\\"\"\n")
    data = load_yaml(text, "x.yml", Diagnostics())
    assert in_file(data["a"]) == in_file(data["f"][0]) == "", "the text is the file's own"
    assert in_file(data["b"]) == in_file(data["f"][1]) == '"', "the text is the file's own between quotes"
    assert data["g"] == 'an "escape"' and data["g"].in_file == '"an \\"escape\\""'
    assert data["c"] == "a block\nof two lines\n" and data["c"].in_file == "|\n  a block\n  of two lines\n"
    assert data["d"] == "folded\ntwice" and data["d"].in_file == ">-\n  folded\n\n  twice\n"
    assert data["e"] == "plain over two" and data["e"].in_file == "plain\n  over two"


@pytest.mark.parametrize("text,tab_named", [
    ("a: 1\n\tb: 2\n", True),  # LibYAML: «found a tab character that violates indentation»
    ("a:\n  b: 1\n\tc: 2\n", True),
    ("\tb: 2\n", True),  # «found character that cannot start any token»: no tab in LibYAML's words
    ("q:\n  - id: q1\n    prompt: x\n     \tanswer: true\n", True),  # spaces, then a tab: reported at the colon
    ("a: [x,\n\ty, `z]\n", False),  # the backtick is the mistake; the tab in a flow list is allowed
    ('a: "one\n\ttwo" three: x\n', False),  # a quoted text's next line may start with a tab
])
def test_a_line_indented_with_a_tab_is_named_and_a_tab_that_is_allowed_is_not(text, tab_named):
    diags = Diagnostics()
    load_yaml(text, "x.yml", diags)
    assert len(diags.items) == 1
    assert ("indent with spaces, not tabs" in diags.items[0].hint) is tab_named, diags.items[0].format()
