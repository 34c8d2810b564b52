"""What the targets of one build share through the BuildContext: made once, the same bytes as made
twice, and never carried stale into the next build of a kept context (the dev server's)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from builder.build import build
from builder.context import BuildContext, BuildOptions
from builder.targets.pages import PageRenderer

PER_MODULE = BuildOptions(sco="per-module")


def member(out: Path, kind: str, name: str) -> str:
    """One file of the built package `kind` (`scorm12`, `scorm2004`) as text."""
    with zipfile.ZipFile(next(out.glob(f"*-{kind}.zip"))) as archive:
        return archive.read(name).decode()


def test_a_per_module_page_is_rendered_once_and_the_versions_differ_only_in_the_backend(sample_copy, tmp_path,
                                                                                          monkeypatch):
    frames: list[tuple[str, str]] = []
    render_frame = PageRenderer.page_frame

    def counted(self, page_id, prefix):
        frames.append((self.mode, page_id))
        return render_frame(self, page_id, prefix)

    monkeypatch.setattr(PageRenderer, "page_frame", counted)
    out = tmp_path / "dist"
    build(sample_copy, out, ["scorm12", "scorm2004"], ctx=BuildContext(PER_MODULE))
    assert frames.count(("sco", "01-listening")) == 1
    page12, page2004 = member(out, "scorm12", "01-listening.html"), member(out, "scorm2004", "01-listening.html")
    assert '"backend":"scorm12"' in page12
    assert page12.replace('"backend":"scorm12"', '"backend":"scorm2004"') == page2004


def test_a_kept_context_renders_an_edited_module_page_again_for_both_versions(sample_copy, tmp_path):
    ctx = BuildContext(PER_MODULE, keep=True)
    build(sample_copy, tmp_path / "one", ["scorm12", "scorm2004"], ctx=ctx)
    module = sample_copy / "modules" / "01-listening.md"
    module.write_text(module.read_text().replace("Пауза в 3 секунды", "Пауза в 4 секунды"))
    build(sample_copy, tmp_path / "two", ["scorm12", "scorm2004"], ctx=ctx)
    for kind in ("scorm12", "scorm2004"):
        page = member(tmp_path / "two", kind, "01-listening.html")
        assert "Пауза в 4 секунды" in page and "Пауза в 3 секунды" not in page
