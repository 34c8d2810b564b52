"""What the targets of one build share through the BuildContext: made once, the same bytes as made
twice, and never carried stale into the next build of a kept context (the dev server's)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from builder.build import build
from builder.context import BuildContext, BuildOptions
from builder.errors import CourseError
from builder import runtime_data
from builder.targets.pages import PageRenderer, environment

SAMPLE = Path(__file__).resolve().parents[1] / "builder" / "sample"

PER_MODULE = BuildOptions(sco="per-module")


def member(out: Path, kind: str, name: str) -> str:
    """One file of the built package `kind` (`scorm12`, `scorm2004`) as text."""
    with zipfile.ZipFile(next(out.glob(f"*-{kind}.zip"))) as archive:
        return archive.read(name).decode()


def test_a_per_module_page_is_rendered_once_and_is_the_same_file_in_both_versions(sample_copy, tmp_path,
                                                                                   monkeypatch):
    rendered: list[tuple[str, str]] = []
    render_page = PageRenderer.page_document

    def counted(self, page_id, prefix):
        rendered.append((self.mode, page_id))
        return render_page(self, page_id, prefix)

    monkeypatch.setattr(PageRenderer, "page_document", counted)
    out = tmp_path / "dist"
    build(sample_copy, out, ["scorm12", "scorm2004"], ctx=BuildContext(PER_MODULE))
    assert rendered.count(("sco", "01-listening")) == 1
    page12, page2004 = member(out, "scorm12", "01-listening.html"), member(out, "scorm2004", "01-listening.html")
    assert page12 == page2004 and "backend" not in page12
    # The backend each page runs with comes from its own package's shared data.
    assert '"backend":"scorm12"' in member(out, "scorm12", "runtime/course-data.js")
    assert '"backend":"scorm2004"' in member(out, "scorm2004", "runtime/course-data.js")


def test_a_kept_context_renders_an_edited_module_page_again_for_both_versions(sample_copy, tmp_path):
    ctx = BuildContext(PER_MODULE, keep=True)
    build(sample_copy, tmp_path / "one", ["scorm12", "scorm2004"], ctx=ctx)
    module = sample_copy / "modules" / "01-listening.md"
    module.write_text(module.read_text().replace("Пауза в 3 секунды", "Пауза в 4 секунды"))
    build(sample_copy, tmp_path / "two", ["scorm12", "scorm2004"], ctx=ctx)
    for kind in ("scorm12", "scorm2004"):
        page = member(tmp_path / "two", kind, "01-listening.html")
        assert "Пауза в 4 секунды" in page and "Пауза в 3 секунды" not in page


def test_the_course_data_is_made_once_per_build_and_each_mode_reads_what_it_would_alone(sample_copy, tmp_path,
                                                                                        monkeypatch):
    from builder import runtime_data
    from builder.targets import pages

    made = []
    monkeypatch.setattr(pages, "shared_course_data", lambda course: made.append(course) or
                        runtime_data.shared_course_data(course))
    ctx = BuildContext(PER_MODULE)
    build(sample_copy, tmp_path / "dist", ["html", "scorm12", "scorm2004", "single"], ctx=ctx)
    assert len(made) == 1
    course = made[0]
    for mode in ("site", "sco", "onedoc"):
        alone = runtime_data.course_data(course, mode)
        assert runtime_data.dumps(PageRenderer(course, ctx, mode=mode).data) == runtime_data.dumps(
            dict(alone, backend="local"))
    assert "glossary" not in runtime_data.course_data(course, "onedoc")
    assert "glossary" in runtime_data.course_data(course, "site")


def test_a_kept_context_makes_the_course_data_again_after_a_quiz_edit(sample_copy, tmp_path):
    ctx = BuildContext(keep=True)
    build(sample_copy, tmp_path / "one", ["html"], ctx=ctx)
    quiz = sample_copy / "quizzes" / "01-listening.yml"
    quiz.write_text(quiz.read_text().replace("Это оценка, а не отражение.", "Это оценка, не отражение."))
    build(sample_copy, tmp_path / "two", ["html"], ctx=ctx)
    data = (tmp_path / "two" / "site" / "01-listening.html").read_text()  # its questions' data
    assert "Это оценка, не отражение." in data and "Это оценка, а не отражение." not in data


def test_the_worst_case_state_is_made_once_for_both_versions_and_both_checks(sample_copy, tmp_path, monkeypatch):
    from builder.runtime_data import scoped_state
    from builder.targets import scorm_package

    scopes = []
    monkeypatch.setattr(scorm_package, "scoped_state",
                        lambda course, per_module: scopes.append(per_module) or scoped_state(course, per_module))
    build(sample_copy, tmp_path / "dist", ["scorm12", "scorm2004"], ctx=BuildContext(PER_MODULE))
    assert scopes == [True]


def test_a_kept_context_checks_the_budget_of_the_course_as_it_is_now(tmp_path):
    from test_packages import many_module_course

    root = many_module_course(tmp_path / "course", 30)
    ctx = BuildContext(keep=True)
    build(root, tmp_path / "one", ["scorm12"], ctx=ctx)  # 30 quizzes fit one SCO's 4096 characters
    shutil.copytree(many_module_course(tmp_path / "grown", 300), root, dirs_exist_ok=True)
    with pytest.raises(CourseError) as refused:
        build(root, tmp_path / "two", ["scorm12"], ctx=ctx)
    assert [d.code for d in refused.value.diagnostics if d.severity == "error"] == ["build.budget"]


def test_each_question_is_rendered_once_per_build_whatever_the_pages_and_modes_that_show_it(sample_copy, tmp_path,
                                                                                            monkeypatch):
    rendered = []
    make_macro = PageRenderer.__dict__["question_macro"].func

    def counted(self):
        macro = make_macro(self)
        return lambda question, prefix: rendered.append((self.inline is not None, question.id, prefix)) or macro(
            question, prefix)

    monkeypatch.setattr(PageRenderer, "question_macro", property(counted))
    build(sample_copy, tmp_path / "dist", ["html", "scorm12", "scorm2004", "single"], ctx=BuildContext(PER_MODULE))
    assert rendered and len(rendered) == len(set(rendered))  # site, both packages' pages, and one document
    assert {qid for _, qid, prefix in rendered if prefix == ""} >= {"listen-q1", "listen-q2"}
    for package in ("scorm12", "scorm2004"):
        assert '<li class="question question--single" data-q="listen-q1"' in member(tmp_path / "dist", package,
                                                                                    "01-listening.html")


def test_the_completion_rule_is_rendered_once_per_page_renderer_not_once_per_quiz(sample_copy, tmp_path, monkeypatch):
    import jinja2

    fetched = []
    get_template = jinja2.Environment.get_template
    monkeypatch.setattr(jinja2.Environment, "get_template",
                        lambda self, name, *args, **kwargs: fetched.append(name) or get_template(self, name, *args,
                                                                                                 **kwargs))
    build(sample_copy, tmp_path / "dist", ["html"], ctx=BuildContext())
    assert fetched.count("site/_completion_rule.html.j2") == 2  # the home page's, and the one under every quiz
    site = tmp_path / "dist" / "site"
    for page in ("01-listening.html", "02-questions.html", "final.html"):
        assert (site / page).read_text().count("data-completion-rule") == 1


def test_a_question_showing_a_file_carries_it_inside_the_one_file_edition_only(sample_copy, tmp_path):
    quiz = sample_copy / "quizzes" / "01-listening.yml"
    quiz.write_text(quiz.read_text().replace(
        "prompt: Что делает консультант при активном слушании?",
        'prompt: "Что делает консультант при активном слушании? ![Схема](assets/listening.svg)"'))
    build(sample_copy, tmp_path / "dist", ["html", "single"], ctx=BuildContext())
    site = (tmp_path / "dist" / "site" / "01-listening.html").read_text()
    single = next((tmp_path / "dist").glob("*.html")).read_text()
    for page in (site, single):  # the quiz's question and its practice copy (`::: check listen-q1`)
        assert page.count('id="listen-q1-label"') == page.count('id="chk-listen-q1-label"') == 1
    assert site.count('<img src="assets/listening.svg" alt="Схема"') == 2
    final = (tmp_path / "dist" / "site" / "final.html").read_text()  # the final's bank holds it too
    in_site = site.count('alt="Схема"') + final.count('alt="Схема"')
    assert len(re.findall(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="Схема"', single)) == in_site
    assert "assets/listening.svg" not in single


def test_a_build_of_outputs_that_fill_programs_keeps_no_token_streams_and_writes_the_same_bytes(sample_copy,
                                                                                                 tmp_path):
    fast = BuildContext()
    build(sample_copy, tmp_path / "fast", ["html", "scorm12", "single"], ctx=fast)
    assert fast.tokens and all(parsed.tokens is None for parsed in fast.tokens.values())
    both = BuildContext()
    build(sample_copy, tmp_path / "both", ["html", "scorm12", "single", "moodle-xml"], ctx=both)
    assert all(parsed.tokens is not None for parsed in both.tokens.values())

    def files(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    fast_files, both_files = files(tmp_path / "fast"), files(tmp_path / "both")
    assert fast_files == {name: data for name, data in both_files.items() if name in fast_files}


def test_a_text_whose_tokens_were_not_kept_is_parsed_again_when_they_are_asked_for(tmp_path):
    from builder.build import get_course
    from builder.errors import Diagnostics
    from builder.render import Texts

    ctx = BuildContext(keep_tokens=False)
    course = get_course(SAMPLE, Diagnostics(), ctx)
    texts = Texts(course, ctx)
    module = course.modules[0]
    assert texts.parsed(module.body, module, True, tokens=False).tokens is None
    tokens = texts.parsed(module.body, module, True).tokens
    images = [child.attrs["src"] for token in tokens for child in token.children or [] if child.type == "image"]
    assert images == ["assets/listening.svg"]
    assert texts.parsed(module.body, module, True, tokens=False).tokens is None, "parsed again, not kept"


def test_site_pages_and_the_one_document_are_the_bytes_of_rendering_them_whole(sample_copy):
    from markupsafe import Markup

    from builder.build import get_course
    from builder.errors import Diagnostics

    ctx = BuildContext()
    course = get_course(sample_copy, Diagnostics(), ctx)
    site = PageRenderer(course, ctx, mode="site")
    macro = environment(ctx).get_template("site/_toc.html.j2").make_module(site.context).outline_lessons
    for page in site.pages:
        # The page's outline: every module, the lessons of its own only.
        outline = Markup(site.render("site/_toc.html.j2", lesson_slot=lambda m, own=page["id"]:
                                     macro(m) if m.slug == own else Markup("")))
        assert site.page_file(page["id"]) == site.page_document(page["id"], "", toc=outline).encode()
        module = course.modules[0]
        if page["id"] == module.slug:
            assert outline.count("data-lesson-link") == len(module.lessons)
    onedoc = PageRenderer(course, ctx, mode="onedoc")
    whole = onedoc.render("site/onedoc.html.j2", prefix="", data_json=Markup(runtime_data.dumps(onedoc.data)),
                          sections=Markup(onedoc.render("site/sections.html.j2", pages=onedoc.pages, prefix="")))
    assert onedoc.onedoc_file() == whole.encode()


def test_the_pages_check_of_their_shared_data_refuses_one_cached_from_before_it_named_the_backend(sample_copy):
    import hashlib

    from builder.build import get_course
    from builder.errors import Diagnostics

    ctx = BuildContext(PER_MODULE)
    course = get_course(sample_copy, Diagnostics(), ctx)
    v12, v2004 = (PageRenderer(course, ctx, mode="sco", backend=b) for b in ("scorm12", "scorm2004"))
    assert v12.shared_digest == v2004.shared_digest, "one page file serves both packages"
    assert v12.shared_data["backend"] == "scorm12" and v2004.shared_data["backend"] == "scorm2004"
    # What the previous release's course-data.js held: the same data without the backend.
    before = {k: v for k, v in v12.shared_data.items() if k not in ("hash", "backend")}
    assert hashlib.sha256(runtime_data.dumps(before).encode()).hexdigest()[:16] != v12.shared_digest
