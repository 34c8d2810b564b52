"""Print handouts as a trainer gets them: the PDFs' text, answers only in the facilitator's guide,
embedded fonts, outline, page numbers, metadata, paper size, determinism; and how the print
pipeline behaves when its cache is damaged, its disk is full, its engine is missing or it is killed."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from builder.build import build, get_course
from builder.errors import Diagnostics
from builder.i18n import translator
from builder.targets import BuildOptions
from pdf_layout import (A4_TEXT_RIGHT, BOTTOM_MARGIN_PT, CELL_INSET, TOP_MARGIN_PT, filled_to, overlapping_words, page_of,
                        pages_with_text_below_the_body, table_cells, word_boxes, words_in_order)

SAMPLE = Path(__file__).resolve().parents[1] / "builder" / "sample"
REPO_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
REPO = Path(__file__).resolve().parents[1]
t, plural = translator("ru")
ANSWER_MARKERS = [t("handout_correct"), "✓ " + t("handout_correct_mark"), t("handout_model_answer"), t("handout_best_path")]


def pdf_text(path: Path) -> str:
    """The PDF's text with whitespace collapsed (line breaks fall anywhere in a paragraph) and
    hyphenated words joined again (the hyphen hyphenation adds is extracted as a soft hyphen)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", re.sub("\u00ad\\s*", "", out))


def words(text: str, limit: int = 8) -> str:
    """The first words of a text, whitespace collapsed: enough to find it, short enough not to cross a page."""
    return " ".join(re.sub(r"\s+", " ", text).split()[:limit])


def handouts_of(root: Path, out: Path, paper: str = "A4") -> dict[str, Path]:
    build(root, out, ["handout"], BuildOptions(paper=paper))
    return {p.name: p for p in (out / "handouts").glob("*.pdf")}


def module_handout_with(course: Path, out: Path, markdown: str) -> Path:
    """The first module's handout laid out with `markdown` added at the end of its text."""
    module = course / "modules" / "01-listening.md"
    module.write_text(module.read_text(encoding="utf-8") + markdown, encoding="utf-8")
    build(course, out, ["handout"])
    return out / "handouts" / "module-01-listening.pdf"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    course = get_course(SAMPLE, Diagnostics())
    return course, handouts_of(SAMPLE, tmp_path_factory.mktemp("handouts"))


def documents(course, pdfs):
    base = f"{course.id}-{course.version}"
    return pdfs[f"{base}-learner.pdf"], pdfs[f"{base}-worksheets.pdf"], pdfs[f"{base}-facilitator-guide.pdf"]


def test_every_document_is_written(sample):
    course, pdfs = sample
    expected = {f"{course.id}-{course.version}-{kind}.pdf" for kind in ("learner", "worksheets", "facilitator-guide")}
    expected |= {f"module-{m.slug}.pdf" for m in course.modules}
    assert set(pdfs) == expected


def test_every_module_title_and_question_is_printed(sample):
    course, pdfs = sample
    learner, worksheets, guide = (pdf_text(p) for p in documents(course, pdfs))
    for module in course.modules:
        assert module.title in learner
        assert module.title in pdf_text(pdfs[f"module-{module.slug}.pdf"])
        for question in course.quizzes[module.quiz_id].questions:
            assert words(question.prompt.plain) in worksheets, question.id
            assert words(question.prompt.plain) in guide, question.id


def test_answers_are_only_in_the_facilitators_guide(sample):
    course, pdfs = sample
    learner, worksheets, guide = (pdf_text(p) for p in documents(course, pdfs))
    module_texts = [pdf_text(pdfs[f"module-{module.slug}.pdf"]) for module in course.modules]
    for marker in ANSWER_MARKERS:
        assert marker not in learner and marker not in worksheets, marker
        for text in module_texts:
            assert marker not in text, marker
    questions = [q for quiz in course.quizzes.values() for q in quiz.questions]  # the final's own bank too
    assert guide.count(t("handout_correct")) == len(questions)
    # Each correct answer is in the guide: the accepted fill-in answers, the numeric value, the true/false verdict.
    for question in questions:
        if question.type == "fill_in":
            assert " / ".join(question.answers) in guide
        if question.type == "numeric":
            assert f"{t('handout_correct')}: {question.answer:g}" in guide
        if question.type == "matching":
            # with the letter the worksheet gives the match (the right-hand column is shuffled there)
            from builder.targets.pages import matching_rights
            from builder.targets.paper import Letters

            letter = {i: Letters(t("handout_letters"))[n] for n, (i, _) in enumerate(matching_rights(question))}
            for i, pair in enumerate(question.pairs):
                assert f"{pair.left.plain} → {letter[i]}) {pair.right.plain}" in guide


def test_reflection_prompts_get_lines_for_the_learner_and_model_answers_for_the_facilitator(sample):
    course, pdfs = sample
    learner, _, guide = (pdf_text(p) for p in documents(course, pdfs))
    assert t("handout_write_here") in learner
    answer = "Например, с вопроса о том, что для него сейчас важно"
    assert answer in guide and answer not in learner


def test_no_interactive_labels_on_paper(sample):
    course, pdfs = sample
    for pdf in documents(course, pdfs):
        text = pdf_text(pdf)
        for label in (t("check"), t("submit"), t("resume_yes"), t("move_up"), "Показать образец ответа"):
            assert label not in text, (pdf.name, label)


def test_fonts_are_embedded(sample):
    _, pdfs = sample
    for pdf in pdfs.values():
        out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
        rows = out.splitlines()[2:]
        assert rows, pdf.name
        for row in rows:
            # columns: name type encoding emb sub uni object ID; emb is the 5th from the end, sub the 4th
            assert row.split()[-5] == "yes" and row.split()[-4] == "yes", (pdf.name, row)
            assert "DejaVu" in row, "only the bundled fonts"


def test_outline_has_an_entry_per_module_and_pages_are_numbered(sample):
    course, pdfs = sample
    learner, worksheets, guide = documents(course, pdfs)
    reader = PdfReader(learner)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    for module in course.modules:
        assert any(module.title in title for title in titles), (module.title, titles)
    pages = len(reader.pages)
    last = reader.pages[-1].extract_text()
    assert t("handout_page", page=pages, pages=pages) in last
    assert t("handout_page", page=2, pages=pages) in reader.pages[1].extract_text()
    guide_titles = [item.title for item in PdfReader(guide).outline if not isinstance(item, list)]
    assert sum(module.title in title for module in course.modules for title in guide_titles) >= len(course.modules)


def test_a_worksheets_modules_and_final_start_on_a_right_hand_page(sample):
    # Printed on both sides, a module's last page and the next module's first (with its own name line)
    # shared a sheet, and a trainer could not hand out one module's sheets (a print audit).
    course, pdfs = sample
    reader = PdfReader(documents(course, pdfs)[1])
    starts = [reader.get_destination_page_number(item) + 1 for item in reader.outline if not isinstance(item, list)]
    assert len(starts) == len(course.modules) + 1 and all(page % 2 == 1 for page in starts), starts
    # (a page of a running header and a footer alone: the back of a module's last sheet)
    blank = [number for number, page in enumerate(reader.pages, 1) if len(page.extract_text()) < 120]
    assert blank and all(number + 1 in starts for number in blank), (blank, starts)


def test_contents_page_gives_each_modules_page_number(sample):
    course, pdfs = sample
    learner = documents(course, pdfs)[0]
    reader = PdfReader(learner)
    toc = re.sub(r"\s+", " ", reader.pages[1].extract_text())
    for module in course.modules:
        page = next(i + 1 for i, p in enumerate(reader.pages) if i > 1 and module.title in p.extract_text())
        assert re.search(re.escape(module.title) + r"[ .]*" + str(page), toc), (module.title, page, toc)


def test_contents_set_module_numbers_in_a_column_and_a_long_title_wraps_under_its_title(sample_copy, tmp_path):
    """A title longer than the contents' line went on at the margin, under «Модуль 1.», the leader
    could shrink to one dot before the page number, and a line could end at a one-letter word («…и с»).
    The numbers now stand in a column of their own, a title wraps under its first word, at least three
    dots lead to every page number, a one-letter word goes with the word after it, and the bookmark
    still starts with the number."""
    long_title = "Активное слушание: как показать собеседнику, что вы его слышите и с ним, а не спорите о словах"
    module = sample_copy / "modules" / "01-listening.md"
    module.write_text(module.read_text().replace("title: Активное слушание", f"title: '{long_title}'", 1))
    learner = documents(get_course(sample_copy, Diagnostics()), handouts_of(sample_copy, tmp_path / "dist"))[0]
    height, words = word_boxes(learner)[1]
    # (the page's title, «Содержание», first; the footer's line below the text)
    rows = lines_of([word for word in words[1:] if word[1] <= height - BOTTOM_MARGIN_PT])
    numbered = [row for row in rows if row[0][4] == t("module_n", n=1).split()[0]]
    assert len(numbered) == 2, [" ".join(w[4] for w in row) for row in rows]
    title_left = {round(row[2][0], 1) for row in numbered}
    assert len(title_left) == 1 and min(title_left) > numbered[0][1][2], "titles in one column, after the numbers"
    wrapped = rows[rows.index(numbered[0]) + 1]
    assert round(wrapped[0][0], 1) in title_left, "the long title goes on under its first word"
    for row in rows:
        if row[-1][4].isdigit():
            assert [w[4] for w in row[-4:-1]] == [".", ".", "."], " ".join(w[4] for w in row)
        last_word = [w[4] for w in row if w[4] != "."][-1 - row[-1][4].isdigit()]
        assert len(last_word) > 1, f"a one-letter word ends a line: {' '.join(w[4] for w in row)}"
    bookmarks = [item.title for item in PdfReader(learner).outline if not isinstance(item, list)]
    assert bookmarks[0] == f"{t('module_n', n=1)}. {long_title}"


def test_no_line_of_print_starts_with_a_dash_between_words(sample_copy, tmp_path):
    """A dash between words stays on the line of the word before it: a line that starts «— о них»
    reads as a new speaker's line (19 lines of the learner handout, 31 of the guide did). Texts the
    parser reads and plain lines alike; a dash that opens a reply still starts its line."""
    paragraph = " ".join(f"Слово{n} — слово, и ещё одно слово{n} – другое." for n in range(40))
    pdf = module_handout_with(sample_copy, tmp_path / "dist", f"\n\n{paragraph}\n\n**Итог** {paragraph}\n\n— Реплика.\n")
    starts = [words[0][4] for _, page in word_boxes(pdf) for words in lines_of(page)]
    assert starts.count("—") == 1, "only the reply's"
    assert "–" not in starts


def lines_of(words: list) -> list[list]:
    """A page's words grouped into lines (by their top), each from left to right."""
    lines: dict[float, list] = {}
    for word in words:
        lines.setdefault(round(word[1], 1), []).append(word)
    return [sorted(line) for _, line in sorted(lines.items())]


def test_metadata_title_author_language_and_tags(sample):
    course, pdfs = sample
    for pdf in documents(course, pdfs):
        reader = PdfReader(pdf)
        assert course.title in reader.metadata.title
        assert course.authors[0].name in reader.metadata.author
        # What a library or an LMS lists under the title: the course's description
        assert reader.metadata.subject == " ".join(course.description.split())
    for module in course.modules:  # a module's own handout: its summary
        assert PdfReader(pdfs[f"module-{module.slug}.pdf"]).metadata.subject == " ".join(module.summary.split())
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "ru"
        assert "/StructTreeRoot" in root, "tagged PDF"
        # Marked, and nothing suspect: what ISO 32000 asks of a tagged PDF. Poppler's pdfinfo prints
        # "Syntax Error: Suspects object is wrong type (boolean)" for this valid `false` (its check
        # takes any value but `true` for a wrong type): the message is Poppler's, the file is sound.
        assert root["/MarkInfo"] == {"/Marked": True, "/Suspects": False}


def test_internal_links_are_clickable(sample):
    course, pdfs = sample
    learner = PdfReader(documents(course, pdfs)[0])
    kinds = set()
    for page in learner.pages:
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link":
                kinds.add("internal" if "/Dest" in annot or "/D" in annot.get("/A", {}) else "external")
    assert "internal" in kinds


def test_letter_paper(tmp_path):
    pdfs = handouts_of(SAMPLE, tmp_path, paper="Letter")
    box = PdfReader(next(iter(pdfs.values()))).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_handouts_are_deterministic(sample, tmp_path):
    _, first = sample
    second = handouts_of(SAMPLE, tmp_path)
    for name, path in first.items():
        assert path.read_bytes() == second[name].read_bytes(), name


def test_only_the_pdfs_are_written_and_only_used_images_are_read(sample_copy, tmp_path):
    assets = sample_copy / "course" / "assets"
    (assets / ".env").write_text("SECRET=1\n")
    (assets / "unused.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    out = tmp_path / "out"
    build(sample_copy, out, ["handout"], BuildOptions())
    written = {p.relative_to(out / "handouts").as_posix() for p in (out / "handouts").rglob("*")}
    assert written == {p.name for p in (out / "handouts").glob("*.pdf")}, written
    for pdf in (out / "handouts").glob("*.pdf"):
        assert b"SECRET" not in pdf.read_bytes()


def test_bundled_course_handouts_print_every_module_and_question(tmp_path):
    course = get_course(REPO, Diagnostics())
    assert course is not None
    pdfs = handouts_of(REPO, tmp_path)
    learner, worksheets, guide = (pdf_text(p) for p in documents(course, pdfs))
    for module in course.modules:
        assert module.title in learner
        for question in course.quizzes[module.quiz_id].questions:
            assert words(question.prompt.plain, 6) in worksheets, question.id
            assert words(question.prompt.plain, 6) in guide, question.id
    for marker in ANSWER_MARKERS:
        assert marker not in learner and marker not in worksheets
    notes = [n for m in course.modules for n in course.flagged_in(m)] + course.flagged_in_final()
    assert guide.count(t("handout_signoff_mark").split(":")[0]) == len(notes)
    # The final's answer keys (half a page and more each) were each kept on one page: 41 of its pages
    # were a third to half empty. A long key runs on over the next page; every page but the part's last is full.
    reader = PdfReader(documents(course, pdfs)[2])
    starts = [reader.get_destination_page_number(item) + 1 for item in reader.outline if not isinstance(item, list)]
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    first = starts[titles.index(course.final_quiz.title)]
    last = starts[titles.index(course.final_quiz.title) + 1] - 1
    filled = filled_to(documents(course, pdfs)[2])[first - 1:last - 1]
    assert len(filled) > 20 and min(filled) > 0.75, [(first + i, round(f, 2)) for i, f in enumerate(filled) if f <= 0.75]
    # What ended a page with what it heads overleaf: a key's «Пояснение» over one line of its text,
    # and the questions for the cases with every case on the next page (four pages of the guide).
    titles = {t(key) for key in ("explanation", "handout_feedback_correct", "handout_feedback_incorrect")}
    for number, (height, page_words) in enumerate(word_boxes(documents(course, pdfs)[2]), 1):
        body = [" ".join(word[4] for word in line) for line in lines_of(page_words)
                if TOP_MARGIN_PT < line[0][1] and line[0][3] < height - BOTTOM_MARGIN_PT + 4]
        assert not titles & set(body[-2:]), (number, body[-2:])
    discussion = [page for page in (p.extract_text() for p in reader.pages) if t("handout_discussion") in page]
    assert len(discussion) == len([m for m in course.modules if "::: case" in m.body.source])
    for page in discussion:
        label = t("case").rstrip(":").upper()  # a case's label, in capitals over its title
        assert f"\n{label} " in page.split(t("handout_discussion"))[1], page[-300:]


def cached_build(monkeypatch, cache: Path) -> list[set[str]]:
    """Turn the PDF cache on in `cache`; return a list that gets, per build, the names of the PDFs laid out."""
    import builder.targets.typeset as typeset

    monkeypatch.delenv("COURSE_NO_CACHE")
    monkeypatch.setenv("COURSE_CACHE_DIR", str(cache))
    laid_out: list[set[str]] = []
    real_all, real_one = typeset.typeset_all, typeset.typeset
    monkeypatch.setattr(typeset, "typeset_all", lambda *args, **kw: (laid_out.append(set()), real_all(*args, **kw)))
    monkeypatch.setattr(typeset, "typeset", lambda markup, pdf, *args: (laid_out[-1].add(pdf.name), real_one(markup, pdf, *args)))
    return laid_out


def test_a_rebuild_lays_out_only_the_documents_whose_sources_changed(tmp_path, sample_copy, monkeypatch):
    laid_out = cached_build(monkeypatch, tmp_path / "cache")
    root = sample_copy
    first = handouts_of(root, tmp_path / "one")
    again = handouts_of(root, tmp_path / "two")
    assert laid_out[1] == set(), "nothing changed: every PDF comes from the cache"
    assert {name: p.read_bytes() for name, p in first.items()} == {name: p.read_bytes() for name, p in again.items()}
    module = root / "modules" / "02-questions.md"
    module.write_text(module.read_text().replace("Закрытые вопросы", "Закрытые вопросы (правка)"))
    edited = handouts_of(root, tmp_path / "three")
    assert "module-02-questions.pdf" in laid_out[2] and "sample-course-0.1.0-learner.pdf" in laid_out[2]
    assert "module-01-listening.pdf" not in laid_out[2] and "sample-course-0.1.0-worksheets.pdf" not in laid_out[2]
    assert "(правка)" in pdf_text(edited["module-02-questions.pdf"])
    assert edited["module-01-listening.pdf"].read_bytes() == first["module-01-listening.pdf"].read_bytes()


def test_a_damaged_cache_entry_is_laid_out_again_not_shipped(tmp_path, monkeypatch):
    laid_out = cached_build(monkeypatch, tmp_path / "cache")
    first = handouts_of(SAMPLE, tmp_path / "one")
    entries = sorted((tmp_path / "cache" / "pdf").glob("*.pdf"))
    assert len(entries) == len(first)
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:1000])  # truncated, as a full disk or a crash leaves it
    again = handouts_of(SAMPLE, tmp_path / "two")
    assert laid_out[1] == set(first), "every damaged entry is laid out again"
    for name, path in first.items():
        assert again[name].read_bytes() == path.read_bytes(), name
    assert not any(len(e.read_bytes()) == 1000 for e in (tmp_path / "cache" / "pdf").glob("*.pdf")), "damaged entries are removed"


def test_a_full_disk_under_the_cache_leaves_no_partial_files_and_the_build_succeeds(tmp_path, monkeypatch):
    import errno

    cached_build(monkeypatch, tmp_path / "cache")
    real_write = Path.write_bytes

    def disk_full(path: Path, data: bytes):
        if path.name.endswith(".part"):
            real_write(path, data[:100])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    pdfs = handouts_of(SAMPLE, tmp_path / "out")
    monkeypatch.setattr(Path, "write_bytes", real_write)
    assert all(PdfReader(p).pages for p in pdfs.values())
    assert list((tmp_path / "cache" / "pdf").iterdir()) == []


def test_a_missing_print_engine_is_named_with_the_command_that_installs_it(sample_copy, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from builder.cli import cli

    monkeypatch.setitem(sys.modules, "typst", None)  # `import typst` raises ImportError
    result = CliRunner().invoke(cli, ["build", "--course", str(sample_copy), "--out", str(tmp_path / "out"), "--format", "handout"])
    assert result.exit_code == 1, result.output
    assert "pip install typst" in result.output and "[build.handout-deps]" in result.output
    assert not (tmp_path / "out").exists()


def test_layout_leaves_no_temporary_files(sample_copy, tmp_path):
    """The engine runs in this process, on threads: nothing is written outside the output folder."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "COURSE_NO_CACHE": "1"}
    done = subprocess.run([sys.executable, "-m", "builder", "build", "--course", str(sample_copy), "--out", str(tmp_path / "out"),
                           "--format", "handout"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert list(temp.iterdir()) == []


def test_killing_a_build_during_layout_leaves_no_process_holding_its_output(sample_copy, tmp_path):
    """A `course build | tee log` (or a CI step) ends when the build is killed: nothing else keeps the pipe open."""
    env = {**os.environ, "COURSE_NO_CACHE": "1"}
    build_process = subprocess.Popen([sys.executable, "-m", "builder", "-v", "build", "--course", str(sample_copy), "--out", str(tmp_path / "out"),
                                      "--format", "handout"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in build_process.stderr:
        if "handouts" in line or "html built" in line.lower():
            break  # the handout target has started
    build_process.send_signal(signal.SIGKILL)
    try:
        build_process.communicate(timeout=60)  # returns only when every holder of the pipes is gone
    except subprocess.TimeoutExpired:
        pytest.fail("a process still holds the build's output after the build was killed")
    assert build_process.returncode == -signal.SIGKILL


def test_special_characters_of_the_text_are_printed_as_written(sample_copy, tmp_path):
    module = sample_copy / "modules" / "01-listening.md"
    nasty = "Символы #set *жирный* _курсив_ $x$ @ref 1 < 2 > 0 = a // b /* c */ [x] ~ \\ `code` 100% и «кавычки»."
    module.write_text(module.read_text(encoding="utf-8") + "\n\nСтрока: " + nasty.replace("*", "\\*").replace("_", "\\_").replace("`", "\\`").replace("[", "\\[") + "\n", encoding="utf-8")
    pdfs = handouts_of(sample_copy, tmp_path / "out")
    assert nasty.replace("\\\\", "\\") in pdf_text(pdfs["module-01-listening.pdf"])


def test_russian_text_is_hyphenated_and_pages_carry_running_headers(sample):
    course, pdfs = sample
    learner = documents(course, pdfs)[0]
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(learner), "-"], check=True, capture_output=True, text=True).stdout
    assert re.search("[а-яё]\u00ad\n", raw), "no word was hyphenated"
    reader = PdfReader(learner)
    module = course.modules[0]
    start = next(i for i, page in enumerate(reader.pages) if i > 1 and module.title in page.extract_text())
    header = reader.pages[start + 1].extract_text()
    assert course.title in re.sub(r"\s+", " ", header) or course.title.split()[0] in header
    assert module.title.split()[0] in header
    # The running title alone on the header's line, the course's title in the footer: beside each
    # other both wrapped to two lines on every page of the bundled handouts.
    layout = subprocess.run(["pdftotext", "-layout", "-f", str(start + 2), "-l", str(start + 2), str(learner), "-"],
                            check=True, capture_output=True, text=True).stdout
    lines = [line.strip() for line in layout.splitlines() if line.strip()]
    assert lines[0] == module.title, lines[:2]
    assert re.match(rf"{re.escape(course.title)} · {t('handout_learner')}\s+Стр\. \d+ из \d+$", lines[-1]), lines[-1]


def test_the_creation_date_comes_from_source_date_epoch_or_the_review_date(sample, tmp_path, monkeypatch):
    course, pdfs = sample
    review = course.last_review
    assert review is not None, "the sample records a review"
    assert PdfReader(documents(course, pdfs)[0]).metadata.creation_date.date() == review
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    again = handouts_of(SAMPLE, tmp_path)
    assert PdfReader(documents(course, again)[0]).metadata.creation_date.year == 2023


def test_a_course_with_no_date_known_prints_none_rather_than_1980(sample_copy, tmp_path, monkeypatch):
    # Document Properties said «1 января 1980»: the bundled course records no review yet.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    edit(sample_copy / "course" / "course.yml", "    scope: клиническое содержание и тесты\n", "")
    edit(sample_copy / "course" / "course.yml", "reviews:                  # signed reviews: the pages show the date of the latest one\n"
         "  - module: course        # a module id, glossary, or course (every module)\n    reviewer: Рецензент\n"
         "    role: клинический рецензент\n    date: 2026-01-15\n", "reviews: []\n")
    course = get_course(sample_copy, Diagnostics())
    for pdf in documents(course, handouts_of(sample_copy, tmp_path / "out")):
        reader = PdfReader(pdf)
        assert reader.metadata.creation_date is None and b"1980" not in pdf.read_bytes(), pdf.name
        assert reader.xmp_metadata is None or reader.xmp_metadata.xmp_create_date is None


def test_the_pocket_protocol_is_a_one_page_card_with_its_sources(sample_copy, tmp_path):
    module = sample_copy / "modules" / "01-listening.md"
    pocket = ("\n\n::: pocket Карманный протокол: первая встреча\n"
              "1. **Безопасность.** Скажите, что спрашиваете всех [@guide:4].\n"
              "2. **Отражение.** Повторите сказанное своими словами [@guide:3].\n:::\n")
    module.write_text(module.read_text(encoding="utf-8") + pocket, encoding="utf-8")
    pdfs = handouts_of(sample_copy, tmp_path / "out")
    card = pdfs["sample-course-0.1.0-pocket.pdf"]
    assert len(PdfReader(card).pages) == 1
    text = pdf_text(card)
    assert "Карманный протокол: первая встреча" in text and "Повторите сказанное своими словами" in text
    assert "Пример курса · Версия 0.1.0" in text, "which edition of the course the card belongs to"
    assert "Памятка, строка 3" in text and "Памятка, строка 4" in text, "each fact keeps its source, by short name"
    # Numbered from 1 in the card's own order, not with the module text's numbers («[10] … [49]»).
    assert "спрашиваете всех [1]" in text and "своими словами [2]" in text, text
    assert "[1] Памятка, строка 4; [2] Памятка, строка 3" in text, text  # «строка» as everywhere
    assert "Карманный протокол: первая встреча" in pdf_text(pdfs["module-01-listening.pdf"]), "and it stays in the module text"
    # Short, it is a card folded to pocket size: two copies a sheet, each half of it, the cut between
    # them and the fold down each (it was an A4 strip to cut off: the PDF audit).
    assert text.count("Повторите сказанное своими словами") == 2
    assert "✂ разрежьте лист по линии и сложите карточку пополам по пунктиру: она войдёт в карман" in text
    height = float(PdfReader(card).pages[0].mediabox.height)
    top, bottom = [word[1] for _, word in words_in_order(card) if word[4] == "Повторите"]
    assert bottom - top == pytest.approx(height / 2, abs=1), "the second copy is the first one half a sheet lower"
    # The fold ran through the note («вой¦дёт в карман»): the note keeps to the left panel.
    width = float(PdfReader(card).pages[0].mediabox.width)
    words = [word for _, word in words_in_order(card)]
    note = words[[w[4] for w in words].index("✂"):][:15]
    assert note[-1][4] == "карман" and max(right for _, _, right, _, _ in note) < width / 2 - 5, note


def test_a_pocket_protocol_too_long_to_fold_is_printed_across_the_sheet(sample_copy, tmp_path):
    module = sample_copy / "modules" / "01-listening.md"
    steps = "".join(f"{n}. **Шаг {n}.** Скажите, что спрашиваете всех, и объясните почему, спокойно и без "
                    f"оценок, как это делают консультанты на приёме [@guide:4].\n" for n in range(1, 21))
    module.write_text(module.read_text(encoding="utf-8") + f"\n\n::: pocket Длинный протокол\n{steps}:::\n",
                      encoding="utf-8")
    card = handouts_of(sample_copy, tmp_path / "out")["sample-course-0.1.0-pocket.pdf"]
    text = pdf_text(card)
    assert len(PdfReader(card).pages) == 1 and text.count("Шаг 20.") == 1, "once, on the sheet's width"
    assert text.rstrip().endswith("✂ отрежьте по линии, чтобы носить с собой"), text[-200:]


@pytest.mark.parametrize("steps", [2, 20])
def test_a_course_with_several_pocket_protocols_prints_them_on_one_card(sample_copy, tmp_path, steps):
    # Two `::: pocket` blocks stopped the build (the card's first heading was a protocol's, of level
    # 2, and a tagged PDF's first heading must be of level 1), though `course check` passed.
    for name, title in (("01-listening.md", "Первая встреча"), ("02-questions.md", "Повторный визит")):
        module = sample_copy / "modules" / name
        items = "".join(f"{n}. Шаг {n} протокола «{title}», спокойно и без оценок [@guide:4].\n"
                        for n in range(1, steps + 1))
        module.write_text(module.read_text(encoding="utf-8") + f"\n\n::: pocket {title}\n{items}:::\n",
                          encoding="utf-8")
    card = handouts_of(sample_copy, tmp_path / "out")["sample-course-0.1.0-pocket.pdf"]
    text = pdf_text(card)
    assert len(PdfReader(card).pages) == 1 and text.index("Первая встреча") < text.index("Повторный визит")
    assert heading_levels(card)[:3] == [1, 2, 2], "the card's title, then each protocol under it"
    assert text.count("Шаг 2 протокола «Повторный визит»") == (2 if steps == 2 else 1), "folded when short"


@pytest.mark.parametrize("protocols,steps,words,folded", [(12, 3, 5, False), (4, 6, 14, False), (3, 8, 9, False),
                                                         (3, 3, 4, True)])
def test_a_card_of_several_protocols_is_folded_only_when_it_fits_the_fold(sample_copy, tmp_path, protocols, steps,
                                                                          words, folded):
    # Several protocols' titles and sources were not counted: estimated to fit, a card of twelve
    # short protocols was folded and ran across the cut into its second copy, drawn over it.
    module = sample_copy / "modules" / "01-listening.md"
    blocks = "".join(
        f"\n\n::: pocket Протокол {p}\n" + "".join(
            f"{n}. Шаг {n}: {' '.join(['спокойно'] * words)} [@guide:4].\n" for n in range(1, steps + 1)) + ":::\n"
        for p in range(1, protocols + 1))
    module.write_text(module.read_text(encoding="utf-8") + blocks, encoding="utf-8")
    card = handouts_of(sample_copy, tmp_path / "out")["sample-course-0.1.0-pocket.pdf"]
    assert not overlapping_words(card), overlapping_words(card)[:5]
    text = pdf_text(card)
    assert text.count(f"Протокол {protocols} 1. Шаг 1:") == (2 if folded else 1), "two copies a sheet when folded"
    assert text.count(f"Шаг {steps}:") == protocols * (2 if folded else 1)


@pytest.mark.parametrize("include,says", [
    ("", "Итоговый тест задаёт свои вопросы, они ниже: для каждой попытки выбирается 4 из 6."),
    ("include: [q-listening]\n", "Итоговый тест задаёт свои вопросы (они ниже) и вопросы тестов модулей (они в "
                                 "рабочих листах модулей): для каждой попытки выбирается 4 из 10.")])
def test_the_final_s_worksheet_says_where_its_questions_are(sample_copy, tmp_path, include, says):
    # A final with a bank of its own was introduced as «составляется из вопросов тестов модулей…
    # Используйте рабочие листы модулей», above the 59 questions of its own it printed.
    final = sample_copy / "quizzes" / "final.yml"
    final.write_text(final.read_text(encoding="utf-8").replace("pool:\n", include + "pool:\n", 1), encoding="utf-8")
    pdfs = handouts_of(sample_copy, tmp_path / "out")
    sheet = pdf_text(pdfs["sample-course-0.1.0-worksheets.pdf"])
    assert says in sheet and "составляется из вопросов тестов модулей" not in sheet
    own = sheet[sheet.index("Собственные вопросы итогового теста"):]
    assert "Зачем консультант пересказывает" in own and "listen" not in own


def test_local_settings_are_printed_or_say_to_ask_the_organisation(sample_copy, tmp_path):
    course_yml = sample_copy / "course" / "course.yml"
    course_yml.write_text(course_yml.read_text(encoding="utf-8") + "local:\n  crisis_line: 8-800-000-00-00\n  referral_contacts: ask\n", encoding="utf-8")
    module = sample_copy / "modules" / "01-listening.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n\nЛиния: {{local.crisis_line}}. Куда: {{local.referral_contacts}}.\n", encoding="utf-8")
    pdf = handouts_of(sample_copy, tmp_path / "out")["module-01-listening.pdf"]
    text = pdf_text(pdf)
    assert "Линия: 8-800-000-00-00." in text and "уточните в своей организации" in text and "{{" not in text
    # The line to write on starts a line of its own, at the text's left edge (the full stop after it sits
    # 40 mm in): at the end of a justified line it did not fit, and the words before it were stretched.
    words = [word for _, page in word_boxes(pdf) for word in page]
    asked = max(i for i, word in enumerate(words) if word[4] == "организации:")
    after, left_edge = words[asked + 1], min(word[0] for word in words)
    assert after[4] == "." and after[1] > words[asked][3], (words[asked], after)
    assert 40 / 25.4 * 72 <= after[0] - left_edge <= 40 / 25.4 * 72 + 3, (after, left_edge)


def test_a_killed_builds_staging_folder_is_removed_by_the_next_build(sample_copy, tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a process id that no longer runs
    stale = tmp_path / f".out-building-{dead.pid}-x1y2"
    (stale / "handouts").mkdir(parents=True)
    mine = tmp_path / f".out-building-{os.getpid()}-live"  # a build still running in this process
    mine.mkdir()
    build(sample_copy, tmp_path / "out", ["html"], BuildOptions())
    assert not stale.exists() and mine.exists()


def test_an_image_the_engine_cannot_read_is_a_course_error_not_a_crash(sample_copy, tmp_path):
    from click.testing import CliRunner

    from builder.cli import cli

    (sample_copy / "course" / "assets" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"not an image" * 10)
    module = sample_copy / "modules" / "01-listening.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n\n![Схема](assets/broken.png)\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--course", str(sample_copy), "--out", str(tmp_path / "out"), "--format", "handout"])
    assert result.exit_code == 1, result.output
    assert "could not be laid out" in result.output and "[build.handout-layout]" in result.output
    assert not (tmp_path / "out").exists()


def test_the_shared_font_set_lays_out_what_a_font_folder_does(tmp_path):
    """Every PDF of a build shares one font set (read once); with math and code, which take Typst's
    own fonts, the bytes are those of a compile that searches the font folder itself."""
    import typst

    import builder.targets.typeset as typeset

    markup = ('#show: handout.with(title: "Шрифты")\n= Заголовок\n\n'
              'Текст `код` #math.equation(alt: "икс в квадрате", $x^2$) #raw("x = 1", block: true)\n')
    typeset.typeset(markup, tmp_path / "shared.pdf")
    searched = typst.compile((typeset.prelude() + "\n" + markup).encode(), format="pdf", root=str(typeset.FONTS),
                             font_paths=[str(typeset.FONTS)], ignore_system_fonts=True,
                             timestamp=typeset.DEFAULT_EPOCH, pdf_standards=typeset.PDF_STANDARDS)
    assert (tmp_path / "shared.pdf").read_bytes() == searched
    assert typeset.fonts() is typeset.fonts()


def test_layout_runs_one_thread_per_cpu_the_process_may_use(tmp_path, monkeypatch):
    import builder.targets.typeset as typeset
    from builder.model import Loc

    workers: list[int] = []
    real_pool = typeset.ThreadPoolExecutor
    # As `taskset -c 5` leaves a process on a machine with more CPUs.
    monkeypatch.setattr(typeset.os, "sched_getaffinity", lambda pid: {5}, raising=False)
    monkeypatch.setattr(typeset, "ThreadPoolExecutor",
                        lambda max_workers: workers.append(max_workers) or real_pool(max_workers))
    job = typeset.Job(tmp_path / "one.pdf", '#show: handout.with(title: "x")\nТекст.\n')
    typeset.typeset_all([job], root=tmp_path, assets=[], timestamp=typeset.DEFAULT_EPOCH,
                        where=Loc("course/course.yml"))
    assert workers == [1] and len(PdfReader(job.pdf).pages) == 1


def lettered_lines(pdf: Path) -> list[tuple[float, float, float]]:
    """(left of the letter, right of the letter, left of the next word) of every line that starts
    with an option letter such as «Б)», from the PDF's word boxes."""
    words = [(x0, y0, x1, word) for _, page in word_boxes(pdf) for x0, y0, x1, _, word in page]
    # Left half only: a matching question's right-hand column is lettered too. (A line's first word:
    # a matching key names letters inside its lines, «… → Б) открытый».)
    return [(x0, x1, after[0]) for before, (x0, y0, x1, word), after in zip([None] + words, words, words[1:])
            if re.fullmatch(r"[А-Я]{1,3}\)", word) and abs(after[1] - y0) < 2 and x0 < 200
            and (before is None or abs(before[1] - y0) >= 2)]


def test_answer_options_hang_in_one_column_after_their_marks(sample):
    """Options are laid out without a grid: the marks sit in an indent of fixed width, so every
    letter (worksheets: after its box) and every answer text (the key) starts at one place."""
    course, pdfs = sample
    _, worksheets, guide = documents(course, pdfs)
    sheet, key = lettered_lines(worksheets), lettered_lines(guide)
    assert len(sheet) >= 4 and len(key) >= 4
    assert max(x0 for x0, _, _ in sheet) - min(x0 for x0, _, _ in sheet) < 0.1, "letters after their boxes align"
    texts = [text_x for _, _, text_x in key]
    assert max(texts) - min(texts) < 0.1, "answer texts in the key align"
    assert all(text_x - x1 >= 1 for _, x1, text_x in key), "a letter never touches its text"


def long_blocks_course(tmp_path: Path) -> Path:
    """The base course with a dialogue of 80 turns and a question of 40 options: each taller than
    a page, where a block kept whole runs off the page's foot."""
    from fixtures_reader import make_course

    root = make_course(tmp_path, "")
    turns = "\n".join(f"{'Врач' if n % 2 else 'Пациент'}: Реплика {n}, достаточно длинная, чтобы занять строку "
                      f"или две на странице раздаточного материала." for n in range(1, 81))
    module = root / "modules" / "01-intro.md"
    module.write_text(module.read_text(encoding="utf-8") + f"\n\n::: dialogue good Долгий разговор\n{turns}\n:::\n",
                      encoding="utf-8")
    quiz = root / "quizzes" / "01-intro.yml"
    options = "".join(f"      - text: Вариант {n}, достаточно длинный, чтобы занять строку листа и ключа\n"
                      for n in range(3, 41))
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("      - text: That one\n",
                                                             "      - text: That one\n" + options), encoding="utf-8")
    return root


def test_a_block_taller_than_a_page_runs_on_instead_of_off_the_page(tmp_path, monkeypatch):
    # Kept on one page, such a block ran off its foot and lost its end; and the 28th option had no
    # letter (the option alphabet, А to Я without Ё Й Ъ Ы Ь, has 27), which stopped the build with
    # an internal error.
    monkeypatch.setenv("COURSE_NO_CACHE", "1")
    pdfs = handouts_of(long_blocks_course(tmp_path), tmp_path / "dist")
    for name, pdf in pdfs.items():
        assert not pages_with_text_below_the_body(pdf), (name, pages_with_text_below_the_body(pdf))
    learner = next(pdf for name, pdf in pdfs.items() if name.endswith("-learner.pdf"))
    text = re.sub(r"\s+", " ", pdf_text(learner))
    assert all(f"Реплика {n}," in text for n in range(1, 81))
    worksheets = next(pdf for name, pdf in pdfs.items() if name.endswith("-worksheets.pdf"))
    sheet = subprocess.run(["pdftotext", "-layout", str(worksheets), "-"], check=True, capture_output=True,
                           text=True).stdout
    # Past Я the marks go on as spreadsheet columns do: АА), АБ) … from the 28th option on.
    assert re.search(r"Я\) +Вариант 27,", sheet) and re.search(r"АА\) +Вариант 28,", sheet)
    assert re.search(r"АН\) +Вариант 40,", sheet), "every option printed, the last with its letters"
    # In the answer key the marks hang in an indent: as wide as the widest, so «АЖ)» does not run
    # into its option's text (it did while the indent was one letter's).
    guide = next(pdf for name, pdf in pdfs.items() if name.endswith("-facilitator-guide.pdf"))
    key = lettered_lines(guide)
    assert len(key) >= 40, "every option's mark is a word of its own, before its text"
    assert all(text_x - x1 >= 1 for _, x1, text_x in key), "a mark never touches its text"


def test_option_letters_go_on_past_the_alphabet_as_spreadsheet_columns_do():
    from builder.targets.paper import Letters

    letters = Letters("АБВ")
    assert [letters[i] for i in range(13)] == ["А", "Б", "В", "АА", "АБ", "АВ", "БА", "ББ", "БВ", "ВА", "ВБ", "ВВ", "ААА"]



def test_an_image_without_a_width_prints_at_the_size_a_page_shows_it(sample_copy, tmp_path):
    # It was printed as wide as the text, whatever its size: a 200-pixel figure filled the page's
    # width. A browser shows an image at its own size in CSS pixels (whatever resolution the file
    # records), and an SVG without a width as wide as its container; paper does the same.
    from pdf_layout import colour_widths
    from test_imagesize import png

    def svg(size: str, fill: str) -> bytes:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" {size} viewBox="0 0 200 40">'
                f'<rect width="200" height="40" fill="{fill}"/></svg>').encode()

    figures = {  # file name: (bytes, its colour, the printed width in points)
        "малая схема.svg": (svg('width="200" height="40"', "#ff0000"), (255, 0, 0), 150),
        "box.svg": (svg("", "#0000ff"), (0, 0, 255), 595.28 - (20 + 18) / 25.4 * 72),  # A4 less the margins
        "photo.png": (png(200, 4, rgb=b"\x00\xff\x00"), (0, 255, 0), 150),
        "scan.png": (png(400, 4, dpi=300, rgb=b"\xff\x00\xff"), (255, 0, 255), 300),
    }
    module = sample_copy / "modules" / "01-listening.md"
    for name, (data, _, _) in figures.items():
        (sample_copy / "course" / "assets" / name).write_bytes(data)
        body = module.read_text(encoding="utf-8")
        module.write_text(body + f"\n\n![Рисунок](<assets/{name}>)\n", encoding="utf-8")
    build(sample_copy, tmp_path / "out", ["handout"])
    pdf = tmp_path / "out" / "handouts" / "module-01-listening.pdf"
    for name, (_, colour, width) in figures.items():
        assert colour_widths(pdf, colour) == [pytest.approx(width, abs=2)], name


def test_a_long_run_without_a_space_breaks_inside_the_page(sample_copy, tmp_path):
    # Typst breaks lines at spaces and where its hyphenation patterns allow: an identifier in code,
    # a path or a web address without its scheme ran off the page's right edge, its end unprinted.
    runs = ("`" + "very_long_identifier_" * 6 + "` C:\\\\Users\\\\" + "Folder" * 15 + " www.example.org/" + "path/" * 20
            + " ru.wikipedia.org/wiki/" + "%D0%90%D0%BA" * 12 + " " + "a+b" * 40 + " " + "шаг→" * 30
            + " https://example.org/" + "segment" * 20 + " `" + "переменная" * 12 + "` `" + "=" * 120 + "`")
    pdf = module_handout_with(sample_copy, tmp_path / "out", f"\n\nДлинные строки: {runs}.\n\n```\n{'x=1;' * 40}\n```\n")
    right_edge = 595.28 - 18 / 25.4 * 72  # A4 less handout.typ's right margin
    # (a line's last hyphen or colon hangs up to 2 pt into the margin, as Typst sets punctuation)
    beyond = [word for _, words in word_boxes(pdf) for _, _, right, _, word in words if right > right_edge + 3]
    assert beyond == []
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\u200b", "").replace("\n", "")
    assert "very_long_identifier_" * 6 in text and "Folder" * 15 in text and "x=1;" * 40 in text  # nothing lost
    assert "%D0%90%D0%BA" * 12 in text and "a+b" * 40 in text and "шаг→" * 30 in text
    assert "segment" * 20 in text and "переменная" * 12 in text and "=" * 120 in text


def test_a_long_run_keeps_cyrillic_words_to_hyphenation_and_web_addresses_whole(sample_copy, tmp_path):
    # The breaks go after punctuation, and every 20 Latin letters or digits: a Russian word inside a
    # long run is still hyphenated where the patterns allow, and an address with its scheme, which
    # Typst breaks itself, gets no zero-width space (it would be copied with the address).
    from builder.targets.paper import ZWSP, wrappable

    assert wrappable("(психофармакотерапевтический/психотерапевтический)") == (
        f"(психофармакотерапевтический/{ZWSP}психотерапевтический)")
    assert wrappable("https://example.org/" + "path/" * 10) == "https://example.org/" + "path/" * 10
    assert wrappable("ударе\u0301ние" * 5) == "ударе\u0301ние" * 5
    assert wrappable("e\u0301" * 45).split(ZWSP)[0] == "e\u0301" * 20  # a mark stays with its letter
    assert wrappable("(https://example.org/" + "path/" * 8 + ")") == "(https://example.org/" + "path/" * 8 + ")"
    assert wrappable("переменная" * 5, code=True) == f"переменнаяпеременная{ZWSP}переменнаяпеременная{ZWSP}переменная"


def test_a_word_with_an_abbreviation_is_never_broken_at_a_line_end(sample_copy, tmp_path):
    # Russian typesetting keeps an abbreviation whole: the patterns broke «СПИ-Дом», «НС-ВП», «ГГ-БТ».
    # Words of other lengths before each one move it along the line, so many reach a line's end; long
    # ones, so that even a paragraph broken as a whole needs hyphens.
    fillers = ["консультирование", "и", "психологический", "высококвалифицированный", "взаимодействие",
               "человеконенавистничество", "профилактики"]
    abbreviated = ["СПИДом", "НСВП", "ГГБТ", "ВИЧ-инфекцией"]
    prose = " ".join(f"{fillers[k % 7]} {fillers[(k * 3) % 7]} {abbreviated[k % 4]}" for k in range(240))
    pdf = module_handout_with(sample_copy, tmp_path / "out", "\n\n" + prose + "\n")
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    broken = ["".join(pair) for pair in re.findall(r"(\w+)\u00ad\s*(\w+)", raw)]
    assert len(broken) > 20, "the text is hyphenated at line ends"
    assert not [word for word in broken if re.search("[A-ZА-ЯЁ]{2}", word)]


def test_a_tables_row_stays_on_one_page_and_a_line_ending_in_a_colon_with_what_it_introduces(sample_copy, tmp_path):
    # A row split at a page's foot left its last words alone under empty cells; «Язык: короткий
    # чек-лист:» ended a page and its table began the next. Enough rows and introductions that some
    # reach a page's foot wherever the text starts.
    words = "взаимодействие специалиста и пациента " * 6
    rows = "".join(f"| Р{i}н {words} Р{i}к | {words[:80]} |\n" for i in range(30))
    intros = "".join(f"{'Абзац. ' * (9 * k)}\n\nВведение {k}:\n\n| А | Б |\n|---|---|\n| Т{k}с | x |\n\n"
                     for k in range(12))
    pdf = module_handout_with(sample_copy, tmp_path / "out", f"\n\n| A | B |\n|---|---|\n{rows}\n{intros}")
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]

    def page_with(word: str) -> int:
        return next(n for n, page in enumerate(pages) if word in page)

    assert len({page_with(f"Р{i}н") for i in range(30)}) > 1, "the table runs over pages"
    assert [i for i in range(30) if page_with(f"Р{i}н") != page_with(f"Р{i}к")] == []
    assert [k for k in range(12) if page_with(f"Введение {k}:") != page_with(f"Т{k}с")] == []


def test_a_short_table_is_kept_on_one_page_never_leaving_its_last_row_alone(sample_copy, tmp_path):
    # Split at a page's foot, a six-row table left its last row alone on the next page under the header
    # repeated (the learner handout's «Что просят МСМ»). Enough tables after paragraphs of growing
    # length that some reach a page's foot wherever the text starts; a long table still runs on (above).
    rows = "".join(f"| строка {i} о важном | {'пояснение к строке таблицы ' * 3} |\n" for i in range(1, 5))
    tables = "".join(f"{'Абзац. ' * (13 * k)}\n\n| А | Б |\n|---|---|\n| Ш{k}а | x |\n{rows}| Ш{k}я | y |\n\n"
                     for k in range(14))
    pdf = module_handout_with(sample_copy, tmp_path / "out", "\n\n" + tables)
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]

    def page_with(word: str) -> int:
        return next(n for n, page in enumerate(pages) if word in page)

    assert len({page_with(f"Ш{k}а") for k in range(14)}) > 3, "the tables run over several pages"
    assert [k for k in range(14) if page_with(f"Ш{k}а") != page_with(f"Ш{k}я")] == []


def fonts_of_words(pdf: Path) -> dict[str, str]:
    """Each word of a PDF's text, with the font it is set in (its first occurrence)."""
    fonts: dict[str, str] = {}

    def visit(text, _cm, _tm, font, _size):
        for word in text.split():
            if font:
                fonts.setdefault(word, str(font["/BaseFont"]))

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return fonts


def test_a_tables_header_row_and_row_names_print_in_bold_as_on_the_page(sample_copy, tmp_path):
    # The page showed them bold (`th`); paper set every cell alike. A first column with a repeated
    # name does not name its rows: it stays plain.
    named = "\n\n| Клиентка | Событие |\n|---|---|\n| Анна | сорвалась |\n| Вера | ссорилась |\n"
    unnamed = "\n\n| Неделя | Итог |\n|---|---|\n| первая | держался |\n| первая | отступил |\n"
    fonts = fonts_of_words(module_handout_with(sample_copy, tmp_path / "out", named + unnamed))
    assert [word for word in ("Клиентка", "Событие", "Анна", "Вера", "Неделя", "Итог") if "Bold" not in fonts[word]] == []
    assert [word for word in ("сорвалась", "ссорилась", "первая", "держался") if "Bold" in fonts[word]] == []


def test_a_tables_long_words_and_runs_stay_in_their_columns(sample_copy, tmp_path):
    # Columns of long runs: a fifth of the text's width or little more. An English word in a Russian course
    # was not hyphenated (Russian patterns leave it whole), nor a date and time, an identifier or a
    # number (Typst breaks a line at a hyphen only before a letter): each ran into the next column's
    # text, or off the page.
    from builder.targets.paper import ZWSP, wrappable

    table = ("\n\n| A | B | C | D | E |\n|---|---|---|---|---|\n"
             "| psychopharmacotherapeutic | CYP2D6_inhibition_factor_xx | `lopinavir_ritonavir_x` | 1234567890123456789012345 "
             "| 2026-01-15T10:00:00Z |\n| Мефедрон-метамфетамин | antiretroviral-interactions | α-PVP/3-MMC/4-MEC/NEP "
             "| a.b.c.d.e.f.g.h.i.j.k | x |\n| `abcdefghijklmnopqrstuvwxyz` | <https://who.int/hiv/data> "
             "| ivan.petrov@example.org | y | z |\n")
    pdf = module_handout_with(sample_copy, tmp_path / "out", table)
    page = next(words for _, words in word_boxes(pdf) if any(word.startswith("CYP2D6_") for *_, word in words))
    cells = table_cells(page, "ABCDE", "z")
    assert len(cells) > 10
    columns: dict[int, str] = {}
    for column, overrun, word in cells:
        assert overrun <= 0, word
        columns[column] = columns.get(column, "") + word.replace(ZWSP, "").replace("\u00ad", "")
        assert ZWSP not in word or "who.int" not in word, word  # Typst breaks a web address itself
    for column, runs in enumerate([("psychopharmacotherapeutic", "Мефедрон-метамфетамин", "abcdefghijklmnopqrstuvwxyz"),
                                   ("CYP2D6_inhibition_factor_xx", "antiretroviral-interactions",
                                    "https://who.int/hiv/data"),
                                   ("lopinavir_ritonavir_x", "α-PVP/3-MMC/4-MEC/NEP", "ivan.petrov@example.org"),
                                   ("1234567890123456789012345", "a.b.c.d.e.f.g.h.i.j.k", "y"),
                                   ("2026-01-15T10:00:00Z", "x", "z")]):
        assert columns[column] == "".join(runs)  # every character printed, in its column
    # Prose outside tables keeps its words whole up to 40 characters; a word of letters gets no break.
    assert wrappable("2026-01-15T10:00:00Z") == "2026-01-15T10:00:00Z"
    assert wrappable("psychopharmacotherapeutic", narrow=True) == "psychopharmacotherapeutic"
    assert wrappable("(2026-01-15)", narrow=True) == f"(2026-{ZWSP}01-{ZWSP}15)"
    for word in ("секс-работников", "вечеринках?»", "(не)законность"):  # Typst breaks them as it should
        assert wrappable(word, narrow=True) == word


def test_a_tables_columns_are_shared_by_what_they_hold(sample_copy, tmp_path):
    # Modules 3 and 6's tables. Typst's own columns, shrunk to the width, share it evenly among the
    # wide: a column of short bold names took as much as one of long explanations (module 3's
    # barriers, a row taller for it), and a header or a row's name broke where the line's first word
    # left too little room («Что происхо-дит», «Общая бессмыс-ленность»). A column whose longest text
    # fits an even share keeps it on one line, as before.
    tables = (
        "\n\n| Барьер | Как это выглядит для пациента | Что можно сделать |\n|---|---|---|\n"
        "| Нехватка знаний | «Все дизайнерские наркотики врачам не знакомы» [@guide:4] | Регулярно обновлять знания "
        "о веществах и практиках; знать, куда направить [@guide:4] |\n| Морализаторство | Пациент сидит, опустив "
        "глаза, потому что ему стыдно рассказать об употреблении [@guide:4] | Спокойные нейтральные вопросы с фокусом "
        "на здоровье, а не на оценке [@guide:4] |\n| Грубость и иерархия | «Чё вы сюда приперлись» [@guide:4] | "
        "Вежливость — стандарт для всех сотрудников; видимый знак открытости, например значок «френдли» [@guide:4] |\n"
        "| Вопросы в регистратуре | «А вы что, больны?» [@guide:4] | Не задавать конкретных вопросов при записи; "
        "культурная компетентность всего персонала [@guide:4] |\n| Страх утечки сведений | Боязнь, что сведения о "
        "тестировании станут известны другим [@guide:4] | Объяснить правила конфиденциальности и соблюдать их "
        "[@guide:4] |\n| Страх правовых последствий | Боязнь «попасть в списки» и получать помощь в последнюю очередь "
        "[@guide:4] | Прямо сказать, что обращаться безопасно (см. ниже) [@guide:4] |\n\n"
        "| Шкала | 0 | 10 | Уровень: фантазии → планирование → действие |\n|---|---|---|---|\n"
        "| Напряжение [@guide:4] | самое лёгкое, свободное состояние без усталости | напряжение до физической боли "
        "| 5 → 6 → 8 |\n| «Общая бессмысленность» [@guide:5] | жизнь максимально наполнена смыслом | нет никакого "
        "смысла жить | 4 → 5 → 7 |\n\n"
        "| Окно | Что происходит | Фокус работы | Пример действия |\n|---|---|---|---|\n"
        "| Жёлтое | от первых фантазий до начала планирования | самое «полезное» время: перестроить жизнь так, "
        "чтобы в ней было место отдыху | не брать сейчас очень тяжёлый проект, не «повышать веса» в зале |\n"
        "| Красное | план уже выполняется | важно снизить возможные разрушительные последствия для себя и "
        "окружающих | заранее продуманные меры снижения вреда |\n\n"
        "| Клиент | Триггер | Тип |\n|---|---|---|\n"
        "| Иван | ссора с начальником на работе | внешний → напряжение |\n"
        "| Илья | страх снова набрать вес: «Я хочу заняться химсексом, когда думаю, что начинаю толстеть» "
        "| внутренний |\n| Игорь | усталость от нагрузки, которую он сам себе организовал; ссора с партнёром, "
        "неудачный проект, сложный экзамен | внутренний и внешний |\n")
    pdf = module_handout_with(sample_copy, tmp_path / "out", tables)
    words = [word for _, page in word_boxes(pdf) for word in page]
    printed = [text for *_, text in words]
    # The names' column gives way to the explanations: «Грубость и иерархия» takes two lines.
    rude = next(i for i, text in enumerate(printed) if text == "Грубость")
    assert printed[rude + 2] == "иерархия" and words[rude + 2][1] > words[rude][1]
    for whole in ("происходит", "Пример", "действия", "Напряжение", "бессмысленность»"):  # headers, row names
        assert whole in printed, [text for text in printed if text.startswith(whole[:4])]
    kind = next(i for i, text in enumerate(printed) if text == "внешний" and printed[i + 1] == "→")
    assert printed[kind + 2] == "напряжение" and words[kind][1] == words[kind + 2][1]  # one line


def test_a_table_s_shared_out_columns_stay_on_the_page_and_are_measured_as_printed(sample_copy, tmp_path):
    # Found in review of the shared-out columns: short columns kept on one line left too little for
    # the others' longest words (the table ran past the page's edge); a web address and a path counted
    # as one word the width of the page and squeezed the rest; a glossary term was measured by its id
    # («active-listening»), and the header, no longer hyphenated, printed over the next column.
    tables = (
        "\n\n| Ресурс | Что там | Адрес |\n|---|---|---|\n| Горячая линия | Круглосуточная анонимная консультация "
        "по телефону и в чате для людей, употребляющих вещества | <https://www.example.org/services/support/hotline/"
        "chat/anonymous-consultation-for-people.html> |\n| Справочник | Перечень организаций, которые помогают людям "
        "в трудной ситуации, по регионам | `/usr/share/doc/organisations/directory/by-region/index-of-all.txt` |\n\n"
        "| Формат | Частота | Подход | Кто ведёт |\n|---|---|---|---|\n| Беседа один на один | раз в неделю | "
        "психофармакотерапевтический подход при сопутствующих расстройствах | высококвалифицированный специалист с "
        "опытом работы |\n| Группа поддержки | раз в месяц | психотерапевтический | равный консультант |\n\n"
        "| [[active-listening]] | Когда | Что делать дальше |\n|---|---|---|\n| да | Как можно раньше после контакта, "
        "лучше всего в первые часы, но не позже трёх суток | Обратиться в центр профилактики и пройти обследование |\n\n"
        # The stress test's: a local setting not set (the words to ask and a 40 mm line), a picture, and a
        # web address whose last part, hyphenated, was kept whole as an identifier and ran off the page.
        "| Куда обращаться | Телефон |\n|---|---|\n| Кризисная линия, если человек говорит о мыслях о самоубийстве "
        "или о том, что не видит смысла жить дальше | {{local.crisis_line}} |\n\n"
        "| Схема | Пояснение |\n|---|---|\n| ![Схема: клиент и консультант](assets/listening.svg) | Клиент и "
        "консультант обмениваются репликами; консультант отражает сказанное и уточняет, правильно ли понял |\n\n"
        "| Источник | Адрес |\n|---|---|\n| Клинические рекомендации | <https://cr.minzdrav.gov.ru/recomend/79_1/"
        "documents/attachments/clinical-recommendations-hiv-infection-in-adults-2024-final-version.pdf> |\n\n"
        # A third review's: an e-mail address printed in brackets after a row name's link (measured without
        # them, it overprinted the next column), and a one-letter word alone on a line of a row's name.
        "| Кто | Что |\n|---|---|\n| Почта [адрес](mailto:hi@ex.org) и ещё как и где | Объяснить правила "
        "конфиденциальности и соблюдать их, не обсуждать пациента при посторонних и не оставлять записи на виду |\n"
        "| Страх и незнание у «непрофильных» специалистов | Давать информацию о Н=Н не только пациентам, но и "
        "врачам, и объяснять, что обращаться безопасно |\n")
    pdf = module_handout_with(sample_copy, tmp_path / "out", tables)
    assert overlapping_words(pdf) == []
    words = [word for _, page in word_boxes(pdf) for word in page]
    assert max(right for _, _, right, _, _ in words) <= A4_TEXT_RIGHT + CELL_INSET
    printed = [text for *_, text in words]
    for whole in ("Круглосуточная", "анонимная"):
        assert whole in printed, [text for text in printed if text.startswith(whole[:4])]
    for line in (("активное", "слушание"),):
        at = next(i for i in range(len(printed)) if tuple(printed[i:i + len(line)]) == line)
        assert len({words[i][1] for i in range(at, at + len(line))}) == 1, line  # one line
    assert "https://www.example.org/services/support/hotline/chat/anonymous-consultation-for-people.html" not in printed
    assert "clinical-recommendations-hiv-infection-in-adults-2024-final-version." in printed  # broken, all of it printed
    short = next(i for i, text in enumerate(printed) if text == "у" and printed[i + 1] == "«непрофильных»")
    assert words[short][1] == words[short + 1][1], "a one-letter word goes with the word after it"


def test_the_measure_and_the_print_glue_the_same_one_letter_words():
    # paper.py measures a row's name with its one-letter words glued; handout.typ glues them when it
    # prints. Two lists of the same letters: one changed alone would measure a name that is not printed.
    from builder.targets.paper import SHORT_WORDS
    from builder.targets.typeset import prelude
    glued = re.search(r'#let glue-short-words\(body\) = \{\s*show regex\("[^"]*?\(\[([^\]]+)\]', prelude())
    assert glued and set(glued.group(1)) == SHORT_WORDS


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_tables_words_of_any_script_hyphenate_and_an_e_mail_address_does_not(sample_copy, tmp_path, language):
    # Only the course language's patterns applied: in an English course a Russian word in a table was
    # not hyphenated and ran into the next column (a Greek one off the page); an e-mail address was
    # hyphenated, and a printed hyphen in it cannot be told from its own.
    course_yml = sample_copy / "course" / "course.yml"
    course_yml.write_text(re.sub(r"(?m)^language: \w+", f"language: {language}", course_yml.read_text(encoding="utf-8")),
                          encoding="utf-8")
    table = ("\n\n| A | B | C | D | E | F |\n|---|---|---|---|---|---|\n| человеконенавистничество | "
             "высококвалифицированный | ψυχοφαρμακοθεραπευτικός | psychopharmacotherapeutic | "
             "jane.doe.counselling@example-hospital.org | x |\n| hyperinflammation2024 | y | z | w | v | u |\n\n"
             "Body e-mail: the counsellor wrote to extraordinarily.longaddress@internationalorganization.example.org "
             "and also to counterrevolutionary.department@extraordinary-example.org yesterday evening regarding "
             "appointments.\n")
    pdf = module_handout_with(sample_copy, tmp_path / "out", table)
    page = next(words for _, words in word_boxes(pdf) if any("ψυχο" in word for *_, word in words))
    cells = table_cells(page, "ABCDEF", "u")
    assert len(cells) >= 8
    assert [word for _, overrun, word in cells if overrun > 0] == []
    address = [word for column, _, word in cells if column == 4]
    assert not any(word.endswith("\u00ad") for word in address), address  # broken at its dots, not hyphenated
    prose = [word for _, page_words in word_boxes(pdf) for *_, word in page_words if "internationalorg" in word
             or "longaddress" in word]
    assert prose and not any("\u00ad" in word for word in prose), prose  # nor anywhere else


def test_no_line_is_printed_over_another(sample):
    # A block's space above is counted from the last line's baseline: 0.5 mm put the id line under a
    # question, an option's feedback and a reply's «(Баллы: …)» into the descenders above them.
    _, pdfs = sample
    for name, pdf in pdfs.items():
        assert overlapping_words(pdf) == [], name


def boxes_at_every_height(module: Path) -> None:
    """24 times over, a paragraph one line longer than the last, then a short warning, a reflection
    and a warning longer than half a page: one of each meets a page's foot somewhere."""
    parts = []
    for k in range(24):
        filler = " ".join(["Слово текста для заполнения страницы"] * (k * 3 + 1))
        bullets = "\n".join(f"- Пункт {n} памятки о первой помощи при передозировке, длинный." for n in range(1, 4))
        long = "\n".join(f"- Пункт {n} длинной памятки о первой помощи, достаточно длинный для строки." for n in range(30))
        parts.append(f"{filler}.\n\n::: warning Памятка w{k}s\n{bullets}\n- Последний пункт w{k}e.\n:::\n\n"
                     f"{filler}.\n\n::: reflect Размышление r{k}s\nЧто вы скажете клиенту? r{k}p\n\n---\n\nОбразец.\n:::\n\n"
                     f"{filler}.\n\n::: important Длинная l{k}s\nПервая l{k}f строка.\n\n{long}\n:::\n")
    module.write_text(module.read_text(encoding="utf-8") + "\n\n" + "\n".join(parts), encoding="utf-8")


def test_a_short_box_is_kept_on_one_page_and_a_long_one_keeps_its_title_with_its_text(sample_copy, tmp_path):
    # A first-aid callout broke mid-bullet over two pages, a reflection between its prompt and its
    # lines to write on, and boxes left only their title at a page's foot.
    from pdf_layout import BOTTOM_MARGIN_PT

    boxes_at_every_height(sample_copy / "modules" / "01-listening.md")
    pdf = handouts_of(sample_copy, tmp_path / "out")["module-01-listening.pdf"]
    words, pages = words_in_order(pdf), {n: height for n, (height, _) in enumerate(word_boxes(pdf), 1)}
    lines_height = 5 * 8 / 25.4 * 72  # handout.typ's write-lines: five 8 mm lines under their label
    for k in range(24):
        start, first = page_of(words, f"w{k}s")
        assert page_of(words, f"w{k}e.", start)[1] == first, f"warning {k} split over two pages"
        start, first = page_of(words, f"r{k}s")
        prompt, page = page_of(words, f"r{k}p", start)
        label, label_page = page_of(words, "Запишите", prompt)
        assert page == first == label_page, f"reflection {k}: its title, prompt and lines on one page"
        assert words[label][1][3] + lines_height <= pages[label_page] - BOTTOM_MARGIN_PT + 1, f"reflection {k}'s lines"
        start, first = page_of(words, f"l{k}s")
        assert page_of(words, f"l{k}f", start)[1] == first, f"long warning {k}: its title alone at a page's foot"


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there) with `new` in a text file of a copied course."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_worksheet_does_not_tell_a_scenarios_endings(sample_copy, tmp_path):
    # A scenario's end steps printed what happens there («Попробуйте ещё раз…», «Вернитесь к шагу…»)
    # with the source lines they cite: a learner saw which replies end badly before choosing one.
    edit(sample_copy / "quizzes" / "01-listening.yml", "text: Клиент продолжает рассказывать.",
         'text: "Клиент продолжает рассказывать [@guide:9]."')
    course = get_course(sample_copy, Diagnostics())
    _, worksheets, guide = (pdf_text(p) for p in documents(course, handouts_of(sample_copy, tmp_path / "out")))
    endings = ["Клиент продолжает рассказывать", "Клиент замолкает"]
    assert all(ending in guide for ending in endings) and f"{t('line')} 9" in guide
    assert not any(ending in worksheets for ending in endings) and f"{t('line')} 9" not in worksheets
    # Its steps, then the end steps' numbers (which ending is which, only the guide says) and a line
    # for the path taken, which the guide's best path and points let the facilitator score.
    sheet = worksheets[worksheets.index("Клиент пришёл впервые и молчит"):]
    go = t("handout_go_to", n=3).replace("\u00a0", " ")  # pdf_text makes every space a space
    assert re.search(f"{t('handout_step', n=1)} .*{t('handout_step', n=2)} .*{go}", sheet)
    assert f"{t('handout_steps', list='3 и 4')} · {t('handout_end')} {t('handout_scenario_path')}" in sheet
    assert f"{t('handout_step', n=3)} · {t('handout_end')} Клиент замолкает" in guide
    # The key gives the path as the worksheet asks it written, end step included, and how another path
    # scores (its replies' points over the best path's), next to each reply's points.
    key = guide[guide.index("Клиент пришёл впервые и молчит"):]
    best = f"{t('handout_correct')} ({t('handout_best_path')}): 1 → 2 → 4 "
    assert best in key and t("handout_path_score", best=3) in key, key[:600]
    # weighed in its quiz as the runtime does, by its best path's points (the guide said «1 балл»)
    assert f"listen-q4 · {t('handout_objective')}: listen-o2 · {plural(3, 'points')}" in guide


def test_items_after_a_write_in_slot_hang_and_matching_columns_keep_row_for_row(sample_copy, tmp_path):
    # An ordering item of two lines wrapped under its slot and read as two items (a learner counted
    # seven of five); the matching columns' rows drifted apart, a row a column by the sixth.
    long_item = ("Подведение итогов встречи: что клиент считает главным, о чём договорились и когда "
                 "будет следующая встреча, записанное вместе с клиентом его словами")
    edit(sample_copy / "quizzes" / "02-questions.yml", "Отражение, Подведение итогов]", f"Отражение, '{long_item}']")
    course = get_course(sample_copy, Diagnostics())
    worksheets = documents(course, handouts_of(sample_copy, tmp_path / "out"))[1]
    words = [(x0, y0, word) for _, page in word_boxes(worksheets) for x0, y0, _, _, word in page]
    first = next(i for i, (_, _, word) in enumerate(words) if word == "Подведение")
    wrapped = next(i for i in range(first, len(words)) if words[i][1] > words[first][1] + 2)
    assert abs(words[wrapped][0] - words[first][0]) < 0.5, "the second line starts under the first's text"
    match = next(i for i, (_, _, word) in enumerate(words) if word == "Сопоставьте")
    rows = {}
    for _, y0, word in words[match:match + 40]:
        rows.setdefault(word, y0)
    left = [rows["беспокоит?»"], rows["больно?»"]]
    right = [rows["закрытый"], rows["открытый"]]
    assert abs((left[1] - left[0]) - (right[1] - right[0])) < 0.6, (left, right)


def test_a_scenarios_prompt_starts_a_page_with_its_first_step(sample_copy, tmp_path):
    # A scenario runs on over pages; its prompt (and hint) were left alone at a page's foot.
    quiz = sample_copy / "quizzes" / "01-listening.yml"
    replies = "".join(f"          - text: Ещё одна реплика специалиста, номер {n}.\n            next: s2\n" for n in range(8))
    edit(quiz, "        choices:\n          - text: «Начните с того", "        choices:\n" + replies + "          - text: «Начните с того")
    text = quiz.read_text(encoding="utf-8")
    scenario = text[text.index("  - id: listen-q4"):]
    copies = []
    for k in range(16):
        filler = " ".join(["Вопрос для заполнения листа"] * (k * 3 + 1))
        copies.append(f"  - id: fill-{k}\n    type: true_false\n    objective: listen-o1\n    prompt: {filler}.\n"
                      f"    answer: true\n"
                      + scenario.replace("id: listen-q4", f"id: scene-{k}").replace("Клиент пришёл впервые",
                                                                                  f"Сцена p{k}s. Клиент пришёл впервые"))
    quiz.write_text(text + "".join(copies), encoding="utf-8")
    pdf = handouts_of(sample_copy, tmp_path / "out")["sample-course-0.1.0-worksheets.pdf"]
    words = words_in_order(pdf)
    for k in range(16):
        start, page = page_of(words, f"p{k}s.")
        assert page_of(words, t("handout_step", n=1).split()[0], start)[1] == page, f"scenario {k}'s prompt alone"


def test_a_covers_title_and_facts_are_not_hyphenated(sample_copy, tmp_path):
    edit(sample_copy / "course" / "course.yml", "title: Пример курса",
         "title: \"Химсекс и ключевые группы: пациент-центрированная помощь\"")
    edit(sample_copy / "course" / "course.yml", "  - name: Автор курса\n",
         "  - name: Команда курса «Химсекс и ключевые группы» (авторы и редакторы) интернационального объединения\n")
    for name, pdf in handouts_of(sample_copy, tmp_path / "out").items():
        cover = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", str(pdf), "-"], check=True,
                               capture_output=True, text=True).stdout
        assert "\u00ad" not in cover, (name, cover)
        # dates as a Russian reader writes them (they read «2026-01-15»)
        folded = " ".join(cover.split())
        assert "15 января 2026 г." in folded and "15 января 2027 г." in folded and "-01-15" not in cover, (name, cover)


def test_the_glossary_sorts_by_letters_and_prints_each_alias_once(sample_copy, tmp_path):
    # «ломка» sorted before every term in А, and «гамма-бутиролактон (GBL) (GBL)» repeated its alias.
    with (sample_copy / "course" / "glossary.yml").open("a", encoding="utf-8") as glossary:
        glossary.write("- id: withdrawal\n  term: «ломка»\n  definition: Синдром отмены.\n"
                       "- id: abstinence\n  term: абстиненция\n  definition: Отказ от употребления.\n"
                       "- id: gbl\n  term: гамма-бутиролактон (GBL)\n  aliases: [GBL, гамма-бутиролактон, γ-бутиролактон]\n"
                       "  definition: Растворитель.\n"
                       "- id: apple\n  term: Apple\n  definition: Латиница — после кириллицы, как на сайте.\n")
    course = get_course(sample_copy, Diagnostics())
    learner = pdf_text(documents(course, handouts_of(sample_copy, tmp_path / "out"))[0])
    glossary = learner[learner.rindex(t("glossary")):]
    order = [glossary.index(term) for term in ("абстиненция", "активное слушание", "гамма-бутиролактон", "«ломка»",
                                               "открытый вопрос", "Apple")]
    assert order == sorted(order), glossary
    assert "гамма-бутиролактон (GBL) (γ-бутиролактон) Растворитель" in glossary


def test_a_matching_worksheet_says_how_many_items_match_nothing(sample_copy, tmp_path):
    # It said «(один вариант лишний, если их больше)» whatever their number.
    quiz = sample_copy / "quizzes" / "02-questions.yml"
    edit(quiz, "distractors: [риторический]", "distractors: [риторический, наводящий]")
    course = get_course(sample_copy, Diagnostics())
    worksheets = pdf_text(documents(course, handouts_of(sample_copy, tmp_path / "out"))[1])
    assert "2 варианта справа лишние" in worksheets and "лишний, если" not in worksheets
    assert f"{t('handout_match_hint')} ({plural(2, 'handout_match_extra')})" in worksheets


def test_a_citation_and_a_step_number_never_start_a_line(sample_copy, tmp_path):
    # «[42][43].» wrapped alone onto the next line, and «→ перейдите к шагу | 3» left the number alone.
    module = sample_copy / "modules" / "01-listening.md"
    lines = [" ".join(["Слово"] * k) + " итог [@guide:3; @guide:4]." for k in range(8, 40)]
    module.write_text(module.read_text(encoding="utf-8") + "\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    quiz = sample_copy / "quizzes" / "01-listening.yml"
    replies = "".join(f"          - text: {' '.join(['Реплика'] * k)} конец.\n            points: 0\n            next: s2\n"
                      for k in range(4, 30))
    edit(quiz, "        choices:\n          - text: «Начните с того", "        choices:\n" + replies + "          - text: «Начните с того")
    pdfs = handouts_of(sample_copy, tmp_path / "out")
    raw = {name: subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                                text=True).stdout for name, pdf in pdfs.items()}
    assert "итог [" in raw["module-01-listening.pdf"]
    assert not re.search(r"^\[\d+\]", raw["module-01-listening.pdf"], re.M), "a citation alone at a line's start"
    for name in ("sample-course-0.1.0-worksheets.pdf", "sample-course-0.1.0-facilitator-guide.pdf"):
        assert pdf_text(pdfs[name]).count(" конец.") == 26
        assert not re.search(r"(→|шагу)$", raw[name], re.M), name


def link_destination_pages(pdf: Path) -> list[int]:
    """The page index each internal link of the PDF goes to."""
    reader = PdfReader(pdf)
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    found = []
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            dest = annot.get("/Dest") or (annot.get("/A") or {}).get("/D")
            dest = dest.get_object() if dest is not None else None
            if annot.get("/Subtype") == "/Link" and isinstance(dest, list):
                found.append(pages[dest[0].idnum])
    return found


def test_a_modules_sources_are_listed_once_each_with_their_ranges_and_markers(sample):
    # One entry per marker printed the document's full title a hundred times a module (a quarter of
    # the bundled learner handout's pages); the list is the site's: one entry per document, its
    # cited lines merged into ranges, each with the numbers of the markers citing it.
    course, pdfs = sample
    module = pdfs["module-01-listening.pdf"]
    text = pdf_text(module)
    title = course.references["guide"].title
    sources = text[text.rindex(t("references")):]
    assert f"{title}: строки 3–4 [1, 2]; строка 8 [3]" in sources
    assert sources.count(title) == 1
    reader = PdfReader(module)
    listing = next(n for n, page in enumerate(reader.pages) if t("references") in page.extract_text())
    assert link_destination_pages(module).count(listing) >= 3, "each marker [1] [2] [3] links to the list"


def test_the_facilitators_guide_opens_with_a_session_plan(sample):
    # A trainer had every module's answers but no time, lesson or activity figures to plan a
    # session with (the modules' minutes were printed nowhere).
    course, pdfs = sample
    guide = documents(course, pdfs)[2]
    intro = t("handout_plan_intro")[:30]  # (printed with a no-break space before its dash)
    page = next(n for n, p in enumerate(PdfReader(guide).pages, 1) if intro in p.extract_text().replace("\xa0", " "))
    layout = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(guide), "-"],
                            check=True, capture_output=True, text=True).stdout
    rows = [re.sub(r"\s{2,}", " | ", line.strip()) for line in layout.splitlines()]
    first = course.modules[0]
    quiz = course.quiz_of(first)
    assert f"{t('module_n', n=1)}. {first.title} | {plural(first.minutes, 'minutes')} | {len(first.lessons)} | " \
           f"{len(quiz.questions)} | 1 | 1" in rows, rows  # one case, one reflection
    final = course.final_quiz
    drawn = plural(final.pool.draw, "questions")
    # The final's time: what the course's estimate leaves over the modules' (the final had none).
    modules_time = sum(module.minutes for module in course.modules)
    assert 0 < modules_time < course.duration_minutes
    final_time = plural(course.duration_minutes - modules_time, "minutes")
    final_row = next(row for row in rows if row.startswith(final.title))
    assert final_row.endswith(f" | {final_time} | — | {final.pool.draw} | — | —"), final_row
    plain = " ".join(PdfReader(guide).pages[page - 1].extract_text().split())
    assert f"{final.title}: {drawn} из {len(final.bank)}, порог {final.passing_score} %" in plain, plain
    # The total row adds every column up (it had the time alone).
    columns = [sum(len(m.lessons) for m in course.modules),
               sum(len(course.quiz_of(m).questions) for m in course.modules if course.quiz_of(m)) + final.pool.draw,
               sum(1 for m in course.modules for line in m.body.source.splitlines() if line.startswith("::: case")),
               sum(1 for m in course.modules for line in m.body.source.splitlines() if line.startswith("::: reflect"))]
    total = plural(course.duration_minutes, "minutes")
    assert f"{t('handout_plan_total')} | {total} | " + " | ".join(map(str, columns)) in rows, rows
    assert all(f"{t('module_n', n=m.number)}." in layout for m in course.modules)
    assert PdfReader(guide).outline[0].title == t("handout_plan"), "the first bookmark"


def test_a_link_to_another_module_names_its_page(sample):
    # On paper «the module on questions» was blue words with nowhere to turn to.
    course, pdfs = sample
    learner = documents(course, pdfs)[0]
    reader = PdfReader(learner)
    bookmark = next(o for o in reader.outline if not isinstance(o, list) and course.modules[1].title in o.title)
    page = reader.get_destination_page_number(bookmark) + 1
    assert f"модуль о вопросах ({t('handout_page_short')} {page})." in pdf_text(learner)
    assert "модуль о вопросах." in pdf_text(pdfs["module-01-listening.pdf"]), "a module's own handout: no page to give"


def test_each_quizs_worksheet_carries_a_name_and_date_line(sample):
    # One line on the file's cover only: a module's sheets handed out alone had nowhere for a name.
    course, pdfs = sample
    worksheets = pdf_text(documents(course, pdfs)[1])
    quizzes = sum(1 for module in course.modules if course.quiz_of(module)) + (1 if course.final_quiz else 0)
    assert worksheets.count(t("handout_name_date").split(":")[0] + ":") == 1 + quizzes


def test_a_short_box_holding_a_tall_image_runs_on_instead_of_off_the_page(sample_copy, tmp_path):
    # Two lines of text looked short enough to keep the box on one page, whatever the image under them:
    # kept whole, a tall diagram pushed the box's last line below the page's foot.
    assets = sample_copy / "course" / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / "tall.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="1400" '
                                     'viewBox="0 0 600 1400"><rect width="600" height="1400" fill="#cccccc"/></svg>')
    pdf = module_handout_with(sample_copy, tmp_path / "out", "\n\n::: warning Схема помощи\nКороткий текст перед "
                              "схемой.\n\n![Схема](assets/tall.svg)\n\nПоследняя строка врезки.\n:::\n")
    assert "Последняя строка врезки." in pdf_text(pdf)
    assert not pages_with_text_below_the_body(pdf), pages_with_text_below_the_body(pdf)


def test_an_authors_code_span_is_printed_as_written_beside_the_citation_rule():
    """The rule keeping `[n]` with the word before it once replaced « #cite(» in the markup, an
    author's code span included (`x #cite(a)` printed with a `~`)."""
    from builder.context import BuildContext
    from builder.i18n import catalogue
    from builder.model import Markdown
    from builder.targets.paper import PaperText, PaperWriter

    course = get_course(SAMPLE, Diagnostics())
    writer = PaperWriter(course, catalogue("ru"), t, BuildContext())
    text = Markdown("Код `x = 1 #cite(a)` тут.", course.modules[0].body.loc)
    assert "x = 1 #cite(a)" in writer.markup(text, PaperText(labels=set()))


def test_options_of_a_shuffling_quiz_print_in_a_fixed_order_of_their_own_that_the_key_follows():
    # The final's options are written with the right one first; printed as written, every answer of
    # the final's worksheet was «А». A quiz that shuffles on screen prints a fixed shuffle on paper.
    from builder.questions import kind_of
    from builder.targets.handout import HandoutWriter

    course = get_course(Path(__file__).resolve().parents[1], Diagnostics())
    writer = HandoutWriter(course)
    positions = []
    for q in course.final_quiz.questions:
        if q.type != "single":
            continue
        order = writer.printed_order(q, len(q.options))
        assert sorted(order) == list(range(len(q.options))) and order == writer.printed_order(q, len(q.options))
        right = order.index(next(i for i, o in enumerate(q.options) if o.correct))
        positions.append(right)
        key = kind_of(q).answer_key(q, writer)
        items = re.findall(r'\("([^"]+)", \[', key[:key.index("key-mark")])  # the option the ✓ follows
        assert items[-1] == writer.letters[right], q.id
        sheet = kind_of(q).worksheet(q, writer)
        first = sheet.index(f'"{writer.letters[0]}"')
        assert writer.qtext(q.options[order[0]].text) in sheet[first:first + 2000], q.id
    assert len(positions) > 40 and len(set(positions)) >= 3 and positions.count(0) < len(positions) / 2
    sample = get_course(SAMPLE, Diagnostics())  # a quiz that does not shuffle keeps the order written
    listening = sample.quizzes["q-listening"]
    assert not listening.shuffle
    assert HandoutWriter(sample).printed_order(listening.questions[0], 3) == [0, 1, 2]


def test_a_link_to_another_module_inside_brackets_gives_its_page_without_a_bracket_in_a_bracket(sample_copy, tmp_path):
    # «(см. модуль о снижении вреда (с. 57))» on four pages of the bundled learner handout.
    text = "\n\nПодробнее (см. [второй модуль](02-questions.md)), а также [второй модуль](02-questions.md) снова.\n"
    pdf = module_handout_with(sample_copy, tmp_path / "out", text)
    course = get_course(sample_copy, Diagnostics())
    learner = pdf_text(pdf.parent / f"{course.id}-{course.version}-learner.pdf")
    inside = re.search(r"Подробнее \(см\. второй модуль, с\. (\d+)\), а также второй модуль \(с\. (\d+)\) снова", learner)
    assert inside, learner[learner.find("Подробнее"):][:200]
    assert inside[1] == inside[2] and int(inside[1]) > 1


def test_the_guide_prints_a_citation_group_as_one_bracket(sample_copy, tmp_path):
    # «(Пособие, строки 42–43) (Пособие, строки 429–443)» stood side by side in the bundled guide's answers.
    reflection = "\n\n::: reflect Ещё вопрос\nЧто вы скажете?\n\n---\n\nОтвет с опорой [@guide:1-2; @guide:4].\n:::\n"
    pdf = module_handout_with(sample_copy, tmp_path / "out", reflection)
    course = get_course(sample_copy, Diagnostics())
    guide = pdf_text(pdf.parent / f"{course.id}-{course.version}-facilitator-guide.pdf")
    name = course.references["guide"].name
    assert f"Ответ с опорой ({name}, строки 1–2, 4)." in guide, guide[:3000]


def test_the_guide_cites_by_short_name_and_ends_with_the_sources_list(sample):
    # Explanations and feedback cite in place: the full title there printed 670 times in the bundled
    # course's guide (32 of its 244 pages), beside YAML `source:` lines that already used the short name.
    course, pdfs = sample
    guide = pdf_text(documents(course, pdfs)[2])
    reference = course.references["guide"]
    assert reference.name != reference.title
    assert f"({reference.name}, строк" in guide
    assert guide.count(reference.title) == 1, "the full title once, in the sources list"
    assert re.search(rf"{t('references')} • {re.escape(reference.name)}: {re.escape(reference.title)} "
                     rf"{re.escape(course.title)} · {t('handout_guide')} Стр\. (\d+) из \1 $", guide), guide[-300:]


def test_every_handout_is_pdf_ua_with_its_title_shown(sample):
    # A viewer's title bar showed the file name; the engine now checks PDF/UA-1 as it lays out.
    _, pdfs = sample
    for name, pdf in pdfs.items():
        raw = pdf.read_bytes()
        assert b"<pdfuaid:part>1</pdfuaid:part>" in raw and b"/DisplayDocTitle true" in raw, name


def test_a_module_text_that_skips_a_heading_level_still_prints_with_none_skipped(sample_copy, tmp_path):
    # A body that starts at `##` came straight under the module's level 1 on paper (the page has the
    # objectives' h2 between), and `###` after `#` is only a warning: PDF/UA refuses both.
    module = sample_copy / "modules" / "01-listening.md"
    edit(module, "# Активное слушание\n", "## Активное слушание\n")
    edit(module, "## Как это звучит\n", "#### Как это звучит\n")
    levels = heading_levels(module_handout_with(sample_copy, tmp_path / "out", ""))
    assert levels[:4] == [1, 2, 3, 4], levels
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


def heading_levels(pdf: Path) -> list[int]:
    """The levels of a tagged PDF's headings (`/H1`, `/H2`…), in the order of its structure tree."""
    levels = []

    def walk(node):
        node = node.get_object()
        tag = str(node.get("/S", ""))
        if re.fullmatch(r"/H\d", tag):
            levels.append(int(tag[2:]))
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                walk(kid)

    walk(PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return levels


def test_the_guides_sources_are_a_part_of_their_own_naming_each_document_once(sample_copy, tmp_path):
    # They ran on under the final's running header, outside the contents, and a title that starts
    # with the document's short name printed it twice: «Médecins du Monde: Médecins du Monde: …».
    edit(sample_copy / "course" / "course.yml", "title: Памятка по консультированию (пример источника)",
         "title: \"Памятка: консультирование, пример источника\"")
    course = get_course(sample_copy, Diagnostics())
    guide = documents(course, handouts_of(sample_copy, tmp_path / "out"))[2]
    pages = [page.extract_text() for page in PdfReader(guide).pages]
    last = pages[-1]
    assert last.split("\n")[0].strip() == "Источники", "its own running header"
    assert " ".join(last.split()).count("Памятка") == 1, last
    contents = " ".join(pages[1].split())
    assert re.search(rf"Источники[ .⁠]*{len(pages)}", contents), contents


def test_a_worksheets_one_answer_questions_have_round_boxes_to_tick():
    # A scenario's replies and a true/false question's two answers had square boxes, read as «tick any»;
    # a single-answer question's are round.
    from builder.targets.handout import HandoutWriter

    course = get_course(SAMPLE, Diagnostics())
    sheet = next(d.markup for d in HandoutWriter(course).documents() if d.stem.endswith("worksheets"))
    step = sheet[sheet.index("Не знаю"):]
    assert step.index("#boxes(true,") < step.index("Начните с того") and "#boxes(false," not in step[:400]
    assert "#tick(true) #body" in (REPO_TEMPLATES / "handout" / "handout.typ").read_text(encoding="utf-8").split(
        "#let inline-boxes")[1].split("\n")[0]


def test_the_guides_discussion_intro_goes_with_its_questions():
    # On Letter «Обсудите с группой каждый случай ниже по этим вопросам:» ended a page under its
    # heading, the questions on the next (the PDF audit): the line is kept with what follows it.
    from builder.targets.handout import HandoutWriter

    course = get_course(SAMPLE, Diagnostics())
    guide = next(d.markup for d in HandoutWriter(course).documents() if d.stem.endswith("guide"))
    intro = guide.index("Обсудите с группой")
    assert guide.rfind("#block(", 0, intro) > guide.rfind("\n", 0, intro) - 1
    assert "sticky: true" in guide[guide.rfind("#block(", 0, intro):intro]


def test_a_short_scenario_is_kept_on_one_page_of_the_worksheets_and_a_long_one_runs_on():
    # Every scenario could break: a third of a page, step 1 at one page's foot and the rest on the
    # next, the learner's path written across two sheets (the trainer's audit: modules 3, 5, 6, 7).
    from builder.targets.handout import HandoutWriter

    course = get_course(Path(__file__).resolve().parents[1], Diagnostics())
    writer = HandoutWriter(course)
    scenarios = [q for quiz in course.quizzes.values() for q in quiz.questions if q.type == "scenario"]
    kept = {q.id: 'breakable: false' in writer.worksheet_question(q).split("#step(")[0] for q in scenarios}
    assert kept["tq-q12"] and kept["trig-q07"], "short ones stay whole"
    # counted as printed (a step's title and text, a line a reply, the ends as one line), not every
    # text and feedback: three-quarters of a page, it was estimated past one and split over pp. 32-33
    assert kept["hr-q12"], "module 7's scenario fits a page"
    assert not all(kept.values()), "a scenario longer than a page still runs on (module 10's cases)"


def test_a_learner_handout_lists_only_the_sources_its_text_prints():
    # A reflection's model answer is not printed for learners (they get lines to write on), but its
    # citations were listed: module 5's sources read «[27, 28, 29, 60, 61, 64]», and no [60] to find.
    from builder.targets.handout import HandoutWriter

    course = get_course(Path(__file__).resolve().parents[1], Diagnostics())
    for document in HandoutWriter(course).documents():
        if not document.stem.startswith("module-"):
            continue
        body, _, sources = document.markup.rpartition("#references(")
        printed = set(re.findall(r'#cite\(label\("[^"]+--ref-(\d+)"\)', body))
        listed = set(re.findall(r'#label\("[^"]+--ref-(\d+)"\)', sources))
        assert listed == printed, (document.stem, sorted(listed - printed, key=int), sorted(printed - listed, key=int))


def test_the_session_plan_counts_the_questions_a_module_quiz_asks_with_its_banks(sample_copy):
    # The worksheet and the key print a quiz's included bank; the plan's «Вопросы теста» counted only
    # the quiz file's own questions (4 where the learner answers 8).
    from builder.targets.handout import HandoutWriter

    quiz = sample_copy / "quizzes" / "01-listening.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("title:", "include: [q-questions]\ntitle:", 1),
                    encoding="utf-8")
    plan = HandoutWriter(get_course(sample_copy, Diagnostics())).session_plan()
    assert "[Модуль 1\\. Активное слушание], [10 минут], [2], [8]," in plan, plan[:400]
