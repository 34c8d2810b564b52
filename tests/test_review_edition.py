"""The review edition (`course build --format review --sources DIR`): what the clinician and the
lawyer sign. A small course shows the arrangement; the bundled course is built and read back from
its PDFs as a reviewer gets them (this needs the seeds in ../shared, see tests/shared_folder.py)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.build import build, get_course
from builder.cli import cli
from builder.errors import Diagnostics
from builder.targets import BuildOptions
from builder.targets.review import REVIEW_STRINGS
from fixtures_reader import apply_changes, make_course
from pdf_layout import pages_with_text_below_the_body
from shared_folder import SHARED

REPO = Path(__file__).resolve().parents[1]
SEEDS = SHARED / "seeds"
DOCUMENT = "\n".join(f"Line {n} of the document, figure {n * 7}." for n in range(1, 21)) + "\n"
SMALL = """\
=== modules/01-intro.md ~ objectives: => clinical_review:\\n  - text: The window for PEP needs a clinician's check.\\n    source: "doc:3-4"\\nobjectives:
=== course/glossary.yml ~   source: "doc:1" =>   source: "doc:5-6"\\n  clinical_review:\\n    - text: The term's scope needs a check.\\n      source: "doc:7"
=== course/course.yml ~ passing_score: 80 => passing_score: 80\\nreviews:\\n  - module: intro\\n    reviewer: Dr A\\n    role: infectious-disease physician\\n    date: 2026-12-01\\n    scope: clinical content
=== quizzes/01-intro.yml ~     prompt: Which one? =>     prompt: Which one? [@doc:9]\\n    sources: ["doc:10-11"]
"""


def pdf_text(path: Path, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def collapse(text: str) -> str:
    """The PDF's words on one line. A word Typst hyphenated at a line's end is one word again
    (its text layer keeps the break as a soft hyphen)."""
    return re.sub(r"\s+", " ", re.sub("\u00ad\\s*", "", text)).strip()


def holds(text: str, words: str) -> bool:
    """Whether the PDF text holds these words. pdftotext joins a word broken after its hyphen
    («секс-\nработников» → «сексработников»), so hyphens are left out on both sides."""
    return words.replace("-", "") in text.replace("-", "")


def opening(text: str, limit: int = 8) -> str:
    """The first words of a text: enough to find it, short enough not to cross a page break
    (where the running header and the page number come between its lines)."""
    return " ".join(text.split()[:limit])


def small_course(tmp_path):
    root = make_course(tmp_path, SMALL)
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "doc.txt").write_text(DOCUMENT, encoding="utf-8")
    return root, sources


def test_without_sources_the_review_edition_is_a_usage_error(tmp_path):
    root, _ = small_course(tmp_path)
    result = CliRunner().invoke(cli, ["build", "--course", str(root), "--format", "review"])
    assert result.exit_code == 2
    assert "--format review needs --sources DIR" in result.output
    assert not (root / "dist").exists()


def test_the_review_edition_quotes_the_course_folder_s_own_sources_without_a_flag(tmp_path):
    root, sources = small_course(tmp_path)
    sources.rename(root / "sources")
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["build", "--course", str(root), "--out", str(out), "--format", "review"])
    assert result.exit_code == 0, result.output
    assert "Line 1 of the document, figure 7." in (out / "review" / "html" / "base-1.0-review.html").read_text()


FLAGGED_QUIZZES = """\
=== quizzes/01-intro.yml ~ title: Intro quiz => title: Intro quiz\\nclinical_review:\\n  - text: The quiz's cut-off needs a check.\\n    source: "doc:13"
=== course/course.yml ~ passing_score: 80 => passing_score: 80\\nfinal_quiz: q-final
=== quizzes/final.yml
id: q-final
title: Final
clinical_review:
  - text: The final's legal answer needs the lawyer.
    source: "doc:12"
  - text: A statement that rests on no source.
questions:
  - id: f1
    type: true_false
    objective: intro-o1
    prompt: A final statement to judge.
    answer: true
"""


def test_statements_flagged_in_a_quiz_come_before_its_answer_key_with_their_lines(tmp_path):
    # The final's own questions had nowhere to say what the lawyer must check (confidentiality's
    # legal exceptions, the PEP window): its review part was the answer key alone.
    root, sources = small_course(tmp_path)
    apply_changes(root, FLAGGED_QUIZZES)
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["build", "--course", str(root), "--out", str(out), "--format", "review",
                                      "--sources", str(sources)])
    assert result.exit_code == 0, result.output
    html = (out / "review" / "html" / "base-1.0-review.html").read_text()
    final = html[html.index('id="review-final"'):]
    order = [final.index(marker) for marker in (
        REVIEW_STRINGS["ru"]["clinical"],
        "The final&#39;s legal answer needs the lawyer.",
        '<span class="excerpt__n">12</span> Line 12 of the document, figure 84.',
        "A statement that rests on no source.",
        "A final statement to judge.",  # the answer key after them
    )]
    assert order == sorted(order)
    module = html[html.index('id="review-01-intro"'):html.index('id="review-glossary"')]
    assert module.index("The window for PEP needs a clinician") < module.index("The quiz&#39;s cut-off needs a check.")
    assert '<span class="excerpt__n">13</span> Line 13' in module
    pdf = collapse(pdf_text(out / "review" / "base-1.0-review-final.pdf"))
    assert pdf.index("The final's legal answer needs the lawyer.") < pdf.index("A final statement to judge.")


def bank_file(statement: str) -> str:
    """A question bank quiz file (`q-bank`, one question `b1`) flagging `statement` for sign-off."""
    return f"""\
=== quizzes/bank.yml
id: q-bank
title: Bank
clinical_review:
  - text: {statement}
    source: "doc:14"
questions:
  - id: b1
    type: true_false
    objective: intro-o1
    prompt: A banked statement to judge.
    answer: true
"""


def test_a_final_drawn_from_banks_shows_its_statements_and_the_banks_(tmp_path):
    # A final with no questions of its own (drawn from the module quizzes) and a bank that is no
    # module's quiz: their statements were checked, then printed in no review file.
    root, sources = small_course(tmp_path)
    apply_changes(root, """\
=== course/course.yml ~ passing_score: 80 => passing_score: 80\\nfinal_quiz: q-final
=== quizzes/final.yml
id: q-final
title: Final
include: all
clinical_review:
  - text: The final's own statement.
""" + bank_file("The bank's statement."))
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["build", "--course", str(root), "--out", str(out), "--format", "review",
                                      "--format", "handout", "--sources", str(sources)])
    assert result.exit_code == 0, result.output
    final = (out / "review" / "html" / "base-1.0-review.html").read_text().split('id="review-final"')[1]
    assert final.index("The final&#39;s own statement.") < final.index("The bank&#39;s statement.")
    assert '<span class="excerpt__n">14</span> Line 14' in final
    pdf = collapse(pdf_text(out / "review" / "base-1.0-review-final.pdf"))
    assert "The final's own statement." in pdf and "The bank's statement." in pdf
    guide = collapse(pdf_text(next((out / "handouts").glob("*facilitator-guide.pdf"))))
    assert "The final's own statement." in guide and "The bank's statement." in guide
    # What the final's part shows for sign-off counts as unsigned until a review of the course signs it.
    course = get_course(root, Diagnostics())
    assert course.review_subjects()[-1] == "course" and not course.is_signed_off()


def test_a_bank_a_module_s_quiz_asks_from_is_signed_with_that_module_not_with_the_final(tmp_path):
    # A bank that is no module's quiz was put under the final's sign-off, even when a module's quiz
    # includes it and the final never asks its questions: the module's reviewers never saw it.
    root, sources = small_course(tmp_path)
    apply_changes(root, """\
=== course/course.yml ~ passing_score: 80 => passing_score: 80\\nfinal_quiz: q-final
=== quizzes/01-intro.yml ~ title: Intro quiz => title: Intro quiz\\ninclude: [q-bank]
=== quizzes/final.yml
id: q-final
title: Final
clinical_review:
  - text: The final's own statement.
questions:
  - id: f1
    type: true_false
    objective: intro-o1
    prompt: A final statement to judge.
    answer: true
""" + bank_file("The module bank's statement."))
    course = get_course(root, Diagnostics())
    module = course.modules[0]
    assert [note.text for note in course.flagged_in(module)][-1] == "The module bank's statement."
    assert [note.text for note in course.flagged_in_final()] == ["The final's own statement."]
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["build", "--course", str(root), "--out", str(out), "--format", "review",
                                      "--sources", str(sources)])
    assert result.exit_code == 0, result.output
    html = (out / "review" / "html" / "base-1.0-review.html").read_text()
    intro = html[html.index('id="review-01-intro"'):html.index('id="review-final"')]
    assert "The module bank&#39;s statement." in intro and '<span class="excerpt__n">14</span> Line 14' in intro
    assert "A banked statement to judge." in intro, "with the questions it is about, and their answer key"
    final = html[html.index('id="review-final"'):]
    assert "The module bank&#39;s statement." not in final and "A banked statement to judge." not in final
    assert "A final statement to judge." in final


def test_a_quiz_s_flagged_statement_is_checked_against_its_source(tmp_path):
    root, sources = small_course(tmp_path)
    apply_changes(root, FLAGGED_QUIZZES.replace('source: "doc:12"', 'source: "doc:99"'))
    result = CliRunner().invoke(cli, ["check", "--course", str(root), "--sources", str(sources)])
    assert result.exit_code == 1
    assert "quizzes/final.yml:5:13: citation 'doc:99' points past the end of the document (20 lines)" in result.output


def test_a_course_s_sources_link_out_of_its_folder_is_never_read_by_default(tmp_path):
    # A cloned course whose sources/ links to /etc had its review edition quote /etc's files once
    # the course's own sources/ became the default folder.
    root, _ = small_course(tmp_path)
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "doc.txt").write_text("SECRET-LINE\n" * 20, encoding="utf-8")
    (root / "sources").symlink_to(secrets)
    out = tmp_path / "dist"
    review = CliRunner().invoke(cli, ["build", "--course", str(root), "--out", str(out), "--format", "review"])
    assert review.exit_code == 2 and "--format review needs --sources DIR" in review.output
    checked = CliRunner().invoke(cli, ["check", "--course", str(root)])
    assert checked.exit_code == 0, checked.output
    assert f"sources: warning: sources/ is a link to {secrets.resolve()}, outside the course folder" in checked.output
    assert "checked against" not in checked.output and "SECRET" not in checked.output
    asked = CliRunner().invoke(cli, ["check", "--course", str(root), "--sources", str(root / "sources")])
    assert "citations checked against" in asked.output, "named on the command line, it is read"


def test_review_from_course_outputs_without_sources_is_a_located_error(tmp_path):
    root, _ = small_course(tmp_path)
    (root / "course" / "course.yml").write_text((root / "course" / "course.yml").read_text() + "outputs: [review]\n")
    result = CliRunner().invoke(cli, ["build", "--course", str(root)])
    assert result.exit_code == 1
    assert "course/course.yml:1:1: the review edition quotes the cited source lines, but no sources folder was given" in result.output


def test_a_source_document_linked_from_outside_the_sources_folder_is_refused_not_quoted(tmp_path):
    # A link named like a source quoted the lines of /etc/passwd in the review edition's HTML and PDF.
    root, sources = small_course(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET-LINE\n" * 20, encoding="utf-8")
    (sources / "doc.txt").unlink()
    (sources / "doc.txt").symlink_to(secret)
    for command in (["check"], ["build", "--out", str(tmp_path / "dist"), "--format", "review"]):
        result = CliRunner().invoke(cli, [*command, "--course", str(root), "--sources", str(sources)])
        assert result.exit_code == 1, result.output
        assert "source document 'doc.txt' of reference 'doc': doc.txt is a link to" in result.output
    assert not any("SECRET-LINE" in p.read_text(errors="replace") for p in (tmp_path / "dist").rglob("*.html"))


def test_each_module_shows_its_statements_first_then_sentences_beside_their_lines_then_key_and_signoff(tmp_path):
    root, sources = small_course(tmp_path)
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["build", "--course", str(root), "--out", str(out), "--format", "review", "--sources", str(sources)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (out / "review").glob("*.pdf"))
    assert names == ["base-1.0-review-01-intro.pdf", "base-1.0-review-glossary.pdf"]
    html = (out / "review" / "html" / "base-1.0-review.html").read_text()
    module = html[html.index('id="review-01-intro"'):html.index('id="review-glossary"')]
    order = [module.index(marker) for marker in (
        "The window for PEP needs a clinician",             # clinical_review first, with its lines
        '<span class="excerpt__n">3</span> Line 3 of the document, figure 21.',
        "Text with a citation",                             # the cited sentence of the body ...
        '<span class="excerpt__n">1</span> Line 1 of the document, figure 7.',  # ... beside its lines
        "Which one?",                                       # the answer key
        '<span class="excerpt__n">11</span> Line 11',       # with the lines its question cites: sources:,
        '<span class="excerpt__n">9</span> Line 9',         # then the citations in its texts
        "Dr A",                                             # the sign-off table, filled from reviews:
    )]
    assert order == sorted(order)
    evidence = module[module.index('id="evidence-01-intro"'):]  # (the module's text comes before)
    sentence_row = evidence[evidence.index("Text with a citation"):]
    assert sentence_row.index('<td class="evidence__source">') < sentence_row.index("</tr>")
    assert ("<td>Dr A</td><td>infectious-disease physician</td><td>clinical content</td><td>одобрено</td>"
            "<td>2026-12-01</td>") in module  # approved: the decision a review records unless it says otherwise
    assert module.count('class="signoff-table__blank"') == 2  # rows for the clinician and the lawyer to sign
    glossary = html[html.index('id="review-glossary"'):]
    assert "scope needs a check." in glossary and "Line 5 of the document" in glossary and "Line 7 of the document" in glossary
    # The PDF, laid out from its own markup, keeps the same order.
    text = collapse(pdf_text(out / "review" / "base-1.0-review-01-intro.pdf"))
    start = text.index("The window for PEP")  # after the cover, which names the reviews recorded
    order = [text.index(marker, start) for marker in (
        "The window for PEP needs a clinician's check.", "3 Line 3 of the document, figure 21.",
        "Text with a citation", "1 Line 1 of the document, figure 7.",
        "Which one?", "11 Line 11 of the document", "9 Line 9 of the document", "Dr A",
    )]
    assert order == sorted(order), text
    rows = pdf_text(out / "review" / "base-1.0-review-01-intro.pdf", layout=True)
    signed = next(line for line in rows.split("\n") if "Dr A" in line and "(" not in line)  # not the cover's line
    assert re.search(r"Dr A +infectious-dis\S* +clinical content +одобрено +2026-12-01", signed), signed
    assert REVIEW_STRINGS["ru"]["lawyer"] in rows.split(signed)[1]  # and the empty rows to sign
    glossary = collapse(pdf_text(out / "review" / "base-1.0-review-glossary.pdf"))
    assert "scope needs a check." in glossary and "5 Line 5 of the document" in glossary


def test_the_review_pdfs_are_laid_out_by_typst_as_the_handouts_are(tmp_path, monkeypatch):
    from pypdf import PdfReader

    root, sources = small_course(tmp_path)
    out = tmp_path / "dist"
    monkeypatch.setenv("COURSE_NO_CACHE", "1")
    build(root, out, ["review"], BuildOptions(sources_dir=sources))
    course = get_course(root, Diagnostics())
    reader = PdfReader(out / "review" / "base-1.0-review-01-intro.pdf")
    assert reader.metadata.creator.startswith("Typst")
    module = course.modules[0]
    assert reader.metadata.title == f"Модуль 1. {module.title} — {course.title}: {REVIEW_STRINGS['ru']['title']}"
    root_object = reader.trailer["/Root"]
    assert root_object["/Lang"] == course.language and "/StructTreeRoot" in root_object, "tagged, with its language"
    assert any(module.title in item.title for item in reader.outline if not isinstance(item, list)), "bookmarked"
    pages = len(reader.pages)
    assert f"Стр. {pages} из {pages}" in reader.pages[-1].extract_text()
    fonts = subprocess.run(["pdffonts", str(out / "review" / "base-1.0-review-glossary.pdf")], check=True,
                           capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all("DejaVu" in row and row.split()[-5] == "yes" for row in fonts), fonts
    assert sorted(p.name for p in (out / "review" / "html").glob("*.html")) == ["base-1.0-review.html"]


def test_a_cited_range_past_the_end_of_the_document_says_so(tmp_path):
    root, sources = small_course(tmp_path)
    (sources / "doc.txt").write_text("Only one line.\n", encoding="utf-8")
    course = get_course(root, Diagnostics())
    from builder.model import Citation, Loc
    from builder.targets.review import ReviewMaterial

    cited = Citation("doc", 3, 4, Loc("quizzes/q.yml", 9, 5))
    excerpt = ReviewMaterial(course, {"doc": ["Only one line.", ""]}).excerpt(cited)
    assert excerpt.lines == [] and excerpt.label == "doc:3-4"
    out = tmp_path / "dist"
    build(root, out, ["review"], BuildOptions(sources_dir=sources))
    text = collapse(pdf_text(out / "review" / "base-1.0-review-01-intro.pdf"))
    assert REVIEW_STRINGS["ru"]["missing_lines"].format(lines="doc:3-4") in text, text


def test_a_cited_range_longer_than_a_page_prints_every_line_unhyphenated(tmp_path, monkeypatch):
    # Kept whole, a row taller than a page ran off its foot: the lines below were lost without a word.
    root, sources = small_course(tmp_path)
    long_words = "Антиретровирусная терапия предотвращает передачу; консультирование продолжается"
    lines = [f"Line {n} of the document." for n in range(1, 201)]
    lines[1] = f"Line 2 {long_words} {long_words}."
    (sources / "doc.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    module = root / "modules" / "01-intro.md"
    module.write_text(module.read_text(encoding="utf-8").replace("[@doc:1-2]", "[@doc:1-200]"), encoding="utf-8")
    monkeypatch.setenv("COURSE_NO_CACHE", "1")
    out = tmp_path / "dist"
    build(root, out, ["review"], BuildOptions(sources_dir=sources))
    raw = pdf_text(out / "review" / "base-1.0-review-01-intro.pdf")
    rows = pdf_text(out / "review" / "base-1.0-review-01-intro.pdf", layout=True)
    missing = [n for n in range(1, 201) if n != 2 and not re.search(rf"\b{n} +Line {n} of the document\.", rows)]
    assert not missing, missing
    quoted = raw[raw.index("Антиретровирусная"):raw.rindex("консультирование")]
    assert "\u00ad" not in quoted, "a quoted line is printed without hyphens the document does not have"


def test_a_failure_inside_the_pdf_engine_is_a_located_error_not_a_traceback(tmp_path, monkeypatch):
    from builder.errors import CourseError
    from builder.targets import typeset

    class PanicException(BaseException):  # what pyo3 raises for a Rust panic: not an Exception
        pass

    def panic(*args, **kwargs):
        raise PanicException("assertion failed: self.entries[parent_idx].is_missing()")

    root, sources = small_course(tmp_path)
    monkeypatch.setenv("COURSE_NO_CACHE", "1")
    monkeypatch.setattr(typeset, "typeset", panic)
    with pytest.raises(CourseError) as refused:
        build(root, tmp_path / "dist", ["review"], BuildOptions(sources_dir=sources))
    message = refused.value.diagnostics[0].format()
    assert "review: base-1.0-review-01-intro.pdf could not be laid out: the PDF engine failed" in message, message
    assert "assertion failed" in message and "[build.handout-layout]" in message


@pytest.mark.parametrize("file_name, message", [
    ("../outside.txt", "source document '../outside.txt' of reference 'doc' is outside the sources folder"),
    ("b" * 300 + ".txt", "cannot be used: File name too long"),
])
def test_a_source_document_outside_the_folder_or_unnameable_is_a_located_error(tmp_path, file_name, message):
    root, sources = small_course(tmp_path)
    (tmp_path / "outside.txt").write_text("A line outside the sources folder.\n", encoding="utf-8")
    course_yml = root / "course" / "course.yml"
    text = course_yml.read_text(encoding="utf-8")
    course_yml.write_text(text.replace("file: doc.txt", f"file: {file_name}"), encoding="utf-8")
    assert f"file: {file_name}" in course_yml.read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--course", str(root), "--sources", str(sources)])
    assert result.exit_code == 1, result.output
    assert re.search(r"course/course\.yml:\d+:\d+: .*" + re.escape(message), result.output), result.output
    assert "Traceback" not in result.output


def test_source_lines_print_as_they_are_written_even_where_they_look_like_markup(tmp_path):
    root, sources = small_course(tmp_path)
    lines = DOCUMENT.split("\n")
    lines[2] = 'Dose #1 is $5 * 2_a <b> @ref [x] `y` \\ "q" = ok'
    (sources / "doc.txt").write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "dist"
    build(root, out, ["review"], BuildOptions(sources_dir=sources))
    text = collapse(pdf_text(out / "review" / "base-1.0-review-01-intro.pdf"))
    assert '3 Dose #1 is $5 * 2_a <b> @ref [x] `y` \\ "q" = ok' in text, text


# ---- The bundled course, as the committee gets it -------------------------------------------


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    assert SEEDS.is_dir(), f"the course's source documents are missing from {SEEDS}"
    out = tmp_path_factory.mktemp("review")
    build(REPO, out, ["review"], BuildOptions(sources_dir=SEEDS))
    course = get_course(REPO, Diagnostics())
    pdfs = {p.name: p for p in (out / "review").glob("*.pdf")}
    return course, out, pdfs


def test_bundled_review_edition_has_every_module_and_every_statement_for_review(bundled):
    course, _, pdfs = bundled
    base = f"{course.id}-{course.version}-review"
    assert {f"{base}-{m.slug}.pdf" for m in course.modules} | {f"{base}-glossary.pdf"} <= set(pdfs)
    for module in course.modules:
        text = collapse(pdf_text(pdfs[f"{base}-{module.slug}.pdf"]))
        assert collapse(module.title) in text, module.id
        for note in module.clinical_review:
            assert holds(text, opening(note.text)), f"{module.id}: {note.text[:60]}"
    final = collapse(pdf_text(pdfs[f"{base}-final.pdf"]))
    for question in course.final_quiz.questions:
        assert holds(final, opening(question.prompt.plain)), question.id
    glossary = collapse(pdf_text(pdfs[f"{base}-glossary.pdf"]))
    for term in course.glossary:
        for note in term.clinical_review:
            assert holds(glossary, opening(note.text)), f"{term.id}: {note.text[:60]}"



def test_the_bundled_review_html_nests_each_module_s_text_under_its_heading(bundled):
    # A lesson's title is an h2 on the learner's page; here the text sits under «Текст модуля» (an h2),
    # and its lessons came out beside it, every heading of the modules' text a level too high.
    course, out, _ = bundled
    document = (out / "review" / "html" / f"{course.id}-{course.version}-review.html").read_text(encoding="utf-8")
    levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", document)]
    assert [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1] == [], "no heading skips a level"
    for module in course.modules:
        text = document[document.index(f'id="text-{module.slug}"'):document.index(f'labelledby="evidence-{module.slug}"')]
        inside = [int(n) for n in re.findall(r"<h([1-6])[\s>]", text)]
        assert inside and min(inside) == 3, (module.id, sorted(set(inside)))

def test_bundled_review_edition_prints_a_cited_sentence_beside_its_source_lines(bundled):
    course, _, pdfs = bundled
    module = course.modules[0]
    citation = next(c for c in module.citations if len(c.sentence.split()) >= 6 and "[[" not in c.sentence and "*" not in c.sentence)
    document = (SEEDS / course.references[citation.key].file).read_text(encoding="utf-8").split("\n")
    first_line = next(line for line in document[citation.start - 1:citation.end] if len(line.split()) >= 3)
    layout = pdf_text(pdfs[f"{course.id}-{course.version}-review-{module.slug}.pdf"], layout=True)
    start = opening(citation.sentence, 3)
    # In the two-column table the sentence's first line and the label of its source share a row ...
    row = next(line for line in layout.split("\n") if start in line and citation.label in line)
    assert row.index(start) < row.index(citation.label)
    # ... and the cited line itself follows on the same page.
    page = next(p for p in layout.split("\f") if row in p)
    assert opening(first_line, 3) in collapse(page[page.index(row):])


def test_every_source_line_the_html_quotes_is_in_the_pdfs_beside_its_number(bundled):
    # The HTML and the PDFs are written apart: the PDFs must lose no quoted line (a row taller than
    # a page once ran off its foot, and module 12 lost 113 lines of the report).
    import html

    course, out, pdfs = bundled
    for pdf in pdfs.values():
        assert not pages_with_text_below_the_body(pdf), (pdf.name, pages_with_text_below_the_body(pdf))
    document = (out / "review" / "html" / f"{course.id}-{course.version}-review.html").read_text(encoding="utf-8")
    parts = re.split(r'<article class="review-module" id="review-', document)[1:]
    assert len(parts) == len(pdfs), "one PDF per part of the HTML"
    for part in parts:
        slug = part[:part.index('"')]
        layout = pdf_text(pdfs[f"{course.id}-{course.version}-review-{slug}.pdf"], layout=True)
        quoted = re.findall(r'<span class="excerpt__n">(\d+)</span> ([^\s<]+)', part)  # empty lines left out
        assert quoted, slug
        missing = [(n, word) for n, word in quoted if not re.search(rf"\b{n} +{re.escape(html.unescape(word))}", layout)]
        assert not missing, (slug, len(missing), missing[:5])


def test_two_builds_of_the_review_edition_are_byte_identical(tmp_path, monkeypatch):
    root, sources = small_course(tmp_path)
    monkeypatch.setenv("COURSE_NO_CACHE", "1")  # both laid out, not the second copied from the cache
    digests = []
    for run in ("a", "b"):
        out = tmp_path / run
        build(root, out, ["review"], BuildOptions(sources_dir=sources))
        digests.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert digests[0] == digests[1] and any(name.endswith(".pdf") for name in digests[0])


def test_the_reviewer_reads_the_modules_whole_text_uncited_parts_included(tmp_path):
    # Only cited sentences were shown: a first-aid box, a pocket protocol's steps or a legal remark
    # without a citation were signed off by reviewers who never saw them.
    root, sources = small_course(tmp_path)
    module = root / "modules" / "01-intro.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n::: warning Первая помощь\nЗвоните 112, не "
                      "оставляйте человека одного.\n:::\n", encoding="utf-8")
    out = tmp_path / "dist"
    build(root, out, ["review"], BuildOptions(sources_dir=sources))
    text = collapse(pdf_text(out / "review" / "base-1.0-review-01-intro.pdf"))
    words = "Звоните 112, не оставляйте человека одного."
    heading = REVIEW_STRINGS["ru"]["text"]
    assert text.index(heading) < text.index(words) < text.index(REVIEW_STRINGS["ru"]["evidence"])
    html = (out / "review" / "html" / "base-1.0-review.html").read_text()
    assert words in html[html.index('id="text-01-intro"'):html.index('id="evidence-01-intro"')]


def test_a_figure_the_cited_lines_do_not_hold_is_warned_at_build_and_marked_beside_its_sentence(tmp_path):
    # `course check --sources` warned; the review build said "no warnings", and the PDF printed the
    # wrong figure beside the lines without a mark.
    root, sources = small_course(tmp_path)
    module = root / "modules" / "01-intro.md"
    module.write_text(module.read_text(encoding="utf-8").replace("Text with a citation", "Text with 99 citations"),
                      encoding="utf-8")
    out = tmp_path / "dist"
    result = CliRunner().invoke(cli, ["build", "--course", str(root), "--out", str(out), "--format", "review",
                                      "--sources", str(sources)])
    assert result.exit_code == 0 and "[sources.number]" in result.output, result.output
    mark = REVIEW_STRINGS["ru"]["missing_figures"].format(numbers="99")
    text = collapse(pdf_text(out / "review" / "base-1.0-review-01-intro.pdf"))
    evidence = text[text.index(REVIEW_STRINGS["ru"]["evidence"]):]
    assert evidence.index("Text with 99 citations") < evidence.index(mark) < evidence.index("1 Line 1 of the document")
    html = (out / "review" / "html" / "base-1.0-review.html").read_text()
    assert f'<p class="evidence__missing">⚠ {mark}</p>' in html
    # So is a statement flagged for review, and `course check` counts the warning once.
    module.write_text(module.read_text(encoding="utf-8").replace("The window for PEP", "The 77-hour window for PEP"),
                      encoding="utf-8")
    course_yml = root / "course" / "course.yml"
    course_yml.write_text(course_yml.read_text() + "outputs: [html, review]\n")
    checked = CliRunner().invoke(cli, ["check", "--course", str(root), "--sources", str(sources)])
    assert "2 warnings" in checked.output and checked.output.count("[sources.number]") == 2, checked.output
    build(root, out, ["review"], BuildOptions(sources_dir=sources))
    html = (out / "review" / "html" / "base-1.0-review.html").read_text()
    note_mark = REVIEW_STRINGS["ru"]["missing_figures"].format(numbers="77")
    assert f'needs a clinician&#39;s check.</p><p class="evidence__missing">⚠ {note_mark}</p>' in html
    assert note_mark in collapse(pdf_text(out / "review" / "base-1.0-review-01-intro.pdf"))


def test_a_sign_off_names_the_texts_fingerprint_and_stops_counting_once_the_text_changes(tmp_path):
    # A review recorded for module 1 still counted after its figure was changed: a signed page could
    # stand for a text nobody signed.
    from builder.fingerprint import text_fingerprint

    root, sources = small_course(tmp_path)
    course = get_course(root, Diagnostics())
    fingerprint = text_fingerprint(course, "intro")
    out = tmp_path / "dist"
    build(root, out, ["review"], BuildOptions(sources_dir=sources))
    line = REVIEW_STRINGS["ru"]["fingerprint"].format(fp=fingerprint)
    assert collapse(line) in collapse(pdf_text(out / "review" / "base-1.0-review-01-intro.pdf"))
    assert line in (out / "review" / "html" / "base-1.0-review.html").read_text()
    course_yml = root / "course" / "course.yml"
    course_yml.write_text(course_yml.read_text().replace("scope: clinical content",
                                                         f"scope: clinical content\n    fingerprint: {fingerprint}"))
    signed = CliRunner().invoke(cli, ["check", "--course", str(root)])
    assert signed.exit_code == 0 and "review.stale" not in signed.output and "'intro' has no signed review" not in signed.output
    module = root / "modules" / "01-intro.md"
    module.write_text(module.read_text().replace("Text with a citation", "Text changed after the sign-off, with a citation"))
    changed = CliRunner().invoke(cli, ["check", "--course", str(root)])
    assert changed.exit_code == 0, changed.output  # a warning: --strict fails on it
    assert f"signed the text with fingerprint {fingerprint}; the text has changed since" in changed.output
    assert "'intro' has no signed review yet" in changed.output, "the module counts as unreviewed again"
    build(root, out, ["review"], BuildOptions(sources_dir=sources))
    rows = collapse(pdf_text(out / "review" / "base-1.0-review-01-intro.pdf"))
    assert REVIEW_STRINGS["ru"]["stale"].format(fp=fingerprint) in rows
    # Signed again (the old entry kept, as a record): no warning, the module reviewed. A rejection that
    # went stale never signed anything: no warning either.
    now = text_fingerprint(get_course(root, Diagnostics()), "intro")
    course_yml.write_text(course_yml.read_text().replace("references:\n", (
        f"  - module: intro\n    reviewer: Dr B\n    role: lawyer\n    date: 2026-12-05\n    fingerprint: {now}\n"
        f"  - module: intro\n    reviewer: Dr C\n    role: lawyer\n    date: 2026-11-05\n    decision: rejected\n"
        f"    fingerprint: {fingerprint}\nreferences:\n"), 1))
    again = CliRunner().invoke(cli, ["check", "--course", str(root), "--strict"])
    assert again.exit_code == 0 and "review.stale" not in again.output, again.output


def test_a_local_setting_printed_in_the_text_changes_the_fingerprint_and_a_byte_order_mark_does_not(tmp_path):
    from builder.fingerprint import text_fingerprint

    root, _ = small_course(tmp_path)
    before = text_fingerprint(get_course(root, Diagnostics()), "intro")
    module = root / "modules" / "01-intro.md"
    module.write_bytes(b"\xef\xbb\xbf" + module.read_bytes().replace(b"\n", b"\r\n"))
    assert text_fingerprint(get_course(root, Diagnostics()), "intro") == before, "the same text, as Windows writes it"
    course_yml = root / "course" / "course.yml"
    course_yml.write_text(course_yml.read_text().replace("  suicide_protocol: ask", "  suicide_protocol: Кабинет 12"))
    assert text_fingerprint(get_course(root, Diagnostics()), "intro") != before, "the crisis line prints in the text"


def test_a_review_records_its_decision_and_a_rejection_signs_nothing_off(tmp_path):
    # The table had no column for the decision: any entry, whatever the reviewer concluded, counted
    # the module as reviewed.
    root, sources = small_course(tmp_path)
    course_yml = root / "course" / "course.yml"
    course_yml.write_text(course_yml.read_text().replace("scope: clinical content",
                                                         "scope: clinical content\n    decision: rejected"))
    result = CliRunner().invoke(cli, ["check", "--course", str(root)])
    assert result.exit_code == 0 and "'intro' has no signed review yet" in result.output, result.output
    out = tmp_path / "dist"
    build(root, out, ["review"], BuildOptions(sources_dir=sources))
    html = (out / "review" / "html" / "base-1.0-review.html").read_text()
    assert "<td>Dr A</td><td>infectious-disease physician</td><td>clinical content</td><td>не одобрено</td>" in html
    course = get_course(root, Diagnostics())
    assert course.reviewed_modules() == [] and course.last_review is None
    build(root, out, ["html", "scorm2004"], BuildOptions())
    assert "Dr A" not in (out / "site" / "index.html").read_text(), "not listed among the reviewers"
    import zipfile
    with zipfile.ZipFile(next(out.glob("*scorm2004.zip"))) as package:
        assert "Dr A" not in package.read("imsmanifest.xml").decode(), "not a LOM validator"


def test_the_review_html_requests_nothing_from_outside_and_an_unsourced_statement_says_so(tmp_path):
    root, sources = small_course(tmp_path)
    module = root / "modules" / "01-intro.md"
    module.write_text(module.read_text().replace("clinical_review:\n", "clinical_review:\n  - text: A legal remark "
                                                 "with no source behind it.\n", 1))
    out = tmp_path / "dist"
    build(root, out, ["review"], BuildOptions(sources_dir=sources))
    html = (out / "review" / "html" / "base-1.0-review.html").read_text()
    assert "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';" in html
    no_source = REVIEW_STRINGS["ru"]["no_source"]
    assert f'with no source behind it.</p><p class="excerpt__missing">{no_source}</p>' in html
    text = collapse(pdf_text(out / "review" / "base-1.0-review-01-intro.pdf"))
    assert f"A legal remark with no source behind it. {no_source}" in text


def test_the_reviewer_reads_a_reflections_model_answer_and_the_sources_open(tmp_path):
    # Blank writing lines stood where the model answer goes (module 7's carries first-aid advice),
    # and in the HTML the answer and the sources were behind closed disclosures, lost in print.
    from shutil import copytree

    root = tmp_path / "course"
    copytree(REPO / "builder" / "sample", root)
    course = get_course(root, Diagnostics())
    module = course.modules[0]
    answer = next(block for block in re.findall(r"::: reflect.*?\n---\n(.*?)\n:::", module.body.source, re.S))
    out = tmp_path / "dist"
    build(root, out, ["review"], BuildOptions(sources_dir=root / "sources"))
    text = collapse(pdf_text(next((out / "review").glob(f"*-{module.slug}.pdf"))))
    assert holds(text, opening(collapse(answer), 5))
    html = next((out / "review" / "html").glob("*.html")).read_text()
    assert '<details open class="reflect__answer">' in html and '<details open class="references__details"' in html
    assert "&lt;details" not in html and "<details>" not in html


def test_a_sign_off_table_starts_on_the_page_of_its_heading_and_the_line_it_signs(tmp_path):
    """Wherever the page breaks, the heading «Подписи рецензентов» and the fingerprint line above the
    table go with the table: left alone at a page's foot they sign nothing (seen in module 3's edition)."""
    from pypdf import PdfReader

    from builder.targets.typeset import typeset

    columns = ", ".join(f"[{name}]" for name in ("Рецензент", "Роль", "Проверено", "Решение", "Дата", "Подпись"))
    table = f"#signoff-table([FINGERPRINT-LINE], ({columns},), (([Dr A], [clinician], [], [], [], []),), ([lawyer],))"
    split = set()
    for words in range(440, 720, 6):
        path = tmp_path / f"{words}.pdf"
        # (a title and a level 1 first: the engine lays out PDF/UA only)
        typeset(f"#set document(title: [Подписи])\n#heading(level: 1)[Модуль]\n#lorem({words})\n\n"
                f"#heading(level: 2)[SIGN-OFF-HEADING]\n{table}\n", path)
        pages = [page.extract_text() for page in PdfReader(path).pages]
        where = {mark: next(i for i, page in enumerate(pages) if mark in page)
                 for mark in ("SIGN-OFF-HEADING", "FINGERPRINT-LINE", "Подпись", "Dr A", "lawyer")}
        assert len(set(where.values())) == 1, (words, where)
        split.add(len(pages))
    assert split == {1, 2}, "the filler pushes the table across a page break somewhere in the range"
