"""Build discipline: nothing is written when the sources have errors, a failed build leaves the
previous output untouched, outputs never overlap the sources, and two builds are byte-identical."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from builder.build import MARKER, build, publish
from builder.errors import CourseError
from fixtures_reader import FIXTURES, apply_changes, make_course


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failed_build_leaves_dist_as_it_was(tmp_path):
    root = make_course(tmp_path)
    dist = tmp_path / "dist"
    build(root, dist, ["html"])
    before = tree_digest(dist)
    assert before
    apply_changes(root, "=== quizzes/01-intro.yml ~ type: single => type: singel")
    with pytest.raises(CourseError):
        build(root, dist, ["html"])
    assert tree_digest(dist) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist")] == []


def test_a_build_that_fails_while_writing_leaves_dist_as_it_was(tmp_path, monkeypatch):
    root = make_course(tmp_path)
    dist = tmp_path / "dist"
    build(root, dist, ["html"])
    before = tree_digest(dist)

    def explode(course, out, options):
        (out / "half-written.txt").write_text("partial")
        raise RuntimeError("disk full")

    monkeypatch.setattr("builder.targets.site.build", explode)
    with pytest.raises(RuntimeError):
        build(root, dist, ["html"])
    assert tree_digest(dist) == before


def test_two_builds_are_byte_identical(tmp_path):
    root = make_course(tmp_path)
    build(root, tmp_path / "one", ["html"])
    build(root, tmp_path / "two", ["html"])
    one, two = tree_digest(tmp_path / "one"), tree_digest(tmp_path / "two")
    assert one and one == two


def test_other_outputs_in_dist_are_kept(tmp_path):
    root = make_course(tmp_path)
    dist = tmp_path / "dist"
    build(root, dist, ["html"])
    (dist / "keep.zip").write_bytes(b"previous package")
    build(root, dist, ["html"])
    assert (dist / "keep.zip").read_bytes() == b"previous package"


def test_a_non_empty_folder_course_did_not_make_is_refused_and_left_alone(tmp_path):
    root = make_course(tmp_path)
    mine = tmp_path / "mine"
    (mine / "site").mkdir(parents=True)
    (mine / "site" / "notes.txt").write_text("my notes")
    with pytest.raises(CourseError) as raised:
        build(root, mine, ["html"])
    assert "holds files that course did not write" in raised.value.diagnostics[0].message
    assert tree_digest(mine) == {"site/notes.txt": hashlib.sha256(b"my notes").hexdigest()}


def test_a_dist_an_older_course_wrote_without_the_marker_is_still_rebuilt(tmp_path):
    root = make_course(tmp_path)
    dist = tmp_path / "dist"
    build(root, dist, ["html", "single"])
    (dist / MARKER).unlink()
    build(root, dist, ["html"])
    assert (dist / MARKER).is_file() and (dist / "site" / "index.html").is_file()


def test_an_empty_folder_may_be_the_output(tmp_path):
    root = make_course(tmp_path)
    (tmp_path / "empty").mkdir()
    build(root, tmp_path / "empty", ["html"])
    assert (tmp_path / "empty" / "site" / "index.html").is_file()


def test_publishing_swaps_one_folder_so_no_moment_shows_a_mix(tmp_path, monkeypatch):
    """The output folder is replaced by one rename or exchange: the old output is never taken
    apart entry by entry (a kill between two renames left half of each)."""
    import os

    root = make_course(tmp_path)
    dist = tmp_path / "dist"
    build(root, dist, ["html", "single"])
    renames = []
    real_rename, real_replace = os.rename, os.replace
    monkeypatch.setattr(os, "rename", lambda a, b: renames.append((a, b)) or real_rename(a, b))
    monkeypatch.setattr(os, "replace", lambda a, b: renames.append((a, b)) or real_replace(a, b))
    build(root, dist, ["html", "single"])
    assert all(Path(target) != dist / "site" for _, target in renames)
    assert all(Path(source).parent != dist for source, _ in renames)


def test_a_killed_build_s_staging_folder_is_swept_by_the_next(tmp_path):
    root = make_course(tmp_path)
    stale = tmp_path / ".dist-building-999999999-abcd"
    (stale / "site").mkdir(parents=True)
    build(root, tmp_path / "dist", ["html"])
    assert not stale.exists()


def test_a_dangling_dist_symlink_is_a_clear_error(tmp_path):
    root = make_course(tmp_path)
    (tmp_path / "dist").symlink_to(tmp_path / "gone")
    with pytest.raises(CourseError) as raised:
        build(root, tmp_path / "dist", ["html"])
    assert "which does not exist" in raised.value.diagnostics[0].message


def test_a_dist_link_that_came_with_the_course_cannot_carry_the_build_out_of_it(tmp_path):
    # A repository holding `dist -> /some/empty/folder` had `course build` write there.
    root = make_course(tmp_path)
    victim = tmp_path / "victim"
    victim.mkdir()
    (root / "dist").symlink_to(victim)
    with pytest.raises(CourseError) as raised:
        build(root, root / "dist", ["html"])
    assert "outside the course folder" in raised.value.diagnostics[0].message
    assert not any(victim.iterdir())
    (root / "dist").unlink()
    (root / "dist").symlink_to(root / "out")  # a link that stays in the course is the author's choice
    (root / "out").mkdir()
    build(root, root / "dist", ["html"])
    assert (root / "out" / "site").is_dir()


def test_a_disk_full_while_writing_is_one_line_and_dist_stays(tmp_path, monkeypatch):
    import errno

    root = make_course(tmp_path)
    dist = tmp_path / "dist"
    build(root, dist, ["html"])
    before = tree_digest(dist)

    def full(course, out, options):
        raise OSError(errno.ENOSPC, "No space left on device", str(out / "site" / "index.html"))

    monkeypatch.setattr("builder.targets.site.build", full)
    with pytest.raises(CourseError) as raised:
        build(root, dist, ["html"])
    assert "No space left on device" in raised.value.diagnostics[0].message
    assert raised.value.diagnostics[0].code == "build.output"
    assert tree_digest(dist) == before


def test_an_output_on_a_read_only_file_system_is_a_clear_error(tmp_path, monkeypatch):
    import errno

    root = make_course(tmp_path)

    def read_only(out):
        raise OSError(errno.EROFS, "Read-only file system", str(out.parent))

    monkeypatch.setattr("builder.build.make_staging", read_only)
    with pytest.raises(CourseError) as raised:
        build(root, tmp_path / "dist", ["html"])
    assert "Read-only file system" in raised.value.diagnostics[0].message
    assert raised.value.diagnostics[0].code == "build.output"


def test_publish_replaces_entries_and_leaves_the_rest(tmp_path):
    staging, out = tmp_path / "staging", tmp_path / "out"
    (staging / "site").mkdir(parents=True)
    (staging / "site" / "index.html").write_text("new")
    (out / "site").mkdir(parents=True)
    (out / "site" / "stale.html").write_text("old")
    (out / "other.zip").write_text("zip")
    publish(staging, out)
    assert tree_digest(out).keys() == {"site/index.html", "other.zip", MARKER}


def test_site_pages_share_the_course_data_and_carry_only_their_own(tmp_path):
    import json
    import re

    from builder.build import get_course
    from builder.errors import Diagnostics

    sample = Path(__file__).resolve().parents[1] / "builder" / "sample"
    build(sample, tmp_path / "dist", ["html"])
    site = tmp_path / "dist" / "site"
    script = (site / "runtime" / "course-data.js").read_text()
    assert script.startswith("window.COURSE_DATA=") and script.endswith(";\n")
    shared = json.loads(script[len("window.COURSE_DATA="):-2])
    assert [p["id"] for p in shared["pages"]] == ["index", "01-listening", "02-questions", "final", "glossary"]
    assert "questions" not in shared
    page = (site / "02-questions.html").read_text()
    own = json.loads(re.search(r'<script type="application/json" id="course-data">(.*?)</script>', page).group(1))
    assert own["page"] == "02-questions" and "pages" not in own
    course = get_course(sample, Diagnostics())
    assert sorted(own["questions"]) == sorted(q.id for q in course.quizzes["q-questions"].bank)
    assert page.index('src="runtime/course-data.js"') < page.index('src="runtime/course.js"')


FOOTNOTED_QUESTIONS = """\
=== quizzes/01-intro.yml ~     prompt: Which one? =>     prompt: |\\n      Which one?[^1]\\n\\n      [^1]: Note A.
=== quizzes/01-intro.yml ~     prompt: A talk. =>     prompt: |\\n      A talk.[^1]\\n\\n      [^1]: Note B.
"""


def test_two_questions_with_a_footnote_each_keep_their_own_notes_on_one_page(tmp_path):
    # Both write [^1]: on the module's page (and in the one document) each reference must lead to
    # its own question's note, and no id may be there twice.
    import re

    root = make_course(tmp_path, FOOTNOTED_QUESTIONS)
    build(root, tmp_path / "dist", ["html", "single"])
    for page in (tmp_path / "dist" / "site" / "01-intro.html", tmp_path / "dist" / "base-1.0.html"):
        html = page.read_text(encoding="utf-8")
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
        for prompt, note in (("Which one?", "Note A."), ("A talk.", "Note B.")):
            target = re.search(re.escape(prompt) + r'<sup class="footnote-ref"><a href="#([^"]+)"', html)[1]
            item = rf'<li id="{re.escape(target)}" class="footnote-item"><p>{re.escape(note)}'
            assert re.search(item, html), (page.name, prompt)


def test_a_question_s_links_and_images_work_in_every_edition(sample_copy, tmp_path):
    # A question's texts were shown as the site shows them in every edition: in one document (the
    # single SCO, the one-file edition) a link to `02-questions.html` left it (ending a package's
    # session), and the one-file edition's explanation showed `assets/…`, a file it does not carry.
    import json
    import re
    import zipfile

    from builder.context import BuildOptions

    apply_changes(sample_copy, (FIXTURES / "question-links.txt").read_text(encoding="utf-8"))
    build(sample_copy, tmp_path / "one", ["html", "scorm12", "single"])
    build(sample_copy, tmp_path / "per", ["scorm2004"], BuildOptions(sco="per-module"))

    def prompt(page: str) -> str:
        return re.search(r'<div class="q__label" id="listen-q1-label">.*?</div>', page, re.S)[0]

    def explanation(page: str, shared: str | None = None) -> tuple[str, str]:
        data = json.loads(re.search(r'id="course-data">(.*?)</script>', page, re.S)[1])
        quizzes = json.loads(shared[len("window.COURSE_DATA="):-2])["quizzes"] if shared else data["quizzes"]
        return data["questions"]["listen-q1"]["x"], quizzes["q-listening"]["h"]

    site = (tmp_path / "one" / "site" / "01-listening.html").read_text(encoding="utf-8")
    single = next((tmp_path / "one").glob("*.html")).read_text(encoding="utf-8")
    with zipfile.ZipFile(next((tmp_path / "one").glob("*-scorm12.zip"))) as package:
        sco = package.read("index.html").decode()
    with zipfile.ZipFile(next((tmp_path / "per").glob("*-scorm2004.zip"))) as package:
        per_module, per_module_data = package.read("01-listening.html").decode(), package.read(
            "runtime/course-data.js").decode()
    site_data = (tmp_path / "one" / "site" / "runtime" / "course-data.js").read_text(encoding="utf-8")

    term, module = 'class="term" href="{}term-active-listening"', '<a href="{}02-questions{}">модуль 2</a>'
    assert term.format("glossary.html#") in prompt(site) and module.format("", ".html") in prompt(site)
    for page in (single, sco):
        assert term.format("#") in prompt(page) and module.format("#", "") in prompt(page)
    assert 'class="term" target="_blank" rel="noopener" href="glossary.html#term-active-listening"' in prompt(
        per_module)
    assert "См. модуль 2." in prompt(per_module)  # the words only: leaving the SCO's page ends its session

    shown = {"site": explanation(site, site_data), "one file": explanation(single), "sco": explanation(sco),
             "per-module": explanation(per_module, per_module_data)}
    assert module.format("", ".html") in shown["site"][0] and 'src="assets/listening.svg"' in shown["site"][0]
    assert module.format("#", "") in shown["one file"][0] and 'src="data:image/svg+xml;base64,' in shown["one file"][0]
    assert module.format("#", "") in shown["sco"][0] and 'src="assets/listening.svg"' in shown["sco"][0]
    assert "Подробнее: модуль 2." in shown["per-module"][0]
    # The quiz's identity in saved states is the same in every edition: a learner's answers survive
    # a move between them, and a republish that only changes where links point.
    assert len({identity for _, identity in shown.values()}) == 1

    # Only texts change: an accepted answer that reads like a text's HTML is scored alike everywhere.
    def fill_in(page: str) -> dict:
        return json.loads(re.search(r'id="course-data">(.*?)</script>', page, re.S)[1])["questions"]["quest-q1"]
    site_q1 = (tmp_path / "one" / "site" / "02-questions.html").read_text(encoding="utf-8")
    assert fill_in(single)["a"] == fill_in(site_q1)["a"] == ["открытый", '<a href="01-listening.html">модуль 1</a>']
    assert fill_in(single)["fc"] == '<a href="#01-listening">модуль 1</a>'

    # The glossary: in one document its links stay in it; in a per-module package's glossary window
    # a term jumps within the page, and the popovers of its SCO pages open that window.
    with zipfile.ZipFile(next((tmp_path / "per").glob("*-scorm2004.zip"))) as package:
        glossary_page = package.read("glossary.html").decode()
    entry = re.search(r'<dd><p>См\. .*?</dd>', glossary_page, re.S)[0]
    assert '<a class="term" href="glossary.html#term-open-question">' in entry and "модуль 2." in entry
    popover = json.loads(per_module_data[len("window.COURSE_DATA="):-2])["glossary"]["active-listening"][1]
    assert 'target="_blank"' in popover and "модуль 2." in popover
    assert '<a class="term" href="#term-open-question">' in single and 'href="#02-questions">модуль 2' in single


def test_a_dash_in_a_yaml_title_summary_or_objective_stays_with_the_word_before_on_the_pages(sample_copy, tmp_path):
    """Markdown texts kept a dash between words on the line of the word before it; the texts of the
    YAML did not: module 11's objectives («мужчины — секс-работники») could start a line with «— …»
    on a phone."""
    module = sample_copy / "modules" / "01-listening.md"
    text = module.read_text(encoding="utf-8")
    for old, new in (("title: Активное слушание", "title: Активное слушание — основа"),
                     ("summary: Как показать", "summary: Слушать — значит показать"),
                     ("text: Объяснить, что такое", "text: Объяснить — своими словами — что такое")):
        assert old in text
        text = text.replace(old, new)
    module.write_text(text, encoding="utf-8")
    build(sample_copy, tmp_path / "dist", ["html"])
    page = (tmp_path / "dist" / "site" / "01-listening.html").read_text(encoding="utf-8")
    home = (tmp_path / "dist" / "site" / "index.html").read_text(encoding="utf-8")
    for words in ("Активное слушание\u00a0— основа", "Объяснить\u00a0— своими словами\u00a0— что"):
        assert words in page, words
    assert "Слушать\u00a0— значит" in home
    assert " — " not in page.split("<main", 1)[1].split("</main>")[0].replace("<", "\n<"), "no dash after a plain space"


def test_a_scorm2004_build_of_one_edition_replaces_the_other_edition_s_zip(tmp_path):
    # Both editions' zips hold the same manifest identifier: a 3rd-edition build beside a 4th's kept
    # the older one as if it were current.
    from builder.context import BuildOptions
    from conftest import SAMPLE

    out = tmp_path / "dist"
    build(SAMPLE, out, ["scorm2004", "scorm12"])
    build(SAMPLE, out, ["scorm2004"], BuildOptions(scorm2004_edition="3rd"))
    assert sorted(p.name for p in out.glob("*.zip")) == ["sample-course-0.1.0-scorm12.zip",
                                                          "sample-course-0.1.0-scorm2004-3rd.zip"]
    build(SAMPLE, out, ["scorm2004"])
    assert sorted(p.name for p in out.glob("*.zip")) == ["sample-course-0.1.0-scorm12.zip",
                                                          "sample-course-0.1.0-scorm2004.zip"]
