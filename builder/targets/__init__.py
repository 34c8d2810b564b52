"""Output targets. Each module exposes `check(course, ctx, diags)` and `build(course, out_dir, ctx) -> list[Path]`.

`TARGETS` is the one place that says which targets exist and in which order they run: the HTML
site first (it is the quickest to look at when something goes wrong), then the SCORM packages,
then the single file, the question banks for LMS quiz engines, and the print handouts last
because they are by far the slowest. Its names are the formats course.yml `outputs:` and
`--format` accept, in this order. `check` runs in the validate phase (before anything is
written), so `course check` refuses whatever a build of the same outputs would refuse.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from builder.context import BuildContext, BuildOptions
from builder.errors import Diagnostics
from builder.model import Course

__all__ = ["BuildOptions", "DEV_TARGETS", "TARGETS", "Target"]


class Target:
    """One output: its module's `check` and `build`, imported when first used (a target loads its
    libraries, e.g. lxml or the PDF engine, only when it is built)."""

    def __init__(self, module: str, reads_tokens: bool = False) -> None:
        self.module = module
        """Dotted name of the module that implements the target."""
        self.reads_tokens = reads_tokens
        """Whether it reads the texts' token streams (print, banks) rather than their rendered programs."""

    def __call__(self, course: Course, out_dir: Path, ctx: BuildContext) -> list[Path]:
        """Write the output into `out_dir`; return every file written."""
        return importlib.import_module(self.module).build(course, out_dir, ctx)

    def check(self, course: Course, ctx: BuildContext, diags: Diagnostics) -> None:
        """Report into `diags` everything that would make the build of this output refuse."""
        importlib.import_module(self.module).check(course, ctx, diags)


TARGETS: dict[str, Target] = {
    "html": Target("builder.targets.site"),
    "scorm12": Target("builder.targets.scorm12"),
    "scorm2004": Target("builder.targets.scorm2004"),
    "single": Target("builder.targets.single_file"),
    "moodle-xml": Target("builder.targets.moodle_xml", reads_tokens=True),
    "gift": Target("builder.targets.gift", reads_tokens=True),
    "qti": Target("builder.targets.qti", reads_tokens=True),
    "handout": Target("builder.targets.handout", reads_tokens=True),
    "review": Target("builder.targets.review", reads_tokens=True),
}
"""Target name -> target, in build order."""

DEV_TARGETS: dict[str, Target] = {
    "lms-preview": Target("builder.targets.lms_preview"),
}
"""Outputs only `course serve` asks for (never a default, not accepted by course.yml or --format)."""


def target(name: str) -> Target:
    """The target called `name` (a public format or a dev server's own)."""
    return TARGETS.get(name) or DEV_TARGETS[name]


def reads_tokens(formats: list[str] | None) -> bool:
    """Whether a build of `formats` may read token streams (none given: course.yml's outputs, not known
    yet; a name of no target: not for us to decide here, so yes)."""
    found = [TARGETS.get(name) or DEV_TARGETS.get(name) for name in formats or []]
    return not found or any(t is None or t.reads_tokens for t in found)
