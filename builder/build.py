"""The pipeline: load -> validate -> render -> emit, reading everything before writing anything.

`get_course` gathers and checks all data; only when it has no errors does `build` start writing,
and even then into a staging folder next to the output that takes the output's place in one
atomic swap once every target has succeeded, so a failed or killed build leaves `dist/` exactly
as it was.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import re
import secrets
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from builder.context import BuildContext, BuildOptions
from builder.errors import CourseError, Diagnostic, Diagnostics
from builder.files import Refused
from builder.load import load_course
from builder.model import Course, Loc
from builder.render import render_course
from builder.sources import check_sources
from builder.targets import DEV_TARGETS, TARGETS, reads_tokens, target
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
    by_target: dict[str, int] = field(default_factory=dict)
    """How many files each target said it wrote, in build order."""
    kept: list[str] = field(default_factory=list)
    """Names in the output folder that an earlier build wrote and this one kept (other formats'), sorted."""


def get_course(root: Path, diags: Diagnostics, ctx: BuildContext | None = None) -> Course | None:
    """Load, validate and render the course: every problem lands in `diags`; nothing is written."""
    ctx = ctx or BuildContext()
    course = load_course(root, diags, ctx.parsed if ctx.keep else None)
    if course is None:
        return None
    validate(course, diags)
    render_course(course, diags, ctx)
    return course


def check_targets(course: Course, formats: list[str], ctx: BuildContext, diags: Diagnostics) -> None:
    """What the targets among `formats` would refuse (a learner state too large for SCORM 1.2, a
    missing PDF engine, a question no bank can grade), found before anything is written. Only run
    on a course without errors: the targets' checks read a model that validation passed."""
    if diags.errors:
        return
    for name in formats:
        target(name).check(course, ctx, diags)


def chosen_formats(asked: list[str] | None, course: Course) -> list[str]:
    """The formats to build, in the targets' order: those asked for, else course.yml's `outputs`."""
    wanted = asked or course.outputs
    return [name for name in [*TARGETS, *DEV_TARGETS] if name in wanted]


def check_output_dir(root: Path, out: Path) -> Path:
    """The real output folder: refuse one that is, holds or lies inside the sources, a dangling
    link, a file, or a non-empty folder that `course` did not make (its files would be replaced)."""
    if out.is_symlink() and not out.exists():
        output_error(out, f"output folder {out} is a symlink to {os.readlink(out)}, which does not exist",
                     "remove the link, or create the folder it points at")
    # A link that came with the course's files (a cloned repository's `dist`) must not carry the
    # build out of it: `course build` would write wherever its author pointed it.
    if out.is_symlink() and out.absolute().parent.resolve().is_relative_to(root.resolve()) \
            and not out.resolve().is_relative_to(root.resolve()):
        output_error(out, f"output folder {out} is a link to {out.resolve()}, outside the course folder",
                     "remove the link, or name the folder you want with --out")
    root, out = root.resolve(), out.resolve()
    clashes = [root] + [root / name for name in SOURCE_FOLDERS]
    inside_sources = any(out.is_relative_to(root / name) for name in SOURCE_FOLDERS)
    if out in clashes or any(folder.is_relative_to(out) for folder in clashes) or inside_sources:
        output_error(out, f"output folder {out} overlaps the course sources", "choose a separate folder, e.g. dist/")
    if out.exists() and not out.is_dir():
        output_error(out, f"output {out} is a file, not a folder", "choose a folder, e.g. dist/")
    if out.is_dir() and not (out / MARKER).exists() and any(out.iterdir()) and not written_by_an_older_course(out):
        output_error(out, f"output folder {out} holds files that course did not write",
                     "choose a new or empty folder (a build replaces what it writes)")
    return out


def written_by_an_older_course(out: Path) -> bool:
    """A `dist/` from before the marker file: only names a build writes, and a site (if any) with
    its runtime. A folder of the author's own that happens to hold a `site/` does not pass."""
    for entry in out.iterdir():
        if entry.name == "site" and not (entry / "runtime" / "course.js").is_file():
            return False
        if entry.name == "handouts" and not any(entry.glob("*.pdf")):
            return False
        if entry.name not in ("site", "handouts") and not entry.name.endswith((".zip", ".html")):
            return False
    return True


def output_error(out: Path, message: str, hint: str) -> NoReturn:
    """Stop with one `build.output` error about the output folder."""
    raise CourseError([Diagnostic(Loc(str(out)), message, hint, "build.output")])


def build(root: Path, out: Path, formats: list[str] | None = None, options: BuildOptions | None = None,
          strict: bool = False, ctx: BuildContext | None = None) -> BuildResult:
    """Build the course under `root` into `out` in the given formats (default: course.yml outputs)."""
    started = time.perf_counter()
    ctx = ctx or BuildContext(options or BuildOptions())
    ctx.start_build()
    ctx.keep_tokens = ctx.keep or reads_tokens(formats)
    diags = Diagnostics()
    course = get_course(root, diags, ctx)
    formats = chosen_formats(formats, course) if course else []
    if course:
        check_targets(course, formats, ctx, diags)
        if ctx.options.check_citations and ctx.options.sources_dir:
            check_sources(course, ctx.options.sources_dir, diags, ctx.options.sources_own)
    diags.raise_if_errors(strict)
    assert course is not None
    out = check_output_dir(root, out)
    result = BuildResult(warnings=diags.warnings, course=course)
    staging = start_staging(out)
    try:
        result.by_target = write_outputs(course, formats, staging, ctx)
        written = sorted(p for p in staging.rglob("*") if p.is_file())
        result.files = [(out / p.relative_to(staging), p.stat().st_size) for p in written]
        result.kept = publish(staging, out, superseded(course, formats))
    except Refused as refused:
        output_error(out, refused.message, refused.hint)
    except OSError as exc:
        output_error(out, f"cannot write the output: {describe_os_error(exc)}",
                     "free some disk space or choose a folder you can write to; the previous output is untouched")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result


def start_staging(out: Path) -> Path:
    """A fresh staging folder beside `out`, after removing those of killed builds."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        sweep_stale_staging(out)
        return make_staging(out)
    except OSError as exc:
        output_error(out, f"cannot write next to {out}: {describe_os_error(exc)}", "choose a folder you can write to")


def write_outputs(course: Course, formats: list[str], staging: Path, ctx: BuildContext) -> dict[str, int]:
    """Run each target into `staging`, in order; return how many files each said it wrote."""
    counts = {}
    for name in formats:
        target_started = time.perf_counter()
        counts[name] = len(target(name)(course, staging, ctx))
        log.debug("%s: %d files in %.2f s", name, counts[name], time.perf_counter() - target_started)
    return counts


def describe_os_error(exc: OSError) -> str:
    """`No space left on device (/x/dist/site)` — one short line, whatever the error carries."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        return str(exc.args[0][0][-1])[:200]  # copytree's list of (source, target, reason)
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"[:300]


MARKER = ".course-output"
"""A file in every output folder saying `course` wrote it (so a later build may replace it)."""

STAGING_RE = re.compile(r"^\.(?P<name>.+)-(?:building|old)-(?P<pid>\d+)-")
"""Names of the folders a build stages in (or retires the previous output to), with its pid."""


def make_staging(out: Path) -> Path:
    """An empty folder next to `out` (same file system, so publishing is a rename) named with our pid."""
    staging = out.parent / f".{out.name}-building-{os.getpid()}-{secrets.token_hex(4)}"
    staging.mkdir()
    return staging


def sweep_stale_staging(out: Path) -> None:
    """Remove staging folders of builds of `out` that were killed (their process is gone)."""
    for entry in out.parent.iterdir():
        match = STAGING_RE.match(entry.name)
        if match and match["name"] == out.name and not process_alive(int(match["pid"])):
            shutil.rmtree(entry, ignore_errors=True)


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists (a zombie counts; it may still be ours)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def superseded(course: Course, formats: list[str]) -> set[str]:
    """Names of an earlier output that this build replaces under another name: a SCORM 2004 zip of
    either edition (both hold the same manifest identifier; kept, the other would be a stale copy)."""
    if "scorm2004" not in formats:
        return set()
    from builder.targets.scorm_package import package_name  # (a target's module: loaded when built)
    return {package_name(course, "scorm2004"), package_name(course, "scorm2004", "3rd")}


def publish(staging: Path, out: Path, superseded: set[str] = frozenset()) -> list[str]:
    """Make `staging` the output folder in one atomic step; return the names it kept of the previous one.

    Entries of the previous output that this build did not make (another format built earlier)
    are carried over as hard links first, so the swap replaces only what was rebuilt (not those it
    `superseded`). On Linux the
    two folders are exchanged with renameat2(RENAME_EXCHANGE): at every instant `out` is either
    the whole old output or the whole new one. Elsewhere two renames come as close as POSIX allows.
    """
    (staging / MARKER).write_text("This folder is written by `course build`: a build replaces what it writes and "
                                  "keeps what earlier builds wrote of other formats.\n", encoding="utf-8")
    kept = []
    if out.is_dir():
        for entry in sorted(out.iterdir()):
            if not (staging / entry.name).exists() and entry.name not in superseded:
                carry_over(entry, staging / entry.name)
                kept.append(entry.name)
    try:
        os.rename(staging, out)  # no output yet (or an empty folder): one rename
        return kept
    except OSError:
        pass
    if exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous output
        return kept
    retired = out.parent / f".{out.name}-old-{os.getpid()}-{secrets.token_hex(4)}"
    os.rename(out, retired)
    os.rename(staging, out)
    shutil.rmtree(retired, ignore_errors=True)
    return kept


def carry_over(source: Path, target: Path) -> None:
    """Hard-link (or copy) an entry of the previous output into the new one."""
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=link_or_copy)
    else:
        link_or_copy(source, target)


def link_or_copy(source, target) -> None:
    """A hard link (builds never edit a written file in place), else a copy."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically with Linux's renameat2(RENAME_EXCHANGE); False where it is unavailable."""
    if sys.platform != "linux":
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.EPERM, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(second))
