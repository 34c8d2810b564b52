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

from builder.errors import CourseError, Diagnostic
from builder.model import Course
from builder.runtime_data import SUSPEND_DATA_LIMIT_12, SUSPEND_DATA_LIMIT_2004, worst_case_suspend_size
from builder.targets import BuildOptions
from builder.targets.archive import write_zip
from builder.targets.pages import PageRenderer, asset_files, runtime_file
from builder.targets.scorm_manifest import SCHEMA_FILES_12, PackagePlan, Sco

log = logging.getLogger("course")

RUNTIME = ("runtime/course.css", "runtime/course.js", "runtime/scorm.js")
"""Runtime files every package carries."""

FORBIDDEN_SUFFIXES = (".py", ".pyc", ".sh", ".php", ".exe", ".bat", ".cmd", ".jsp", ".asp", ".aspx", ".pl", ".cgi", ".dll")
"""Files some LMSs (Docebo, for one) refuse inside a package; the build never writes them."""

SCHEMA_FILES_2004 = (
    "imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd", "adlnav_v1p3.xsd", "imsss_v1p0.xsd",
    "imsss_v1p0auxresource.xsd", "imsss_v1p0control.xsd", "imsss_v1p0delivery.xsd", "imsss_v1p0limit.xsd",
    "imsss_v1p0objective.xsd", "imsss_v1p0random.xsd", "imsss_v1p0rollup.xsd", "imsss_v1p0seqrule.xsd",
    "imsss_v1p0util.xsd", "xml.xsd", "lom.xsd", "lomCustom.xsd", "lomLoose.xsd", "lomStrict.xsd",
)
"""Controlling documents of a 2004 package, as named by ADL's packages (those present are shipped)."""

_schemas_note_given = False


def package_name(course: Course, kind: str) -> str:
    """`<course-id>-<version>-scorm12.zip`."""
    return f"{course.id}-{course.version}-{kind}.zip"


SUSPEND_DATA_LIMITS = {"scorm12": SUSPEND_DATA_LIMIT_12, "scorm2004": SUSPEND_DATA_LIMIT_2004}
VERSION_NAMES = {"scorm12": "SCORM 1.2", "scorm2004": "SCORM 2004"}


def check_budget(course: Course, backend: str, sco: str = "single") -> int:
    """Refuse a course whose largest learner state would not fit the version's suspend_data.

    With one SCO per module each SCO has its own suspend_data, so the budget is per module.
    """
    limit = SUSPEND_DATA_LIMITS[backend]
    size = worst_case_suspend_size(course, limit, per_module=sco == "per-module")
    name = VERSION_NAMES[backend]
    if size > limit:
        fixes = ["build with --sco per-module (each module keeps its own state)", "draw fewer questions from pools", "split the course"]
        fixes += ["build SCORM 2004 only"] if backend == "scorm12" else []
        hint = ", ".join(fixes[:-1]) + ", or " + fixes[-1]
        raise CourseError([Diagnostic(
            course.loc, f"the learner state can reach {size} characters, more than {name}'s suspend_data holds ({limit})", hint, "build.budget")])
    log.info("%s suspend_data: the learner state needs at most %d of %d characters", name, size, limit)
    return size


def schema_files(course: Course, options: BuildOptions, names: tuple[str, ...]) -> dict[str, bytes]:
    """The XSDs to ship at the package root, if a schemas folder was named (else say once that they are left out)."""
    global _schemas_note_given
    folder = options.schemas_dir or (Path(str(course.scorm["schemas"])) if course.scorm.get("schemas") else None)
    if folder is None:
        if not _schemas_note_given:
            log.info("SCORM packages built without the XSD files; set COURSE_SCORM_SCHEMAS to a folder holding them to ship them")
            _schemas_note_given = True
        return {}
    found = {}
    for name in names:
        matches = sorted(folder.rglob(name))
        if matches:
            found[name] = matches[0].read_bytes()
    return found


def single_sco_files(course: Course, backend: str) -> tuple[dict[str, bytes], list[Sco]]:
    """Files and the one SCO of a whole-course package."""
    renderer = PageRenderer(course, mode="onedoc", backend=backend)
    files = {"index.html": renderer.render_onedoc().encode()}
    mastery = course.final_quiz.passing_score if course.final_quiz else (course.passing_score if course.completion.quizzes_passed else None)
    sco = Sco("res-course", "item-course", course.title, "index.html", ["index.html"],
              objective_ids=[o.id for o in course.objectives()], mastery=mastery)
    return files, [sco]


def per_module_files(course: Course, backend: str, prerequisites: bool) -> tuple[dict[str, bytes], list[Sco]]:
    """Files and SCOs of a package with one SCO per module (and one for the final quiz)."""
    renderer = PageRenderer(course, mode="sco", backend=backend)
    files: dict[str, bytes] = {}
    scos: list[Sco] = []
    for module in course.modules:
        name = f"{module.slug}.html"
        files[name] = renderer.render_page(module.slug).encode()
        quiz = course.quiz_of(module)
        scos.append(Sco(f"res-{module.id}", f"item-{module.id}", f"{module.number}. {module.title}", name, [name],
                        objective_ids=[o.id for o in module.objectives], mastery=quiz.passing_score if quiz else None,
                        previous=scos[-1].item_identifier if prerequisites and scos else None))
    files["runtime/course-data.js"] = renderer.shared_data_script().encode()
    if course.final_quiz:
        files["final.html"] = renderer.render_page("final").encode()
        scos.append(Sco("res-final", "item-final", course.final_quiz.title, "final.html", ["final.html"],
                        mastery=course.final_quiz.passing_score, previous=scos[-1].item_identifier if prerequisites and scos else None))
    if course.glossary:
        files["glossary.html"] = PageRenderer(course, mode="sco", backend="none").render_page("glossary").encode()
    return files, scos


def build_package(course: Course, out_dir: Path, options: BuildOptions, backend: str,
                  manifest: Callable[[PackagePlan], bytes], schema_names: tuple[str, ...], kind: str) -> list[Path]:
    """Assemble and zip one package; return the zip's path."""
    check_budget(course, backend, options.sco)
    if options.sco == "per-module":
        files, scos = per_module_files(course, backend, bool(course.scorm.get("prerequisites")))
    else:
        files, scos = single_sco_files(course, backend)
    for name in RUNTIME:
        files[name] = runtime_file(Path(name).name).encode()
    files.update(asset_files(course))
    schemas = schema_files(course, options, schema_names)
    own = {name for sco in scos for name in sco.files}
    plan = PackagePlan(identifier=manifest_identifier(course, kind), scos=scos,
                       shared_files=sorted(n for n in files if n not in own), extra_files=sorted(schemas))
    files.update(schemas)
    files["imsmanifest.xml"] = manifest(plan)
    bad = [n for n in files if n.lower().endswith(FORBIDDEN_SUFFIXES)]
    assert not bad, f"a package may only hold static files: {bad}"
    return [write_zip(out_dir, package_name(course, kind), files)]


def preview_files(course: Course, backend: str) -> dict[str, bytes]:
    """The files of a whole-course package without its manifest (the dev server's LMS preview)."""
    files, _ = single_sco_files(course, backend)
    for name in RUNTIME:
        files[name] = runtime_file(Path(name).name).encode()
    files.update(asset_files(course))
    return files


def manifest_identifier(course: Course, kind: str) -> str:
    """A manifest identifier that is a valid xs:ID and stable across builds of the same version."""
    return re.sub(r"[^A-Za-z0-9_.-]", "-", f"{course.id}-{course.version}-{kind}")

