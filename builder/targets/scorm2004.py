"""SCORM 2004 package (`--format scorm2004`, 4th edition unless `--scorm2004-edition 3rd`)."""

from __future__ import annotations

from pathlib import Path

from builder.model import Course
from builder.targets import BuildOptions
from builder.targets.scorm_manifest import manifest_2004
from builder.targets.scorm_package import SCHEMA_FILES_2004, build_package


def build(course: Course, out_dir: Path, options: BuildOptions) -> list[Path]:
    """Write the SCORM 2004 zip into `out_dir`."""
    return build_package(course, out_dir, options, "scorm2004",
                         lambda plan: manifest_2004(course, plan, options.scorm2004_edition), SCHEMA_FILES_2004, "scorm2004")
