"""Output targets. Each module exposes `build(course, out_dir, options) -> list[Path]`.

`TARGETS` is the one place that says which targets exist and in which order they run: the HTML
site first (it is the quickest to look at when something goes wrong), then the SCORM packages,
then the single file, the question banks for LMS quiz engines, and the print handouts last because they are by far the slowest.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from builder.model import Course


@dataclass(frozen=True)
class BuildOptions:
    """Options of `course build` that targets read."""

    scorm2004_edition: str = "4th"
    """`3rd` or `4th` edition of SCORM 2004."""
    sco: str = "single"
    """`single` (one SCO for the whole course) or `per-module`."""
    paper: str = "A4"
    """`A4` or `Letter` for handouts."""
    schemas_dir: Path | None = None
    """Folder of SCORM XSD files to ship inside packages (COURSE_SCORM_SCHEMAS)."""
    sources_dir: Path | None = None
    """Folder of the cited documents (`--sources`), which the review edition quotes."""


TARGETS: dict[str, str] = {
    "html": "builder.targets.site",
    "scorm12": "builder.targets.scorm12",
    "scorm2004": "builder.targets.scorm2004",
    "single": "builder.targets.single_file",
    "moodle-xml": "builder.targets.moodle_xml",
    "gift": "builder.targets.gift",
    "qti": "builder.targets.qti",
    "handout": "builder.targets.handout",
    "review": "builder.targets.review",
}
"""Target name -> module, in build order."""


def target_builder(name: str) -> Callable[[Course, Path, BuildOptions], list[Path]]:
    """The `build` function of a target (imported lazily: a target loads its libraries only when it is built)."""
    module = importlib.import_module(TARGETS[name])
    return module.build
