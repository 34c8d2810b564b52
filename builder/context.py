"""What one build carries from stage to stage: its options and its caches.

Nothing a build learns is kept in a module: `get_course` and `build` take a `BuildContext`, and
every cache lives on it. A one-shot build makes a context and drops it; the dev server keeps one
for its whole run (`keep=True`), so a rebuild parses and renders again only the texts that changed,
and forgets everything when it stops.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import jinja2

MAX_KEPT = {"parsed": 5_000, "rendered": 100_000, "tokens": 100_000, "programs": 100_000}
"""How many entries a kept cache may hold before it starts again (a long preview session)."""


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
    sources_own: bool = False
    """`sources_dir` is the course folder's own sources/, found without --sources: its documents must
    lie inside the course folder, and one it lacks is a warning."""
    check_citations: bool = False
    """Check every citation against `sources_dir` before writing, as `course check` does: the dev
    server's preview, where an author sees a cited range past a document's end as they save."""


@dataclass
class BuildContext:
    """Options and caches of one build, or of every build of one `course serve` run."""

    options: BuildOptions = field(default_factory=BuildOptions)
    """What the command line asked for."""
    keep: bool = False
    """Keep parsed and rendered texts for the next build with this context (the dev server)."""
    parsed: dict[tuple, Any] = field(default_factory=dict)
    """Parsed YAML by (path, line offset, text): containers later stages only read."""
    tokens: dict[tuple, list] = field(default_factory=dict)
    """Markdown token streams by (text, where, how): parsed once, rendered in every mode."""
    keep_tokens: bool = True
    """Keep each text's token stream after the render stage (the print handouts and the banks read
    them); a build of outputs that only fill programs keeps the parse env alone, so a large course's
    tokens are not held for the whole build."""
    programs: dict[tuple, Any] = field(default_factory=dict)
    """Texts rendered once with holes for what each output's mode fills in (`render.Program`), by text."""
    rendered: dict[tuple, tuple] = field(default_factory=dict)
    """Results of the render stage by text, for texts without problems (kept only with `keep`)."""
    course_cache: dict[str, Any] = field(default_factory=dict)
    """What the targets of one build share about its course (runtime data, one-document
    sections, per-module SCO pages but their page data, question markup, the worst-case learner
    state): emptied when the next build starts."""
    workbench: Any = None
    """The print engine's compilers kept between builds (the dev server's handout preview sets it:
    `typeset.Workbench`); None: every PDF is laid out from nothing."""
    said: set[str] = field(default_factory=set)
    """Notes already printed (a note about the whole build is printed once, not per target)."""
    _templates: jinja2.Environment | None = None

    def start_build(self) -> None:
        """Forget what belonged to the previous build's course; keep the text caches only when asked."""
        self.course_cache.clear()
        self.said.clear()
        if not self.keep:
            self.forget()
        for name, limit in MAX_KEPT.items():
            if len(getattr(self, name)) > limit:
                getattr(self, name).clear()

    def forget(self) -> None:
        """Drop every parsed and rendered text (the dev server stops)."""
        self.parsed.clear()
        self.tokens.clear()
        self.programs.clear()
        self.rendered.clear()
        self.course_cache.clear()
        self.workbench = None

    def shared(self, key: str, make) -> Any:
        """A value the targets of this build share, made by `make()` the first time it is asked for."""
        if key not in self.course_cache:
            self.course_cache[key] = make()
        return self.course_cache[key]

    def say_once(self, note: str) -> bool:
        """True the first time `note` is given in this build (then print it), False after."""
        if note in self.said:
            return False
        self.said.add(note)
        return True

    def templates(self, loader: Callable[[], jinja2.BaseLoader]) -> jinja2.Environment:
        """One Jinja2 environment per context, so templates compile once per build (or serve run)."""
        if self._templates is None:
            self._templates = jinja2.Environment(
                loader=loader(), **TEMPLATE_OPTIONS,
                auto_reload=self.keep,  # the dev server's templates change
                bytecode_cache=TemplateCache.open(),
            )
        return self._templates


TEMPLATE_OPTIONS = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "undefined": jinja2.StrictUndefined}
"""How the page templates compile (their compiled code in the cache depends on it)."""


def user_cache_dir() -> Path:
    """Where `course` keeps what it can make again: `$COURSE_CACHE_DIR`, else
    `$XDG_CACHE_HOME/course-builder`, else `~/.cache/course-builder`."""
    return Path(os.environ.get("COURSE_CACHE_DIR")
                or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "course-builder")


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """The page templates compiled to Python bytecode, as Python keeps its own in `__pycache__`.

    Compiling the templates was a seventh of a 100-module build. An entry holds a template's code
    and the checksum of the source it came from (an edited template compiles again) and no course
    content, so `COURSE_NO_CACHE` (about laid-out PDFs) leaves it on. A cache that cannot be read
    or written is skipped: it only saves time.
    """

    @classmethod
    def open(cls) -> TemplateCache | None:
        """The cache in a folder named for what compiled code depends on besides a template's source
        (Jinja's version and the compile options); None if the folder is not ours alone, since its
        files are run as code."""
        made_by = f"{jinja2.__version__}|{sorted((k, repr(v)) for k, v in TEMPLATE_OPTIONS.items())}"
        folder = user_cache_dir() / f"templates-{hashlib.sha256(made_by.encode()).hexdigest()[:12]}"
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            status = folder.stat()
        except OSError:
            return None
        if hasattr(os, "getuid") and (status.st_uid != os.getuid() or status.st_mode & 0o022):
            return None
        return cls(str(folder))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged entry fails in pickle or marshal, in ways of their own
            bucket.reset()  # compile from the source (and write the entry again)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass
