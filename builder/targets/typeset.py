"""Typst markup to PDF: the one place the print engine is called (handouts, and any other paper output).

`typeset(markup, out_path)` lays out one document: the handout prelude
(`templates/handout/handout.typ`: page, header, footer, the course's block styles) followed by
`markup`, with only the bundled DejaVu fonts, a fixed creation date, tagged. `typeset_all` lays out
several, on threads (the Typst binding releases the GIL: no worker processes to orphan, no temp
folders), taking each PDF laid out before from a cache whose entries are verified before reuse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any, Iterable
from functools import lru_cache
from pathlib import Path

from builder.context import user_cache_dir
from builder.errors import CourseError, Diagnostic
from builder.files import output_path
from builder.model import Course, Loc
from builder.targets.pages import templates_root

log = logging.getLogger("course")

FONTS = templates_root() / "handout" / "fonts"
PRELUDE = templates_root() / "handout" / "handout.typ"
DEFAULT_EPOCH = 315532800
"""1980-01-01, as the zips use when neither SOURCE_DATE_EPOCH nor a review date is known."""
LATEST_EPOCH = 253402300799
"""9999-12-31 23:59:59: the last moment a PDF date can say."""
PDF_STANDARDS = ["ua-1"]
"""PDF/UA-1: the engine checks what it can (heading levels, a title, alt text, embedded fonts) and
marks the file so, and viewers show the document's title, not its file name (DisplayDocTitle)."""


@dataclass(frozen=True)
class Job:
    """One PDF to write and the Typst markup it is laid out from (after the prelude)."""

    pdf: Path
    markup: str


def require_typst(course: Course) -> None:
    """Say how to get the engine instead of a traceback when the `typst` wheel is missing or broken."""
    try:
        import typst  # noqa: F401
    except (ImportError, OSError) as error:
        raise CourseError([Diagnostic(
            course.loc,
            f"the PDFs (handouts, review edition) need the Typst compiler's Python package, which cannot be "
            f"loaded: {str(error).splitlines()[0]}",
            "install it with: pip install typst (a self-contained wheel); "
            "or build without the PDFs: --format html --format scorm12 ...",
            "build.handout-deps",
        )]) from None


def known_creation_timestamp(course: Course) -> int | None:
    """The PDFs' creation date: SOURCE_DATE_EPOCH when set and valid, else the course's latest
    recorded review (or the one course.yml states); None when neither says one."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.strip().isdigit() and int(epoch) <= LATEST_EPOCH:
        return int(epoch)
    review = course.last_review or (course.governance.last_review if course.governance else None)
    if review:
        return int(dt.datetime(review.year, review.month, review.day, tzinfo=dt.timezone.utc).timestamp())
    return None


def creation_timestamp(course: Course) -> int:
    """The engine's clock for a build (the same for every build of the same sources): the known
    creation date, else 1980, which no PDF then states (`HandoutWriter.head` leaves its date out)."""
    known = known_creation_timestamp(course)
    return DEFAULT_EPOCH if known is None else known


@lru_cache(maxsize=1)
def prelude() -> str:
    return PRELUDE.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def fonts():
    """The engine's fonts, searched and indexed once per process and shared by every document (and
    thread): given a folder instead, each compile reads and parses the 2.9 MB of DejaVu files again,
    8 ms of a small document's 10. Typst's own embedded fonts stay in, as they were with a folder."""
    import typst

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(FONTS)])


def typeset(markup: str, out_path: Path, root: Path | None = None, timestamp: int = DEFAULT_EPOCH) -> None:
    """Lay out `markup` (Typst, after the handout prelude) into a PDF at `out_path`.

    `root` is the folder `image("/…")` paths are read from (nothing outside it can be read);
    the same markup, root files and timestamp give the same bytes.
    """
    import typst  # only when paper is made

    pdf = typst.compile((prelude() + "\n" + markup).encode("utf-8"), format="pdf", root=str(root or FONTS),
                        font_paths=fonts(), ignore_system_fonts=True, timestamp=timestamp, pdf_tags=True,
                        pdf_standards=PDF_STANDARDS)
    out_path.write_bytes(pdf)


def typeset_all(jobs: Iterable[Job], root: Path, assets: list[str], timestamp: int, where: Loc,
                workbench: Workbench | None = None) -> None:
    """Write every job's PDF: from the cache when laid out before, else with Typst on threads.

    Jobs are taken as they come, so that the first (longest) documents are laid out while the
    later ones are still being written; the engine releases the GIL. With a `workbench` (the dev
    server's), each document is laid out again by the compiler that laid it out last time.
    """
    if workbench is not None:
        workbench.typeset_all(list(jobs), root, assets, timestamp, where)
        return
    cache = PdfCache.open(root, assets, timestamp)
    total = 0
    with ThreadPoolExecutor(max_workers=usable_cpus()) as pool:
        futures = {}
        for job in jobs:
            total += 1
            if cache and cache.restore(job):
                continue
            futures[pool.submit(typeset, job.markup, job.pdf, root, timestamp)] = job
        if cache and len(futures) < total:
            log.info("%s: %d of %d PDFs unchanged since an earlier build, copied from %s",
                     job.pdf.parent.name, total - len(futures), total, cache.folder)
        laid_out = collect_layouts(futures, where)
    if cache:
        for job in laid_out:
            cache.store(job)
        cache.prune()


def collect_layouts(futures: dict, where: Loc) -> list[Job]:
    """Wait for the layouts on the pool as they finish, report progress, and raise what the engine
    refused; the jobs laid out, in the order they finished."""
    done = []
    for count, future in enumerate(as_completed(futures), 1):
        check_laid_out(future, futures[future], where)
        done.append(futures[future])
        report_progress(count, len(futures), futures[future].pdf)
    return done


def usable_cpus() -> int:
    """The CPUs this process may run on (a container or `taskset` often allows fewer than the
    machine has: more threads than that only hold more documents in memory at once)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def check_laid_out(future, job: Job, where: Loc) -> None:
    """Raise what the engine reported as a course error: what it names (an image it cannot decode) is
    the author's to fix; markup of ours it refuses would be a bug, and the message says so too. The
    engine's own failures are located errors as well: a Rust panic reaches Python as pyo3's
    PanicException, which is no Exception. Interrupts go on."""
    import typst

    try:
        future.result()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        if isinstance(error, typst.TypstError) and "could not be displayed with font" in error.message:
            why = error.message  # a character of a quoted source document, say: the course's own are checked
            hint = ("the PDFs' bundled fonts have no glyph for that character (an emoji, Chinese): remove it "
                    "or write it in words where it stands")
        elif isinstance(error, typst.TypstError):
            why = error.message
            hint = ("if it names a file in assets/, open and save that image again as PNG, JPEG or SVG; "
                    "otherwise this is a bug in course: please report it")
        else:
            why = f"the PDF engine failed ({(str(error).strip().splitlines() or [type(error).__name__])[0]})"
            hint = ("this is a bug in course or in the typst package: please report it with this message; "
                    "the other outputs can be built without this format")
        raise CourseError([Diagnostic(where, f"{job.pdf.parent.name}: {job.pdf.name} could not be laid out: {why}",
                                      hint, "build.handout-layout")]) from None


def report_progress(done: int, total: int, pdf: Path) -> None:
    """One progress record, named by the PDF's folder (handouts, review); the CLI shows it as a line
    that updates itself, on a terminal only."""
    log.info("%s: %d of %d PDFs laid out (%s)", pdf.parent.name, done, total, pdf.name,
             extra={"progress": done < total})


CACHE_KEEP = 200
"""PDFs the cache keeps (the most recently used): a few builds' worth of a large course."""
STALE_PART_SECONDS = 3600
"""A `.part` file this old belongs to a build that was killed or ran out of disk: removed by `prune`."""


@dataclass
class PdfCache:
    """Laid-out PDFs by a digest of everything their layout reads.

    Lives in `$COURSE_CACHE_DIR` (default `$XDG_CACHE_HOME/course-builder`, else
    `~/.cache/course-builder`); `COURSE_NO_CACHE=1` turns it off (the benchmark's cold figures).
    An entry is named `<key>-<sha256 of its bytes>.pdf` and copied out only when its bytes still
    have that digest: a truncated or altered entry is removed and the PDF laid out again.
    """

    folder: Path
    shared: bytes
    """Digest of the engine version, prelude, fonts, the images the course uses and the date."""

    @classmethod
    def open(cls, root: Path, assets: list[str], timestamp: int) -> PdfCache | None:
        if os.environ.get("COURSE_NO_CACHE"):
            return None
        import typst

        folder = user_cache_dir() / "pdf"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            log.debug("no PDF cache: %s", error)
            return None
        digest = hashlib.sha256(f"typst {typst.__version__}\0{timestamp}\0".encode() + prelude().encode())
        for path in sorted(FONTS.iterdir()):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        for name in sorted(assets):
            digest.update(name.encode() + b"\0" + (root / name).read_bytes())
        return cls(folder, digest.digest())

    def key(self, job: Job) -> str:
        return hashlib.sha256(self.shared + job.markup.encode("utf-8")).hexdigest()

    def restore(self, job: Job) -> bool:
        """Write the job's PDF from a verified cache entry; False when there is none."""
        key = self.key(job)
        for entry in sorted(self.folder.glob(f"{key}-*.pdf")):
            try:
                data = entry.read_bytes()
            except OSError:
                continue
            if hashlib.sha256(data).hexdigest() != entry.stem.split("-", 1)[1]:
                log.warning("%s: the cached copy of %s was damaged; it is laid out again", job.pdf.parent.name,
                            job.pdf.name)
                entry.unlink(missing_ok=True)
                continue
            job.pdf.write_bytes(data)
            os.utime(entry)  # recently used: pruned last
            log.debug("%s: laid out before, taken from the cache", job.pdf.name)
            return True
        return False

    def store(self, job: Job) -> None:
        """Keep a copy of the job's PDF; a failure (a full disk) costs only the copy, never the build."""
        data = job.pdf.read_bytes()
        entry = self.folder / f"{self.key(job)}-{hashlib.sha256(data).hexdigest()}.pdf"
        partial = entry.with_name(f"{entry.name}.{os.getpid()}.part")
        try:
            partial.write_bytes(data)
            partial.replace(entry)  # atomic: a reader never sees half a PDF
        except OSError as error:
            partial.unlink(missing_ok=True)
            log.debug("could not cache %s: %s", job.pdf.name, error)

    def prune(self) -> None:
        """Keep the most recently used entries; remove `.part` files that builds left behind."""
        entries = sorted(self.folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[CACHE_KEEP:]:
            old.unlink(missing_ok=True)
        for partial in self.folder.glob("*.part"):
            try:
                if time.time() - partial.stat().st_mtime > STALE_PART_SECONDS:
                    partial.unlink()
            except OSError:
                pass


class Workbench:
    """Typst compilers kept from one build to the next while `course serve` runs: one per document.

    Typst lays out again only what an edit changed when the same compiler reads the same file again
    (the file's syntax tree is updated in place, so the layout of every unchanged paragraph is still
    in the engine's memo). After a one-module edit of the bundled course, the documents it changed
    are laid out again in under a second; all of them take about five from nothing. The compiler's
    root must hold the main file, so the folder (the dev server's own temporary one) holds each
    document's markup and a copy of the images the course uses, at the paths the markup names them by.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.compilers: dict[str, Any] = {}
        self.laid_out: dict[str, tuple[str, int, bytes]] = {}
        """Each document's last markup, date and PDF: unchanged documents are written from memory."""

    def typeset_all(self, jobs: list[Job], root: Path, assets: list[str], timestamp: int, where: Loc) -> None:
        if self.copy_assets(root, assets):
            self.laid_out.clear()  # an image changed: every document may show it
        kept = {job.pdf.name for job in jobs if self.laid_out.get(job.pdf.name, ())[:2] == (job.markup, timestamp)}
        for job in jobs:
            if job.pdf.name in kept:
                job.pdf.write_bytes(self.laid_out[job.pdf.name][2])
        # The engine forgets what ten layouts in a row did not use: the longest documents, whose
        # layout is the costliest to redo, are laid out last, so the next edit still finds it.
        changed = sorted((job for job in jobs if job.pdf.name not in kept), key=lambda job: len(job.markup))
        with ThreadPoolExecutor(max_workers=usable_cpus()) as pool:
            collect_layouts({pool.submit(self.typeset, job, timestamp): job for job in changed}, where)

    def copy_assets(self, root: Path, assets: list[str]) -> bool:
        """The images the course uses, at their paths under the course folder; True when one changed."""
        changed = False
        for name in assets:
            data = (root / name).read_bytes()
            target = output_path(self.folder, name)
            if not target.is_file() or target.read_bytes() != data:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                changed = True
        return changed

    def typeset(self, job: Job, timestamp: int) -> None:
        """Lay out one document with its own compiler (the same bytes `typeset` writes)."""
        import typst

        source = output_path(self.folder, f"{job.pdf.stem}.typ")
        self.folder.mkdir(parents=True, exist_ok=True)
        source.write_text(prelude() + "\n" + job.markup, encoding="utf-8")
        compiler = self.compilers.get(job.pdf.name)
        if compiler is None:
            compiler = self.compilers[job.pdf.name] = typst.Compiler(
                str(source), root=str(self.folder), font_paths=fonts(), ignore_system_fonts=True)
        pdf = compiler.compile(format="pdf", timestamp=timestamp, pdf_tags=True, pdf_standards=PDF_STANDARDS)
        job.pdf.write_bytes(pdf)
        self.laid_out[job.pdf.name] = (job.markup, timestamp, pdf)
