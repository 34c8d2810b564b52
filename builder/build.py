"""The pipeline: load -> validate -> render -> emit, reading everything before writing anything.

`get_course` gathers and checks all data; only when it has no errors does `build` start writing,
and even then into a temporary folder next to the output, moved into place entry by entry once
every target has succeeded, so a failed build leaves `dist/` exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import CourseError, Diagnostic, Diagnostics
from builder.load import load_course
from builder.model import Course, Loc
from builder.render import render_course
from builder.targets import TARGETS, BuildOptions, target_builder
from builder.validate import validate

log = logging.getLogger("course")

SOURCE_FOLDERS = ("course", "modules", "quizzes")
"""Folders of a course root that an output folder must never overlap."""


@dataclass
class BuildResult:
    """What a build wrote and what it noticed."""

    files: list[tuple[Path, int]] = field(default_factory=list)
    """Every file written (final path, size in bytes), in write order."""
    warnings: list[Diagnostic] = field(default_factory=list)
    """Warnings of the sources (the build went on)."""
    seconds: float = 0.0
    """Wall time of the whole build."""
    course: Course | None = None
    """The model that was built."""


def get_course(root: Path, diags: Diagnostics) -> Course | None:
    """Load, validate and render the course: every problem lands in `diags`; nothing is written."""
    course = load_course(root, diags)
    if course is None:
        return None
    validate(course, diags)
    render_course(course, diags)
    return course


def check_output_dir(root: Path, out: Path) -> None:
    """Refuse an output folder that is, holds or lies inside the sources."""
    root, out = root.resolve(), out.resolve()
    clashes = [root] + [root / name for name in SOURCE_FOLDERS]
    if out in clashes or any(folder.is_relative_to(out) for folder in clashes) or any(out.is_relative_to(root / n) for n in SOURCE_FOLDERS):
        raise CourseError([Diagnostic(Loc(str(out)), f"output folder {out} overlaps the course sources", "choose a separate folder, e.g. dist/", "build.output")])


def build(root: Path, out: Path, formats: list[str] | None = None, options: BuildOptions | None = None, strict: bool = False) -> BuildResult:
    """Build the course under `root` into `out` in the given formats (default: course.yml outputs)."""
    started = time.perf_counter()
    diags = Diagnostics()
    course = get_course(root, diags)
    diags.raise_if_errors(strict)
    assert course is not None
    check_output_dir(root, out)
    formats = [f for f in TARGETS if f in (formats or course.outputs)]
    result = BuildResult(warnings=diags.warnings, course=course)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-{os.getpid()}-", dir=out.parent))
    try:
        for name in formats:
            target_started = time.perf_counter()
            target_builder(name)(course, staging, options or BuildOptions())
            log.debug("%s built in %.2f s", name, time.perf_counter() - target_started)
        written = sorted(p for p in staging.rglob("*") if p.is_file())
        result.files = [(out / p.relative_to(staging), p.stat().st_size) for p in written]
        publish(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result


def remove_stale_staging(out: Path) -> None:
    """Remove staging folders of earlier builds that were killed (their process is gone): a kill
    cannot clean up after itself, the next build does."""
    for folder in out.parent.glob(f".{out.name}-building-*-*"):
        pid = folder.name.removeprefix(f".{out.name}-building-").split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def publish(staging: Path, out: Path) -> None:
    """Move each top-level entry of `staging` into `out`, replacing what was there (other entries stay)."""
    out.mkdir(parents=True, exist_ok=True)
    for entry in sorted(staging.iterdir()):
        destination = out / entry.name
        if destination.exists() or destination.is_symlink():
            retired = out.parent / f".{out.name}-old-{os.getpid()}-{entry.name}"
            os.replace(destination, retired)
            os.replace(entry, destination)
            if retired.is_dir():
                shutil.rmtree(retired)
            else:
                retired.unlink()
        else:
            os.replace(entry, destination)
