"""imsmanifest.xml for SCORM 1.2 and SCORM 2004 (3rd and 4th edition), built with lxml.

The manifests follow the XSDs ADL publishes (tests validate them against `../shared/scorm-schemas`):
element order matters there, so every builder appends children in the order the schema lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import quote

from lxml import etree

from builder.model import Course

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

NS12 = {
    None: "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
    "xsi": XSI,
}
SCHEMA_LOCATION_12 = (
    "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
    "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"
)
SCHEMA_FILES_12 = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd")
"""The controlling documents a 1.2 package may carry at its root."""

NS2004 = {
    None: "http://www.imsglobal.org/xsd/imscp_v1p1",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
    "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
    "lom": "http://ltsc.ieee.org/xsd/LOM",
    "xsi": XSI,
}
SCHEMA_LOCATION_2004 = (
    "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd "
    "http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd "
    "http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd "
    "http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd "
    "http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd "
    "http://ltsc.ieee.org/xsd/LOM lom.xsd"
)


@dataclass
class Sco:
    """One launchable unit of a package: an item of the organization and its resource."""

    identifier: str
    """Resource identifier (`res-communication`)."""
    item_identifier: str
    """Item identifier (`item-communication`)."""
    title: str
    """Title shown in the LMS's table of contents."""
    href: str
    """Launch file, relative to the package root."""
    files: list[str]
    """Files only this SCO uses."""
    objective_ids: list[str] = field(default_factory=list)
    """Learning objectives the SCO reports on (2004 `imsss:objective`)."""
    mastery: int | None = None
    """Passing percent, or None when the SCO has no quiz (2004 `minNormalizedMeasure` only: a 1.2
    `masteryscore` would let the LMS pass a learner on the score alone, whatever the course's rule)."""
    previous: str | None = None
    """Item identifier of the SCO whose quiz must be passed first (per-module prerequisites)."""
    shared: bool = False
    """Whether a later SCO reads this one's satisfaction (prerequisites): only then a global objective."""


@dataclass
class PackagePlan:
    """Everything a manifest lists."""

    identifier: str
    """Manifest identifier."""
    scos: list[Sco]
    """Launchable units in table-of-contents order."""
    shared_files: list[str]
    """Files every SCO uses (runtime, assets): one shared `asset` resource."""
    extra_files: list[str] = field(default_factory=list)
    """Files listed nowhere else (the XSDs shipped at the root)."""


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """Append a child element with optional text and attributes (attribute order as given)."""
    element = etree.SubElement(parent, tag)
    for key, value in attrs.items():
        element.set(key, value)
    if text is not None:
        element.text = text
    return element


def serialise(root: etree._Element) -> bytes:
    """Pretty, UTF-8, with an XML declaration."""
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# ---- SCORM 1.2 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dialect:
    """What differs between the manifests of SCORM 1.2 and 2004 around their shared skeleton."""

    ns: dict
    """The namespace map (the default namespace is IMS Content Packaging's)."""
    schema_location: str
    """`xsi:schemaLocation` of the root."""
    schema_version: str
    """`<schemaversion>`: `1.2`, `2004 4th Edition`."""
    lom_tag: str
    """The metadata element the version's LOM goes into."""
    lom: Callable[[etree._Element, Course], None]
    """Writes the course's metadata."""
    scorm_type: str
    """The `adlcp` attribute naming a resource's SCORM type (`scormtype` in 1.2, `scormType` in 2004)."""
    href_first: bool
    """Whether a SCO resource's `href` comes before its SCORM type (1.2) or after it (2004)."""
    sequencing: bool = False
    """SCORM 2004 sequencing: per item, and the organisation's control mode."""


def manifest(course: Course, plan: PackagePlan, dialect: Dialect) -> bytes:
    """imsmanifest.xml: metadata, one organisation listing the SCOs, their resources and the shared one."""
    cp = dialect.ns[None]
    root = etree.Element(f"{{{cp}}}manifest", nsmap=dialect.ns)
    root.set("identifier", plan.identifier)
    root.set("version", course.version)
    root.set(f"{{{XSI}}}schemaLocation", dialect.schema_location)
    metadata = sub(root, f"{{{cp}}}metadata")
    sub(metadata, f"{{{cp}}}schema", "ADL SCORM")
    sub(metadata, f"{{{cp}}}schemaversion", dialect.schema_version)
    dialect.lom(sub(metadata, dialect.lom_tag), course)
    organization(sub(root, f"{{{cp}}}organizations", default="org"), course, plan, dialect)
    resources(sub(root, f"{{{cp}}}resources"), plan, dialect)
    return serialise(root)


def organization(organizations: etree._Element, course: Course, plan: PackagePlan, dialect: Dialect) -> None:
    """The one organisation: an item per SCO, in table-of-contents order."""
    cp = dialect.ns[None]
    element = sub(organizations, f"{{{cp}}}organization", identifier="org")
    if dialect.sequencing:
        element.set(f"{{{NS2004['adlseq']}}}objectivesGlobalToSystem", "false")
    sub(element, f"{{{cp}}}title", course.title)
    for sco in plan.scos:
        item = sub(element, f"{{{cp}}}item", identifier=sco.item_identifier, identifierref=sco.identifier,
                   isvisible="true")
        sub(item, f"{{{cp}}}title", sco.title)
        if dialect.sequencing:
            item_sequencing(item, sco, plan.identifier)
    if dialect.sequencing:
        imsss = NS2004["imsss"]
        sub(sub(element, f"{{{imsss}}}sequencing"), f"{{{imsss}}}controlMode", choice="true", flow="true")


def resources(element: etree._Element, plan: PackagePlan, dialect: Dialect) -> None:
    """A resource per SCO (its own files, depending on the shared one), then the shared asset resource."""
    cp, scorm_type = dialect.ns[None], f"{{{dialect.ns['adlcp']}}}{dialect.scorm_type}"
    for sco in plan.scos:
        resource = sub(element, f"{{{cp}}}resource", identifier=sco.identifier, type="webcontent")
        for name, value in [("href", sco.href), (scorm_type, "sco")][:: 1 if dialect.href_first else -1]:
            resource.set(name, value)
        for name in sco.files:  # a file's href is a URL: `assets/схема 1.png` as `assets/%D1%81…%201.png`
            sub(resource, f"{{{cp}}}file", href=quote(name))
        sub(resource, f"{{{cp}}}dependency", identifierref="res-shared")
    shared = shared_resource(element, plan)
    shared.set(scorm_type, "asset")
    for name in plan.shared_files + plan.extra_files:
        sub(shared, f"{{{cp}}}file", href=quote(name))


def manifest_12(course: Course, plan: PackagePlan) -> bytes:
    """imsmanifest.xml of a SCORM 1.2 package."""
    return manifest(course, plan, dialect_12())


def shared_resource(resources: etree._Element, plan: PackagePlan) -> etree._Element:
    """The asset resource of the files every SCO uses, with an `href` (valid SCORM without one, but
    some LMS importers refuse a resource that has none): the runtime script every page loads."""
    cp = resources.nsmap[None]
    return sub(resources, f"{{{cp}}}resource", identifier="res-shared", type="webcontent", href=SHARED_HREF)


SHARED_HREF = "runtime/course.js"
"""The `href` of the shared resource (a file it lists)."""


def langstring_12(parent: etree._Element, tag: str, text: str, language: str) -> None:
    """`<imsmd:TAG><imsmd:langstring xml:lang="ru">text</imsmd:langstring></imsmd:TAG>`."""
    imsmd = NS12["imsmd"]
    wrapper = sub(parent, f"{{{imsmd}}}{tag}")
    sub(wrapper, f"{{{imsmd}}}langstring", text).set(XML_LANG, language)


def lom_12(lom: etree._Element, course: Course) -> None:
    """IMS Metadata 1.2.1: title, language, description, keywords, version, rights."""
    imsmd, lang = NS12["imsmd"], course.language
    general = sub(lom, f"{{{imsmd}}}general")
    langstring_12(general, "title", course.title, lang)
    sub(general, f"{{{imsmd}}}language", lang)
    langstring_12(general, "description", describe(course), lang)
    for keyword in course.keywords:
        langstring_12(general, "keyword", keyword, lang)
    lifecycle = sub(lom, f"{{{imsmd}}}lifecycle")
    langstring_12(lifecycle, "version", course.version, "x-none")
    if course.licence:
        rights = sub(lom, f"{{{imsmd}}}rights")
        copyright_ = sub(rights, f"{{{imsmd}}}copyrightandotherrestrictions")
        langstring_12(copyright_, "source", "LOMv1.0", "x-none")
        langstring_12(copyright_, "value", "yes", "x-none")
        langstring_12(rights, "description", course.licence, lang)


def dialect_12() -> Dialect:
    """SCORM 1.2: IMS Metadata, `adlcp:scormtype`, no sequencing."""
    return Dialect(NS12, SCHEMA_LOCATION_12, "1.2", f"{{{NS12['imsmd']}}}lom", lom_12, "scormtype", href_first=True)


def describe(course: Course) -> str:
    """The description with the governance data an LMS administrator wants to see."""
    text = course.description.strip() or course.title
    if course.organisation:
        text += f" | Issued by: {course.organisation}"
    governance = course.governance
    if governance:
        text += f" | Owner: {governance.owner}; {review_state(course)}; review by: {governance.review_by.isoformat()}"
    return text


def review_state(course: Course) -> str:
    """`last review: 2027-01-15 (2 of 12 modules)`, or `not yet reviewed`: never a date without a recorded review."""
    if not course.last_review:
        return "not yet reviewed"
    reviewed = f"{len(course.reviewed_modules())} of {len(course.modules)} modules"
    return f"last review: {course.last_review.isoformat()} ({reviewed})"


# ---- SCORM 2004 ------------------------------------------------------------------------------


def manifest_2004(course: Course, plan: PackagePlan, edition: str) -> bytes:
    """imsmanifest.xml of a SCORM 2004 package (`edition` is `3rd` or `4th`)."""
    return manifest(course, plan, Dialect(
        NS2004, SCHEMA_LOCATION_2004, f"2004 {edition} Edition", f"{{{NS2004['lom']}}}lom", lom_2004, "scormType",
        href_first=False, sequencing=True))


def item_sequencing(item: etree._Element, sco: Sco, manifest_id: str) -> None:
    """Mastery through the primary objective, one objective per learning objective, prerequisites."""
    imsss = NS2004["imsss"]
    sequencing = sub(item, f"{{{imsss}}}sequencing")
    if sco.previous:
        # "This module needs the previous one passed": the previous SCO writes its satisfaction to
        # a global objective; this one reads it into a local objective and is disabled while that
        # is unknown (never attempted: "not satisfied" alone is unknown then, and never fires) or
        # not satisfied.
        rules = sub(sequencing, f"{{{imsss}}}sequencingRules")
        rule = sub(rules, f"{{{imsss}}}preConditionRule")
        conditions = sub(rule, f"{{{imsss}}}ruleConditions", conditionCombination="any")
        sub(conditions, f"{{{imsss}}}ruleCondition", referencedObjective="previous-module", operator="not",
            condition="objectiveStatusKnown")
        sub(conditions, f"{{{imsss}}}ruleCondition", referencedObjective="previous-module", operator="not",
            condition="satisfied")
        sub(rule, f"{{{imsss}}}ruleAction", action="disabled")
    objectives = sub(sequencing, f"{{{imsss}}}objectives")
    primary = sub(objectives, f"{{{imsss}}}primaryObjective", objectiveID=f"{sco.item_identifier}-passed")
    if sco.mastery is not None:
        primary.set("satisfiedByMeasure", "true")
        sub(primary, f"{{{imsss}}}minNormalizedMeasure", f"{sco.mastery / 100:.2f}")
    if sco.shared:
        # Only where another SCO reads it (prerequisites): Moodle 4.5 cannot even import a manifest
        # with mapInfo (a PHP 8 crash in scorm_get_manifest), and other LMSs' objective stores
        # trip on a global write nobody needs.
        sub(primary, f"{{{imsss}}}mapInfo", targetObjectiveID=f"{manifest_id}.{sco.item_identifier}",
            readSatisfiedStatus="false", writeSatisfiedStatus="true")
    for objective_id in sco.objective_ids:
        sub(objectives, f"{{{imsss}}}objective", objectiveID=objective_id)
    if sco.previous:
        previous = sub(objectives, f"{{{imsss}}}objective", objectiveID="previous-module")
        sub(previous, f"{{{imsss}}}mapInfo", targetObjectiveID=f"{manifest_id}.{sco.previous}",
            readSatisfiedStatus="true", writeSatisfiedStatus="false")
    sub(sequencing, f"{{{imsss}}}deliveryControls", completionSetByContent="true", objectiveSetByContent="true")


def langstring_2004(parent: etree._Element, tag: str, text: str, language: str | None) -> None:
    """`<lom:TAG><lom:string language="ru">text</lom:string></lom:TAG>`."""
    lom = NS2004["lom"]
    wrapper = sub(parent, f"{{{lom}}}{tag}")
    string = sub(wrapper, f"{{{lom}}}string", text)
    if language:
        string.set("language", language)


def vocabulary(parent: etree._Element, tag: str, value: str) -> None:
    """A LOMv1.0 vocabulary element."""
    lom = NS2004["lom"]
    wrapper = sub(parent, f"{{{lom}}}{tag}")
    sub(wrapper, f"{{{lom}}}source", "LOMv1.0")
    sub(wrapper, f"{{{lom}}}value", value)


def contribute(lifecycle: etree._Element, role: str, name: str, date: str | None = None) -> None:
    """A lifeCycle contribution: role, a vCard entity, an optional date."""
    lom = NS2004["lom"]
    element = sub(lifecycle, f"{{{lom}}}contribute")
    vocabulary(element, "role", role)
    sub(element, f"{{{lom}}}entity", f"BEGIN:VCARD\nVERSION:2.1\nFN:{name}\nEND:VCARD")
    if date:
        date_element = sub(element, f"{{{lom}}}date")
        sub(date_element, f"{{{lom}}}dateTime", date)


def lom_2004(lom: etree._Element, course: Course) -> None:
    """IEEE LOM: title, language, description, keywords, version, contributors, rights, review dates."""
    ns, lang = NS2004["lom"], course.language
    general = sub(lom, f"{{{ns}}}general")
    identifier = sub(general, f"{{{ns}}}identifier")
    sub(identifier, f"{{{ns}}}catalog", "course")
    sub(identifier, f"{{{ns}}}entry", f"{course.id}-{course.version}")
    langstring_2004(general, "title", course.title, lang)
    sub(general, f"{{{ns}}}language", lang)
    langstring_2004(general, "description", describe(course), lang)
    for keyword in course.keywords:
        langstring_2004(general, "keyword", keyword, lang)
    lifecycle = sub(lom, f"{{{ns}}}lifeCycle")
    langstring_2004(lifecycle, "version", course.version, None)
    # Final once all that reviewers sign is signed off in each required role (modules, glossary, the final's own
    # questions: Course.is_signed_off): one signed module of twelve is a draft.
    vocabulary(lifecycle, "status", "final" if course.is_signed_off() or not course.governance else "draft")
    for author in course.authors:
        contribute(lifecycle, "author", author.name)
    if course.governance:
        contribute(lifecycle, "publisher", course.governance.owner)
    for review in course.signed_reviews:
        contribute(lifecycle, "validator", f"{review.reviewer} ({review.role})", review.date.isoformat())
    technical = sub(lom, f"{{{ns}}}technical")
    sub(technical, f"{{{ns}}}format", "text/html")
    if course.duration_minutes:
        educational = sub(lom, f"{{{ns}}}educational")
        duration = sub(educational, f"{{{ns}}}typicalLearningTime")
        sub(duration, f"{{{ns}}}duration", f"PT{course.duration_minutes // 60}H{course.duration_minutes % 60}M")
        sub(educational, f"{{{ns}}}language", lang)
    if course.licence:
        rights = sub(lom, f"{{{ns}}}rights")
        vocabulary(rights, "copyrightAndOtherRestrictions", "yes")
        langstring_2004(rights, "description", course.licence, lang)
    if course.governance:
        annotation = sub(lom, f"{{{ns}}}annotation")
        latest = max(course.signed_reviews, key=lambda r: r.date, default=None)
        if latest:
            sub(annotation, f"{{{ns}}}entity", f"BEGIN:VCARD\nVERSION:2.1\nFN:{latest.reviewer}\nEND:VCARD")
            date = sub(annotation, f"{{{ns}}}date")
            sub(date, f"{{{ns}}}dateTime", latest.date.isoformat())
        langstring_2004(annotation, "description",
                        f"Content {review_state(course)}; review due by {course.governance.review_by.isoformat()}",
                        "en")
