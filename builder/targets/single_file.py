"""The one-file offline edition (`--format single`): `<course-id>-<version>.html`.

Everything is inside the file: CSS and JS inlined (allowed by hash in the Content-Security-Policy,
which forbids every request), images as data URIs. It opens from `file://`, keeps progress in
localStorage and ends with a printable completion record.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path

from builder.model import Course
from builder.targets import BuildOptions
from builder.targets.pages import Inline, PageRenderer, runtime_file

ASSET_SRC_RE = re.compile(r'src="(assets/[^"]+)"')


def build(course: Course, out_dir: Path, options: BuildOptions | None = None) -> list[Path]:
    """Write the single HTML file into `out_dir`."""
    inline = Inline(css=runtime_file("course.css"), js=runtime_file("course.js"))
    assert "</script" not in inline.js and "</style" not in inline.css, "inlined runtime must not close its element"
    document = PageRenderer(course, mode="onedoc", backend="local", inline=inline).render_onedoc()
    document = ASSET_SRC_RE.sub(lambda m: f'src="{data_uri(course.root / "course" / m.group(1))}"', document)
    path = out_dir / f"{course.id}-{course.version}.html"
    path.write_text(document, encoding="utf-8", newline="\n")
    return [path]


def data_uri(path: Path) -> str:
    """A file as a `data:` URI."""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"
