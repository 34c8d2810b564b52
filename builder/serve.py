"""`course serve`: build the HTML site, serve it on 127.0.0.1, rebuild on change, reload the pages.

The dev server adds two things the built site never contains: a small script (served from
`/__course__/`) that listens to server-sent events and reloads the page keeping its place, and an
overlay that shows build errors with file, line and hint until they are fixed. The last good build
stays browsable while the sources are broken; a page it does not have (any page, before a build was
good) is answered with the list of errors and the same script, so it reloads once they are fixed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import unquote

import click

from builder.build import build
from builder.context import BuildContext, BuildOptions
from builder.errors import CourseError, counted
from builder.sources import OWN_SOURCES, own_sources_notes, sources_folder

log = logging.getLogger("course")

SHOWN_WARNINGS = 100
"""Warnings printed and sent to the page per build; the panel says how many there are in all."""

WATCHED = ("course", "modules", "quizzes", OWN_SOURCES)
"""Source folders of a course whose changes trigger a rebuild (plus the package's templates); the
cited documents too, when the course keeps them in its own `sources/`."""

LOOPBACK_HOST_RE = re.compile(r"^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$", re.IGNORECASE)
"""Host headers the preview answers: this machine's names only."""

DEV_PREFIX = "/__course__/"
"""URL prefix of the dev server's own files and endpoints."""

INTERNAL_ERROR = {"path": "course serve", "line": 0, "col": 0, "code": "internal", "severity": "error",
                  "message": "internal error: this is a bug in course, not in your course files",
                  "hint": "the traceback is in the terminal where `course serve` runs: please report it with "
                          "that text. The preview keeps watching: save a file to build again"}
"""What the overlay shows after a rebuild failed on a bug in course (the terminal has the traceback)."""


@dataclass
class BuildState:
    """What the browser needs to know about the latest build."""

    generation: int = 0
    """Increases with every finished build, good or bad."""
    errors: list[dict] = field(default_factory=list)
    """Diagnostics of the latest build when it failed (empty when it succeeded)."""
    warnings: list[dict] = field(default_factory=list)
    """Warnings of the latest good build (the page's corner panel lists them; the build went on)."""
    changed: list[str] = field(default_factory=list)
    """Site files the latest good build changed."""
    seconds: float = 0.0
    """Duration of the latest build."""

    def said(self) -> dict:
        """What the page is told: the generation, the errors, and the first warnings with their number."""
        return {"generation": self.generation, "errors": self.errors,
                "warnings": self.warnings[:SHOWN_WARNINGS], "warnings_total": len(self.warnings)}


class Broadcaster:
    """Fan out build events to every connected browser (one queue per event stream)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.listeners: list[queue.Queue] = []

    def subscribe(self) -> queue.Queue:
        listener: queue.Queue = queue.Queue()
        with self.lock:
            self.listeners.append(listener)
        return listener

    def unsubscribe(self, listener: queue.Queue) -> None:
        with self.lock:
            if listener in self.listeners:
                self.listeners.remove(listener)

    def publish(self, event: dict) -> None:
        with self.lock:
            for listener in self.listeners:
                listener.put(event)


class DevServer:
    """Owns the output folder, the rebuild loop and the HTTP server."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = root.resolve()
        self.port = port
        self.out = Path(tempfile.mkdtemp(prefix="course-serve-")) / "dist"
        self.state = BuildState()
        self.events = Broadcaster()
        self.lock = threading.Lock()
        self.previous: dict[str, bytes] = {}
        self.built_fingerprint = ""
        self.watching = threading.Event()
        """Set once the watcher sees changes (tests wait on it instead of sleeping)."""
        self.ctx = BuildContext(keep=True)
        """Caches of parsed and rendered texts, kept from one rebuild to the next while serving."""
        self.previews_stale = False
        self.handouts_stale = True
        self.handout_errors: list[dict] = []
        """Diagnostics of the latest handout build when it failed (the last good PDFs stay)."""

    # ---- building ----------------------------------------------------------------------------

    def rebuild(self, reason: str = "start") -> BuildState:
        """Build the site; on success note which files changed, on failure keep the last good site.

        Sources whose bytes are those of the last good build are not built again (an editor's
        save without a change, a touch); Markdown texts that did not change are not parsed again
        (the renderer's cache); the LMS preview is made when the inspector asks for it.
        """
        started = time.perf_counter()
        with self.lock:
            fingerprint = self.source_fingerprint()
            if fingerprint == self.built_fingerprint and not self.state.errors:
                log.info("%s: no change (%.0f ms)", reason, (time.perf_counter() - started) * 1000)
                return self.state
            # The course's own cited documents, when it has them, are read at every save: a range
            # past a document's end is an error in the overlay, as `course check` reports it.
            own = sources_folder(self.root)
            self.ctx.options = BuildOptions(sources_dir=own, sources_own=True, check_citations=own is not None)
            try:
                result = build(self.root, self.out, ["html"], ctx=self.ctx)
            except CourseError as error:
                self.failed(started, [diagnostic_json(d) for d in error.diagnostics])
                log.error("%s: build failed: %s\n%s", reason, error.summary(),
                          "\n".join("  " + d.format() for d in error.diagnostics))
            except Exception:  # noqa: BLE001 - a bug in course must not end the preview
                self.failed(started, [INTERNAL_ERROR])
                self.ctx.forget()  # what the failed build half cached must not feed the next one
                log.exception("%s: rebuild failed: this is a bug in course, not in your course files; please report "
                              "it with the traceback below. The preview keeps watching", reason)
            else:
                self.built_fingerprint = fingerprint
                self.previews_stale = True
                self.handouts_stale = True
                changed = self.changed_files()
                found = result.warnings + own_sources_notes(self.root)
                warnings = [diagnostic_json(d) for d in found]
                if warnings and warnings != self.state.warnings:  # said once, not at every save
                    listed = "\n".join("  " + w.format() for w in found[:SHOWN_WARNINGS])
                    more = len(found) - SHOWN_WARNINGS
                    log.warning("%s: %d warning%s\n%s%s", reason, len(found), "s" * (len(found) != 1), listed,
                                f"\n  … and {more} more (course check lists every one)" if more > 0 else "")
                self.state = BuildState(self.state.generation + 1, [], warnings, changed, time.perf_counter() - started)
                log.info("%s: rebuilt in %.0f ms, %d page(s) changed", reason, self.state.seconds * 1000, len(changed))
        self.events.publish({"type": "build", **self.state.said(), "changed": self.state.changed})
        return self.state

    def failed(self, started: float, errors: list[dict]) -> None:
        """Note a failed build: its errors go to the overlay; the last good site stays served."""
        self.state = BuildState(self.state.generation + 1, errors, [], [], time.perf_counter() - started)

    def source_fingerprint(self) -> str:
        """A digest of every watched file's path and bytes (the course's sources and the templates)."""
        digest = hashlib.blake2b(digest_size=16)
        for folder in self.watched_folders():
            for path in sorted(folder.rglob("*")):
                if editor_file(path):
                    continue
                try:
                    data = path.read_bytes() if path.is_file() else b"not a file"  # a folder named x.md matters too
                except OSError as exc:  # deleted or made unreadable while we looked: the build will say
                    data = f"unreadable: {exc}".encode()
                digest.update(str(path).encode() + b"\0" + data + b"\0")
        return digest.hexdigest()

    def watched_folders(self) -> list[Path]:
        # A `sources` that links out of the course folder is not read (own_sources_notes), not even
        # to be hashed: a link to / would have every save walk the whole disk.
        unread = OWN_SOURCES if sources_folder(self.root) is None else ""
        folders = [self.root / name for name in WATCHED if (self.root / name).is_dir() and name != unread]
        templates = Path(str(resources.files("builder.templates")))
        return folders + ([templates] if templates.is_dir() else [])

    def ensure_previews(self) -> None:
        """Build the LMS preview (a target of its own) once the inspector asks for it after a good
        build; the texts come from the context's caches, so this costs little more than the writing.
        When the sources broke since, the previous preview stays."""
        with self.lock:
            if not self.previews_stale:
                return
            self.ctx.options = replace(self.ctx.options, check_citations=False)  # the preview checked them
            try:
                build(self.root, self.out, ["lms-preview"], ctx=self.ctx)
            except CourseError as error:
                log.error("LMS preview not rebuilt: %s", error.summary())
            self.previews_stale = False

    def ensure_handouts(self) -> None:
        """Lay out the PDF handouts when asked for after a good build. The print engine's compilers
        are kept from one request to the next (`typeset.Workbench`): after an edit, only the
        documents it changed are laid out again, and within them only what changed."""
        with self.lock:
            if not self.handouts_stale:
                return
            if self.ctx.workbench is None:
                from builder.targets.typeset import Workbench

                self.ctx.workbench = Workbench(self.out.parent / "typeset")
            started = time.perf_counter()
            self.ctx.options = replace(self.ctx.options, check_citations=False)  # the preview checked them
            try:
                build(self.root, self.out, ["handout"], ctx=self.ctx)
            except CourseError as error:
                self.handout_errors = [diagnostic_json(d) for d in error.diagnostics]
                log.error("handouts not rebuilt: %s", error.summary())
            else:
                self.handout_errors = []
                log.info("handouts laid out in %.0f ms", (time.perf_counter() - started) * 1000)
            self.handouts_stale = False

    def changed_files(self) -> list[str]:
        """Files of the site whose bytes differ from the previous good build."""
        site = self.out / "site"
        files = sorted(p for p in site.rglob("*") if p.is_file()) if site.is_dir() else []
        current = {p.relative_to(site).as_posix(): p.read_bytes() for p in files}
        changed = sorted(name for name, data in current.items() if self.previous.get(name) != data)
        self.previous = current
        return changed

    def watch(self, stop: threading.Event) -> None:
        """Rebuild whenever a watched file changes (watchfiles batches bursts of saves).

        The course root is watched, not its source folders one by one, so a folder that is
        deleted and made again (a git checkout) is still seen; a rebuild that fails in any way
        is logged and the watch goes on. `self.watching` is set once changes are being seen."""
        from watchfiles import watch

        for changes in watch(*self.watch_roots(), watch_filter=self.is_watched, stop_event=stop, debounce=50, step=20,
                             rust_timeout=200, yield_on_timeout=True):
            self.watching.set()
            if not changes:
                continue
            try:
                self.rebuild(changed_names(changes))
            except Exception:  # noqa: BLE001 - a bug in one rebuild must not end the preview
                log.exception("rebuild failed: this is a bug in course; the preview keeps watching")

    def watch_roots(self) -> list[Path]:
        """The course root and the package's templates."""
        templates = Path(str(resources.files("builder.templates")))
        return [self.root] + ([templates] if templates.is_dir() else [])

    def is_watched(self, change, path: str) -> bool:
        """Changes under the course's source folders or the templates trigger a rebuild, but an editor's
        own files beside a source (Vim's swap file, written every few seconds while typing, reloaded the
        page each time)."""
        changed = Path(path)
        if editor_file(changed):
            return False
        folders = [self.root / name for name in WATCHED] + self.watch_roots()[1:]
        return any(changed == folder or changed.is_relative_to(folder) for folder in folders)

    # ---- serving -----------------------------------------------------------------------------

    def start(self) -> str:
        """Take the port, build, then serve and watch in background threads; return the URL."""
        try:
            self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), DevRequestHandler)
        except OSError as exc:
            self.remove_output()
            raise click.ClickException(f"cannot serve on 127.0.0.1:{self.port}: {exc.strerror}; "
                                       "pass another --port, or --port 0 for any free one") from None
        self.httpd.dev = self  # type: ignore[attr-defined] - what the request handler serves
        self.rebuild()
        self.httpd.daemon_threads = True
        self.stop_event = threading.Event()
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        threading.Thread(target=self.watch, args=(self.stop_event,), daemon=True).start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def stop(self) -> None:
        """Stop serving and watching; remove the build folder; forget the parsed files."""
        self.stop_event.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.remove_output()

    def remove_output(self) -> None:
        """Remove the temporary folder the preview is built in, and forget the parsed files."""
        shutil.rmtree(self.out.parent, ignore_errors=True)
        self.ctx.forget()

    def run(self, open_browser: bool = False, announce: Callable[[str], None] = log.info) -> None:
        """Build, serve and watch until interrupted (Ctrl+C or SIGTERM both clean up); `announce`
        says where the preview is (the CLI prints it even under -q)."""
        stop_requested = threading.Event()
        previous = signal.signal(signal.SIGTERM, lambda *_: stop_requested.set())  # before anything says "serving"
        try:
            url = self.start()
            announce(f"serving {self.root.name} at {url} (Ctrl+C to stop); in a test LMS: "
                     f"{url}__course__/inspector?v=scorm12; handouts: {url}__course__/handouts/")
            if open_browser:
                import webbrowser

                webbrowser.open(url)
            try:
                while not stop_requested.wait(0.5) and not self.stop_event.is_set():
                    pass
            except KeyboardInterrupt:
                pass
            finally:
                self.stop()
        finally:
            signal.signal(signal.SIGTERM, previous)


class DevRequestHandler(SimpleHTTPRequestHandler):
    """Answers the preview's requests: the site's files (pages with the dev script added), the dev
    server's own files and endpoints under `/__course__/`, and the LMS preview. Its `server` is the
    HTTP server, whose `dev` is the `DevServer` it serves."""

    def __init__(self, request, client_address, server):
        super().__init__(request, client_address, server, directory=str(server.dev.out / "site"))

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        log.debug("http: " + format, *args)

    def do_HEAD(self):
        if self.refused():
            return None
        return super().do_HEAD()

    def do_GET(self):
        if self.refused():
            return None
        if self.path.startswith(DEV_PREFIX):
            return self.dev_endpoint(self.path[len(DEV_PREFIX):].split("?")[0])
        path = Path(self.translate_path(self.path))
        if path.is_dir() or self.path.split("?")[0].endswith("/"):  # the site may not exist yet: no build was good
            path = path / "index.html"
        if path.suffix == ".html":
            return self.send_page(path)
        return super().do_GET()

    def refused(self) -> bool:
        """Answer 421 to a Host that is not this machine (DNS rebinding would let a web
        page read the preview) and 400 to a path with a NUL byte; True when refused."""
        if not LOOPBACK_HOST_RE.match(self.headers.get("Host", "")):
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "only 127.0.0.1, localhost and [::1] are served")
            return True
        if "\0" in unquote(self.path):
            self.send_error(HTTPStatus.BAD_REQUEST, "a NUL byte in the path")
            return True
        return False

    def send_page(self, path: Path):
        """A page of the last good build with the dev script; while the sources are broken, a page that
        build does not have (or none, before any build was good) is the list of errors with the dev
        script, which reloads it into the built page once they are fixed."""
        # (the build before the file is read: a page newer than its number is reloaded once, never older)
        state = self.server.dev.state
        if path.is_file():
            return self.send_bytes(inject_dev_script(path.read_bytes(), state.generation), "text/html; charset=utf-8")
        if state.errors:
            return self.send_bytes(inject_dev_script(error_page(state.errors), state.generation),
                                   "text/html; charset=utf-8", HTTPStatus.SERVICE_UNAVAILABLE)
        # A page the build no longer has (its module file renamed): still the preview's, so that the
        # next build's errors and pages reach it.
        return self.send_bytes(inject_dev_script(missing_page(self.path), state.generation),
                               "text/html; charset=utf-8", HTTPStatus.NOT_FOUND)

    def dev_endpoint(self, name: str):
        if name == "events":
            return self.stream_events()
        if name == "state":
            state = self.server.dev.state
            answer = json.dumps(state.said())
            return self.send_bytes(answer.encode(), "application/json")
        if name in ("dev.js", "dev.css", "inspector.js", "inspector.css", "inspector.html", "inspector"):
            name = "inspector.html" if name == "inspector" else name
            data = (resources.files("builder.templates") / "dev" / name).read_bytes()
            kinds = {"js": "text/javascript", "css": "text/css", "html": "text/html; charset=utf-8"}
            kind = kinds[name.rsplit(".", 1)[1]]
            return self.send_bytes(data, kind)
        if name.startswith("lms/"):
            return self.send_preview(name[len("lms/"):])
        if name.startswith("handouts/"):
            return self.send_handout(name[len("handouts/"):])
        return self.send_error(HTTPStatus.NOT_FOUND)

    def send_handout(self, name: str):
        """`handouts/`: a list of the PDFs (and what stopped the latest layout); `handouts/<name>.pdf`: one."""
        dev = self.server.dev
        dev.ensure_handouts()
        folder = (dev.out / "handouts").resolve()
        if not name:
            return self.send_bytes(handout_index(folder, dev.handout_errors), "text/html; charset=utf-8")
        path = (folder / unquote(name)).resolve()
        if not path.is_relative_to(folder) or not path.is_file() or path.suffix != ".pdf":
            return self.send_error(HTTPStatus.NOT_FOUND)
        return self.send_bytes(path.read_bytes(), "application/pdf")

    def send_preview(self, name: str):
        generation = self.server.dev.state.generation  # (before the file is read, as send_page)
        self.server.dev.ensure_previews()
        folder = (self.server.dev.out / "lms").resolve()
        path = (folder / name).resolve()
        if not path.is_relative_to(folder) or not path.is_file():
            return self.send_error(HTTPStatus.NOT_FOUND)
        data = path.read_bytes()
        if path.suffix == ".html":
            data = inject_dev_script(data, generation)
        return self.send_bytes(data, self.guess_type(str(path)))

    def send_bytes(self, data: bytes, content_type: str, status: HTTPStatus = HTTPStatus.OK):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def stream_events(self):
        listener = self.server.dev.events.subscribe()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            state = self.server.dev.state
            hello = {"type": "hello", **state.said()}
            self.wfile.write(f"data: {json.dumps(hello)}\n\n".encode())
            self.wfile.flush()
            while True:
                try:
                    event = listener.get(timeout=15)
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                except queue.Empty:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self.server.dev.events.unsubscribe(listener)


def editor_file(path: Path) -> bool:
    """An editor's file beside the one it edits, which no build reads: hidden (`.x.md.swp`, Emacs' lock
    `.#x.md`), an Emacs auto-save (`#x.md#`) or a backup (`x.md~`)."""
    return path.name.startswith((".", "#")) or path.name.endswith("~")


def diagnostic_json(diagnostic) -> dict:
    """A diagnostic as the overlay shows it."""
    return {"path": diagnostic.loc.path, "line": diagnostic.loc.line, "col": diagnostic.loc.col,
            "message": diagnostic.message,
            "hint": diagnostic.hint, "code": diagnostic.code, "severity": diagnostic.severity}


def inject_dev_script(page: bytes, generation: int) -> bytes:
    """Add the dev script and style to a page, and allow them in its CSP (dev server only); the script
    is told the build `generation` the page comes from."""
    tags = (f'<link rel="stylesheet" href="{DEV_PREFIX}dev.css">'
            f'<script src="{DEV_PREFIX}dev.js?g={generation}" defer></script>').encode()
    page = page.replace(b"default-src 'none'", b"default-src 'none'; connect-src 'self'", 1)
    page = page.replace(b"default-src 'self'", b"default-src 'self'; connect-src 'self'", 1)
    return page.replace(b"</head>", tags + b"</head>", 1)


def error_page(errors: list[dict]) -> bytes:
    """A page that only lists the build's errors, for when the last good build has no page to show."""
    import html

    def said(e: dict) -> str:  # a warning says it is one, in words, as the terminal does
        return ("" if e["severity"] == "error" else f"{e['severity']}: ") + e["message"]

    items = "".join(f"<li><code>{html.escape(where(e))}</code> {html.escape(said(e))} [{html.escape(e['code'])}]"
                    f"<br>{html.escape(e['hint'] or '')}</li>" for e in errors)
    found = sum(1 for e in errors if e["severity"] == "error")
    count = counted(found, len(errors) - found)
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build errors</title></head>"
            f"<body><h1>The course did not build: {count}</h1><ol>{items}</ol><p>No good build has this page yet. "
            "Fix the file and save: this page reloads by itself.</p></body></html>").encode()


def missing_page(address: str) -> bytes:
    """The preview's answer for a page the last good build does not have."""
    import html

    shown = html.escape(unquote(address.split("?")[0]))
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No such page</title></head>"
            f"<body><main id=\"main\"><h1>No page at {shown}</h1><p>The last build has no page at this address "
            "(a module file renamed gives its page the new name). <a href=\"/index.html\">The course's home page</a>."
            " This page reloads by itself after the next build that changes a page.</p></main></body></html>").encode()


def where(error: dict) -> str:
    """`path:line:col` of an error as the overlay shows it (without the line or column it lacks)."""
    line = f":{error['line']}" + (f":{error['col']}" if error["col"] else "") if error["line"] else ""
    return f"{error['path']}{line}"


def handout_index(folder: Path, errors: list[dict]) -> bytes:
    """A page listing the handouts laid out, after what stopped the latest layout (if anything did)."""
    import html

    problems = "".join(f"<li>{html.escape(str(e['path']))}:{e['line']}: {html.escape(e['message'])}"
                       f" — {html.escape(e['hint'] or '')}</li>" for e in errors)
    files = sorted(folder.glob("*.pdf")) if folder.is_dir() else []
    links = "".join(f'<li><a href="{html.escape(p.name)}">{html.escape(p.name)}</a></li>' for p in files)
    return ("<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>Handouts</title><h1>Handouts</h1>"
            + (f"<p>The latest layout failed; these PDFs are from the last good one.</p><ul>{problems}</ul>"
               if errors else "")
            + f"<ul>{links}</ul>").encode()


def changed_names(changes) -> str:
    """The files a batch of changes names in the log, three at most. A file made and removed within
    the batch, gone now, is an editor's way to save (`sed -i`'s `sedFimm8O`, vim's `4913`): the file
    it saved is named, not it."""
    from watchfiles import Change

    made = {path for change, path in changes if change == Change.added}
    removed = {path for change, path in changes if change == Change.deleted}
    passing = {path for path in made & removed if not Path(path).exists()}
    names = sorted({Path(path).name for _, path in changes if path not in passing}) or \
        sorted({Path(path).name for _, path in changes})
    return ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
