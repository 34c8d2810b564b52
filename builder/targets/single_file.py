"""The one-file offline edition (`--format single`): `<course-id>-<version>.html`.

Everything is inside the file: CSS and JS inlined (allowed by hash in the Content-Security-Policy,
which forbids every request), images as data URIs. It opens from `file://`, keeps progress in
localStorage and ends with a printable completion record.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from builder.model import Course
from builder.targets import BuildOptions
from builder.targets.pages import Inline, PageRenderer, asset_files, runtime_file
from builder.targets.site import write_text

ASSET_REF_RE = re.compile(r'(?P<attr>src|href)="(?P<path>assets/[^"#?]+)"')
"""An image source or a link to an asset in rendered HTML (the only two ways a page uses one)."""


def build(course: Course, out_dir: Path, options: BuildOptions | None = None) -> list[Path]:
    """Write the single HTML file into `out_dir`."""
    inline = Inline(css=runtime_file("course.css"), js=runtime_file("course.js"))
    assert "</script" not in inline.js and "</style" not in inline.css, "inlined runtime must not close its element"
    document = PageRenderer(course, mode="onedoc", backend="local", inline=inline).render_onedoc()
    document = inline_assets(document, dict(asset_files(course)))
    return [write_text(out_dir, f"{course.id}-{course.version}.html", document)]


def inline_assets(document: str, assets: dict[str, bytes]) -> str:
    """Every `src`/`href` to an asset becomes a data URI (a link also gets `download`, since
    browsers will not open a data URI as a page): the file works with nothing next to it."""

    def replace(match: re.Match) -> str:
        name = unquote(html.unescape(match["path"]))
        if name not in assets:
            return match.group(0)
        uri = data_uri(name, assets[name])
        if match["attr"] == "src":
            return f'src="{uri}"'
        return f'href="{uri}" download="{html.escape(PurePosixPath(name).name, quote=True)}"'

    return ASSET_REF_RE.sub(replace, document)


def data_uri(name: str, data: bytes) -> str:
    """A file as a `data:` URI."""
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"
