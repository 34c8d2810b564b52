"""The dev server's LMS preview (`lms-preview`, only `course serve` asks for it): the course as the
single-SCO packages hold it, unzipped into `lms/scorm12/` and `lms/scorm2004/`, for the inspector
that plays it against a test LMS API. No manifest: the inspector launches `index.html` itself."""

from __future__ import annotations

from pathlib import Path

from builder.context import BuildContext
from builder.errors import Diagnostics
from builder.model import Course
from builder.targets.scorm_package import preview_files
from builder.targets.site import write_bytes

BACKENDS = ("scorm12", "scorm2004")
"""The runtime adapters the inspector can play."""


def check(course: Course, ctx: BuildContext, diags: Diagnostics) -> None:
    """A preview is never refused: the inspector shows what the packages would hold, even over budget."""


def build(course: Course, out_dir: Path, ctx: BuildContext) -> list[Path]:
    """Write each backend's package files under `out_dir/lms/<backend>/`."""
    return [write_bytes(out_dir / "lms" / backend, name, data)
            for backend in BACKENDS for name, data in preview_files(course, ctx, backend).items()]
