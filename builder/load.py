"""Stage 1, load: read course.yml, the module files, the quizzes and the glossary into the model.

Every value passes through its schema (`builder.schema`) first, so the builders below only see
well-typed data; whatever is wrong is reported with its location and the rest still loads, so
one run reports every problem.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

import yaml

from builder.errors import Diagnostics, suggest
from builder.fingerprint import text_fingerprints
from builder.files import (NotUtf8, Refused, is_inside, lookup_error, meant_name, read_source, relative, shown_name,
                           utf8_text, without_txt)
from builder.model import (
    DEFAULT_OUTPUTS,
    DEFAULT_PASSING_SCORE,
    ClinicalNote,
    Completion,
    Course,
    GlossaryTerm,
    Loc,
    Markdown,
    Module,
    Objective,
    Question,
    QuestionStub,
    Quiz,
    Reference,
    ScormSettings,
    Unloaded,
    unnumbered,
)
from builder.markdown import dashes_kept
from builder.questions import KINDS
from builder.questions.kind import markdown
from builder.schema import COURSE, CYRILLIC_TO_LATIN, GLOSSARY, ID_RE, INVALID, MODULE, QUIZ, id_like
from builder.yamlload import NON_PRINTABLE_RE, YList, YMap, in_file, load_yaml

COURSE_FILE = Path("course") / "course.yml"
"""Where a course keeps its settings, relative to the course root."""

INLINE_FIELDS = {"text", "feedback", "correct", "incorrect", "left", "right"}
"""Markdown fields rendered inline (no wrapping paragraph)."""


def read_text(path: Path, root: Path, diags: Diagnostics) -> str | None:
    """Read a UTF-8 source file through the reading gate (a leading BOM is dropped), reporting a
    missing, unreadable or non-regular file, a link out of the course, or a bad encoding."""
    try:
        data = read_source(path, root)
    except Refused as refused:
        diags.error(Loc(relative(path, root)), refused.message, refused.hint, refused.code)
        return None
    try:
        return utf8_text(data)
    except NotUtf8 as bad:
        diags.error(Loc(relative(path, root), bad.line, bad.col), "file is not valid UTF-8", bad.hint, "file.encoding")
    return None


def load_course(root: Path, diags: Diagnostics, parsed: dict | None = None) -> Course | None:
    """Load the whole course under `root`; None when course.yml itself cannot be read."""
    root = root.resolve()
    course_path = root / COURSE_FILE
    if not course_path.exists() and not course_path.is_symlink():
        diags.error(
            Loc(COURSE_FILE.as_posix()),
            "no course here: course/course.yml does not exist",
            "run the command in a course folder, pass --course DIR, or create one with `course new DIR`",
            "file.missing",
        )
        return None
    text = read_text(course_path, root, diags)
    raw = load_yaml(text, COURSE_FILE.as_posix(), diags, cache=parsed) if text is not None else None
    if raw is None:
        if text is not None and not diags.errors:
            diags.error(Loc(COURSE_FILE.as_posix(), 1, 1), "course.yml is empty",
                        "write at least id, title, version and modules (see `course new`)", "schema.required")
        check_files_alone(root, None, diags, parsed)
        return None
    data = COURSE.check(raw, Loc(COURSE_FILE.as_posix(), 1, 1), diags, "")
    if data is INVALID:
        data = with_stand_ins(raw)
    if data is INVALID:
        check_files_alone(root, raw, diags, parsed)
        return None
    course = build_course(data, root)
    course.final_quiz_unread = "final_quiz" in raw and "final_quiz" not in data
    course.unloaded.references = references_not_loaded(raw, course)
    modules = unique_modules(load_modules(root, diags, parsed, course.unloaded), diags, course.unloaded)
    course.modules = order_modules(data, modules, diags, course.module_affected, course.unloaded.ignored_modules)
    listed = {m.id for m in course.modules}
    course.unloaded.unlisted = [m for m in modules.values() if m.id not in listed]
    course.quizzes = load_quizzes(root, course.passing_score, diags, parsed, course.unloaded)
    if "glossary" in data:
        course.glossary = load_glossary(root, data["glossary"], data.value_loc("glossary"), diags, parsed,
                                        course.unloaded)
    link_quizzes(course)
    course.completion = resolve_completion(data.get("completion", {}), course)
    if any(review.fingerprint for review in course.reviews):  # (the files are read again only then)
        course.fingerprints = text_fingerprints(course)
    return course


USUAL_GLOSSARY = "glossary.yml"
"""The glossary's file name in course/ as `course new` writes it."""

STAND_INS = {"id": "course", "title": "course", "version": "0.0.0"}
"""What a course.yml's id, title or version stands for while its own is wrong or missing (the error
is reported): the rest of the course is still checked in the same run, links and citations across
files included (`version: 1.0`, the commonest slip, hid them all until the next run)."""


def with_stand_ins(raw: Any) -> Any:
    """course.yml's values with stand-ins for a wrong or missing id, title or version; INVALID when
    something else in it is wrong too. Its errors are reported already: the build stops either way."""
    if not isinstance(raw, YMap):
        return INVALID
    patched = YMap(raw)
    patched.loc, patched.key_locs, patched.value_locs = raw.loc, raw.key_locs, raw.value_locs
    for key, stand_in in STAND_INS.items():
        if COURSE.fields[key].type.check(raw.get(key), raw.loc, Diagnostics(), key) is INVALID:
            patched[key] = stand_in
    return COURSE.check(patched, raw.loc, Diagnostics(), "")


def check_files_alone(root: Path, raw: Any, diags: Diagnostics, parsed: dict | None) -> None:
    """What each module and quiz file, and the glossary course.yml names (if it can tell), says of
    itself while course.yml has errors: its YAML, front matter and schema. An author then mends every
    file in one round; what needs the course (links, the module list, citations, the Markdown of
    module texts) is checked once course.yml loads."""
    unique_modules(load_modules(root, diags, parsed, Unloaded()), diags, Unloaded())
    load_quizzes(root, DEFAULT_PASSING_SCORE, diags, parsed, Unloaded())
    if isinstance(raw, YMap):
        name, loc = raw.get("glossary"), raw.value_loc("glossary")
    else:  # course.yml did not parse: it cannot tell; the name `course new` gives is checked if it is there
        name, loc = (USUAL_GLOSSARY, Loc(COURSE_FILE.as_posix())) if (root / "course" / USUAL_GLOSSARY).is_file() \
            else (None, None)
    if isinstance(name, str):  # (a value of another kind is course.yml's own error)
        load_glossary(root, name, loc, diags, parsed, Unloaded())


def references_not_loaded(raw: Any, course: Course) -> set[str]:
    """The keys course.yml's `references:` writes but the course did not load (an entry with errors),
    '' for one that is not an id."""
    written = raw.get("references") if isinstance(raw, YMap) else None
    if not isinstance(written, dict):
        return set()
    return {str(key) if ID_RE.match(str(key)) else "" for key in written if str(key) not in course.references}


def typeset(value: Any) -> Any:
    """A plain text of the YAML (a title, a summary, an objective) as the Markdown texts are set: a dash
    between words kept on the line of the word before it. Every output reads the model, so the site's
    objectives and titles get it as the PDFs do."""
    return dashes_kept(value) if isinstance(value, str) else value


def build_course(data: YMap, root: Path) -> Course:
    """The Course node from validated course.yml data (modules and quizzes come later)."""
    return Course(
        id=data["id"],
        title=typeset(data["title"]),
        version=data["version"],
        root=root,
        loc=data.loc,
        language=data["language"],
        description=typeset(data.get("description", "")),
        audience=list(data.get("audience", [])),
        duration_minutes=data.get("duration_minutes", 0),
        licence=data.get("licence", ""),
        keywords=list(data.get("keywords", [])),
        authors=list(data.get("authors", [])),
        governance=data.get("governance"),
        reviews=list(data.get("reviews", [])),
        tracks_reviews="reviews" in data,
        final_quiz_id=data.get("final_quiz", ""),
        final_quiz_loc=data.value_loc("final_quiz") if "final_quiz" in data else None,
        passing_score=data["passing_score"],
        outputs=list(data.get("outputs") or DEFAULT_OUTPUTS),  # an empty or wrong list is reported; build the usual
        references={
            key: Reference(key, ref["title"], ref["file"], data["references"].key_loc(key), ref.get("short", ""))
            for key, ref in data.get("references", {}).items()
        },
        scorm=ScormSettings(**data.get("scorm", {})),
        local=dict(data.get("local", {})),
        local_locs=dict(data["local"].value_locs) if "local" in data else {},
    )


def order_modules(data: YMap, modules: dict[str, Module], diags: Diagnostics,
                  affected: Callable[[str], bool], ignored_modules: dict[str, str] | None = None) -> list[Module]:
    """Modules in course.yml's order; unknown ids are errors, unlisted module files warnings.

    An id that may be a module file's that could not be read (`affected`) is not reported again; one
    that a file not read for its name writes (`ignored_modules`) names that file.
    """
    ignored_modules = ignored_modules or {}
    ordered: list[Module] = []
    placed: set[str] = set()  # ids already in `ordered` (`module in ordered` compared dataclasses field by field)
    told: set[str] = set()  # ids of files an error named already
    listed = data["modules"]
    for index, module_id in enumerate(listed):
        module = modules.get(module_id)
        loc = listed.item_loc(index)
        if module is None and affected(module_id):
            continue
        named = file_named(module_id, modules, listed) if module is None else None
        ignored = ignored_modules.get(module_id) if module is None else None
        if ignored:
            diags.error(loc, f"no module with id '{module_id}': {ignored} has it, but is not read",
                        f"rename it to {meant_name(Path(ignored).name, '.md')}", "ref.module")
        elif named:
            # modules/03-triage.md says `id: triage-basics`: the id listed is its file's name
            told.add(named.id)  # (not again as a file course.yml does not list)
            diags.error(loc, f"no module with id '{module_id}'; {named.loc.path} has id '{named.id}'",
                        f"list '{named.id}' here, or write 'id: {module_id}' in its front matter", "ref.module")
        elif module is None:
            report_missing(loc, "module", module_id, list(modules), "add modules/NN-name.md with that id", "ref.module",
                           diags)
        elif module.id in placed:
            diags.error(loc, f"module '{module_id}' is listed twice", "list each module once", "id.duplicate")
        else:
            module.number = len(ordered) + 1
            ordered.append(module)
            placed.add(module.id)
    for module in modules.values():
        if module.id not in placed and module.id not in told:
            diags.warning(
                module.loc,
                f"module '{module.id}' is not listed in course.yml 'modules', so no output includes it",
                "add its id to 'modules', or delete the file",
                "ref.module",
            )
    return ordered


def file_named(module_id: str, modules: dict[str, Module], listed: list) -> Module | None:
    """The unlisted module whose file is named as `module_id` (`03-triage.md` for `triage`), if any."""
    named = (m for m in modules.values() if m.slug and unnumbered(m.slug) == module_id and m.id not in listed)
    return next(named, None)


def report_missing(loc: Loc, kind: str, name: str, known: list[str], hint: str, code: str, diags: Diagnostics) -> None:
    """`no module 'comunication'; did you mean 'communication'?`"""
    diags.error(loc, f"no {kind} with id '{name}'", suggest(name, known, hint), code)


# ---- Modules --------------------------------------------------------------------------------


def dropped_ids(written: Any, kept: set[str]) -> list[str]:
    """The ids as written of the objectives left out for an error ('' for one without a readable id)."""
    items = written if isinstance(written, list) else []
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]
    return [str(i) if isinstance(i, (str, int)) else "" for i in ids if not (isinstance(i, str) and i in kept)]


def load_modules(root: Path, diags: Diagnostics, parsed: dict | None = None,
                 unloaded: Unloaded | None = None) -> list[Module]:
    """Every modules/*.md file, in file-name order (those that do not load noted in `unloaded`)."""
    folder = root / "modules"
    if not folder.is_dir():
        diags.error(Loc("modules"), "the modules/ folder does not exist",
                    "create modules/ with one .md file per module", "file.missing")
        if unloaded is not None:
            unloaded.module_files["modules/"] = ""  # every module the course names is in it
        return []
    modules = []
    ignored = warn_of_files_not_read(folder, root, (".md",), diags)
    if unloaded is not None:
        written = {relative(path, root): written_id(path, root) for path in ignored}
        unloaded.ignored_modules.update({module_id: file for file, module_id in written.items() if module_id})
    for path in source_files(folder, "*.md"):
        named = check_module_file_name(path, root, diags)
        module = load_module(path, root, diags, parsed, unloaded)  # checked even when it cannot name its page
        if module and named:
            modules.append(module)
        elif unloaded is not None:
            unloaded.module_files.setdefault(path.name, module.id if module else "")  # (or the id load_module read)
            if module:
                unloaded.modules_apart.append(module)
    return modules


NEAR_SUFFIXES = (".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn")
"""Other suffixes of Markdown files: a module file named so was meant as one (as `.MD` or `.YML` were)."""


def source_files(folder: Path, pattern: str) -> list[Path]:
    """The files of `folder` matching `pattern`, in order, but hidden ones: an editor's lock, swap or
    backup beside the file it edits (Emacs' `.#01-intro.md`, a broken link while a buffer has unsaved
    changes, failed every build)."""
    return sorted(path for path in folder.glob(pattern) if not path.name.startswith("."))


def warn_of_files_not_read(folder: Path, root: Path, suffixes: tuple[str, ...], diags: Diagnostics) -> list[Path]:
    """A file in modules/ or quizzes/ named almost as one the build reads (`03-triage.markdown`, `q.YML`,
    `03-triage.md.txt`, as Windows saves a file whose extension it hides) is a warning: read nowhere,
    its module was reported as missing and the file itself not named. Returns those files."""
    kind = "module" if suffixes == (".md",) else "quiz"
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []  # a folder that cannot be listed is reported where its files are read
    found = []
    for path in entries:
        suffix = Path(without_txt(path.name)).suffix
        meant = suffix.lower() in suffixes or kind == "module" and suffix.lower() in NEAR_SUFFIXES
        if path.suffix in suffixes or not meant or path.name.startswith("."):
            continue
        try:
            if not path.is_file():
                continue
        except OSError:
            continue
        found.append(path)
        diags.warning(Loc(relative(path, root)), f"file {path.name} is not read: a {kind} file's name ends in "
                      f"{' or '.join(suffixes)}", f"rename it to {meant_name(path.name, suffixes[0])}", "file.ignored")
    return found


WRITTEN_ID_RE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(?:.*\r?\n)*?id:[ \t]*[\"']?([\w.-]+)", re.M)


def written_id(path: Path, root: Path) -> str:
    """The `id:` a module file's front matter writes, as far as a glance tells ('' if it does not)."""
    try:
        head = read_source(path, root)[:4096].decode("utf-8", errors="replace")
    except (Refused, OSError):
        return ""
    found = WRITTEN_ID_RE.match(head)
    return found[1] if found else ""


RESERVED_PAGES = ("index", "glossary", "final")
"""Page names the build generates itself; a module file named so would overwrite one."""

SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
"""A module file name (without `.md`) usable as a page's file name everywhere."""


def check_module_file_name(path: Path, root: Path, diags: Diagnostics) -> bool:
    """The file name becomes the page's name: latin letters, digits, `-`, `_`, `.`; not a generated page."""
    slug, rel = path.stem, relative(path, root)
    if slug.lower() in RESERVED_PAGES:
        diags.error(Loc(rel, 1, 1),
                    f"module file name '{path.name}' is the name of a page the build makes ({slug}.html)",
                    f"rename the file, e.g. modules/01-{slug.lower()}-topic.md "
                    f"(reserved: {', '.join(RESERVED_PAGES)})", "module.name")
        return False
    if not SLUG_RE.match(slug):
        # (a Russian name transliterated, as ids are: `03-сортировка` → `03-sortirovka`, not `03`)
        latin = "".join(CYRILLIC_TO_LATIN.get(c.lower(), c) for c in slug)
        suggestion = re.sub(r"[^A-Za-z0-9_.-]+", "-", latin).strip("-.")[:60] or "01-module"
        diags.error(Loc(rel), f"module file name {path.name!r} cannot name its page",
                    f"use latin letters, digits and hyphens (up to 100), e.g. {suggestion}.md", "module.name")
        return False
    return True


def unique_modules(modules: list[Module], diags: Diagnostics, unloaded: Unloaded) -> dict[str, Module]:
    """Modules by id; a second file with an id already taken is an error naming both files (and does not load)."""
    by_id: dict[str, Module] = {}
    for module in modules:
        first = by_id.get(module.id)
        if first is not None:
            diags.error(module.loc, f"module id '{module.id}' is already the id of {first.loc.path}",
                        "give each module file its own id (or delete the copy)", "id.duplicate")
            unloaded.module_files[Path(module.loc.path).name] = module.id
            continue
        by_id[module.id] = module
    return by_id


def split_front_matter(text: str, rel: str, diags: Diagnostics) -> tuple[str, str, int] | None:
    """(front matter YAML, body, line where the body starts), or None after reporting."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        old_mac = "\r" in lines[0].rstrip("\r")  # lines end with CR alone (classic Mac OS)
        diags.error(
            Loc(rel, 1, 1),
            "module file does not start with front matter" + (" (its lines end with CR alone)" if old_mac else ""),
            "save the file with LF or CRLF line endings" if old_mac else
            ("start the file with a line '---', the module's id, title, summary, minutes and objectives, and another "
             "'---'"),
            "front-matter.missing",
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            text_start = body_line_inside(lines[1:index])
            if text_start is not None:
                # Its closing line was left out: a `---` further down (a rule, a reflection's answer)
                # closed it, and YAML would be blamed for the module's text.
                diags.error(Loc(rel, text_start + 2, 1), "front matter is not closed before the module's text: the "
                            f"'---' at line {index + 1} closed it", "add a line '---' after the front matter, above "
                            "this line", "front-matter.missing")
                return None
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    text_start = body_line_inside(lines[1:])
    if text_start is not None:  # said where the line is missing, as when a `---` further down closed it
        diags.error(Loc(rel, text_start + 2, 1), "front matter is never closed before the module's text",
                    "add a line '---' after the front matter, above this line", "front-matter.missing")
        return None
    diags.error(Loc(rel, 1, 1), "front matter is never closed", "add a line '---' after the front matter",
                "front-matter.missing")
    return None


BODY_START_RE = re.compile(r"#{1,6} \S|:::")
"""A line that starts a module's text (a heading, a block) and cannot be front matter's YAML."""


def body_line_inside(lines: list[str]) -> int | None:
    """The index of the line of `lines` (a front matter) where the module's text starts when its
    closing `---` was left out: a heading or a block after an empty line, with YAML that reads above
    it and not with it. None otherwise: a `# note` is a YAML comment too, and a YAML mistake above
    such a line is that mistake, reported as YAML's."""
    for index, line in enumerate(lines):
        if index and not lines[index - 1].strip() and BODY_START_RE.match(line):
            return index if reads_as_yaml(lines[:index]) and not reads_as_yaml(lines) else None
    return None


def reads_as_yaml(lines: list[str]) -> bool:
    """Whether the lines parse as YAML (read as text only: a date or tag that cannot be built is the
    schema's to report, not a reason to think the lines are no YAML)."""
    try:
        yaml.load("\n".join(lines), Loader=yaml.BaseLoader)  # noqa: S506 (BaseLoader builds text, lists, maps)
    except (yaml.YAMLError, RecursionError):  # (nested too deep for the parser: not a front matter either)
        return False
    return True


def report_control_characters(text: str, start: Loc, diags: Diagnostics) -> None:
    """Each line of a module's text holding a character YAML refuses in the course's other texts (a
    control character: invisible in an editor, and passed into the page's HTML), once."""
    reported = 0
    for match in NON_PRINTABLE_RE.finditer(text):
        before = text[: match.start()]
        line = start.line + before.count("\n")
        if line != reported:
            diags.error(Loc(start.path, line, match.start() - before.rfind("\n")),
                        f"the text holds the control character U+{ord(match[0]):04X}",
                        "delete it (it is often invisible: retype the line)", "md.control")
            reported = line


def load_module(path: Path, root: Path, diags: Diagnostics, parsed: dict | None = None,
                unloaded: Unloaded | None = None) -> Module | None:
    """One module file: front matter checked against MODULE, body kept as Markdown (into
    `unloaded.modules_apart` when the front matter has errors, so that the body's are reported too)."""
    rel = relative(path, root)
    text = read_text(path, root, diags)
    parts = split_front_matter(text, rel, diags) if text is not None else None
    if parts is None:
        return None
    front, body, body_line = parts
    report_control_characters(body, Loc(rel, body_line, 1), diags)
    errors_before = len(diags.errors)
    raw = load_yaml(front, rel, diags, line_offset=1, cache=parsed)
    if raw is None and len(diags.errors) == errors_before:  # blank, only comments, or `~`: no YAML error
        diags.error(Loc(rel, 2, 1), "front matter is empty", "add id, title, summary, minutes and objectives",
                    "schema.required")
    data = MODULE.check(raw, Loc(rel, 2, 1), diags, "") if raw is not None else INVALID
    if data is INVALID:
        if unloaded is not None:
            written = raw.get("id") if isinstance(raw, YMap) else None
            # (an id that is not one stands for the id it means, `why_wash` for `why-wash`; `Слушание`, for any)
            meant = written if isinstance(written, str) and ID_RE.match(written) else id_meant(written)
            unloaded.module_files[path.name] = meant
            unloaded.modules_apart.append(stand_in(path, Markdown(body, Loc(rel, body_line, 1)), raw, unloaded))
        return None
    module = Module(
        id=data["id"],
        title=typeset(data["title"]),
        summary=typeset(data["summary"]),
        minutes=data["minutes"],
        objectives=[],
        body=Markdown(body, Loc(rel, body_line, 1)),
        loc=Loc(rel, 1, 1),
        quiz_id=data.get("quiz", ""),
        quiz_loc=data.value_loc("quiz") if "quiz" in data else None,
        content_warnings=list(data.get("content_warnings", [])),
        slug=path.stem,
        quiz_unread="quiz" not in data and isinstance(raw, YMap) and "quiz" in raw,
    )
    objectives = data["objectives"]
    module.objectives = [Objective(o["id"], typeset(o["text"]), module.id, objectives.item_loc(i)) for i,
                         o in enumerate(objectives)]
    if getattr(objectives, "dropped", 0) and unloaded is not None:
        unloaded.objectives_dropped[module.id] = dropped_ids(raw.get("objectives"), {o.id for o in module.objectives})
        unloaded.pages_in_part.add(path.stem)  # a link to the dropped one's id is not reported again
    module.clinical_review = clinical_notes(data)
    return module


def stand_in(path: Path, body: Markdown, raw: Any, unloaded: Unloaded) -> Module:
    """A module whose front matter has errors, for the checks of its text alone (never output): the
    id, quiz and objectives it writes, where they are written as they should be (else its file's name
    and none; its page's ids are then not all known: `unloaded.pages_in_part`)."""
    front = raw if isinstance(raw, YMap) else YMap()
    written, quiz, items, title = front.get("id"), front.get("quiz"), front.get("objectives"), front.get("title")
    items = items if isinstance(items, YList) else YList()
    readable = isinstance(raw, YMap)  # (YAML that does not parse, or is no mapping, says nothing of them)
    module = Module(id=written if isinstance(written, str) and ID_RE.fullmatch(written) else path.stem,
                    title=title if isinstance(title, str) else "", summary="", minutes=0, objectives=[], body=body,
                    loc=Loc(body.loc.path, 1, 1), quiz_id=quiz if isinstance(quiz, str) else "",
                    quiz_unread=not readable or "quiz" in front and not isinstance(quiz, str), slug=path.stem)
    module.objectives = [Objective(item["id"], "", module.id, item.loc) for item in items
                         if isinstance(item, YMap) and isinstance(item.get("id"), str)]
    if not readable or len(module.objectives) < len(items) or "objectives" in front and not isinstance(
            front["objectives"], YList):
        unloaded.pages_in_part.add(path.stem)
    return module


def clinical_notes(data: YMap) -> list[ClinicalNote]:
    """The `clinical_review:` items of a module, a glossary entry or a quiz."""
    return list(data.get("clinical_review", []))


# ---- Quizzes --------------------------------------------------------------------------------


def load_quizzes(root: Path, default_passing: int, diags: Diagnostics, parsed: dict | None = None,
                 unloaded: Unloaded | None = None) -> dict[str, Quiz]:
    """Every quizzes/*.yml file by quiz id (duplicates are left for validation to report; files that
    do not load whole are noted in `unloaded`)."""
    quizzes: dict[str, Quiz] = {}
    folder = root / "quizzes"
    if folder.is_dir():
        warn_of_files_not_read(folder, root, (".yml", ".yaml"), diags)
    for path in source_files(folder, "*.yml") + source_files(folder, "*.yaml"):
        quiz = load_quiz(path, root, default_passing, diags, parsed, unloaded)
        if quiz is None:
            continue
        if quiz.id in quizzes:
            first = quizzes[quiz.id]
            diags.error(
                quiz.id_loc or quiz.loc,
                f"quiz id '{quiz.id}' is used again (first in {first.id_loc or first.loc})",
                "give each quiz its own id",
                "id.duplicate",
            )
            if unloaded is not None:
                unloaded.quizzes.add(quiz.id)  # which file's questions it holds is for the author to say
            continue
        quizzes[quiz.id] = quiz
    return quizzes


def load_quiz(path: Path, root: Path, default_passing: int, diags: Diagnostics,
              parsed: dict | None = None, unloaded: Unloaded | None = None) -> Quiz | None:
    """One quiz file. One that does not load is noted in `unloaded`, its well-formed questions too
    (their texts and answer keys are checked in the same run as the quiz's errors)."""
    rel = relative(path, root)
    text = read_text(path, root, diags)
    errors_before = len(diags.errors)
    raw = load_yaml(text, rel, diags, cache=parsed) if text is not None else None
    if raw is None and text is not None and len(diags.errors) == errors_before:  # blank, comments, or `~`
        diags.error(Loc(rel, 1, 1), "quiz file is empty", "add id, title and questions", "schema.required")
    data = QUIZ.check(raw, Loc(rel, 1, 1), diags, "") if raw is not None else INVALID
    if data is INVALID:
        if unloaded is not None:
            quiz_id = raw.get("id") if isinstance(raw, dict) else None
            if isinstance(quiz_id, str):
                unloaded.quizzes.add(quiz_id)
            # An id that is not one is reported at it: a module naming the id meant is not told that the
            # quiz does not exist. `q_why` means `q-why`; what `Тест 1` means is not known (any id).
            meant = id_meant(quiz_id)
            if meant:
                unloaded.quizzes.add(meant)
            elif not (isinstance(quiz_id, str) and ID_RE.match(quiz_id)):
                unloaded.quiz_unnamed = True
            apart = questions_apart(raw, Loc(rel, 1, 1))
            unloaded.questions.extend(apart)
            quiz_id = quiz_id if isinstance(quiz_id, str) else ""
            unloaded.stubs.extend(question_stubs(raw, {q.loc for q in apart}, quiz_id))
        return None
    attempts = data.get("attempts", "unlimited")
    include = data.get("include", [])
    quiz = Quiz(
        id=data["id"],
        title=typeset(data["title"]),
        questions=[],
        loc=Loc(rel, 1, 1),
        passing_score=data.get("passing_score", default_passing),
        attempts=None if attempts == "unlimited" else attempts,
        shuffle=data.get("shuffle", False),
        feedback=data.get("feedback", "immediate"),
        pool=data.get("pool"),
        include=["*"] if include == "all" else list(include),
        include_loc=data.value_loc("include") if include else None,
        include_locs=list(getattr(include, "item_locs", [])),
        id_loc=data.value_loc("id"),
        content_warning=data.get("content_warning", ""),
        one_per_screen=data.get("one_per_screen", False),
        out_of_attempts=data.get("out_of_attempts", ""),
        clinical_review=clinical_notes(data),
    )
    questions = data.get("questions", YList())
    quiz.questions = [build_question(q, quiz.id) for q in questions]
    if unloaded is not None and len(diags.errors) > errors_before:
        unloaded.quizzes.add(quiz.id)  # loaded without a question or a setting that has an error
        unloaded.stubs.extend(question_stubs(raw, {q.loc for q in quiz.questions}, quiz.id))
    return quiz


def question_stubs(raw: Any, loaded: set[Loc], quiz_id: str) -> list[QuestionStub]:
    """What can be told of each question of a quiz file's `raw` YAML that did not load (`loaded`: where
    those that did are written): its id, objectives and texts, where they are written as they should be."""
    items = raw.get("questions") if isinstance(raw, YMap) else None
    if not isinstance(items, YList):
        return []
    return [question_stub(item, quiz_id) for item in items if isinstance(item, YMap) and item.loc not in loaded]


def question_stub(item: YMap, quiz_id: str) -> QuestionStub:
    """One question's stub: what of its id, objectives and texts is written as it should be."""
    written = item.get("id")
    ids = item.get("objectives") if isinstance(item.get("objectives"), YList) else None
    if ids is not None:
        named = [(i, ids.item_loc(n)) for n, i in enumerate(ids) if isinstance(i, str)]
    else:
        named = [(item["objective"], item.value_loc("objective"))] if isinstance(item.get("objective"), str) else []
    feedback = item.get("feedback") if isinstance(item.get("feedback"), YMap) else YMap()
    options = item.get("options") if isinstance(item.get("options"), YList) else YList()
    texts = [markdown(item, key) for key in ("prompt", "explanation") if isinstance(item.get(key), str)]
    texts += [markdown(feedback, key, inline=True) for key in ("correct", "incorrect")
              if isinstance(feedback.get(key), str)]
    texts += [markdown(option, key, inline=True) for option in options for key in ("text", "feedback")
              if isinstance(option, YMap) and isinstance(option.get(key), str)]
    return QuestionStub(id=written if isinstance(written, str) and ID_RE.fullmatch(written) else "", loc=item.loc,
                        quiz_id=quiz_id, objectives=[i for i, _ in named], objective_locs=[loc for _, loc in named],
                        field_locs=dict(item.key_locs), texts=[text for text in texts if text is not None])


def questions_apart(raw: Any, loc: Loc) -> list[Question]:
    """The well-formed questions of a quiz whose own keys have errors. The quiz's check has reported
    every error of its questions already, so they are checked again into a scratch list."""
    if not isinstance(raw, dict):
        return []
    questions = QUIZ.fields["questions"].type.check(raw.get("questions", []), loc, Diagnostics(), "")
    quiz_id = raw.get("id") if isinstance(raw.get("id"), str) else ""
    return [build_question(q, quiz_id) for q in questions] if questions is not INVALID else []


def build_question(data: YMap, quiz_id: str) -> Question:
    """A question of its kind's dataclass from validated data; the answer-key checks happen in validation."""
    feedback = data.get("feedback") or YMap()
    objectives, objective_locs = question_objectives(data)
    common = dict(
        id=data["id"],
        type=data["type"],
        objective=objectives[0] if objectives else "",
        objectives=objectives,
        objective_locs=objective_locs,
        content_warning=data.get("content_warning", ""),
        prompt=markdown(data, "prompt"),  # type: ignore[arg-type]
        loc=data.loc,
        quiz_id=quiz_id,
        points=data["points"],
        explanation=markdown(data, "explanation"),
        feedback_correct=markdown(feedback, "correct", inline=True) if feedback else None,
        feedback_incorrect=markdown(feedback, "incorrect", inline=True) if feedback else None,
        sources=list(data.get("sources", [])),
        field_locs=dict(data.key_locs),
    )
    return KINDS[data["type"]].build(common, data)


def question_objectives(data: YMap) -> tuple[list[str], list[Loc]]:
    """The objective ids of a question (`objective:` or `objectives:`, validation checks that
    exactly one is written) and where each is written."""
    if "objectives" in data:
        ids = data["objectives"]
        return list(ids), [ids.item_loc(i) for i in range(len(ids))]
    if "objective" in data:
        return [data["objective"]], [data.value_loc("objective")]
    return [], []


def id_meant(written: object) -> str:
    """The id a written name that is not one surely means: the same latin letters and digits, only
    its case or punctuation wrong (`q_why` → `q-why`, `Intro` → `intro`); '' when not sure
    (`Тест 1`, `Слушание`: their transliterations are guesses)."""
    if not isinstance(written, str) or ID_RE.match(written):
        return ""
    like = id_like(written)
    same = "".join(c for c in written.lower() if c.isascii() and c.isalnum()) == like.replace("-", "")
    return like if same else ""


def link_quizzes(course: Course) -> None:
    """Tie quizzes to their modules and assemble each quiz's bank (own questions, then included ones)."""
    for module in course.modules:
        quiz = course.quizzes.get(module.quiz_id)
        if quiz and not quiz.module_id:
            quiz.module_id = module.id
    for quiz in course.quizzes.values():
        included = [q for q in course.ordered_quizzes() if q is not quiz] if quiz.include == ["*"] else [
            course.quizzes[i] for i in quiz.include if i in course.quizzes and i != quiz.id
        ]
        bank = list(quiz.questions)
        for other in included:
            bank.extend(q for q in other.questions if q not in bank)
        quiz.bank = bank


def resolve_completion(data: dict[str, Any], course: Course) -> Completion:
    """Expand `all`/`none` into ids (unknown ids are reported by validation)."""
    seen = data.get("modules_seen", "all")
    passed = data.get("quizzes_passed", "all")
    read = data.get("modules_read", "none")
    locs: dict[tuple[str, str], Loc] = {}
    for key, listed in (("modules_seen", seen), ("quizzes_passed", passed), ("modules_read", read)):
        for i, item in enumerate(listed if isinstance(listed, YList) else []):
            if isinstance(item, str):
                locs.setdefault((key, item), listed.item_loc(i))
    return Completion(
        modules_seen=[m.id for m in course.modules] if seen == "all" else list(seen),
        quizzes_passed=([q.id for q in course.ordered_quizzes()] if passed == "all"
                        else [] if passed == "none" else list(passed)),
        modules_read=[m.id for m in course.modules] if read == "all" else [] if read == "none" else list(read),
        locs=locs,
    )


# ---- Glossary -------------------------------------------------------------------------------


def load_glossary(root: Path, name: str, loc: Loc, diags: Diagnostics, parsed: dict | None,
                  unloaded: Unloaded) -> list[GlossaryTerm]:
    """The glossary file named in course.yml (noted in `unloaded` when it does not load, and the ids
    of its entries that have errors)."""
    errors_before = len(diags.errors)
    terms = glossary_terms(root, name, loc, diags, parsed, unloaded)
    # An entry with an error stands for its own id only; a file that did not load, for any id.
    unloaded.glossary = len(diags.errors) > errors_before and not terms and not unloaded.terms
    return terms


def glossary_terms(root: Path, name: str, loc: Loc, diags: Diagnostics, parsed: dict | None,
                   unloaded: Unloaded) -> list[GlossaryTerm]:
    if not is_inside(name):
        diags.error(loc, f"glossary path '{name}' leaves the course/ folder",
                    "name a file inside course/, e.g. glossary.yml", "path.outside")
        return []
    path = root / "course" / name
    trouble = lookup_error(path)
    if trouble:
        diags.error(loc, f"glossary file name course/{shown_name(name)} cannot be used: {trouble}",
                    "shorten the file name (a file system takes at most 255 bytes for one name)", "file.missing")
        return []
    if not path.exists() and not path.is_symlink():
        diags.error(loc, f"glossary file course/{name} does not exist",
                    "create it, or remove 'glossary:' from course.yml", "file.missing")
        return []
    rel = relative(path, root)
    raw = load_yaml(read_text(path, root, diags) or "", rel, diags, cache=parsed)
    if raw is None:
        return []
    data = GLOSSARY.check(raw, Loc(rel, 1, 1), diags, "glossary")
    if data is INVALID:
        return []
    # An id may be anything YAML holds, a list too: only text can be linked.
    written = {entry.get("id") for entry in raw if isinstance(entry, dict) and isinstance(entry.get("id"), str)}
    failed = written - {entry["id"] for entry in data}
    # (and the id a name that is not one surely means: `Open_Question` for the [[open-question]] links)
    unloaded.terms.update(failed | {id_meant(w) for w in failed} - {""})
    return [
        GlossaryTerm(
            id=e["id"],
            term=e["term"],
            definition=Markdown(str(e["definition"]), e.value_loc("definition"), in_file=in_file(e["definition"])),
            aliases=list(e.get("aliases", [])),
            source=e.get("source"),
            loc=data.item_loc(i),
            clinical_review=clinical_notes(e),
        )
        for i, e in enumerate(data)
    ]
