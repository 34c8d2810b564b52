"""The `course` command line: a thin Click layer over the library (STYLE.md, habit 11)."""

from __future__ import annotations

import json
import logging
import os
import shlex
import shutil
import sys
import traceback
from importlib import resources
from pathlib import Path

import click

from builder import __version__
from builder.errors import CourseError, Diagnostics
from builder.model import OUTPUT_FORMATS

COURSE_HELP = "Course folder (holding course/course.yml, modules/, quizzes/). Default: the current folder."
OUT_HELP = "Output folder. Default: dist/ inside the course folder."
FORMAT_HELP = "Output format; repeat for several. Default: the 'outputs' of course.yml."
STRICT_HELP = "Treat warnings as errors."
SOURCES_HELP = ("Folder holding the cited documents: check every citation against them. "
                "Default: sources/ inside the course folder, if it has one.")
EDITION_HELP = "SCORM 2004 edition (some LMSs, e.g. Docebo, take only the 3rd)."
SCO_HELP = "One SCO for the whole course, or one per module (with SCORM 2004 sequencing)."
PAPER_HELP = "Paper size of the PDFs: handouts and review edition."
SCHEMA_OUT_HELP = "Folder to write the JSON Schema files into. Default: .schemas/ inside the course folder."
QUIET_HELP = "Print errors only (and `course serve` its address, `course stats` its figures)."
REVIEW_SOURCES_HELP = ("Folder holding the cited documents: every citation is checked against them, as by "
                       "`course check`, and --format review quotes the cited lines (it needs them). "
                       "Default: sources/ inside the course folder, if it has one.")

log = logging.getLogger("course")


class EchoHandler(logging.Handler):
    """Log records of the builder as lines on stderr: `error: ` before an error, `warning: ` before a
    warning, nothing before what is only said (a summary, where `course serve` serves); the traceback
    after a record that has one (an internal error, which the user must be able to report).

    A record marked `progress` (a long step under way) is shown on a terminal as one line that
    rewrites itself, and left out of logs and pipes, where the final record says it all.
    Colours only on a terminal (click.echo drops them elsewhere).
    """

    def __init__(self) -> None:
        super().__init__()
        self.open_progress = False
        self.warnings = 0
        """Warnings logged while writing (what a question bank format could not carry over): the
        build's summary counts them with the course's own warnings."""

    def emit(self, record: logging.LogRecord) -> None:
        progress = getattr(record, "progress", None)
        terminal = sys.stderr.isatty()
        if progress and not terminal:
            return
        if logging.WARNING <= record.levelno < logging.ERROR:
            self.warnings += 1
        text = level_label(record.levelno) + record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        if terminal and (progress or self.open_progress):
            click.echo("\r\x1b[K", err=True, nl=False)  # over the previous progress line
        click.echo(text, err=True, nl=not progress)
        self.open_progress = bool(progress)


def level_label(level: int) -> str:
    """`error: ` (red) or `warning: ` (yellow) before a record of that level; nothing below."""
    if level >= logging.ERROR:
        return click.style("error: ", fg="red", bold=True)
    if level >= logging.WARNING:
        return click.style("warning: ", fg="yellow", bold=True)
    return ""


def says_more_than_errors() -> bool:
    """False under `-q`, which prints errors only: no summaries, file lists, warnings or notices."""
    return log.isEnabledFor(logging.INFO)


def human_size(size: int) -> str:
    """1.2 MB, 34.5 KB, 812 B."""
    for unit, factor in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} B"


def count(n: int, word: str) -> str:
    """`1 module`, `2 modules`, `3 quizzes` (the CLI speaks English)."""
    plural = word + ("zes" if word.endswith("quiz") else "s")
    return f"{n} {word if n == 1 else plural}"


class Folder(click.Path):
    """A folder option: never empty (`--out ''` would mean the current folder, the course's own);
    with `must_exist`, a mistyped name is told as such, not as a folder lacking course.yml."""

    def __init__(self, must_exist: bool = False):
        super().__init__(exists=must_exist, file_okay=False, path_type=Path)

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("an empty name; give a folder", param, ctx)
        path = super().convert(value, param, ctx)
        # (click tells a regular file; a device or a FIFO, `course new /dev/null`, was a traceback)
        if path.exists() and not path.is_dir():
            self.fail(f"'{value}' is not a folder (a device, a pipe or another special file); give a folder",
                      param, ctx)
        return path


def course_root_option(function):
    """The shared --course option."""
    return click.option("--course", "course_dir", type=Folder(must_exist=True), default=".",
                        show_default=False, help=COURSE_HELP)(function)


def show_warnings(diagnostics) -> None:
    """Print warnings (and notices) of a successful run; under -q, nothing."""
    if not says_more_than_errors():
        return
    for diagnostic in diagnostics:
        click.echo(diagnostic.styled(), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="course")
@click.option("-v", "--verbose", is_flag=True, help="Say more about what happens.")
@click.option("-q", "--quiet", is_flag=True, help=QUIET_HELP)
def cli(verbose: bool, quiet: bool) -> None:
    """Compile a course of Markdown modules and YAML quizzes into SCORM packages, an HTML site,
    one offline HTML file and print handouts."""
    log.handlers[:] = [EchoHandler()]
    log.setLevel(logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO)
    log.propagate = False


@cli.command()
@course_root_option
@click.option("--out", "out_dir", type=Folder(), help=OUT_HELP)
@click.option("--format", "formats", type=click.Choice(OUTPUT_FORMATS), multiple=True, help=FORMAT_HELP)
@click.option("--scorm2004-edition", type=click.Choice(["3rd", "4th"]), default="4th", show_default=True,
              help=EDITION_HELP)
@click.option("--sco", type=click.Choice(["single", "per-module"]), default="single", show_default=True, help=SCO_HELP)
@click.option("--paper", type=click.Choice(["A4", "Letter"], case_sensitive=False), default="A4", show_default=True,
              help=PAPER_HELP)
@click.option("--strict", is_flag=True, help=STRICT_HELP)
@click.option("--sources", "sources_dir", type=Folder(), help=REVIEW_SOURCES_HELP)
def build(course_dir: Path, out_dir: Path | None, formats: tuple[str, ...], scorm2004_edition: str, sco: str,
          paper: str, strict: bool, sources_dir: Path | None) -> None:
    """Build the course into dist/ (or --out)."""
    import gc

    from builder.build import build as run_build
    from builder.context import BuildOptions
    from builder.sources import own_sources_notes, sources_folder

    # One build, then the process ends: collecting cycles frees little and costs up to a second at
    # 1000 modules.
    gc.disable()

    own = sources_dir is None
    sources_dir = sources_folder(course_dir, sources_dir)
    if "review" in formats and sources_dir is None:
        unread = "".join(f" ({note.message})" for note in own_sources_notes(course_dir))
        raise click.UsageError("--format review needs --sources DIR: the folder holding the documents named in "
                               f"course.yml references, whose cited lines the review edition quotes{unread}")
    if sources_dir is not None and not sources_dir.is_dir():
        raise click.UsageError(f"--sources {sources_dir}: no such folder")
    schemas = os.environ.get("COURSE_SCORM_SCHEMAS")
    # With the documents at hand, a build checks its citations as `course check` does: a range past
    # a document's end would otherwise be published, the learner sent to lines that do not exist.
    options = BuildOptions(scorm2004_edition, sco, paper, Path(schemas) if schemas else None, sources_dir,
                           sources_own=own, check_citations=sources_dir is not None)
    out = out_dir or course_dir / "dist"
    result = run_build(course_dir, out, list(formats) or None, options, strict)
    show_warnings(result.warnings)
    if not says_more_than_errors():
        return
    for path, size in result.files:
        click.echo(f"  {human_size(size):>9}  {path}")
    total = sum(size for _, size in result.files)
    warnings = len(result.warnings) + sum(h.warnings for h in log.handlers if isinstance(h, EchoHandler))
    click.echo(
        click.style(f"built {len(result.files)} file{'s' * (len(result.files) != 1)}", fg="green", bold=True)
        + f" ({human_size(total)}) into {out} in {result.seconds:.2f} s"
        + (f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ", no warnings")
    )
    # Other formats' outputs of an earlier build stay beside these, from the sources as they were
    # then: an author who rebuilt only the site could upload last week's SCORM zip unawares.
    shown = [name for name in result.kept if not name.startswith(".")]
    if shown:
        click.echo(f"kept from an earlier build, not rebuilt by this one: {', '.join(shown)} "
                   "(from the sources as they were then; delete what you no longer need)")


@cli.command()
@course_root_option
@click.option("--strict", is_flag=True, help=STRICT_HELP)
@click.option("--sources", "sources_dir", type=Folder(), help=SOURCES_HELP)
@click.option("--sco", type=click.Choice(["single", "per-module"]), default="single", show_default=True, help=SCO_HELP)
def check(course_dir: Path, strict: bool, sources_dir: Path | None, sco: str) -> None:
    """Check the course without writing anything: everything a build of its outputs would refuse."""
    from builder.build import check_targets, chosen_formats, get_course
    from builder.context import BuildContext, BuildOptions
    from builder.sources import check_sources, own_sources_notes, sources_folder

    diags = Diagnostics()
    own = sources_dir is None
    if own:
        diags.items += own_sources_notes(course_dir)
    sources_dir = sources_folder(course_dir, sources_dir)
    ctx = BuildContext(BuildOptions(sco=sco, sources_dir=sources_dir, sources_own=own))
    course = get_course(course_dir, diags, ctx)
    if course:
        check_targets(course, chosen_formats(None, course), ctx, diags)
    # Checked even when other files have errors: an author sees every problem in one run.
    cited = check_sources(course, sources_dir, diags, own) if course and sources_dir else 0
    try:
        diags.raise_if_errors(strict)
    except CourseError as error:
        error.ending = "check found {summary}"
        raise
    show_warnings(diags.sorted())
    assert course is not None
    if not says_more_than_errors():
        return
    summary = "ok: " + ", ".join(
        count(n, word)
        for n, word in ((len(course.modules), "module"), (len(course.quizzes), "quiz"),
                        (len(course.all_questions()), "question"), (len(course.glossary), "glossary term"))
    )
    if sources_dir:
        summary += f", {count(cited, 'citation')} checked against {sources_dir}"
    shown = diags.sorted()  # each once: the review edition's check and --sources find the same figure
    warnings = sum(d.severity == "warning" for d in shown)
    notices = sum(d.severity == "notice" for d in shown)
    click.echo(summary + (f", {count(warnings, 'warning')}" if warnings else ", no warnings")
               + (f", {count(notices, 'notice')}" if notices else ""))


@cli.command()
@course_root_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(course_dir: Path, as_json: bool) -> None:
    """Per module: words, objectives, questions by type, citations, minutes."""
    from builder.build import get_course
    from builder.stats import course_stats, format_stats

    diags = Diagnostics()
    course = get_course(course_dir, diags)
    diags.raise_if_errors()
    assert course is not None
    rows = course_stats(course)
    click.echo(json.dumps(rows, ensure_ascii=False, indent=2) if as_json else format_stats(rows))


@cli.command()
@course_root_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the course in the default browser.")
def serve(course_dir: Path, port: int, open_browser: bool) -> None:
    """Preview the course on 127.0.0.1, rebuilding and reloading on every change."""
    from builder.serve import DevServer

    # The address is printed even under -q: with --port 0 nothing else says where the preview is.
    DevServer(course_dir, port).run(open_browser, announce=lambda line: click.echo(line, err=True))


@cli.command()
@click.argument("directory", type=Folder())
def new(directory: Path) -> None:
    """Create a small working sample course in DIRECTORY."""
    if directory.exists() and any(directory.iterdir()):
        raise click.UsageError(f"{directory} is not empty; choose a new folder")
    sample = resources.files("builder") / "sample"
    try:
        with resources.as_file(sample) as sample_path:
            shutil.copytree(sample_path, directory, dirs_exist_ok=True)
        # The editor knows the files' keys from the first keystroke: the schemas of this version of
        # course, and the settings that hand them to VS Code's YAML extension.
        write_schemas(directory / ".schemas")
        settings = directory / ".vscode" / "settings.json"
        settings.parent.mkdir(exist_ok=True)
        settings.write_text(json.dumps({"yaml.schemas": EDITOR_SCHEMAS}, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise cannot_write(directory, exc) from None
    if says_more_than_errors():
        shown = shlex.quote(str(directory))  # copied into a shell as it is printed: `with space/курс` in quotes
        click.echo(f"created a sample course in {directory}\n"
                   f"its YAML files are checked as you type in VS Code with the YAML extension "
                   f"(.vscode/settings.json, .schemas/)\n"
                   f"next: course check --course {shown}, then course build --course {shown}")


@cli.command()
@course_root_option
@click.option("--out", "out_dir", type=Folder(), help=SCHEMA_OUT_HELP)
def schema(course_dir: Path, out_dir: Path | None) -> None:
    """Write JSON Schemas for course.yml, module front matter, quizzes and the glossary."""
    out_dir = out_dir or course_dir / ".schemas"
    try:
        written = write_schemas(out_dir)
    except OSError as exc:
        raise cannot_write(out_dir, exc) from None
    if says_more_than_errors():
        for path in written:
            click.echo(f"wrote {path}")


EDITOR_SCHEMAS = {".schemas/course.schema.json": "course/course.yml",
                  ".schemas/glossary.schema.json": "course/glossary.yml",
                  ".schemas/quiz.schema.json": ["quizzes/*.yml", "quizzes/*.yaml"]}
"""VS Code's `yaml.schemas`: which schema checks which files (module front matter is not YAML to it)."""


def write_schemas(out_dir: Path) -> list[Path]:
    """Write the JSON Schemas into `out_dir`; the files written."""
    from builder.schema import json_schemas

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, document in json_schemas().items():
        path = out_dir / name
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written


def cannot_write(folder: Path, exc: OSError) -> click.ClickException:
    """`cannot write into X: Read-only file system` (exit 1), for commands that write outside a build."""
    from builder.build import describe_os_error

    return click.ClickException(
        f"cannot write into {folder}: {describe_os_error(exc)}; choose a folder you can write to")


def main() -> None:
    """Entry point: Click handles usage errors (exit 2) and CourseError (exit 1); anything else is a bug."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception:  # noqa: BLE001 - the last line of defence: say it is a bug, never a bare traceback
        click.echo(traceback.format_exc(), err=True)
        click.echo("internal error: this is a bug in course, not in your course files. "
                   "Please report it with the text above.", err=True)
        sys.exit(3)
