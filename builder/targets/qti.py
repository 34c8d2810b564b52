"""The question bank as an IMS QTI 2.1 item package (`--format qti`): `<course-id>-<version>-qti.zip`.

For Canvas, Blackboard, ILIAS, Inspera and other QTI 2.1 importers: `imsmanifest.xml` lists one
`assessmentItem` file per question (`items/<id>.xml`) and the images they show (`assets/...`). Scores
are 0..1 (SCORE); grading uses the standard response-processing templates: `match_correct` where the
course grades all-or-nothing (single, true/false, matching, ordering, multiple without partial credit,
numbers without tolerance), `map_response` where it adds up parts (multiple with partial credit:
1/right per right option, as much off per wrong one, never below 0; every accepted spelling of a
short answer), and a rule of its own for a number with a tolerance. Feedback is `modalFeedback`, shown
as the course's pages show it: a chosen option's own feedback, the right or wrong feedback (the wrong
one for a partly right answer too) and the explanation with its sources. The templates set no
feedback outcome, so an item with feedback writes their rules out in its own `responseProcessing`
and sets its feedback outcomes after them. Rules use the plainest operators that say it (checked
with a QTI 3 engine, Cito's qti-components, through its QTI 2.1 converter). QTI items have no
categories, so each item's `label` names its quiz.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from builder.context import BuildContext
from builder.errors import Diagnostics
from builder.i18n import translator
from builder.model import Course, Markdown, Question
from builder.targets.archive import write_zip
from builder.targets.moodle_xml import number_text
from builder.targets.qbank import (
    Bank,
    Notes,
    asset_file,
    bank_categories,
    check_expressible,
    choice_shares,
    fill_in_variants,
    left_out,
)
from builder.targets.qti_xhtml import QTI, Xhtml, q
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"

CHOSEN, VERDICT, EXPLAINED_OUTCOME = "FEEDBACK", "FEEDBACK_VERDICT", "FEEDBACK_EXPLANATION"
"""The outcome of each kind of feedback: the chosen options' (RESPONSE itself, of its
cardinality), right or wrong, and the explanation shown whatever the answer. One outcome each, each
set by a plain rule: a `multiple` that joins RESPONSE's values with others is what QTI defines, but a
QTI 3 engine in use (Cito's qti-components 7.27) folded them into one «oa,ob» and showed no option's
feedback of a multiple choice (checked with it on every item of the bundled bank)."""
RIGHT, WRONG, EXPLAINED = "RIGHT", "WRONG", "EXPLANATION"
"""The values of FEEDBACK_VERDICT and FEEDBACK_EXPLANATION that show their feedback."""


def check(course: Course, ctx: BuildContext, diags: Diagnostics) -> None:
    """Every question must be one a QTI item can grade as the course does."""
    check_expressible(course, diags)


def build(course: Course, out_dir: Path, ctx: BuildContext) -> list[Path]:
    """Write the QTI 2.1 item package into `out_dir`."""
    notes = Notes("qti")
    bank = Bank(course, ctx)
    files: dict[str, bytes] = {}
    resources = []
    for category in bank_categories(course):
        for question in category.questions:
            reason = left_out(question, ITEMS)
            if reason:
                notes.add(reason, question)
                continue
            content = Xhtml(bank)
            item = assessment_item(question, content, category.quiz.title, category.quiz.shuffle)
            add_feedback(item, question, content)
            name = f"items/{question.id}.xml"
            files[name] = etree.tostring(item, xml_declaration=True, encoding="UTF-8", pretty_print=True)
            images = content.images
            files.update({src: asset_file(course, src).read_bytes() for src in images})
            resources.append((question.id, name, images))
    files["imsmanifest.xml"] = manifest(course, resources)
    path = write_zip(out_dir, f"{course.id}-{course.version}-qti.zip", files)
    notes.report()
    return [path]


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """Append a QTI element with optional text."""
    element = etree.SubElement(parent, q(tag), **attrs)
    if text is not None:
        element.text = text
    return element


def assessment_item(question: Question, content: Xhtml, label: str, shuffle: bool) -> etree._Element:
    """One `assessmentItem`: declarations, the body with its interaction, response processing."""
    item = etree.Element(q("assessmentItem"), nsmap={None: QTI, "xsi": XSI})
    item.set(f"{{{XSI}}}schemaLocation", f"{QTI} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd")
    item.set("identifier", question.id)
    item.set("title", content.bank.plain(question.prompt)[:200] or question.id)
    item.set("label", label)
    item.set(XML_LANG, content.bank.course.language)
    item.set("adaptive", "false")
    item.set("timeDependent", "false")
    ITEMS[question.type](item, question, content, shuffle)
    return item


def response(item: etree._Element, cardinality: str, base_type: str, correct: list[str]) -> etree._Element:
    """The RESPONSE declaration with its correct response, and the SCORE outcome."""
    declaration = sub(item, "responseDeclaration", identifier="RESPONSE", cardinality=cardinality, baseType=base_type)
    right = sub(declaration, "correctResponse")
    for value in correct:
        sub(right, "value", value)
    outcome = sub(item, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    sub(sub(outcome, "defaultValue"), "value", "0")
    return declaration


def mapping(declaration: etree._Element, entries: list[tuple[str, Fraction]], case_sensitive: bool | None = None,
            upper: str | None = None) -> None:
    """`<mapping>` for map_response: a value per key, the sum kept at 0 or above."""
    attrs = {"defaultValue": "0", "lowerBound": "0"}
    if upper:
        attrs["upperBound"] = upper
    element = sub(declaration, "mapping", **attrs)
    for key, value in entries:
        entry = sub(element, "mapEntry", mapKey=key, mappedValue=number_text(float(value)))
        if case_sensitive is not None:
            entry.set("caseSensitive", "true" if case_sensitive else "false")


def body(item: etree._Element, question: Question, content: Xhtml) -> etree._Element:
    """`<itemBody>` with the prompt, after its content note if it has one (the course's pages show it first too)."""
    element = sub(item, "itemBody")
    prompt = etree.SubElement(element, q("div"))
    if question.content_warning:
        t, _ = translator(content.bank.course.language)
        content.note(prompt, t("content_warning"), question.content_warning)
    content.write_into(prompt, question.prompt)
    return element


def template(item: etree._Element, name: str) -> None:
    """`<responseProcessing template=".../name"/>`."""
    sub(item, "responseProcessing", template=TEMPLATES + name)


def set_score(parent: etree._Element, value: str) -> None:
    """`<setOutcomeValue identifier="SCORE">` to a number."""
    sub(sub(parent, "setOutcomeValue", identifier="SCORE"), "baseValue", value, baseType="float")


def match_correct_rules(processing: etree._Element) -> None:
    """The rules of the `match_correct` template: 1 for the correct response, else 0."""
    condition = sub(processing, "responseCondition")
    branch = sub(condition, "responseIf")
    match = sub(branch, "match")
    sub(match, "variable", identifier="RESPONSE")
    sub(match, "correct", identifier="RESPONSE")
    set_score(branch, "1")
    set_score(sub(condition, "responseElse"), "0")


def map_response_rules(processing: etree._Element) -> None:
    """The rules of the `map_response` template: 0 for no response, else the response's mapped sum."""
    condition = sub(processing, "responseCondition")
    branch = sub(condition, "responseIf")
    sub(sub(branch, "isNull"), "variable", identifier="RESPONSE")
    set_score(branch, "0")
    mapped = sub(sub(condition, "responseElse"), "setOutcomeValue", identifier="SCORE")
    sub(mapped, "mapResponse", identifier="RESPONSE")


TEMPLATE_RULES = {"match_correct": match_correct_rules, "map_response": map_response_rules}
"""The standard templates' rules, for an item that adds its own after them (a template is all or nothing)."""


def add_feedback(item: etree._Element, question: Question, content: Xhtml) -> None:
    """The question's feedback as `modalFeedback`, each kind with an outcome of its own and the rule
    that sets it after the score (see CHOSEN, VERDICT, EXPLAINED_OUTCOME)."""
    shown = feedback_elements(question, content)
    if not shown:
        return
    processing = item.find(q("responseProcessing"))
    template = processing.attrib.pop("template", None)
    if template:
        TEMPLATE_RULES[template.removeprefix(TEMPLATES)](processing)
    outcomes = list(dict.fromkeys(element.get("outcomeIdentifier") for element in shown))
    score = item.find(q("outcomeDeclaration"))
    chosen_cardinality = item.find(q("responseDeclaration")).get("cardinality")
    for outcome in reversed(outcomes):  # each added right after SCORE's: in the end, in their order
        cardinality = chosen_cardinality if outcome == CHOSEN else "single"
        score.addnext(etree.Element(q("outcomeDeclaration"), identifier=outcome, cardinality=cardinality,
                                    baseType="identifier"))
    if CHOSEN in outcomes:  # the options chosen, as they are: no `multiple` to fold them into
        sub(sub(processing, "setOutcomeValue", identifier=CHOSEN), "variable", identifier="RESPONSE")
    if VERDICT in outcomes:
        condition = sub(processing, "responseCondition")
        branch = sub(condition, "responseIf")
        full_marks = sub(branch, "gte")  # SCORE is 1, give or take a float's rounding (thirds add up to 0.999…)
        sub(full_marks, "variable", identifier="SCORE")
        sub(full_marks, "baseValue", "0.999999", baseType="float")
        sub(sub(branch, "setOutcomeValue", identifier=VERDICT), "baseValue", RIGHT, baseType="identifier")
        otherwise = sub(sub(condition, "responseElse"), "setOutcomeValue", identifier=VERDICT)
        sub(otherwise, "baseValue", WRONG, baseType="identifier")
    if EXPLAINED_OUTCOME in outcomes:
        sub(sub(processing, "setOutcomeValue", identifier=EXPLAINED_OUTCOME), "baseValue", EXPLAINED,
            baseType="identifier")
    item.extend(shown)


def feedback_elements(question: Question, content: Xhtml) -> list[etree._Element]:
    """`modalFeedback` in the order the course's pages show them: chosen options', right or wrong, explanation."""
    t, _ = translator(content.bank.course.language)
    shown = []
    for option in getattr(question, "options", ()):  # only choice kinds have options
        if option.feedback:
            # of several options chosen, each feedback is titled with its option, as on the pages
            title = content.bank.plain(option.text)[:256] if question.type == "multiple" else None
            shown.append(modal_feedback(content, CHOSEN, f"o{option.id}", option.feedback, title))
    if question.feedback_correct:
        shown.append(modal_feedback(content, VERDICT, RIGHT, question.feedback_correct))
    if question.feedback_incorrect:
        shown.append(modal_feedback(content, VERDICT, WRONG, question.feedback_incorrect))
    sources = content.bank.sources_of(question)
    if question.explanation or sources:
        explained = modal_feedback(content, EXPLAINED_OUTCOME, EXPLAINED, question.explanation, t("explanation"))
        if sources:
            content.listed(explained, t("handout_sources"), sources)
        shown.append(explained)
    return shown


def modal_feedback(content: Xhtml, outcome: str, identifier: str, text: Markdown | None,
                   title: str | None = None) -> etree._Element:
    """One `modalFeedback`, shown when outcome `outcome` holds `identifier`."""
    element = content.element("modalFeedback", text, outcomeIdentifier=outcome, showHide="show", identifier=identifier)
    if title:
        element.set("title", title)
    return element


def choices(parent: etree._Element, content: Xhtml, tag: str, entries: list, **attrs: str) -> None:
    """One choice element per (identifier, text)."""
    for identifier, text in entries:
        parent.append(content.element(tag, text, identifier=identifier, **attrs))


def choice_item(item: etree._Element, question: Question, content: Xhtml, shuffle: bool) -> None:
    """single / multiple → choiceInteraction; partial credit through map_response."""
    single = question.type == "single"
    ids = [f"o{option.id}" for option in question.options]
    declaration = response(item, "single" if single else "multiple", "identifier",
                           [i for i, o in zip(ids, question.options) if o.correct])
    partial = not single and question.partial_credit
    if partial:
        right, wrong = choice_shares(question)
        mapping(declaration, [(i, right if o.correct else wrong) for i, o in zip(ids, question.options)], upper="1")
    interaction = sub(body(item, question, content), "choiceInteraction", responseIdentifier="RESPONSE",
                      shuffle=str(shuffle).lower(), maxChoices="1" if single else "0")
    choices(interaction, content, "simpleChoice", list(zip(ids, (o.text for o in question.options))))
    template(item, "map_response" if partial else "match_correct")


def true_false_item(item: etree._Element, question: Question, content: Xhtml, shuffle: bool) -> None:
    """true_false → a choiceInteraction of two choices, in the course's words."""
    t, _ = translator(item.get(XML_LANG))
    response(item, "single", "identifier", ["true" if question.answer else "false"])
    interaction = sub(body(item, question, content), "choiceInteraction", responseIdentifier="RESPONSE",
                      shuffle="false", maxChoices="1")
    choices(interaction, content, "simpleChoice", [("true", t("true")), ("false", t("false"))])
    template(item, "match_correct")


def fill_in_item(item: etree._Element, question: Question, content: Xhtml, shuffle: bool) -> None:
    """fill_in → textEntryInteraction; every accepted spelling maps to 1."""
    variants = fill_in_variants(question)
    declaration = response(item, "single", "string", variants[:1])
    mapping(declaration, [(v, Fraction(1)) for v in variants], case_sensitive=question.case_sensitive, upper="1")
    blank = sub(body(item, question, content), "p")
    sub(blank, "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength=str(max(len(v) for v in variants)))
    template(item, "map_response")


def numeric_item(item: etree._Element, question: Question, content: Xhtml, shuffle: bool) -> None:
    """numeric → textEntryInteraction of a float; a tolerance needs a rule of its own."""
    response(item, "single", "float", [number_text(float(question.answer))])
    blank = sub(body(item, question, content), "p")
    entry = sub(blank, "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength="8")
    if question.unit:
        entry.tail = f" {question.unit}"
    if not question.tolerance:
        template(item, "match_correct")
        return
    # Within answer ± tolerance as two comparisons, not `equal toleranceMode="absolute"`, which the QTI 3
    # engine checked with does not apply (it compared exactly); the margin is the course's own (1e-9).
    processing = sub(item, "responseProcessing")
    condition = sub(processing, "responseCondition")
    branch = sub(condition, "responseIf")
    within = sub(branch, "and")
    answer, margin = float(question.answer), question.tolerance + 1e-9
    for operator, bound in (("gte", answer - margin), ("lte", answer + margin)):
        comparison = sub(within, operator)
        sub(comparison, "variable", identifier="RESPONSE")
        sub(comparison, "baseValue", number_text(bound), baseType="float")
    set_score(branch, "1")
    set_score(sub(condition, "responseElse"), "0")


def matching_item(item: etree._Element, question: Question, content: Xhtml, shuffle: bool) -> None:
    """matching → matchInteraction (all pairs right or nothing, as in the course)."""
    lefts = [f"L{i}" for i in range(1, len(question.pairs) + 1)]
    rights = [f"R{i}" for i in range(1, len(question.pairs) + len(question.distractors) + 1)]
    response(item, "multiple", "directedPair", [f"{left} {right}" for left, right in zip(lefts, rights)])
    interaction = sub(body(item, question, content), "matchInteraction", responseIdentifier="RESPONSE",
                      shuffle="true", maxAssociations=str(len(lefts)))
    left_texts = [p.left for p in question.pairs]
    choices(sub(interaction, "simpleMatchSet"), content, "simpleAssociableChoice", list(zip(lefts, left_texts)),
            matchMax="1")
    right_texts = [p.right for p in question.pairs] + list(question.distractors)
    choices(sub(interaction, "simpleMatchSet"), content, "simpleAssociableChoice", list(zip(rights, right_texts)),
            matchMax="1")
    template(item, "match_correct")


def ordering_item(item: etree._Element, question: Question, content: Xhtml, shuffle: bool) -> None:
    """ordering → orderInteraction, all-or-nothing."""
    ids = [f"i{n}" for n in range(1, len(question.items) + 1)]
    response(item, "ordered", "identifier", ids)
    interaction = sub(body(item, question, content), "orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
    choices(interaction, content, "simpleChoice", list(zip(ids, question.items)))
    template(item, "match_correct")


ITEMS = {
    "single": choice_item,
    "multiple": choice_item,
    "true_false": true_false_item,
    "fill_in": fill_in_item,
    "numeric": numeric_item,
    "matching": matching_item,
    "ordering": ordering_item,
}
"""The item builder of each type QTI holds."""


def manifest(course: Course, resources: list[tuple[str, str, list[str]]]) -> bytes:
    """`imsmanifest.xml` (IMS Content Packaging 1.1) with one `imsqti_item_xmlv2p1` resource per item."""
    root = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP, "xsi": XSI},
                         identifier=f"MANIFEST-{course.id}-{course.version}")
    root.set(f"{{{XSI}}}schemaLocation", f"{CP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd")
    metadata = etree.SubElement(root, f"{{{CP}}}metadata")
    etree.SubElement(metadata, f"{{{CP}}}schema").text = "QTIv2.1 Package"
    etree.SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.0.0"
    etree.SubElement(root, f"{{{CP}}}organizations")
    listing = etree.SubElement(root, f"{{{CP}}}resources")
    for identifier, href, images in resources:
        resource = etree.SubElement(listing, f"{{{CP}}}resource", identifier=f"item-{identifier}",
                                    type="imsqti_item_xmlv2p1", href=href)
        for name in [href, *images]:  # a file's href is a URL: `assets/схема 1.png` as `assets/%D1%81…%201.png`
            etree.SubElement(resource, f"{{{CP}}}file", href=quote(name))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
