"""The static HTML site (`--format html`): one file per page under `site/`, readable without JavaScript.

Works from `file://` and any static server: pages link to each other with relative links, the
runtime is two static files, and the course data sits in each page as JSON (no fetch).
"""

from __future__ import annotations

from pathlib import Path

from builder.context import BuildContext
from builder.errors import Diagnostics
from builder.files import output_path
from builder.model import Course
from builder.targets.pages import PageRenderer, asset_files, runtime_file

FOLDER = "site"
"""Where the site goes inside the output folder."""


def check(course: Course, ctx: BuildContext, diags: Diagnostics) -> None:
    """Nothing makes this target refuse a course that validation passed."""


def build(course: Course, out_dir: Path, ctx: BuildContext) -> list[Path]:
    """Write the site into `out_dir/site` and return the files written."""
    root = out_dir / FOLDER
    return write_site(course, root, PageRenderer(course, ctx, mode="site"))


def write_site(course: Course, root: Path, renderer: PageRenderer,
               scripts: tuple[str, ...] = ("course.js", "course.css")) -> list[Path]:
    """Every page, the runtime files and the assets under `root` (shared with the per-module SCORM target)."""
    written = []
    for page in renderer.pages:
        written.append(write_bytes(root, f"{page['id']}.html", renderer.page_file(page["id"])))
    for name in scripts:
        written.append(write_text(root, f"runtime/{name}", runtime_file(name, course)))
    written.append(write_text(root, "runtime/course-data.js", renderer.shared_data_script()))
    for name, data in asset_files(course):
        written.append(write_bytes(root, name, data))
    return written


def write_text(folder: Path, name: str, text: str) -> Path:
    """Write UTF-8 text with Unix newlines at `folder/name` (through the output gate), creating folders."""
    return write_bytes(folder, name, text.encode("utf-8"))


def write_bytes(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` at `folder/name` (through the output gate), creating folders."""
    path = output_path(folder, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
