"""A QTI 2.1 delivery engine's response processing, for the rules the course's items hold: it grades a
response to an `assessmentItem` and says which `modalFeedback` a player would show.

The standard templates are read from the official files beside the XSDs (../shared/qti-schemas/
qtiv2p1/rptemplates), as an engine fetches them. Values follow the specification's cardinalities: a
single value, a list for `multiple` (compared as a multiset) and `ordered` (compared in order), None
for NULL. An element it does not know fails the test that meets it, never passes silently.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


@dataclass
class Declaration:
    cardinality: str
    base_type: str
    correct: object = None
    mapping: etree._Element | None = None


@dataclass
class Outcome:
    """What response processing gave: the score and the feedback a player would show, in item order."""

    score: float
    feedback: list[etree._Element] = field(default_factory=list)

    @property
    def shown(self) -> list[str]:
        return [element.get("identifier") for element in self.feedback]


class Item:
    def __init__(self, item: etree._Element, templates: Path) -> None:
        self.item = item
        self.templates = templates
        self.declarations = {d.get("identifier"): declaration(d) for d in item.iter(q("responseDeclaration"))}
        self.outcomes = {d.get("identifier"): d for d in item.iter(q("outcomeDeclaration"))}

    def rules(self) -> list[etree._Element]:
        processing = self.item.find(q("responseProcessing"))
        template = processing.get("template")
        if template:
            assert len(processing) == 0, "a template and rules of its own"
            name = template.removeprefix(TEMPLATES)
            processing = etree.parse(str(self.templates / f"{name}.xml")).getroot()
        return list(processing)

    def respond(self, response: object) -> Outcome:
        """Run response processing on `response` (the value of RESPONSE)."""
        variables: dict[str, object] = {"RESPONSE": response}
        for identifier, outcome in self.outcomes.items():
            default = outcome.find(f"{q('defaultValue')}/{q('value')}")
            variables[identifier] = typed(default.text, outcome.get("baseType")) if default is not None else None
        Run(self, variables).rules(self.rules())
        feedback = [element for element in self.item.iter(q("modalFeedback"))
                    if (element.get("identifier") in held(variables.get(element.get("outcomeIdentifier"))))
                    == (element.get("showHide") == "show")]
        return Outcome(float(variables["SCORE"] or 0), feedback)


def held(value: object) -> list:
    """The values an outcome holds (none for NULL)."""
    return value if isinstance(value, list) else [] if value is None else [value]


def declaration(element: etree._Element) -> Declaration:
    values = [v.text for v in element.iterfind(f"{q('correctResponse')}/{q('value')}")]
    cardinality, base_type = element.get("cardinality"), element.get("baseType")
    correct = [typed(v, base_type) for v in values] if cardinality != "single" else typed(values[0], base_type) if values else None
    return Declaration(cardinality, base_type, correct, element.find(q("mapping")))


def typed(text: str, base_type: str) -> object:
    return float(text) if base_type == "float" else int(text) if base_type == "integer" else text


class Run:
    def __init__(self, item: Item, variables: dict) -> None:
        self.item = item
        self.variables = variables

    def rules(self, rules: list[etree._Element]) -> None:
        for rule in rules:
            if not isinstance(rule.tag, str):
                continue  # a comment
            name = local(rule)
            if name == "setOutcomeValue":
                self.variables[rule.get("identifier")] = self.value(rule[0])
            elif name == "responseCondition":
                self.condition(rule)
            else:
                raise AssertionError(f"rule not known to the test player: {name}")

    def condition(self, rule: etree._Element) -> None:
        for branch in rule:
            if local(branch) == "responseElse":
                self.rules(list(branch))
                return
            if self.value(branch[0]) is True:
                self.rules(list(branch)[1:])
                return

    def value(self, expression: etree._Element) -> object:
        name = local(expression)
        handler = getattr(self, f"e_{name}", None)
        if handler is None:
            raise AssertionError(f"expression not known to the test player: {name}")
        return handler(expression)

    def e_variable(self, e: etree._Element) -> object:
        return self.variables[e.get("identifier")]

    def e_correct(self, e: etree._Element) -> object:
        return self.item.declarations[e.get("identifier")].correct

    def e_baseValue(self, e: etree._Element) -> object:
        return typed(e.text, e.get("baseType"))

    def e_isNull(self, e: etree._Element) -> bool:
        value = self.value(e[0])
        return value is None or value == [] or value == ""

    def e_not(self, e: etree._Element) -> bool | None:
        value = self.value(e[0])
        return None if value is None else not value

    def e_match(self, e: etree._Element) -> bool | None:
        left, right = self.value(e[0]), self.value(e[1])
        if left is None or right is None:
            return None
        declaration = self.item.declarations.get(e[0].get("identifier"))
        if isinstance(left, list) and not (declaration and declaration.cardinality == "ordered"):
            return Counter(left) == Counter(right)
        return left == right

    def e_equal(self, e: etree._Element) -> bool | None:
        left, right = self.value(e[0]), self.value(e[1])
        if left is None or right is None:
            return None
        mode = e.get("toleranceMode", "exact")
        if mode == "exact":
            return float(left) == float(right)
        assert mode == "absolute", mode
        below, above = (float(t) for t in (e.get("tolerance").split() * 2)[:2])
        return float(right) - below <= float(left) <= float(right) + above

    def compared(self, e: etree._Element, test) -> bool | None:
        left, right = self.value(e[0]), self.value(e[1])
        return None if left is None or right is None else test(float(left), float(right))

    def e_gte(self, e: etree._Element) -> bool | None:
        return self.compared(e, lambda a, b: a >= b)

    def e_lte(self, e: etree._Element) -> bool | None:
        return self.compared(e, lambda a, b: a <= b)

    def e_lt(self, e: etree._Element) -> bool | None:
        return self.compared(e, lambda a, b: a < b)

    def e_and(self, e: etree._Element) -> bool | None:
        values = [self.value(part) for part in e]
        return None if None in values else all(values)

    def e_multiple(self, e: etree._Element) -> list | None:
        values: list = []
        for part in e:
            value = self.value(part)
            values += value if isinstance(value, list) else [] if value is None else [value]
        return values or None

    def e_mapResponse(self, e: etree._Element) -> float:
        declaration = self.item.declarations[e.get("identifier")]
        mapping = declaration.mapping
        response = self.variables[e.get("identifier")]
        values = response if isinstance(response, list) else [response]
        total = 0.0
        for value in dict.fromkeys(values):  # each distinct value counts once
            total += mapped(mapping, value, declaration.base_type)
        if mapping.get("lowerBound") is not None:
            total = max(total, float(mapping.get("lowerBound")))
        if mapping.get("upperBound") is not None:
            total = min(total, float(mapping.get("upperBound")))
        return total


def mapped(mapping: etree._Element, value: object, base_type: str) -> float:
    for entry in mapping.iterfind(q("mapEntry")):
        key = entry.get("mapKey")
        if base_type == "string" and entry.get("caseSensitive") == "false":
            hit = key.lower() == str(value).lower()
        else:
            hit = key == value
        if hit:
            return float(entry.get("mappedValue"))
    return float(mapping.get("defaultValue", "0"))
