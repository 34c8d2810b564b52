"""SCORM 1.2 package (`--format scorm12`): `<course-id>-<version>-scorm12.zip`."""

from __future__ import annotations

from pathlib import Path

from builder.context import BuildContext
from builder.errors import Diagnostics
from builder.model import Course
from builder.targets.scorm_manifest import SCHEMA_FILES_12, manifest_12
from builder.targets.scorm_package import build_package, check_package


def check(course: Course, ctx: BuildContext, diags: Diagnostics) -> None:
    """The learner state must fit SCORM 1.2's 4096 characters of suspend_data."""
    check_package(course, ctx, diags, "scorm12")


def build(course: Course, out_dir: Path, ctx: BuildContext) -> list[Path]:
    """Write the SCORM 1.2 zip into `out_dir`."""
    return build_package(course, out_dir, ctx, "scorm12", lambda plan: manifest_12(course, plan), SCHEMA_FILES_12,
                         "scorm12")
