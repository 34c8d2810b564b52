"""Question banks for LMS quiz engines (`moodle-xml`, `gift`, `qti`): what they hold, that they are
deterministic, that QTI items are valid against the official QTI 2.1 XSDs (read from
../shared/qti-schemas, never copied here; see tests/shared_folder.py), golden files for one item of
each type (the sample course has one question of each), and the located error for a question no
bank can express. The import into a real Moodle is checked by tests/moodle/check_bank.py (see README).
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from builder.build import build, get_course
from builder.cli import cli
from builder.context import BuildContext
from builder.errors import CourseError, Diagnostics
from builder.targets.gift import escape
from builder.targets.moodle_xml import number_text
from builder.targets.qbank import MOODLE_GRADES, NAMED_PER_NOTE, Bank, bank_categories, fill_in_variants
from conftest import SAMPLE
from qti_player import Item
from scorm_xsd import validation_errors
from shared_folder import SHARED

REPO = Path(__file__).resolve().parents[1]
"""The repository: the bundled course."""
QTI_XSD = SHARED / "qti-schemas" / "qtiv2p1" / "imsqti_v2p1.xsd"
MOODLE_QTYPES = {"single": "multichoice", "multiple": "multichoice", "true_false": "truefalse", "fill_in": "shortanswer",
                 "numeric": "numerical", "matching": "matching", "ordering": "ordering"}


@lru_cache(maxsize=None)
def qti_schema() -> etree.XMLSchema:
    """The QTI 2.1 schema; it imports xml.xsd, MathML and APIP from the folders beside it."""
    return etree.XMLSchema(etree.parse(str(QTI_XSD)))


@pytest.fixture(scope="module")
def banks(tmp_path_factory) -> dict[str, Path]:
    """The bundled course's three banks, built once."""
    out = tmp_path_factory.mktemp("banks")
    build(REPO, out, ["moodle-xml", "gift", "qti"])
    return {p.suffix: p for p in out.iterdir()}


@pytest.fixture(scope="module")
def course():
    return get_course(REPO, Diagnostics())


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> dict[str, Path]:
    """The sample course's three banks (one question of each type), built once."""
    return sample_banks(tmp_path_factory.mktemp("sample"))


def sample_banks(tmp_path: Path, root: Path = SAMPLE) -> dict[str, Path]:
    build(root, tmp_path / "dist", ["moodle-xml", "gift", "qti"])
    return {p.suffix: p for p in (tmp_path / "dist").iterdir()}


def expected_types(course, types: dict[str, str]) -> Counter:
    return Counter(types[q.type] for c in bank_categories(course) for q in c.questions if q.type in types)


def test_moodle_xml_holds_every_question_but_scenarios_with_its_id_in_its_quiz_category(banks, course):
    root = etree.parse(str(banks[".xml"])).getroot()
    questions = root.findall("question")
    assert Counter(q.get("type") for q in questions if q.get("type") != "category") == expected_types(course, MOODLE_QTYPES)
    category, seen = None, {}
    for element in questions:
        if element.get("type") == "category":
            category = element.findtext("category/text")
        else:
            seen[element.findtext("idnumber")] = category
    for cat in bank_categories(course):
        path = "$course$/" + "/".join(name.replace("/", "//") for name in cat.path)
        assert {q.id for q in cat.questions if q.type != "scenario"} == {i for i, c in seen.items() if c == path}
        assert path.startswith(f"$course$/{course.title}/")


def test_moodle_xml_grades_are_moodles_and_add_up_as_the_course_scores(banks, course):
    by_id = {q.id: q for q in course.all_questions()}
    for element in etree.parse(str(banks[".xml"])).getroot().iterfind("question[@type='multichoice']"):
        question = by_id[element.findtext("idnumber")]
        grades = [Fraction(a.get("fraction")) / 100 for a in element.findall("answer")]
        assert all(any(abs(abs(g) - m) < Fraction(1, 10**6) for m in MOODLE_GRADES | {Fraction(0)}) for g in grades)
        right = [g for g, o in zip(grades, question.options) if o.correct]
        assert abs(sum(right) - 1) < Fraction(1, 10**6), question.id
        # Without partial credit a wrong option costs the whole mark: Moodle gave 2/3 for three right
        # options and a wrong one, where the course gives nothing (graded in Moodle 4.5.6).
        wrong = [g for g, o in zip(grades, question.options) if not o.correct]
        if question.type == "multiple" and not question.partial_credit:
            assert wrong and all(g == -1 for g in wrong), question.id
        assert element.findtext("single") == ("true" if question.type == "single" else "false")
        assert element.findtext("defaultgrade") == str(question.points)


def test_moodle_xml_keeps_spellings_units_order_and_the_tags_moodle_needs(banks, course):
    root = etree.parse(str(banks[".xml"])).getroot()
    for question in course.all_questions():
        element = root.find(f"question/[idnumber='{question.id}']")
        if question.type == "fill_in":
            answers = [a.findtext("text") for a in element.findall("answer")]
            assert set(question.answers) <= set(answers)
            assert all(a.replace("ё", "е") in answers for a in question.answers) if question.yo_equals_e else True
            assert element.findtext("usecase") == ("1" if question.case_sensitive else "0")
        if question.type == "numeric":
            assert float(element.findtext("answer/text")) == question.answer
            assert element.findtext("units/unit/unit_name", "") == question.unit
        if question.type == "ordering":
            assert element.findtext("shownumcorrect") == "1" and element.findtext("gradingtype") == "ALL_OR_NOTHING"
            assert [a.get("fraction") for a in element.findall("answer")] == [str(n) for n in range(1, len(question.items) + 1)]
        if question.type == "matching":
            empty = [s for s in element.findall("subquestion") if not s.findtext("text")]
            assert len(empty) == len(question.distractors)


def test_gift_escapes_every_special_character_and_keeps_texts_on_one_line():
    assert escape("a:b{c}~d=e#f\\g\n\nh") == "a\\:b\\{c\\}~d\\=e\\#f\\\\g h".replace("~", "\\~")


def test_gift_holds_every_question_moodle_gift_can_take(banks, course):
    text = banks[".gift"].read_text(encoding="utf-8")
    ids = re.findall(r"^// \[id:([^\]]+)\]$", text, re.M)
    gift_types = {k: v for k, v in MOODLE_QTYPES.items() if k != "ordering"}
    assert Counter(ids) == Counter(q.id for c in bank_categories(course) for q in c.questions if q.type in gift_types)
    assert text.count("$CATEGORY: ") == len(bank_categories(course))
    for block in text.split("\n\n"):
        assert block.count("{") - block.count("\\{") == block.count("}") - block.count("\\}") <= 1


def test_every_qti_item_is_valid_and_listed_in_a_valid_manifest(banks, course):
    with zipfile.ZipFile(banks[".zip"]) as archive:
        manifest = archive.read("imsmanifest.xml")
        assert validation_errors(manifest, "2004-4th") == []
        hrefs = etree.fromstring(manifest).xpath("//*[local-name()='resource']/@href")
        assert sorted(hrefs) == sorted(n for n in archive.namelist() if n.startswith("items/"))
        assert len(hrefs) == sum(expected_types(course, MOODLE_QTYPES).values())
        for name in hrefs:
            item = etree.fromstring(archive.read(name))
            assert qti_schema().validate(item), f"{name}: {qti_schema().error_log}"


def course_fraction(question, response) -> float:
    """What the course's runtime gives a response, in QTI's terms (`scoreResponse` in course.js)."""
    if question.type in ("single", "multiple"):
        chosen = response if isinstance(response, list) else [response]
        right = [f"o{o.id}" for o in question.options if o.correct]
        hits, misses = sum(c in right for c in chosen), sum(c not in right for c in chosen)
        if question.type == "single" or not question.partial_credit:
            return float(hits == len(right) and not misses)
        return max(0.0, (hits - misses) / len(right))
    return float(response == qti_responses(question)[0][1])


def qti_responses(question) -> list[tuple[str, object]]:
    """(label, RESPONSE) pairs: the right response first, then wrong and partly right ones."""
    if question.type in ("single", "multiple"):
        right = [f"o{o.id}" for o in question.options if o.correct]
        wrong = [f"o{o.id}" for o in question.options if not o.correct]
        if question.type == "single":
            return [("right", right[0]), *((f"wrong {w}", w) for w in wrong)]
        return [("right", right), ("wrong", wrong), ("some right", right[:-1]), ("right and a wrong", right + wrong[:1])]
    if question.type == "true_false":
        return [("right", "true" if question.answer else "false"), ("wrong", "false" if question.answer else "true")]
    if question.type == "fill_in":
        return [("right", fill_in_variants(question)[0]), ("wrong", "не то слово")]
    if question.type == "numeric":
        return [("right", float(question.answer)), ("wrong", float(question.answer) + question.tolerance + 1)]
    if question.type == "matching":
        pairs = [f"L{i} R{i}" for i in range(1, len(question.pairs) + 1)]
        return [("right", pairs), ("wrong", [f"L{i} R{i % len(pairs) + 1}" for i in range(1, len(pairs) + 1)])]
    items = [f"i{n}" for n in range(1, len(question.items) + 1)]
    return [("right", items), ("wrong", items[::-1])]


def words(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_every_qti_item_grades_as_the_course_and_shows_the_feedback_the_course_shows(banks, course):
    """Each item run through a QTI engine's response processing (tests/qti_player.py, with the official
    templates): the course's score for right, wrong and partly right responses, and the modal feedback
    the course's page shows for them, in its words: the chosen options', right or wrong, the explanation."""
    bank = Bank(course, BuildContext())
    questions = {q.id: q for c in bank_categories(course) for q in c.questions}
    templates = SHARED / "qti-schemas" / "qtiv2p1" / "rptemplates"
    seen = Counter()
    with zipfile.ZipFile(banks[".zip"]) as archive:
        for name in (n for n in archive.namelist() if n.startswith("items/")):
            question = questions[Path(name).stem]
            item = Item(etree.fromstring(archive.read(name)), templates)
            for label, response in qti_responses(question):
                outcome = item.respond(response)
                fraction = course_fraction(question, response)
                assert outcome.score == pytest.approx(fraction, abs=1e-9), (question.id, label)
                chosen = response if isinstance(response, list) else [response]
                expected = [f"o{o.id}" for o in getattr(question, "options", ()) if o.feedback and f"o{o.id}" in chosen]
                expected += ["RIGHT"] if fraction >= 1 and question.feedback_correct else []
                expected += ["WRONG"] if fraction < 1 and question.feedback_incorrect else []
                expected += ["EXPLANATION"] if question.explanation or question.sources else []
                assert outcome.shown == expected, (question.id, label)
                texts = {f"o{o.id}": o.feedback for o in getattr(question, "options", ())}
                texts.update(RIGHT=question.feedback_correct, WRONG=question.feedback_incorrect)
                for element in outcome.feedback:
                    identifier = element.get("identifier")
                    if identifier == "EXPLANATION":
                        assert words(element).startswith(" ".join(bank.plain(question.explanation).split()))
                        assert all(source in words(element) for source in bank.sources_of(question))
                    else:
                        assert words(element) == " ".join(bank.plain(texts[identifier]).split()), (question.id, identifier)
                seen.update(outcome.shown if fraction >= 1 else [f"{i} after a wrong answer" for i in outcome.shown])
    assert seen["EXPLANATION"] and seen["RIGHT"] and seen["WRONG after a wrong answer"], seen
    assert any(k.startswith("o") for k in seen), seen


def test_a_number_with_a_tolerance_is_right_up_to_its_edges_in_a_qti_engine(sample_copy, tmp_path):
    """Answer ± tolerance, edges included, as the course reads it (`abs(x − a) ≤ t`), written as two
    comparisons: a QTI 3 engine in use ignored `equal toleranceMode="absolute"` and compared exactly."""
    quiz = sample_copy / "quizzes" / "02-questions.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("    tolerance: 0\n", "    tolerance: 0.5\n"), encoding="utf-8")
    banks = sample_banks(tmp_path, sample_copy)
    with zipfile.ZipFile(banks[".zip"]) as archive:
        xml = etree.fromstring(archive.read("items/quest-q4.xml"))
    assert qti_schema().validate(xml) and b"toleranceMode" not in etree.tostring(xml)
    item = Item(xml, SHARED / "qti-schemas" / "qtiv2p1" / "rptemplates")
    scores = {typed: item.respond(typed).score for typed in (19.5, 20.0, 20.5, 19.49, 20.51)}
    assert scores == {19.5: 1, 20.0: 1, 20.5: 1, 19.49: 0, 20.51: 0}


def test_qti_rules_written_out_are_the_templates_rules(sample):
    """An item with feedback cannot name a template (its rules would replace the item's own): it writes the
    template's rules out, and they must be the official ones, word for word."""
    templates = SHARED / "qti-schemas" / "qtiv2p1" / "rptemplates"
    official = {name: [etree.tostring(r, method="c14n") for r in etree.parse(str(templates / f"{name}.xml")).getroot()
                       if isinstance(r.tag, str)] for name in ("match_correct", "map_response")}
    written = Counter()
    with zipfile.ZipFile(sample[".zip"]) as archive:
        for name in (n for n in archive.namelist() if n.startswith("items/")):
            processing = etree.fromstring(archive.read(name)).find("{http://www.imsglobal.org/xsd/imsqti_v2p1}responseProcessing")
            assert processing.get("template") is None or len(processing) == 0, name
            first = etree.tostring(processing[0], method="c14n") if len(processing) else None
            for template, rules in official.items():
                if first is not None and canonical(first) == canonical(rules[0]):
                    written[template] += 1
    assert written["match_correct"] and written["map_response"], written


def canonical(xml: bytes) -> bytes:
    """An element without the white space between its tags."""
    return re.sub(rb">\s+<", b"><", xml).replace(b".0<", b"<")


def test_banks_are_byte_identical_across_builds(tmp_path):
    first, second = sample_banks(tmp_path / "a"), sample_banks(tmp_path / "b")
    assert {k: p.read_bytes() for k, p in first.items()} == {k: p.read_bytes() for k, p in second.items()}


@pytest.mark.parametrize("qid", ["listen-q1", "listen-q2", "listen-q3", "quest-q1", "quest-q2", "quest-q3", "quest-q4"])
def test_qti_item_of_each_type_matches_its_golden_file(sample, file_regression, qid):
    with zipfile.ZipFile(sample[".zip"]) as archive:
        item = archive.read(f"items/{qid}.xml").decode()
    assert qti_schema().validate(etree.fromstring(item.encode()))
    file_regression.check(item, basename=f"qti-{qid}", extension=".xml")


def test_sample_moodle_xml_and_gift_match_their_golden_files(sample, file_regression):
    banks = sample
    file_regression.check(banks[".xml"].read_text(encoding="utf-8"), basename="moodle-sample", extension=".xml")
    file_regression.check(banks[".gift"].read_text(encoding="utf-8"), basename="gift-sample", extension=".gift")


def test_the_build_says_which_questions_were_left_out_and_why(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--course", str(SAMPLE), "--out", str(tmp_path / "dist"), "--format", "gift"])
    assert result.exit_code == 0, result.output
    assert re.search(r"gift: left out: a branching scenario .*: 1 question: listen-q4 \(quizzes/01-listening.yml:\d+:\d+\)", result.output)
    assert re.search(r"gift: left out: GIFT has no ordering question type .*: 1 question: quest-q\d \(quizzes/02-questions.yml:\d+", result.output)


def test_the_summary_counts_what_the_banks_could_not_carry_and_long_lists_are_cut(tmp_path):
    """The bundled course: the note on scenarios names 14 questions; the summary must not say «no warnings»."""
    arguments = ["build", "--course", str(REPO), "--out", str(tmp_path / "dist"), "--format", "qti", "--format", "gift"]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert len(warnings) >= 2
    assert result.output.rstrip().endswith(f"{len(warnings)} warnings")
    for line in warnings:
        named = re.findall(r"\S+ \(quizzes/[^)]+:\d+:\d+\)", line)
        assert 1 <= len(named) <= NAMED_PER_NOTE, line
    scenarios = next(line for line in warnings if line.startswith("warning: qti: left out: a branching scenario"))
    total = int(re.search(r": (\d+) questions: ", scenarios)[1])
    assert total > NAMED_PER_NOTE and scenarios.endswith(f" and {total - NAMED_PER_NOTE} more")


def test_glossary_links_citations_and_images_become_bank_content(sample_copy, tmp_path):
    quiz = sample_copy / "quizzes" / "01-listening.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace(
        "prompt: Что делает консультант при активном слушании?",
        "prompt: \"Что делает консультант при [[active-listening]]? ![Двое беседуют](assets/listening.svg) [@guide:4]\"",
    ).replace("- text: Сразу даёт совет.", "- text: \"Сразу даёт совет. ![Совет](assets/listening.svg)\""), encoding="utf-8")
    banks = sample_banks(tmp_path, sample_copy)
    element = etree.parse(str(banks[".xml"])).getroot().find("question/[idnumber='listen-q1']/questiontext")
    text = element.findtext("text")
    assert 'class="term"' not in text and "<a " not in text and "<cite" not in text
    assert "(Памятка, строка 4)" in text and 'src="@@PLUGINFILE@@/assets/listening.svg"' in text
    file = element.find("file")
    assert (file.get("name"), file.get("path"), file.get("encoding")) == ("listening.svg", "/assets/", "base64")
    answer = element.getparent().findall("answer")[1]
    assert "@@PLUGINFILE@@/assets/listening.svg" in answer.findtext("text") and answer.find("file").get("name") == "listening.svg"
    with zipfile.ZipFile(banks[".zip"]) as archive:
        assert "assets/listening.svg" in archive.namelist()
        assert 'src="../assets/listening.svg"' in archive.read("items/listen-q1.xml").decode()


def test_a_question_no_bank_can_grade_is_a_located_error_and_dist_keeps_its_contents(sample_copy, tmp_path):
    quiz = sample_copy / "quizzes" / "01-listening.yml"
    eleven = "".join(f"      - text: Вариант {n}\n        correct: true\n" for n in range(11))
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("    options:\n      - text: «Правильно ли я понял, что…»", "    options:\n" + eleven + "      - text: «Правильно ли я понял, что…»"), encoding="utf-8")
    out = tmp_path / "dist"
    build(SAMPLE, out, ["gift"])  # an earlier build's output, which the failed build must leave alone
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(CourseError) as caught:
        build(sample_copy, out, ["moodle-xml"])
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "build.qbank" and diagnostic.loc.path == "quizzes/01-listening.yml" and diagnostic.loc.line > 0
    assert "listen-q2" in diagnostic.message and "13 right options" in diagnostic.message
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_content_notes_come_before_the_question_and_in_the_quiz_category(sample_copy, tmp_path):
    quiz = sample_copy / "quizzes" / "01-listening.yml"
    text = quiz.read_text(encoding="utf-8").replace("  - id: listen-q1\n", "  - id: listen-q1\n    content_warning: Речь пойдёт о насилии.\n")
    quiz.write_text(text.replace("feedback: immediate\n", "feedback: immediate\ncontent_warning: В тесте есть истории о потерях.\n", 1), encoding="utf-8")
    banks = sample_banks(tmp_path, sample_copy)
    root = etree.parse(str(banks[".xml"])).getroot()
    note = '<p role="note"><strong>Предупреждение о содержании:</strong> '
    assert root.find("question/[idnumber='listen-q1']/questiontext").findtext("text").startswith(note + "Речь пойдёт о насилии.</p>")
    assert note + "В тесте есть истории о потерях.</p>" in root.find("question[@type='category']/info").findtext("text")
    assert "<p role\\=\"note\"><strong>Предупреждение о содержании\\:</strong> Речь пойдёт о насилии.</p>" in banks[".gift"].read_text(encoding="utf-8")
    with zipfile.ZipFile(banks[".zip"]) as archive:
        item = etree.fromstring(archive.read("items/listen-q1.xml"))
    assert qti_schema().validate(item) and "Речь пойдёт о насилии." in "".join(item.itertext())


def test_an_image_whose_file_name_has_cyrillic_and_a_space_is_carried_by_every_bank(sample_copy, tmp_path):
    # The parser writes `схема 1.svg` as `%D1%81…%201.svg`: the banks looked for a file of that name,
    # and the build failed with "cannot write the output … free some disk space".
    (sample_copy / "course" / "assets" / "схема 1.svg").write_bytes(
        (sample_copy / "course" / "assets" / "listening.svg").read_bytes())
    quiz = sample_copy / "quizzes" / "01-listening.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace(
        "prompt: Что делает консультант при активном слушании?",
        "prompt: \"Что делает консультант при активном слушании? ![Схема](<assets/схема 1.svg>)\""), encoding="utf-8")
    banks = sample_banks(tmp_path, sample_copy)
    encoded = "assets/%D1%81%D1%85%D0%B5%D0%BC%D0%B0%201.svg"
    element = etree.parse(str(banks[".xml"])).getroot().find("question/[idnumber='listen-q1']/questiontext")
    assert f'src="@@PLUGINFILE@@/{encoded}"' in element.findtext("text")  # a URL, as Moodle's own export writes
    file = element.find("file")
    assert (file.get("name"), file.get("path")) == ("схема 1.svg", "/assets/")
    with zipfile.ZipFile(banks[".zip"]) as archive:
        assert archive.read("assets/схема 1.svg") == (sample_copy / "course" / "assets" / "схема 1.svg").read_bytes()
        assert f'src="../{encoded}"' in archive.read("items/listen-q1.xml").decode()
        manifest = archive.read("imsmanifest.xml")
        assert validation_errors(manifest, "2004-4th") == []
        assert encoded in etree.fromstring(manifest).xpath("//*[local-name()='file']/@href")


def moodle_read_texts(xml: bytes) -> list[str]:
    """Every `<text>` as Moodle 4.5's reader gets it (lib/xmlize.php): the file fed to libxml2 (PHP's
    XML parser on Debian, as lxml's) in 4096-byte chunks, each piece of character data that is only
    whitespace dropped. (Checked against PHP's own xmlize() on the bundled bank, with and without
    CDATA: the same texts, all 3,061.)"""
    texts: list[str] = []
    pieces: list[str] | None = None

    class Reader:
        def start(self, tag, attrib):
            nonlocal pieces
            pieces = [] if tag == "text" else None

        def end(self, tag):
            nonlocal pieces
            if tag == "text" and pieces is not None:
                texts.append("".join(pieces))
            pieces = None

        def data(self, piece):
            if pieces is not None and (piece == "0" or piece.strip()):
                pieces.append(piece)

        def close(self):
            return texts

    parser = etree.XMLParser(target=Reader())
    for offset in range(0, len(xml), 4096):
        parser.feed(xml[offset:offset + 4096])
    return parser.close()


def test_moodle_reads_every_space_of_the_bank(banks):
    # Moodle's reader dropped a space after an escaped tag («…:</strong>В вопросе», 6 questions) and
    # one a 4096-byte boundary of the file isolated («России»,строки»): 11 questions read with words
    # run together in a real Moodle 4.5.6. CDATA sections, as Moodle's own export writes, keep them.
    xml = banks[".xml"].read_bytes()
    written = [element.text or "" for element in etree.fromstring(xml).iter("text")]
    assert moodle_read_texts(xml) == written


def test_wrong_answer_feedback_of_typed_answers_reaches_moodle_and_a_star_is_a_star(tmp_path):
    # A fill-in or numeric question's `feedback: incorrect` was in neither bank, silently; in GIFT an
    # accepted answer «a*b» let Moodle's wildcard take «aXb». (Imported and graded in Moodle 4.5.6.)
    import shutil

    root = tmp_path / "course"
    shutil.copytree(SAMPLE, root)
    quiz = root / "quizzes" / "02-questions.yml"
    text = quiz.read_text(encoding="utf-8")
    text = text.replace("answers: [открытый, открытый вопрос]",
                        "answers: [открытый, открытый вопрос, 'a*b']\n    feedback: {incorrect: \"Нет, открытый.\"}")
    text = text.replace("    unit: мин\n", "    unit: мин\n    feedback: {incorrect: \"Нет, двадцать.\"}\n", 1)
    quiz.write_text(text, encoding="utf-8")
    banks = sample_banks(tmp_path, root)
    xml = etree.fromstring(banks[".xml"].read_bytes())
    for qid, feedback in (("quest-q1", "Нет, открытый."), ("quest-q4", "Нет, двадцать.")):
        question = next(q for q in xml.iter("question") if q.findtext("idnumber") == qid)
        other = question.findall("answer")[-1]
        assert (other.findtext("text"), other.get("fraction")) == ("*", "0") and feedback in other.findtext("feedback/text")
    gift = banks[".gift"].read_text(encoding="utf-8")
    assert "=a\\*b\n=%0%*#Нет, открытый.\n" in gift and "#20:0\n~#Нет, двадцать.\n" in gift


def test_a_typed_answer_with_a_hyphen_is_accepted_with_the_hyphens_a_phone_types():
    # The course reads U+2010 and U+2011 as a hyphen (a phone's keyboard, a copied text); Moodle and a
    # QTI player compare them as other letters: «Т‑лимфоцит» was wrong in Moodle (graded in 4.5.6).
    from builder.model import Markdown
    from builder.questions.fill_in import FillInQuestion
    from builder.targets.qbank import fill_in_variants

    loc = get_course(SAMPLE, Diagnostics()).modules[0].body.loc
    question = FillInQuestion(id="q", type="fill_in", objective="o", prompt=Markdown("?", loc), loc=loc,
                              answers=["Т-лимфоцит", "ещё раз"])
    assert fill_in_variants(question) == ["Т-лимфоцит", "Т\u2010лимфоцит", "Т\u2011лимфоцит", "ещё раз", "еще раз"]
