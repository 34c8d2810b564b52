"""What SCORM 1.2 and 2004 packages share: the files, the SCO plan, the budget check, the zip.

One SCO (default): the whole course in one launched document (`index.html`, every page inside,
switched by the runtime without reloading, because a reload ends the LMS session). Per module:
one SCO per module (and one for the final quiz), each page tracking only its own module.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Callable

from builder.context import BuildContext, BuildOptions
from builder.errors import CourseError, Diagnostic, Diagnostics
from builder.files import Refused, read_source
from builder.limits import RESENT_FIELD_LIMIT, SUSPEND_DATA_LIMITS
from builder.model import Course, Question, Quiz
from builder.runtime_data import FINAL_SAVE_LIMIT, final_save_reserve, scoped_state, worst_case_suspend_size
from builder.targets.archive import ZIP_LEVEL, write_zip
from builder.targets.deflate import Deflater
from builder.targets.pages import PageRenderer, asset_files, runtime_file
from builder.targets.scorm_manifest import SCHEMA_FILES_12, PackagePlan, Sco

log = logging.getLogger("course")

RUNTIME = ("runtime/course.css", "runtime/course.js", "runtime/scorm.js")
"""Runtime files every package carries."""

FORBIDDEN_SUFFIXES = (".py", ".pyc", ".sh", ".php", ".exe", ".bat", ".cmd", ".jsp", ".asp", ".aspx", ".pl", ".cgi",
                      ".dll")
"""Files some LMSs (Docebo, for one) refuse inside a package; the build never writes them."""

SCHEMA_FILES_2004 = (
    "imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd", "adlnav_v1p3.xsd", "imsss_v1p0.xsd",
    "imsss_v1p0auxresource.xsd", "imsss_v1p0control.xsd", "imsss_v1p0delivery.xsd", "imsss_v1p0limit.xsd",
    "imsss_v1p0objective.xsd", "imsss_v1p0random.xsd", "imsss_v1p0rollup.xsd", "imsss_v1p0seqrule.xsd",
    "imsss_v1p0util.xsd", "xml.xsd", "lom.xsd", "lomCustom.xsd", "lomLoose.xsd", "lomStrict.xsd",
)
"""Controlling documents of a 2004 package, as named by ADL's packages (those present are shipped)."""

SCHEMAS_NOTE = ("SCORM packages built without the XSD files; "
                "set COURSE_SCORM_SCHEMAS to a folder holding them to ship them")
"""Said once per build that writes a package without the XSDs."""


def package_name(course: Course, kind: str, edition: str = "") -> str:
    """`<course-id>-<version>-scorm12.zip`; the 2004 3rd edition's `…-scorm2004-3rd.zip`, so that an
    administrator tells it from the 4th's, and one build folder holds both. (Its manifest's identifier
    stays the same: an LMS that has the package keeps its learners' records on a republish.)"""
    return f"{course.id}-{course.version}-{kind}{'-' + edition if edition else ''}.zip"


VERSION_NAMES = {"scorm12": "SCORM 1.2", "scorm2004": "SCORM 2004"}


def check_package(course: Course, ctx: BuildContext, diags: Diagnostics, backend: str) -> None:
    """Everything that makes a package refuse, checked before anything is written: the learner
    state and the final save must fit what the version's LMS keeps; a named XSD folder must exist."""
    try:
        sco = ctx.options.sco
        # The same for both versions' packages and both checks: made once per build.
        state = ctx.shared(f"worst-state:{sco}", lambda: scoped_state(course, per_module=sco == "per-module"))
        check_budget(course, backend, sco, state)
        schemas_folder(course, ctx.options)  # a folder named that is not there refuses the build
    except CourseError as refused:
        diags.items.extend(refused.diagnostics)


def check_budget(course: Course, backend: str, sco: str = "single", state: dict | None = None) -> int:
    """Refuse a course whose largest learner state would not fit the version's suspend_data.

    With one SCO per module each SCO has its own suspend_data, so the budget is per module.
    `state`: the worst-case state of this packaging (`scoped_state`), when the build has it.
    """
    limit = SUSPEND_DATA_LIMITS[backend]
    size = worst_case_suspend_size(course, limit, per_module=sco == "per-module", state=state)
    name = VERSION_NAMES[backend]
    if size > limit:
        fixes = ["build with --sco per-module (each module keeps its own state)", "draw fewer questions from pools",
                 "split the course"]
        fixes += ["build SCORM 2004 only"] if backend == "scorm12" else []
        hint = ", ".join(fixes[:-1]) + ", or " + fixes[-1]
        raise CourseError([Diagnostic(
            course.loc,
            f"the learner state can reach {size} characters, more than {name}'s suspend_data holds ({limit})",
            hint, "build.budget")])
    log.info("%s%s suspend_data: the runtime writes at most %d of %d characters", name,
             " per module" if sco == "per-module" else "", size, limit)
    check_final_save(course, backend, sco, state)
    return size


def check_final_save(course: Course, backend: str, sco: str, state: dict | None = None) -> int:
    """Refuse a package whose final save (what the LMS must receive at page exit) can pass 60 KB.

    The runtime commits answers, results and status while the page is visible; what is new at page
    exit is the state, the bookmark and the times, and they must pass a 64 KiB beacon. In 2004, say
    how much of the record a full pass takes in an LMS that resends it whole at every Commit.
    """
    size = final_save_reserve(course, backend, per_module=sco == "per-module", state=state)
    name = VERSION_NAMES[backend]
    if size > FINAL_SAVE_LIMIT:
        raise CourseError([Diagnostic(
            course.loc,
            f"the final save of the {name} package can reach {size} bytes, "
            f"more than the {FINAL_SAVE_LIMIT} an LMS takes at page exit",
            "build with --sco per-module, draw fewer questions from pools, or split the course", "build.final_save")])
    log.info("%s final save: at most %d of %d bytes (state, status, times; answers are committed before)",
             name, size, FINAL_SAVE_LIMIT)
    if backend == "scorm2004":
        fields = full_pass_fields(course, per_module=sco == "per-module")
        log.info("%s resent record: a full pass takes at most %d of %d fields (Moodle 4.5 resends the whole record "
                 "at every Commit and its PHP reads 5000 fields; answers beyond are not recorded; at page exit it "
                 "goes whole by beacon, refused above 64 KiB, some 50 answers: that session's time is then lost)",
                 name, fields, RESENT_FIELD_LIMIT)
    if backend == "scorm2004" and sco == "per-module":
        log.info("SCORM 2004 per module is not for Moodle (4.5 and earlier): its player records only the first SCO "
                 "opened in each visit; use SCORM 1.2 per module or one SCO there "
                 "(README, \"Which package for Moodle\")")
    return size


SCALAR_FIELDS = 12
"""Status, score, exit, location, times and state fields of that record; scorm.js SCALAR_FIELDS."""


def interaction_fields(question: Question) -> int:
    """Fields one answer takes (id, type, weighting, response, result, latency, objectives, correct
    patterns: every accepted answer of a typed question); scorm.js interactionFields."""
    patterns = 0 if question.type == "scenario" else len(question.answers) if question.type == "fill_in" else 1
    return 6 + len(question.objectives) + patterns


def quiz_fields(quiz: Quiz) -> int:
    """Fields one attempt of a quiz takes at most: its drawn answers at their largest, and its
    objectives' results (an id and two fields each) unless it is the final, whose are not resent."""
    answers = quiz.draw_count * max((interaction_fields(q) for q in quiz.bank), default=0)
    objectives = {o for q in quiz.bank for o in q.objectives} if quiz.module_id else set()
    return answers + 3 * len(objectives)


def full_pass_fields(course: Course, per_module: bool = False) -> int:
    """Fields one pass through the course (every quiz attempted once) leaves in the record of the
    largest SCO, status and state included."""
    quizzes = course.ordered_quizzes()
    sizes = [quiz_fields(quiz) for quiz in quizzes] or [0]
    return SCALAR_FIELDS + (max(sizes) if per_module else sum(sizes))


def schema_files(course: Course, options: BuildOptions, names: tuple[str, ...], edition: str) -> dict[str, bytes]:
    """The XSDs to ship at the package root, of the edition the package declares (`scorm12`,
    `scorm2004-3rd`, `scorm2004-4th`) and with every file they include, if a schemas folder was
    named (`COURSE_SCORM_SCHEMAS`, or `scorm: {schemas: DIR}` relative to the course folder);
    else none (the build says so)."""
    folder = schemas_folder(course, options)
    if folder is None:
        return {}
    home = edition_folder(course, folder, names[0], edition)
    found: dict[str, bytes] = {}
    pending = [name for name in names if (home / name).is_file()]
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found[name] = read_schema(course, home / name, folder)
        pending += [ref for ref in included_files(found[name], name) if (home / ref).is_file()]
    return dict(sorted(found.items()))


def read_schema(course: Course, path: Path, folder: Path) -> bytes:
    """One XSD or DTD of the schemas folder, through the reading gate: a link out of the folder (to
    /etc/hostname) would have shipped the file it points at inside every package."""
    try:
        return read_source(path, folder)
    except Refused as refused:
        raise CourseError([Diagnostic(course.loc, f"SCORM schema file {path}: {refused.message}", refused.hint,
                                      refused.code)]) from None


def schemas_folder(course: Course, options: BuildOptions) -> Path | None:
    """The folder named for the XSDs, or None; a named folder that is not there is an error."""
    if options.schemas_dir:
        folder, where = options.schemas_dir, "COURSE_SCORM_SCHEMAS"
    elif course.scorm.schemas:
        folder, where = (course.root / course.scorm.schemas).resolve(), "scorm: {schemas: ...}"
        # Named by the course's author, the folder is the course's like every file it reads.
        if not folder.is_relative_to(course.root.resolve()):
            raise CourseError([Diagnostic(
                course.loc, f"the SCORM schemas folder {course.scorm.schemas!r} is outside the course folder",
                "copy the XSD files into the course (e.g. course/scorm-schemas) and name that folder",
                "path.outside")])
    else:
        return None
    if not folder.is_dir():
        raise CourseError([Diagnostic(
            course.loc, f"the SCORM schemas folder {folder} (from {where}) does not exist",
            "name a folder holding the XSD files (relative to the course folder), or leave the setting out",
            "build.output")])
    return folder


def edition_folder(course: Course, folder: Path, root_xsd: str, edition: str) -> Path:
    """The folder holding this edition's XSDs: one named after the edition (`scorm2004-4th`), or the
    only folder holding its root XSD; several unnamed editions are an error, never a guess."""
    holders = sorted({match.parent for match in folder.rglob(root_xsd)})
    named = [h for h in holders if h.name == edition]
    if named:
        return named[0]
    if len(holders) == 1:
        return holders[0]
    if not holders:
        return folder
    raise CourseError([Diagnostic(
        course.loc,
        f"the SCORM schemas folder {folder} holds {root_xsd} of several editions, none in a folder named {edition}",
        "put each edition in its own folder named scorm12, scorm2004-3rd or scorm2004-4th", "build.output")])


INCLUDE = re.compile(rb'(?:schemaLocation|SYSTEM)\s*=?\s*"([^":]+?\.(?:xsd|dtd))"', re.IGNORECASE)
"""A relative file an XSD includes or imports (`schemaLocation="common/x.xsd"`), or its DTD: only
schemas, so an XSD naming `index.html` cannot bring a page of its own into the package."""


def included_files(xsd: bytes, name: str) -> list[str]:
    """Package paths of the local files one XSD refers to (outside-world URLs are left alone)."""
    base = Path(name).parent
    refs = []
    for match in INCLUDE.finditer(xsd):
        ref = (base / match.group(1).decode()).as_posix()
        if not ref.startswith("..") and ".." not in Path(ref).parts:
            refs.append(ref)
    return refs


def single_sco_files(course: Course, ctx: BuildContext, backend: str) -> tuple[dict[str, bytes], list[Sco]]:
    """Files and the one SCO of a whole-course package."""
    renderer = PageRenderer(course, ctx, mode="onedoc", backend=backend)
    files = {"index.html": renderer.onedoc_file()}
    # No mastery figure: the course's rule (modules seen and quizzes passed) decides, and the SCO
    # reports it; a score threshold in the manifest would let the LMS pass a learner on the
    # final's score alone.
    sco = Sco("res-course", "item-course", course.title, "index.html", ["index.html"],
              objective_ids=[o.id for o in course.objectives()])
    return files, [sco]


def per_module_files(course: Course, ctx: BuildContext, backend: str,
                     prerequisites: bool) -> tuple[dict[str, bytes], list[Sco]]:
    """Files and SCOs of a package with one SCO per module (and one for the final quiz)."""
    renderer = PageRenderer(course, ctx, mode="sco", backend=backend)
    files: dict[str, bytes] = {}
    scos: list[Sco] = []
    for module in course.modules:
        if prerequisites and scos:
            scos[-1].shared = True
        name = f"{module.slug}.html"
        files[name] = renderer.page_file(module.slug)
        quiz = course.quiz_of(module)
        scos.append(Sco(f"res-{module.id}", f"item-{module.id}", f"{module.number}. {module.title}", name, [name],
                        objective_ids=[o.id for o in module.objectives], mastery=quiz.passing_score if quiz else None,
                        previous=scos[-1].item_identifier if prerequisites and scos else None))
    files["runtime/course-data.js"] = renderer.shared_data_script().encode()
    if course.final_quiz:
        if prerequisites and scos:
            scos[-1].shared = True
        files["final.html"] = renderer.page_file("final")
        previous = scos[-1].item_identifier if prerequisites and scos else None
        scos.append(Sco("res-final", "item-final", course.final_quiz.title, "final.html", ["final.html"],
                        mastery=course.final_quiz.passing_score, previous=previous))
    if course.glossary:
        files["glossary.html"] = PageRenderer(course, ctx, mode="sco", backend="none").page_file("glossary")
    return files, scos


def build_package(course: Course, out_dir: Path, ctx: BuildContext, backend: str,
                  manifest: Callable[[PackagePlan], bytes], schema_names: tuple[str, ...], kind: str) -> list[Path]:
    """Assemble and zip one package (its budget was checked with the sources); return the zip's path."""
    options = ctx.options
    if options.sco == "per-module":
        files, scos = per_module_files(course, ctx, backend, course.scorm.prerequisites)
    else:
        files, scos = single_sco_files(course, ctx, backend)
    for name in RUNTIME:
        files[name] = runtime_file(Path(name).name, course).encode()
    files.update(asset_files(course))
    schemas = schema_files(course, options, schema_names,
                           "scorm12" if backend == "scorm12" else f"scorm2004-{options.scorm2004_edition}")
    # Said where a package is written: `course check` builds none.
    if schemas_folder(course, options) is None and ctx.say_once(SCHEMAS_NOTE):
        log.info(SCHEMAS_NOTE)
    own = {name for sco in scos for name in sco.files}
    plan = PackagePlan(identifier=manifest_identifier(course, kind), scos=scos,
                       shared_files=sorted(n for n in files if n not in own), extra_files=sorted(schemas))
    clash = sorted(set(schemas) & (set(files) | {"imsmanifest.xml"}))
    if clash:  # a schema never stands in for a file of the package (its launch page, its runtime)
        raise CourseError([Diagnostic(course.loc, f"the SCORM schemas folder holds {clash[0]}, a file of the package",
                                      "keep only the XSD and DTD files in the schemas folder", "build.output")])
    files.update(schemas)
    files["imsmanifest.xml"] = manifest(plan)
    bad = [n for n in files if n.lower().endswith(FORBIDDEN_SUFFIXES)]
    assert not bad, f"a package may only hold static files: {bad}"
    # Both SCORM versions' packages share most members: each is deflated once per build.
    deflater = ctx.shared("deflater", lambda: Deflater(ZIP_LEVEL))
    edition = "3rd" if kind == "scorm2004" and options.scorm2004_edition == "3rd" else ""
    return [write_zip(out_dir, package_name(course, kind, edition), files, deflater)]


def preview_files(course: Course, ctx: BuildContext, backend: str) -> dict[str, bytes]:
    """The files of a whole-course package without its manifest (the dev server's LMS preview)."""
    files, _ = single_sco_files(course, ctx, backend)
    for name in RUNTIME:
        files[name] = runtime_file(Path(name).name, course).encode()
    files.update(asset_files(course))
    return files


def manifest_identifier(course: Course, kind: str) -> str:
    """A manifest identifier that is a valid xs:ID and stable across builds of the same version."""
    return re.sub(r"[^A-Za-z0-9_.-]", "-", f"{course.id}-{course.version}-{kind}")

