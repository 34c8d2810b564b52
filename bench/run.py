"""Benchmark: how fast and light `course` is, printed next to its targets (a benchmark, not a test).

`python bench/run.py` prints a table and writes bench/results.json. Every timed build runs the
`course build` command in a fresh Python process, so its figures include start-up, its CPU time
is its own (user + system, from `wait4`) and so is its peak memory. That Python is a virtual
environment of the benchmark's, into which it installs the working tree as a user would
(`install_product`), as it installs MkDocs into another. `--sizes 10,100` limits the
synthetic course sizes; `--quick` skips N = 1000 and the browser figure; `--handouts-only` runs only
the handout figures (into bench/results-handouts.json), with the pages laid out and the CPU a page.

`--peer mkdocs` also builds the same synthetic module texts with MkDocs (installed by the
benchmark into its own virtual environment under the cache folder, never into the product's),
interleaved with the course's builds in the same run, and prints the CPU ratios the targets name.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

FAST_FORMATS = ["html", "scorm12", "scorm2004", "single"]
"""The outputs of the 1-second target (handouts have their own)."""

CHILD = r"""
import sys
from pathlib import Path
root, out, formats, sco = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
if formats == "load":
    from builder.build import get_course
    from builder.errors import Diagnostics
    diags = Diagnostics()
    course = get_course(root, diags)
    assert course is not None and not diags.errors, [d.format() for d in diags.errors]
else:
    from builder.cli import cli
    args = ["-q", "build", "--course", str(root), "--out", str(out), "--sco", sco]
    cli(args + [part for f in formats.split(",") for part in ("--format", f)])
"""


def run_process(command: list[str], env: dict | None = None, cwd: Path = REPO) -> dict:
    """Wall time, CPU time (user + system) and peak memory of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"bench: {' '.join(command[:4])}... failed:\n{errors}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def run_child(root: Path, out: Path, formats: str, sco: str = "single", env: dict | None = None) -> dict:
    """Time one load or `course build` in a fresh interpreter (import time included), run by the
    Python that `install_product` set up."""
    shutil.rmtree(out, ignore_errors=True)
    return run_process([str(PRODUCT_PYTHON), "-P", "-c", CHILD, str(root), str(out), formats, sco],
                       {"COURSE_NO_CACHE": "1", **(env or {})}, cwd=out.parent)


def median(runs: list[dict]) -> dict:
    """The run with the median CPU time (its wall time and memory with it)."""
    return sorted(runs, key=lambda r: r["cpu"])[len(runs) // 2]


PEER_VERSION = "mkdocs==1.6.1"
PIP = ["-m", "pip", "install", "-q", "--disable-pip-version-check"]
PRODUCT_PYTHON = Path(sys.executable)
"""What runs the timed builds: the product's own virtual environment once `install_product` made it."""


def bench_venv(name: str) -> Path:
    """The Python of the benchmark's virtual environment `name` under the cache folder, made on first use."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "course-builder" / f"bench-{name}"
    python = folder / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    return python


def peer_python() -> Path:
    """The Python of a virtual environment holding MkDocs, made on first use (not a product dependency)."""
    python = bench_venv("mkdocs")
    if subprocess.run([str(python), "-c", "import mkdocs"], capture_output=True).returncode:
        subprocess.run([str(python), *PIP, PEER_VERSION], check=True)
    return python


def install_product(work: Path) -> Path:
    """Install this working tree's `course` into a virtual environment of its own, as a user installs
    it (`pip install .`, which byte-compiles it), and time the builds with that Python.

    So both tools run on the same footing, each from a venv holding only itself and its
    dependencies. The Python that runs the benchmark may carry costs a user's install does not:
    here, .pth files run at every start-up (0.06 s) and PYTHONDONTWRITEBYTECODE, under which the
    working tree's 43 modules are compiled again by every build (0.07 s).
    The product is installed afresh each run (it is the code under test); its dependencies once.
    """
    import tomllib

    global PRODUCT_PYTHON
    python = bench_venv("course")
    copy = work / "product"  # built from a copy: the working tree gets no build/ or egg-info
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns("dist", ".git", ".venv", "node_modules", "tests", "bench",
                                                              "build", "*.egg-info", "__pycache__"))
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    subprocess.run([str(python), *PIP, "setuptools>=68", *dependencies], check=True)
    subprocess.run([str(python), *PIP, "--no-deps", "--force-reinstall", "--no-build-isolation", str(copy)], check=True)
    PRODUCT_PYTHON = python
    return python


def run_mkdocs(python: Path, root: Path, out: Path) -> dict:
    """Time `mkdocs build` of the generated project in a fresh interpreter."""
    shutil.rmtree(out, ignore_errors=True)
    return run_process([str(python), "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs" / "mkdocs.yml"), "-d", str(out)], cwd=root)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def measure_sizes(dist: Path) -> dict:
    # What a package ships (the bundled, minified files), as tests/test_runtime.py measures it.
    from builder.targets.pages import runtime_file, shipped_runtime_names

    js_css = "".join(runtime_file(name) for name in shipped_runtime_names()).encode()
    sizes = {"runtime_raw": len(js_css), "runtime_gzip": gz(js_css)}
    for path in sorted(dist.iterdir()):
        if path.is_file():
            sizes[path.name] = path.stat().st_size
    return sizes


def sco_mode(root: Path) -> str:
    """`single`, unless one SCO's SCORM 1.2 suspend_data cannot hold the course (the build would refuse it)."""
    from builder.build import get_course
    from builder.errors import Diagnostics
    from builder.runtime_data import SUSPEND_DATA_LIMIT_12, worst_case_suspend_size

    course = get_course(root, Diagnostics())
    return "single" if worst_case_suspend_size(course, SUSPEND_DATA_LIMIT_12) <= SUSPEND_DATA_LIMIT_12 else "per-module"


def synthetic(n: int, work: Path, peer: Path | None, repeats: int) -> dict:
    """Figures for a generated course of n modules; with a peer, its HTML build of the same text,
    interleaved with the course's (medians of `repeats` runs each)."""
    root = generate(work / f"course-{n}", n)
    figures: dict = {"n": n, "sco": sco_mode(root)}
    figures["load"] = run_child(root, work / "unused", "load")
    if n <= 100:
        for name in FAST_FORMATS:
            figures[name] = run_child(root, work / f"dist-{n}-{name}", name, figures["sco"])
    runs, peer_runs = [], []
    for _ in range(repeats if peer else 1):
        runs.append(run_child(root, work / f"dist-{n}", ",".join(FAST_FORMATS), figures["sco"]))
        if peer:
            peer_runs.append(run_mkdocs(peer, root, work / f"mkdocs-{n}"))
    figures["all"] = median(runs)
    if peer_runs:
        figures["mkdocs"] = median(peer_runs)
    figures["sizes"] = measure_sizes(work / f"dist-{n}")
    return figures


def rebuilds(root: Path) -> dict:
    """No-op and one-module-edit rebuilds of `course serve` (in-process, as the dev server does them)."""
    from builder.serve import DevServer

    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    copy = work / "course"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("dist", ".git", ".venv", "node_modules", "tests", "bench"))
    server = DevServer(copy, 0)
    server.rebuild("first")
    noop = min(timed(lambda: server.rebuild("no-op")) for _ in range(3))
    module = sorted((copy / "modules").glob("*.md"))[0]
    text = module.read_text()
    edits = []
    for i in range(3):
        module.write_text(text + f"\n\nПравка {i}.\n")
        edits.append(timed(lambda: server.rebuild("edit")))
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(server.out, ignore_errors=True)
    return {"noop": noop, "one_module_edit": min(edits)}


def serve_handout_edits(root: Path) -> dict:
    """The handouts of `course serve` (its PDF preview keeps the print engine's compilers): laid out
    once, then after each of three one-module edits (the site rebuilt first, as the watcher does);
    the median edit, wall and CPU of this process (the layout threads included)."""
    import resource

    from builder.serve import DevServer

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    work = Path(tempfile.mkdtemp(prefix="bench-serve-handouts-"))
    copy = work / "course"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("dist", ".git", ".venv", "node_modules", "tests", "bench"))
    server = DevServer(copy, 0)
    server.rebuild("first")
    first = timed(server.ensure_handouts)
    module = sorted((copy / "modules").glob("*.md"))[-1]
    text = module.read_text(encoding="utf-8")
    edits = []
    for i in range(3):
        module.write_text(text + f"\n\nПравка {i}.\n", encoding="utf-8")
        server.rebuild("edit")
        before = cpu()
        edits.append({"wall": timed(server.ensure_handouts), "cpu": cpu() - before})
    server.remove_output()
    shutil.rmtree(work, ignore_errors=True)
    median = sorted(edits, key=lambda e: e["wall"])[1]
    return {"handout_serve_first": first, "handout_serve_edit": median}


def handout_figures(work: Path) -> dict:
    """The handouts laid out from nothing, then rebuilt unchanged and after a one-module edit
    (both with the PDF cache the first build filled)."""
    cached = {"COURSE_NO_CACHE": "", "COURSE_CACHE_DIR": str(work / "pdf-cache")}
    copy = work / "bundled-course"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns("dist", ".git", ".venv", "node_modules", "tests", "bench"))
    figures = {"handout": run_child(copy, work / "handout-1", "handout", env=cached)}
    figures["handout_pages"] = pdf_pages(work / "handout-1" / "handouts")
    figures["handout_unchanged"] = run_child(copy, work / "handout-2", "handout", env=cached)
    module = sorted((copy / "modules").glob("*.md"))[-1]
    module.write_text(module.read_text(encoding="utf-8") + "\n\nПравка.\n", encoding="utf-8")
    figures["handout_one_module_edit"] = run_child(copy, work / "handout-3", "handout", env=cached)
    figures.update(serve_handout_edits(REPO))
    synthetic20 = generate(work / "course-20", 20)
    figures["handout_synthetic_20"] = run_child(synthetic20, work / "handout-20", "handout")
    return figures


def pdf_pages(folder: Path) -> int:
    """Pages of every PDF in a folder (the handouts' CPU per page is the print engine's speed)."""
    from pypdf import PdfReader  # a test dependency: the benchmark runs where the tests do

    return sum(len(PdfReader(path).pages) for path in sorted(folder.glob("*.pdf")))


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def bundled(work: Path, browser: bool) -> dict:
    """Figures of the bundled course: SCORM zip size, suspend_data budget, handouts, page render time."""
    from builder.build import get_course
    from builder.errors import Diagnostics
    from builder.runtime_data import SUSPEND_DATA_LIMIT_12, worst_case_suspend_size

    diags = Diagnostics()
    course = get_course(REPO, diags)
    if course is None or diags.errors:
        return {"error": "the bundled course does not build"}
    # As the runtime writes it (compacted above 4096 characters), and the whole uncompacted state.
    figures: dict = {"suspend_data_worst_12": worst_case_suspend_size(course, SUSPEND_DATA_LIMIT_12),
                     "suspend_data_whole_state": worst_case_suspend_size(course)}
    figures["fast_formats"] = run_child(REPO, work / "bundled", ",".join(FAST_FORMATS))
    figures.update(handout_figures(work))
    assets = sum(p.stat().st_size for p in (REPO / "course" / "assets").rglob("*") if p.is_file())
    figures["sizes"] = measure_sizes(work / "bundled")
    figures["assets_bytes"] = assets
    figures.update(rebuilds(REPO))
    if browser:
        figures["page_render_ms"], figures["blank_page_render_ms"] = page_render_ms(work / "bundled" / "site", course.modules[0].slug)
        figures["sco_page_ms"] = sco_ready_ms(next((work / "bundled").glob("*-scorm12.zip")), work)
    return figures


@contextlib.contextmanager
def browser_on(folder: Path):
    """(Chromium, the URL of a local server of `folder`) for the time of a `with`."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # noqa: ARG002 - the benchmark prints its own table
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=args)
            yield browser, f"http://127.0.0.1:{httpd.server_address[1]}"
            browser.close()
    finally:
        httpd.shutdown()


def page_render_ms(site: Path, slug: str, runs: int = 15) -> tuple[float, float]:
    """Navigation start to first contentful paint of a module page, from a local server, and the same
    for a blank two-line page: the floor of this browser on this machine. The two are loaded in turn,
    `runs` times each, and medians compared: a load that changes during the measurement (this machine
    is shared) weighs on both alike instead of on whichever was measured second."""
    (site / "bench-blank.html").write_text("<!DOCTYPE html><html lang=ru><meta charset=utf-8><title>t</title><h1>Страница</h1><p>Текст.</p>")
    with browser_on(site) as (browser, url):
        page = browser.new_page()
        results: dict[str, list[float]] = {slug: [], "bench-blank": []}
        for _ in range(runs):
            for name, times in results.items():
                page.goto(f"{url}/{name}.html")
                page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0")
                times.append(page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime"))
    medians = {name: sorted(times)[len(times) // 2] for name, times in results.items()}
    return medians[slug], medians["bench-blank"]


PHONE_SLOWDOWN = 4
"""CPU slowdown at which the one-SCO page is loaded: Chrome's DevTools call 4x a mid-tier phone."""


def sco_ready_ms(package: Path, work: Path, runs: int = 5) -> dict:
    """The one-SCO package's page (every page of the course in one document, what a learner opens from
    the LMS) at a phone's speed, 375 px wide: first contentful paint and the moment the runtime is
    ready (answers, navigation), medians of `runs` loads. Opened without an LMS: the runtime starts
    as it does in one, its adapter finding no API."""
    folder = work / "sco-page"
    shutil.rmtree(folder, ignore_errors=True)
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    paint, ready = [], []
    with browser_on(folder) as (browser, url):
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 375, "height": 700})
            page = context.new_page()
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": PHONE_SLOWDOWN})
            page.goto(f"{url}/index.html")
            page.wait_for_function("() => window.CourseRuntime && window.CourseRuntime.ready")
            paint.append(page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime"))
            # The runtime starts in the scripts that end the body, so it is ready when DOMContentLoaded has run.
            ready.append(page.evaluate("performance.timing.domContentLoadedEventEnd - performance.timing.navigationStart"))
            context.close()
    return {"paint": sorted(paint)[runs // 2], "ready": sorted(ready)[runs // 2]}


def handout_rows(b: dict, add) -> None:
    """The handout figures: from nothing, unchanged, after an edit, 20 synthetic modules."""
    if "handout" not in b:
        return
    pages = b.get("handout_pages")
    per_page = f", {pages} pages, {b['handout']['cpu'] / pages * 1000:.0f} ms CPU a page" if pages else ""
    cold = b["handout"]
    add("bundled: handouts (all PDFs), from nothing", f"{timing(cold)}{per_page}", "<= 5 s", cold["wall"] <= 5)
    if "handout_unchanged" in b:
        add("bundled: handouts again, nothing changed (PDF cache)", timing(b["handout_unchanged"]))
        edit = b["handout_one_module_edit"]
        add("bundled: handouts after a one-module edit, course build (PDF cache)", timing(edit))
    if "handout_serve_edit" in b:
        add("bundled: handouts in course serve, first request", f"{b['handout_serve_first']:.2f} s wall")
        edit = b["handout_serve_edit"]
        add("bundled: handouts after a one-module edit, course serve (kept compilers)", timing(edit), "<= 1 s",
            edit["wall"] <= 1)
    if "handout_synthetic_20" in b:
        twenty = b["handout_synthetic_20"]
        add("20 synthetic modules: handouts, from nothing", timing(twenty), "<= 2 s", twenty["wall"] <= 2)


def timing(run: dict) -> str:
    return f"{run['wall']:.2f} s wall, {run['cpu']:.2f} s CPU"


def report(results: dict) -> str:
    """The table, each figure next to its target."""
    rows = [("figure", "value", "target", "ok")]

    def add(name, value, target="", ok=True):
        rows.append((name, value, target, "" if not target else "yes" if ok else "NO"))

    def ratio_row(fig: dict, label: str) -> None:
        if "mkdocs" in fig:
            ratio = fig["all"]["cpu"] / fig["mkdocs"]["cpu"]
            add(f"N={fig['n']} {label} / MkDocs HTML (CPU)", f"{ratio:.2f} ({fig['all']['cpu']:.2f} s / {fig['mkdocs']['cpu']:.2f} s; MkDocs wall {fig['mkdocs']['wall']:.2f} s)",
                "<= 0.5" if fig["n"] >= 100 else "", ratio <= 0.5)

    by_n = {fig["n"]: fig for fig in results["synthetic"]}
    for fig in results["synthetic"]:
        n = fig["n"]
        add(f"N={n} load+validate+render", f"{fig['load']['wall']:.2f} s, {fig['load']['peak_mb']:.0f} MB")
        for name in FAST_FORMATS:
            if name in fig:
                add(f"N={n} {name} alone", f"{fig[name]['wall']:.2f} s")
        packaging = "" if fig.get("sco", "single") == "single" else " (one SCO per module)"
        memory = 600 if n >= 1000 else None
        add(f"N={n} html+scorm12+scorm2004+single{packaging}", f"{fig['all']['wall']:.2f} s wall, {fig['all']['cpu']:.2f} s CPU, {fig['all']['peak_mb']:.0f} MB",
            f"<= {memory} MB" if memory else "", not memory or fig["all"]["peak_mb"] <= memory)
        ratio_row(fig, "four formats")
    if 100 in by_n and 1000 in by_n:
        growth = (by_n[1000]["all"]["cpu"] / 1000) / (by_n[100]["all"]["cpu"] / 100)
        add("CPU per module, N=1000 against N=100", f"x{growth:.2f}", "flat (<= x1.2)", growth <= 1.2)
    if results["synthetic"]:
        sizes = results["synthetic"][0]["sizes"]
        gzipped = sizes["runtime_gzip"]
        add("runtime JS+CSS", f"{sizes['runtime_raw'] / 1024:.1f} KB raw, {gzipped / 1024:.1f} KB gzip",
            "<= 40 KB gzip", gzipped <= 40 * 1024)
    b = results.get("bundled", {})
    if "error" not in b and "fast_formats" in b:
        add("bundled: worst-case 1.2 suspend_data", f"{b['suspend_data_worst_12']} chars (whole state {b.get('suspend_data_whole_state', '?')})")
        for name, size in b["sizes"].items():
            if name.endswith("scorm12.zip") or name.endswith("scorm2004.zip"):
                add(f"bundled: {name}", f"{size / 1024:.0f} KB", "<= 500 KB", size <= 500 * 1024)
        add("bundled: html+scorm+single build", f"{b['fast_formats']['wall']:.2f} s wall, {b['fast_formats']['cpu']:.2f} s CPU")
    handout_rows(b, add)
    if "error" not in b and "noop" in b:
        add("bundled: no-op rebuild (serve)", f"{b['noop'] * 1000:.0f} ms", "<= 200 ms", b["noop"] <= 0.2)
        add("bundled: one-module edit (serve)", f"{b['one_module_edit'] * 1000:.0f} ms", "<= 300 ms", b["one_module_edit"] <= 0.3)
    if "page_render_ms" in b:
        blank = b.get("blank_page_render_ms", 0)
        add("bundled: module page first paint", f"{b['page_render_ms']:.0f} ms (a blank page: {blank:.0f} ms)",
            "<= blank + 50 ms", b["page_render_ms"] <= blank + 50)
    if "sco_page_ms" in b:
        add(f"bundled: one-SCO page at {PHONE_SLOWDOWN}x CPU, 375 px",
            f"first paint {b['sco_page_ms']['paint']:.0f} ms, runtime ready {b['sco_page_ms']['ready']:.0f} ms")
    widths = [max(len(str(r[i])) for r in rows) for i in range(4)]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(r, widths)) for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,100,1000", help="synthetic course sizes (modules)")
    parser.add_argument("--quick", action="store_true", help="skip N=1000 and the browser figure")
    parser.add_argument("--json", type=Path,
                        help="where to write the figures (default: bench/results.json, or results-handouts.json)")
    parser.add_argument("--handouts-only", action="store_true",
                        help="only the handout figures (bundled course and 20 synthetic modules)")
    parser.add_argument("--peer", choices=["mkdocs"], help="also build the same text with this tool and print the ratios")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved runs per size with a peer (medians are reported)")
    args = parser.parse_args()
    peer = peer_python() if args.peer else None
    sizes = [int(s) for s in args.sizes.split(",") if not (args.quick and int(s) >= 1000)]
    work = Path(tempfile.mkdtemp(prefix="course-bench-"))
    try:
        install_product(work)
        results = {
            "date": time.strftime("%Y-%m-%d"),
            "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}",
            "load": os.getloadavg(),
            "synthetic": [] if args.handouts_only else [synthetic(n, work, peer, args.repeats) for n in sizes],
            "bundled": handout_figures(work) if args.handouts_only else bundled(work, browser=not args.quick),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.json = args.json or HERE / ("results-handouts.json" if args.handouts_only else "results.json")
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"course benchmark, {results['date']}, {results['machine']}, load average at the start {results['load'][0]:.1f}")
    print(report(results))
    print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
