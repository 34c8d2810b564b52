"""The two gates (builder/files.py): what a build reads and what it writes.

Each test is a reproduction from the December 2026 reliability findings, run on a copy of the
sample course through the command line: exit 1 with a located message, never 3, never a hang,
nothing outside the output folder, nothing from outside the course inside it.
"""

from __future__ import annotations

import os
import threading
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import cli
from builder.files import Refused, check_output_name, read_source


def run(*args) -> tuple[int, str]:
    """`course ARGS` in-process: (exit code, output); an exception that is not Click's counts as 3."""
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return 3, result.output + repr(result.exception)
    return result.exit_code, result.output


def build(root: Path, *formats: str) -> tuple[int, str]:
    extra = [a for f in formats for a in ("--format", f)]
    return run("build", "--course", root, "--out", root / "dist", *extra)


def packaged_names(dist: Path) -> set[str]:
    """Every file name in the site, both zips and the single file's data URIs' sources."""
    names = {p.relative_to(dist / "site").as_posix() for p in (dist / "site").rglob("*") if p.is_file()}
    for archive in dist.glob("*.zip"):
        names |= set(zipfile.ZipFile(archive).namelist())
    return names


def set_version(root: Path, version: str) -> None:
    path = root / "course" / "course.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("version: 0.1.0", f"version: {version}"), encoding="utf-8")


# ---- What goes out --------------------------------------------------------------------------


def test_a_version_that_climbs_out_of_the_output_folder_is_refused_and_nothing_is_written(sample_copy, tmp_path):
    target = tmp_path / "x"
    set_version(sample_copy, f'"1/../../../../../../../../..{target}/evil"')
    code, output = build(sample_copy, "html", "scorm12", "single")
    assert code == 1
    assert "course/course.yml:5:10: course.yml 'version'" in output and "[schema.version]" in output
    assert not target.exists()
    assert not (sample_copy / "dist").exists()


def test_a_version_with_a_line_break_and_a_tab_is_refused(sample_copy):
    set_version(sample_copy, '"1.0\\n\\tbeta"')
    code, output = build(sample_copy, "single")
    assert code == 1 and "cannot be part of a file name" in output


def test_an_unquoted_version_that_yaml_reads_as_a_number_is_refused_with_the_fix(sample_copy):
    set_version(sample_copy, "1.10")
    code, output = build(sample_copy, "single")
    assert code == 1
    assert "1.1 is read as a number" in output and 'version: \\"1.10\\"' not in output and 'version: "1.10"' in output


def test_a_300_character_course_id_is_a_located_error_not_a_crash(sample_copy):
    path = sample_copy / "course" / "course.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: sample-course", "id: " + "a" * 300), encoding="utf-8")
    code, output = build(sample_copy, "single")
    assert code == 1 and "course/course.yml:2:5:" in output and "[schema.length]" in output


@pytest.mark.parametrize("name", ["../x.html", "/etc/x", "a/../../b", "a\nb.zip", "CON.html", "x" * 300 + ".zip", ""])
def test_the_output_gate_refuses_names_that_leave_or_break_the_folder(name):
    with pytest.raises(Refused):
        check_output_name(name)


@pytest.mark.parametrize("name", ["site/index.html", "sample-course-0.1.0-scorm12.zip", "site/assets/схема 1.png"])
def test_the_output_gate_passes_ordinary_names(name):
    assert check_output_name(name) == name


@pytest.mark.parametrize("name", ["index", "glossary", "final"])
def test_a_module_file_named_like_a_generated_page_is_refused(sample_copy, name):
    (sample_copy / "modules" / "01-listening.md").rename(sample_copy / "modules" / f"{name}.md")
    code, output = run("check", "--course", sample_copy)
    assert code == 1
    assert f"modules/{name}.md:1:1: module file name '{name}.md' is the name of a page the build makes" in output


def test_a_module_file_that_repeats_another_s_id_names_both_files(sample_copy):
    modules = sample_copy / "modules"
    (modules / "zz-copy.md").write_bytes((modules / "01-listening.md").read_bytes())
    code, output = run("check", "--course", sample_copy)
    assert code == 1
    assert "modules/zz-copy.md:1:1: module id 'listening' is already the id of modules/01-listening.md" in output


def test_source_date_epoch_beyond_what_a_zip_can_date_still_builds(sample_copy, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    code, output = build(sample_copy, "scorm12")
    assert code == 0, output
    archive = next((sample_copy / "dist").glob("*.zip"))
    assert zipfile.ZipFile(archive).infolist()[0].date_time[0] == 2107


# ---- What comes in --------------------------------------------------------------------------


def test_an_asset_symlinked_to_a_file_outside_the_course_is_refused(sample_copy, tmp_path):
    secret = tmp_path / "secret.svg"
    secret.write_text("<svg xmlns='http://www.w3.org/2000/svg'><!-- private --></svg>")
    asset = sample_copy / "course" / "assets" / "listening.svg"
    asset.unlink()
    asset.symlink_to(secret)
    code, output = build(sample_copy, "html", "scorm12", "single")
    assert code == 1
    assert "modules/01-listening.md:19:55: course/assets/listening.svg: listening.svg is a link to" in output
    assert "outside the course folder" in output and not (sample_copy / "dist").exists()


def test_a_module_symlinked_outside_the_course_is_refused(sample_copy, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_bytes((sample_copy / "modules" / "02-questions.md").read_bytes())
    (sample_copy / "modules" / "02-questions.md").unlink()
    (sample_copy / "modules" / "02-questions.md").symlink_to(outside)
    code, output = run("check", "--course", sample_copy)
    assert code == 1 and "modules/02-questions.md: 02-questions.md is a link to" in output


def test_a_linked_html_asset_is_refused_with_the_allowed_types(sample_copy):
    (sample_copy / "course" / "assets" / "page.html").write_text("<script>fetch('https://example.org')</script>")
    module = sample_copy / "modules" / "01-listening.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n[Стр](assets/page.html)\n", encoding="utf-8")
    for command in (("check", "--course", sample_copy), ("build", "--course", sample_copy)):
        code, output = run(*command)
        assert code == 1 and "'page.html' is not a type a course may ship" in output and "[asset.type]" in output


def test_a_linked_shell_script_is_refused_by_check_and_build_alike(sample_copy):
    (sample_copy / "course" / "assets" / "setup.sh").write_text("echo hi\n")
    module = sample_copy / "modules" / "01-listening.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n[x](assets/setup.sh)\n", encoding="utf-8")
    assert run("check", "--course", sample_copy)[0] == 1
    assert build(sample_copy, "scorm12")[0] == 1


def test_an_svg_with_a_script_is_refused(sample_copy):
    (sample_copy / "course" / "assets" / "listening.svg").write_text("<svg><script>alert(1)</script></svg>")
    code, output = run("check", "--course", sample_copy)
    assert code == 1 and "holds a script or event handler" in output


@pytest.mark.parametrize("name, said", [
    ("con.txt", "cannot be shipped: Windows keeps the name 'con' for a device"),
    ("back\\slash.txt", "cannot be shipped: it holds a backslash"),
    ("я" * 120 + ".txt", "cannot be shipped: a name takes at most 200 bytes in a package"),  # (a review's)
])
def test_an_asset_name_no_package_can_carry_fails_check_at_the_link(sample_copy, name, said):
    # `course check` passed these; `course build` stopped with a message naming neither the file nor
    # its line («this is a bug in course if the sources were valid»; security audit).
    (sample_copy / "course" / "assets" / name).write_text("x")
    module = sample_copy / "modules" / "02-questions.md"
    module.write_text(module.read_text(encoding="utf-8") + f"\n[файл](<assets/{name}>)\n", encoding="utf-8")
    line = len(module.read_text(encoding="utf-8").splitlines())
    code, output = run("check", "--course", sample_copy)
    shown = f"assets/{name}" if len(name) < 50 else f"assets/{name}"[:60] + "…"
    assert code == 1 and f"modules/02-questions.md:{line}:9: file name course/{shown} {said}" in output
    assert "[asset.name]" in output


def test_only_referenced_assets_are_shipped_in_every_target(sample_copy):
    assets = sample_copy / "course" / "assets"
    (assets / ".env").write_text("SECRET=1\n")
    (assets / "unused.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    code, output = build(sample_copy, "html", "scorm12", "scorm2004", "single")
    assert code == 0, output
    names = packaged_names(sample_copy / "dist")
    assert "assets/listening.svg" in names
    assert not any(n.endswith((".env", "unused.png")) for n in names)


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_module_path_that_is_not_a_file_is_a_located_error_and_never_hangs(sample_copy, kind):
    path = sample_copy / "modules" / "03-x.md"
    path.mkdir() if kind == "folder" else os.mkfifo(path)
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(run("check", "--course", sample_copy)), daemon=True)
    worker.start()
    worker.join(60)
    assert outcome, "check hung on a FIFO"
    code, output = outcome[0]
    assert code == 1 and "modules/03-x.md: is " in output and "[file.kind]" in output


def test_a_quiz_path_that_is_a_folder_is_a_located_error(sample_copy):
    (sample_copy / "quizzes" / "03-x.yml").mkdir()
    code, output = run("check", "--course", sample_copy)
    assert code == 1 and "quizzes/03-x.yml: is a folder" in output


def test_two_module_symlinks_pointing_at_each_other_are_a_located_error(sample_copy):
    modules = sample_copy / "modules"
    (modules / "03-a.md").symlink_to(modules / "04-b.md")
    (modules / "04-b.md").symlink_to(modules / "03-a.md")
    code, output = run("check", "--course", sample_copy)
    assert code == 1 and "modules/03-a.md: 03-a.md is a symlink loop" in output


def test_an_unreadable_source_is_a_located_error(sample_copy, monkeypatch):
    # Tests may run as root, whom file modes do not stop: the refusal of open() is simulated.
    real_open = os.open
    target = str((sample_copy / "modules" / "02-questions.md").resolve())

    def refusing_open(path, flags, *args, **kwargs):
        if str(path) == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(Refused) as raised:
        read_source(sample_copy / "modules" / "02-questions.md", sample_copy)
    assert "permission denied" in raised.value.message
    code, output = run("check", "--course", sample_copy)
    assert code == 1 and "modules/02-questions.md: cannot be read: permission denied" in output


def test_a_module_with_a_utf8_bom_reads_like_one_without(sample_copy):
    module = sample_copy / "modules" / "01-listening.md"
    module.write_bytes(b"\xef\xbb\xbf" + module.read_bytes())
    code, output = run("check", "--course", sample_copy)
    assert code == 0, output


def test_cyrillic_and_space_image_names_are_found_like_link_names(sample_copy):
    assets = sample_copy / "course" / "assets"
    (assets / "схема 1.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    module = sample_copy / "modules" / "01-listening.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n![Схема](assets/%D1%81%D1%85%D0%B5%D0%BC%D0%B0%201.png)\n\n[Схема](<assets/схема 1.png>)\n", encoding="utf-8")
    code, output = build(sample_copy, "html", "single")
    assert code == 0, output
    assert (sample_copy / "dist" / "site" / "assets" / "схема 1.png").is_file()


def test_single_file_links_to_assets_are_not_dead(sample_copy):
    (sample_copy / "course" / "assets" / "памятка.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    module = sample_copy / "modules" / "01-listening.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n[Памятка](assets/памятка.pdf)\n", encoding="utf-8")
    code, output = build(sample_copy, "single")
    assert code == 0, output
    document = next((sample_copy / "dist").glob("*.html")).read_text(encoding="utf-8")
    assert 'href="assets/' not in document and 'src="assets/' not in document
    assert 'href="data:application/pdf;base64,' in document and 'download="памятка.pdf"' in document


@pytest.mark.parametrize("name,data,problem", [
    ("scan.png", b"", "'scan.png' is empty"),
    ("scan.png", b"GIF89a\x01\x00", "'scan.png' does not read as PNG (damaged, or another type renamed)"),
    ("photo.jpg", b"\x89PNG\r\n\x1a\n", "'photo.jpg' does not read as JPEG"),
    ("listening.svg", b"<html><body>not a picture</body></html>", "'listening.svg' does not read as SVG"),
])
def test_an_empty_damaged_or_renamed_image_is_an_error_at_the_line_that_shows_it(sample_copy, name, data, problem):
    # `course check` said ok and the page showed a broken image; the handouts' layout then failed with
    # "failed to decode image", naming neither the file nor the line.
    (sample_copy / "course" / "assets" / name).write_bytes(data)
    module = sample_copy / "modules" / "01-listening.md"
    module.write_text(module.read_text(encoding="utf-8").replace("assets/listening.svg", f"assets/{name}"),
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--course", str(sample_copy)])
    assert result.exit_code == 1
    assert f"modules/01-listening.md:19:55: course/assets/{name}: {problem}" in result.output


def test_an_svg_whose_tag_comes_after_a_long_prolog_is_an_image(sample_copy):
    # An export with a BOM, an XML declaration and a licence comment of some kilobytes was called damaged.
    asset = sample_copy / "course" / "assets" / "listening.svg"
    prolog = "\ufeff<?xml version='1.0' encoding='UTF-8'?>\n<!-- " + "licence text " * 400 + "-->\n"
    asset.write_bytes(prolog.encode() + asset.read_bytes())
    result = CliRunner().invoke(cli, ["check", "--course", str(sample_copy)])
    assert result.exit_code == 0, result.output


SVG = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
ACTIVE_SVGS = {
    # A namespace prefix hid the script from a search for '<script' (it ran in Chromium, opened on its own).
    "prefixed script": f'<svg {SVG}><x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script></svg>',
    "xhtml script": f'<svg {SVG}><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>',
    "handler": f'<svg {SVG}><rect ONLOAD="alert(1)"/></svg>',
    "entity-written javascript link": f'<svg {SVG}><a href="&#106;ava&#x09;script:alert(1)"><text>x</text></a></svg>',
    "animated link": f'<svg {SVG}><a href="#x"><set attributeName="xlink:href" to="javascript:alert(1)"/></a></svg>',
    # Typst read the file an <image> names: a symlink beside the course put an outside picture in the PDF.
    "image of another file": f'<svg {SVG}><image href="../leak.png" width="9" height="9"/></svg>',
    "outside link": f'<svg {SVG}><a xlink:href="https://example.org/"><text>x</text></a></svg>',
    "imported style": f'<svg {SVG}><style>@import url(https://example.org/a.css);</style></svg>',
    "style fetching a picture": f'<svg {SVG}><rect style="fill: url(https://example.org/p.png)"/></svg>',
    "stylesheet instruction": f'<?xml-stylesheet href="https://example.org/a.css"?><svg {SVG}/>',
    "not XML": f'<svg {SVG}><rect></svg>',
    # a security audit's: each passed the checks, shipped, and made requests when opened
    "element hiding the rest of a style": f'<svg {SVG}><style><g/>@import url(https://example.org/a.css);</style></svg>',
    "picture in a presentation attribute": f'<svg {SVG}><rect fill="url(https://example.org/f.svg#g)"/></svg>',
    "filter in an attribute": f'<svg {SVG}><rect filter="url(https://example.org/f.svg#f)"/></svg>',
    "cursor in an attribute": f'<svg {SVG}><rect cursor="url(https://example.org/c.png),auto"/></svg>',
    "escaped import": f'<svg {SVG}><style>@\\69mport "https://example.org/a.css";</style></svg>',
    "escaped url": f'<svg {SVG}><rect style="fill: u\\72l(https://example.org/p.png)"/></svg>',
    "image-set": f'<svg {SVG}><style>svg {{ background: image-set("https://example.org/p.png" 1x) }}</style></svg>',
    "font": f'<svg {SVG}><style>@font-face {{ font-family: x; src: local(x) }}</style></svg>',
    "comment hiding an import's name": f'<svg {SVG}><style>/* x */@\\49mport "https://example.org/a.css";</style></svg>',
    "external entity": f'<!DOCTYPE svg [<!ENTITY x SYSTEM "https://example.org/x">]><svg {SVG}><text>&x;</text></svg>',
    "parameter entity": f'<!DOCTYPE svg [<!ENTITY % x SYSTEM "https://example.org/x.dtd"> %x;]><svg {SVG}/>',
    "entity writing an outside style": (f'<!DOCTYPE svg [<!ENTITY u "url(https://example.org/p.png)">]><svg {SVG}>'
                                        '<rect fill="&u;"/></svg>'),
    # a review's: a `/*` in a string was taken for a comment's start, and the url() after it removed with it
    "comment start in a string": f'<svg {SVG}><style>text {{ font-family: "/*" }} svg {{ background: '
                                 'url(https://example.org/p.png) }} /* */</style></svg>',
    # a second review's: an attribute other than style may hold a loading CSS function too
    "image-set in a mask": f'<svg {SVG}><rect mask="image-set(\'https://example.org/m.png\' 1x)"/></svg>',
    "image-set in a cursor": f'<svg {SVG}><rect cursor="image-set(\'https://example.org/c.png\' 1x), auto"/></svg>',
    "image-set set by an animation": (f'<svg {SVG}><rect><set attributeName="mask" '
                                      'to="image-set(\'https://example.org/m.png\' 1x)"/></rect></svg>'),
    "escaped comment start": f'<svg {SVG}><rect style="font-family: \\/*; fill: url(https://example.org/p.png) /**/"/></svg>',
    "no svg namespace": '<svg><rect/></svg>',
    "another root": f'<html xmlns="{SVG}"/>',
}


@pytest.mark.parametrize("name", ACTIVE_SVGS)
def test_an_svg_that_is_more_than_a_picture_is_refused(name):
    from builder.svg import svg_problem

    assert svg_problem(ACTIVE_SVGS[name].encode()) is not None


def test_an_svg_in_another_encoding_is_refused_before_it_is_searched():
    """UTF-16 hid a stylesheet instruction from the search on the bytes, and a comment's letters read
    `<svg` (security audit): a drawing is read as UTF-8 or not at all."""
    from builder.svg import svg_problem

    hidden = (f'<?xml version="1.0" encoding="UTF-16"?><?xml-stylesheet href="https://example.org/a.css"?>'
              f'<!--\u733c\u6776--><svg {SVG}/>')
    assert svg_problem(b"\xff\xfe" + hidden.encode("utf-16-le")) == "is not written in UTF-8 (save it as UTF-8)"
    latin = f'<?xml version="1.0" encoding="ISO-8859-1"?><svg {SVG}><text>caf\xe9</text></svg>'.encode("latin-1")
    assert svg_problem(latin) == "is not written in UTF-8 (save it as UTF-8)"
    assert svg_problem(b"\xef\xbb\xbf" + f'<?xml version="1.0" encoding="utf-8"?><svg {SVG}/>'.encode()) is None


def test_a_drawing_with_gradients_inner_links_embedded_pictures_and_editor_data_is_a_picture(sample_copy):
    from builder.svg import svg_problem

    drawing = (f'<?xml version="1.0"?><svg {SVG} xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape">'
               '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'
               '<defs><linearGradient id="g"><stop offset="0"/></linearGradient><rect id="r" width="4" height="4"/></defs>'
               '<style>.a { fill: url(#g); }</style><rect class="a" style="stroke: url( \'#g\' )" inkscape:label="x"/>'
               '<use xlink:href="#r"/><image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/></svg>')
    assert svg_problem(drawing.encode()) is None
    # Illustrator names its namespaces by entities; labels may say «element(s)» or «image(s)»
    illustrator = (f'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" '
                   f'[<!ENTITY ns_svg "http://www.w3.org/2000/svg">]><svg xmlns="&ns_svg;" aria-label="Add element(s)">'
                   '<style>/* url() of a part */ .a { fill: url(#g) }</style><text content="image(s)">x</text></svg>')
    assert svg_problem(illustrator.encode()) is None
    assert svg_problem((sample_copy / "course" / "assets" / "listening.svg").read_bytes()) is None


def test_an_svg_script_hidden_by_a_namespace_prefix_fails_check_at_the_line_that_uses_it(sample_copy):
    (sample_copy / "course" / "assets" / "listening.svg").write_text(ACTIVE_SVGS["prefixed script"])
    code, output = run("check", "--course", sample_copy)
    assert code == 1
    assert "modules/01-listening.md:19:55: course/assets/listening.svg: 'listening.svg' holds a script" in output


def test_a_file_not_in_utf_8_is_named_for_the_encoding_it_most_likely_is_in():
    """A Latin-1 text («Café, déjà vu») was told to convert from Windows-1251, which gives «Cafй»:
    valid UTF-8 that passes every check. A BOM is no column of line 1."""
    import pytest

    from builder.files import NotUtf8, utf8_text

    def said(data: bytes) -> NotUtf8:
        with pytest.raises(NotUtf8) as raised:
            utf8_text(data)
        return raised.value

    assert "Windows-1251" in said("Строка о химсексе\n".encode("cp1251")).hint
    # A quiz file: its keys and ids outnumber its Russian words (the hint was missing, author audit).
    quiz = "id: q-conf\ntitle: Тайна\nquestions:\n  - id: conf-q1\n    type: single\n    objective: conf-o1\n    prompt: Зачем?\n"
    assert "Windows-1251" in said(quiz.encode("cp1251")).hint
    assert said("Café au lait, déjà vu\n".encode("cp1252")).hint == "save the file as UTF-8"
    assert "UTF-16" in said("Строка\n".encode("utf-16")).hint
    bad = said(b"\xef\xbb\xbfab\xff")
    assert (bad.line, bad.col) == (1, 3)
