"""The page templates' compiled code is kept between runs (as Python keeps `__pycache__`): a second
build compiles nothing, an edited template compiles again, and a cache that is damaged or cannot be
written costs time only, never the build or its bytes."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from builder.build import build
from builder.context import TemplateCache

FORMATS = ["html", "single"]


@pytest.fixture
def compiles(monkeypatch):
    """How many templates Jinja compiles from their source."""
    counted: list[str] = []
    real = jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        counted.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return counted


def entries(cache):
    """The cache's entries (its folder is named for Jinja's version and the compile options)."""
    (folder,) = cache.glob("templates-*")
    return folder.iterdir()


def site_bytes(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_second_build_takes_every_template_from_the_cache(sample_copy, tmp_path, monkeypatch, compiles):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    build(sample_copy, tmp_path / "one", FORMATS)
    assert "site/page.html.j2" in compiles and list(entries(tmp_path / "cache"))
    compiles.clear()
    build(sample_copy, tmp_path / "two", FORMATS)
    assert compiles == []
    assert site_bytes(tmp_path / "one") == site_bytes(tmp_path / "two")


def test_an_edited_template_is_compiled_again(tmp_path, monkeypatch, compiles):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "t").mkdir()
    page = tmp_path / "t" / "page.j2"
    page.write_text("one {{ x }}")

    def render() -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "t")), bytecode_cache=TemplateCache.open())
        return env.get_template("page.j2").render(x=1)

    assert render() == "one 1" and render() == "one 1"
    assert compiles == ["page.j2"]
    page.write_text("two {{ x }}")
    assert render() == "two 1"
    assert compiles == ["page.j2", "page.j2"]


def test_a_damaged_entry_is_compiled_again_and_a_cache_that_cannot_be_written_is_skipped(sample_copy, tmp_path,
                                                                                         monkeypatch, compiles):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    build(sample_copy, tmp_path / "one", FORMATS)
    for entry in entries(tmp_path / "cache"):
        entry.write_bytes(entry.read_bytes()[:40])  # cut short, as by a full disk
    compiles.clear()
    build(sample_copy, tmp_path / "two", FORMATS)
    assert "site/page.html.j2" in compiles
    assert site_bytes(tmp_path / "one") == site_bytes(tmp_path / "two")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("COURSE_CACHE_DIR", str(blocked))
    build(sample_copy, tmp_path / "three", FORMATS)
    assert site_bytes(tmp_path / "one") == site_bytes(tmp_path / "three")


def test_a_cache_folder_others_can_write_to_is_not_used(tmp_path, monkeypatch):
    # Its files are run as code: a folder another user could write to would let them run theirs.
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    cache = TemplateCache.open()
    assert cache is not None
    folder = Path(cache.directory)
    assert folder.stat().st_mode & 0o077 == 0, "made for its owner only"
    folder.chmod(0o777)
    assert TemplateCache.open() is None
    folder.chmod(0o700)
    assert TemplateCache.open() is not None
