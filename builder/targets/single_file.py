"""The one-file offline edition (`--format single`): `<course-id>-<version>.html`.

Everything is inside the file: CSS and JS inlined (allowed by hash in the Content-Security-Policy,
which forbids every request), images as data URIs. It opens from `file://`, keeps progress in
localStorage and ends with a printable completion record.
"""

from __future__ import annotations

from pathlib import Path

from builder.context import BuildContext
from builder.errors import Diagnostics
from builder.model import Course
from builder.targets.pages import Inline, PageRenderer, runtime_file
from builder.targets.site import write_bytes


def check(course: Course, ctx: BuildContext, diags: Diagnostics) -> None:
    """Nothing makes this target refuse a course that validation passed."""


def build(course: Course, out_dir: Path, ctx: BuildContext) -> list[Path]:
    """Write the single HTML file into `out_dir` (its pages render every asset as a data URI)."""
    inline = Inline(css=runtime_file("course.css"), js=runtime_file("course.js", course))
    assert "</script" not in inline.js and "</style" not in inline.css, "inlined runtime must not close its element"
    document = PageRenderer(course, ctx, mode="onedoc", backend="local", inline=inline).onedoc_file()
    return [write_bytes(out_dir, f"{course.id}-{course.version}.html", document)]
