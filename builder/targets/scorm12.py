"""SCORM 1.2 package (`--format scorm12`): `<course-id>-<version>-scorm12.zip`."""

from __future__ import annotations

from pathlib import Path

from builder.model import Course
from builder.targets import BuildOptions
from builder.targets.scorm_manifest import SCHEMA_FILES_12, manifest_12
from builder.targets.scorm_package import build_package


def build(course: Course, out_dir: Path, options: BuildOptions) -> list[Path]:
    """Write the SCORM 1.2 zip into `out_dir`."""
    return build_package(course, out_dir, options, "scorm12", lambda plan: manifest_12(course, plan), SCHEMA_FILES_12, "scorm12")
