"""SCORM 2004 package (`--format scorm2004`, 4th edition unless `--scorm2004-edition 3rd`)."""

from __future__ import annotations

from pathlib import Path

from builder.context import BuildContext
from builder.errors import Diagnostics
from builder.model import Course
from builder.targets.scorm_manifest import manifest_2004
from builder.targets.scorm_package import SCHEMA_FILES_2004, build_package, check_package


def check(course: Course, ctx: BuildContext, diags: Diagnostics) -> None:
    """The learner state and the final save must fit what a SCORM 2004 LMS keeps."""
    check_package(course, ctx, diags, "scorm2004")


def build(course: Course, out_dir: Path, ctx: BuildContext) -> list[Path]:
    """Write the SCORM 2004 zip into `out_dir`."""
    edition = ctx.options.scorm2004_edition
    return build_package(course, out_dir, ctx, "scorm2004", lambda plan: manifest_2004(course, plan, edition),
                         SCHEMA_FILES_2004, "scorm2004")
