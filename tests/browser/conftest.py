"""Browser fixtures: Debian's Chromium driven by Playwright, local servers, network guards.

Browser tests FAIL when Chromium is missing (never skip): `scripts/test` installs it.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from builder.build import build
from builder.targets import BuildOptions

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SAMPLE = Path(__file__).resolve().parents[2] / "builder" / "sample"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).exists(), "Chromium is missing: apt-get install -y chromium (scripts/test does it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


class Server:
    """A static file server for one folder on 127.0.0.1, in a thread."""

    def __init__(self, root: Path) -> None:
        self.missing: list[str] = []
        """Paths asked for that the folder does not have (404s), the browser's own requests too."""
        handler = functools.partial(type("Handler", (QuietHandler,), {"missing": self.missing}), directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    missing: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, *args, **kwargs) -> None:
        if code == 404:
            self.missing.append(self.path)
        super().send_error(code, *args, **kwargs)


@pytest.fixture
def serve():
    servers = []

    def start(root: Path) -> Server:
        servers.append(Server(root))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.fixture(scope="session")
def sample_dist(tmp_path_factory) -> Path:
    """The sample course (every block and question type) built in every browser-facing format."""
    out = tmp_path_factory.mktemp("sample-dist")
    build(SAMPLE, out, ["html", "scorm12", "scorm2004", "single"])
    build(SAMPLE, out / "per-module", ["scorm12", "scorm2004"], BuildOptions(sco="per-module"))
    return out


@pytest.fixture(scope="session")
def module_questions_final_dist(tmp_path_factory) -> Path:
    """The sample with a final drawn from its module quizzes (the sample's own has a bank of its own),
    built for the site and both SCORM versions: the final records those questions under its own
    context ("q-final.listen-q1")."""
    root = tmp_path_factory.mktemp("module-questions-final") / "course"
    shutil.copytree(SAMPLE, root)
    shutil.copy(Path(__file__).resolve().parents[1] / "fixtures" / "final-of-module-questions.yml",
                root / "quizzes" / "final.yml")
    out = root.parent / "dist"
    build(root, out, ["html", "scorm12", "scorm2004"])
    return out


class Guard:
    """Records every request of a page and console errors; `check()` fails on anything outside."""

    def __init__(self, page: Page, allowed: tuple[str, ...]) -> None:
        self.requests: list[str] = []
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.allowed = allowed
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.route("**/*", self.route)

    def route(self, route, request) -> None:
        self.requests.append(request.url)
        if request.url.startswith(self.allowed):
            route.continue_()
        else:
            self.outside.append(request.url)
            route.abort()

    def check(self) -> None:
        assert not self.outside, f"requests outside the site: {self.outside}"
        assert not self.errors, f"console errors: {self.errors}"


@pytest.fixture
def new_page(browser):
    """A fresh page (own context, so own localStorage) with a request guard; `guard.check()` at the end."""
    contexts = []

    def make(allowed: tuple[str, ...] = ("http://127.0.0.1", "file://"), **context_args):
        context = browser.new_context(**context_args)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10000)
        return page, Guard(page, allowed)

    yield make
    for context in contexts:
        context.close()


def wait_ready(page: Page) -> None:
    page.wait_for_function("() => window.CourseRuntime && window.CourseRuntime.ready === true")
