"""Print handouts as a trainer gets them: the PDFs' text, answers only in the facilitator's guide,
embedded fonts, outline, page numbers, metadata, paper size, determinism."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from builder.build import build, get_course
from builder.errors import Diagnostics
from builder.i18n import translator
from builder.targets import BuildOptions

SAMPLE = Path(__file__).resolve().parents[1] / "builder" / "sample"
REPO = Path(__file__).resolve().parents[1]
t, _ = translator("ru")
ANSWER_MARKERS = [t("handout_correct"), "✓ " + t("handout_correct_mark"), t("handout_model_answer"), t("handout_best_path")]


def pdf_text(path: Path) -> str:
    """The PDF's text with whitespace collapsed (line breaks fall anywhere in a paragraph)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", out)


def words(text: str, limit: int = 8) -> str:
    """The first words of a text, whitespace collapsed: enough to find it, short enough not to cross a page."""
    return " ".join(re.sub(r"\s+", " ", text).split()[:limit])


def handouts_of(root: Path, out: Path, paper: str = "A4") -> dict[str, Path]:
    build(root, out, ["handout"], BuildOptions(paper=paper))
    return {p.name: p for p in (out / "handouts").glob("*.pdf")}


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
    for marker in ANSWER_MARKERS:
        assert marker not in learner and marker not in worksheets, marker
    for module in course.modules:
        assert marker not in pdf_text(pdfs[f"module-{module.slug}.pdf"])
    questions = [q for m in course.modules for q in course.quizzes[m.quiz_id].questions]
    assert guide.count(t("handout_correct")) == len(questions)
    # Each correct answer is in the guide: the accepted fill-in answers, the numeric value, the true/false verdict.
    for question in questions:
        if question.type == "fill_in":
            assert " / ".join(question.answers) in guide
        if question.type == "numeric":
            assert f"{t('handout_correct')}: {question.answer:g}" in guide


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
            # columns: name type encoding emb sub uni object ID; emb is the 4th from the end
            assert row.split()[-5] == "yes", (pdf.name, row)


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


def test_contents_page_gives_each_modules_page_number(sample):
    course, pdfs = sample
    learner = documents(course, pdfs)[0]
    reader = PdfReader(learner)
    toc = re.sub(r"\s+", " ", reader.pages[1].extract_text())
    for module in course.modules:
        page = next(i + 1 for i, p in enumerate(reader.pages) if i > 1 and module.title in p.extract_text())
        assert re.search(re.escape(module.title) + r"[ .]*" + str(page), toc), (module.title, page, toc)


def test_metadata_title_author_language_and_tags(sample):
    course, pdfs = sample
    for pdf in documents(course, pdfs):
        reader = PdfReader(pdf)
        assert course.title in reader.metadata.title
        assert course.authors[0].name in reader.metadata.author
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "ru"
        assert "/StructTreeRoot" in root, "tagged PDF"


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


def test_print_html_ships_with_its_fonts_and_licence(sample):
    _, pdfs = sample
    html_dir = next(iter(pdfs.values())).parent / "html"
    assert (html_dir / "handout.css").is_file()
    assert (html_dir / "fonts" / "LICENSE-DejaVu.txt").is_file()
    for page in html_dir.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|url)\(?=?"?https?:', text), page.name  # no remote resources
        assert "<script" not in text


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
    notes = [n for m in course.modules for n in m.clinical_review]
    assert guide.count(t("handout_signoff_mark").split(":")[0]) == len(notes)


def test_a_rebuild_lays_out_only_the_documents_whose_sources_changed(tmp_path, sample_copy, monkeypatch):
    import builder.targets.handout as handout

    monkeypatch.delenv("COURSE_NO_CACHE")
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    laid_out: list[set[str]] = []
    real = handout.lay_out
    monkeypatch.setattr(handout, "lay_out", lambda jobs: (laid_out.append({pdf.name for _, pdf in jobs}), real(jobs)))
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
