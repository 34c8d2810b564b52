"""`scenario`: a branching dialogue scored by the points of the path the learner takes."""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.errors import Diagnostics, repeated, suggest
from builder.model import Loc, Markdown, Question
from builder.questions import register
from builder.questions.kind import QuestionKind, field_loc, html_of, markdown
from builder.schema import MARKDOWN, Bool, Field, Id, Int, ListOf, Obj
from builder.yamlload import YList, YMap

GO = "→\u00a0"
"""The arrow before where a printed reply leads, a no-break space after it: never alone at a line's end."""

CHOICE = Obj(name="choice", fields={
    "text": Field(MARKDOWN, "The specialist's reply.", required=True),
    "feedback": Field(MARKDOWN, "What follows from it, and why."),
    "points": Field(Int(0), "Points for this choice.", default=0),
    "next": Field(Id(), "Id of the next step.", required=True),
})

STEP = Obj(name="step", fields={
    "id": Field(Id(), "Step id, unique in the scenario.", required=True),
    "text": Field(MARKDOWN, "What happens or what the client says.", required=True),
    "choices": Field(ListOf(CHOICE), "Replies the learner may pick (none on an end step)."),
    "end": Field(Bool(), "The scenario ends here.", default=False),
})


@dataclass
class Choice:
    """One reply the learner may pick at a scenario step."""

    text: Markdown
    """The specialist's reply."""
    feedback: Markdown | None
    """What happens next, and why."""
    points: int
    """Points earned by this choice."""
    next: str
    """Id of the step it leads to."""
    loc: Loc
    """Where the choice is written."""


@dataclass
class Step:
    """One step of a branching `scenario`."""

    id: str
    """Step id, unique within its scenario."""
    text: Markdown
    """What happens, or what the client says."""
    choices: list[Choice]
    """Possible replies; empty for an end step."""
    end: bool
    """Whether the scenario ends here."""
    loc: Loc
    """Where the step is written."""


@dataclass
class ScenarioQuestion(Question):
    """A `scenario` question."""

    start: str = ""
    """Id of the first step."""
    steps: list[Step] = field(default_factory=list)
    """Every step."""
    partial: bool = False
    """Whether a step or a choice was left out for an error in it (reported there): the walk of the
    graph would only repeat it as steps no path reaches, or as a path scoring nothing."""

    @property
    def max_points(self) -> int:
        """The points along the best path."""
        return best_path_points(self)

    def step(self, step_id: str) -> Step | None:
        """The step with this id, if any."""
        return next((s for s in self.steps if s.id == step_id), None)


def best_path(question: ScenarioQuestion) -> list[tuple[Step, Choice]]:
    """(step, choice) along the path from the start step worth the most points (a step already on
    the path is not entered again, so a cycle cannot loop). Walked with an explicit stack: a
    scenario may chain hundreds of steps, deeper than Python's recursion limit."""
    memo: dict[str, tuple[int, list]] = {}
    on_path: set[str] = set()
    stack: list[tuple[str, bool]] = [(question.start, False)]
    while stack:
        step_id, children_done = stack.pop()
        step = question.step(step_id)
        if step is None or step.end:
            memo[step_id] = (0, [])
        elif children_done:
            on_path.discard(step_id)
            memo[step_id] = best_choice(step, memo)
        elif step_id not in memo and step_id not in on_path:
            on_path.add(step_id)
            stack.append((step_id, True))
            stack.extend((c.next, False) for c in step.choices if c.next not in memo and c.next not in on_path)
    return memo.get(question.start, (0, []))[1]


def best_choice(step: Step, memo: dict[str, tuple[int, list]]) -> tuple[int, list]:
    """(points, path) of the step's choice worth the most, given the best paths after each choice."""
    options = [(choice.points + memo.get(choice.next, (0, []))[0], [(step, choice)] + memo.get(choice.next, (0, []))[1])
               for choice in step.choices]
    return max(options, key=lambda o: o[0], default=(0, []))


def best_path_points(question: ScenarioQuestion) -> int:
    """The largest sum of choice points on any path from the start step to an end step."""
    return sum(choice.points for _, choice in best_path(question))


def build_step(data: YMap) -> Step:
    """A scenario step from validated YAML."""
    choices = data.get("choices", YList())
    return Step(
        id=data["id"],
        text=markdown(data, "text"),  # type: ignore[arg-type]
        choices=[build_choice(c, choices.item_loc(i)) for i, c in enumerate(choices)],
        end=data["end"],
        loc=data.loc,
    )


def build_choice(data: YMap, loc: Loc) -> Choice:
    """A reply of a scenario step from validated YAML."""
    text = markdown(data, "text", True)
    return Choice(text, markdown(data, "feedback", True), data["points"], data["next"], loc)  # type: ignore[arg-type]


class ScenarioKind(QuestionKind):
    """Steps and replies; each reply earns points and leads to the next step."""

    name = "scenario"
    model = ScenarioQuestion
    breakable = False  # (kept on one page when it surely fits one, as every question: a step per page else)
    fields = {
        "start": Field(Id(), "Id of the first step.", required=True),
        "steps": Field(ListOf(STEP, min_items=2), "The steps of the branching dialogue.", required=True),
    }
    abbreviation = "scn"
    bank_note = ("left out: a branching scenario has no equivalent in the LMS's question types (its score "
                 "depends on the path); use the SCORM package for it")

    def attributes(self, data: YMap) -> dict:
        steps = data["steps"]
        partial = bool(getattr(steps, "dropped", 0)) or any(getattr(s.get("choices"), "dropped", 0) for s in steps)
        return {"start": data["start"], "steps": [build_step(s) for s in steps], "partial": partial}

    def check(self, question: ScenarioQuestion, diags: Diagnostics) -> None:
        """Step ids unique, links resolve, end steps have no choices, every step reachable, every
        path ends, no loops."""
        ids = [s.id for s in question.steps]
        for step_id in repeated(ids):
            first = question.step(step_id)
            diags.error(first.loc if first else question.loc, f"scenario '{question.id}' has step id '{step_id}' twice",
                        "give each step its own id", "id.duplicate")
        # Each step's links are checked whatever else is wrong, and a loop is found among the links that
        # lead somewhere: a bad start, a link to no step and a loop took three runs, one error each.
        broken = [self.check_step(question, step, ids, diags) for step in question.steps]
        started = question.start in ids
        if not started:
            diags.error(field_loc(question, "start"),
                        f"scenario '{question.id}' starts at '{question.start}', which is not a step",
                        suggest(question.start, ids, f"use one of: {', '.join(ids)}"), "ref.step")
        if question.partial or not ids:
            return
        if any(broken) or not started:
            # Steps a broken link or start was meant for would read as unreachable: loops alone, walked
            # from the first step when the start is no step.
            check_graph(question, diags, loops_from=question.start if started else ids[0])
            return
        check_graph(question, diags)
        check_endings(question, diags)

    @staticmethod
    def check_step(question: ScenarioQuestion, step: Step, ids: list[str], diags: Diagnostics) -> bool:
        """An end step has no choices, any other has some, and every choice leads to a step;
        True when the graph cannot be walked."""
        broken = False
        if step.end and step.choices:
            diags.error(step.loc, f"step '{step.id}' of scenario '{question.id}' is an end step but has choices",
                        "remove 'end: true' or the choices", "quiz.scenario")
        if not step.end and not step.choices:
            diags.error(step.loc, f"step '{step.id}' of scenario '{question.id}' has no choices and is not an end step",
                        "add choices, or 'end: true'", "quiz.scenario")
            broken = True
        for choice in step.choices:
            if choice.next not in ids:
                diags.error(choice.loc, f"a choice of step '{step.id}' leads to '{choice.next}', which is not a step "
                            f"of scenario '{question.id}'", suggest(choice.next, ids), "ref.step")
                broken = True
        return broken

    def texts(self, question: ScenarioQuestion) -> list[Markdown | None]:
        texts: list[Markdown | None] = []
        for step in question.steps:
            texts.append(step.text)
            texts += [text for choice in step.choices for text in (choice.text, choice.feedback)]
        return texts

    def printed_parts(self, question: ScenarioQuestion, key: bool) -> int:
        # A step's title and text, then its replies (with their feedback in the key); a worksheet
        # prints the ends as one line (worksheet_end). Counting every text, feedback and end too, a
        # scenario of three-quarters of a page (hr-q12) was estimated past one and split.
        if key:
            return sum(2 + 2 * len(step.choices) for step in question.steps)
        return sum(2 + len(step.choices) for step in question.steps if not step.end) + 2

    def runtime(self, question: ScenarioQuestion) -> dict:
        steps = {step.id: {"h": step.text.html, "end": int(step.end),
                           "ch": [{"h": c.text.html, "f": html_of(c.feedback), "p": c.points, "n": c.next}
                                  for c in step.choices]}
                 for step in question.steps}
        return {"start": question.start, "steps": steps}

    def worst_response(self, question: ScenarioQuestion) -> str:
        # A path: one choice index per step, at most every step once.
        return ".".join("9" for _ in range(max(1, len(question.steps))))

    def worksheet(self, question: ScenarioQuestion, paper) -> str:
        return paper.hint("handout_scenario_hint") + printed_steps(question, paper, key=False)

    def answer_key(self, question: ScenarioQuestion, paper) -> str:
        # The path as the worksheet asks it written («1 → 2 → 3 → 5»), end step included, and how a
        # path other than the best scores: a trainer marks the written numbers at a glance.
        numbers = step_numbers(question)
        path = best_path(question)
        walked = [numbers[step.id] for step, _ in path]
        if path and path[-1][1].next in numbers:
            walked.append(numbers[path[-1][1].next])
        best = sum(choice.points for _, choice in path)
        steps = paper.text(" → ".join(str(n) for n in walked))
        replies = paper.call("enum", *(paper.content(paper.text(f"{paper.t('handout_step', n=numbers[step.id])}: "
                                                                f"{choice.text.plain}"))
                                       for step, choice in path))
        score = paper.call("feedback", paper.content(paper.text(paper.t("handout_path_score", best=best))))
        return (paper.key(f" ({paper.t('handout_best_path')}):", steps) + replies + score
                + printed_steps(question, paper, key=True))


def check_graph(question: ScenarioQuestion, diags: Diagnostics, loops_from: str = "") -> None:
    """Every step reachable from the start, no loop, and at least one point on the best path
    (`loops_from`: only no loop, walked from that step, where a link or the start leads to no step
    and the rest would follow from it).

    A depth-first walk with an explicit stack: a scenario of hundreds of chained steps is a
    long path, not a reason to run out of Python's recursion limit."""
    start = loops_from or question.start
    reachable: set[str] = {start}
    on_path: list[str] = [start]
    stack = [iter(question.step(start).choices)]  # type: ignore[union-attr]
    looped = False
    while stack:
        choice = next(stack[-1], None)
        if choice is None:
            stack.pop()
            on_path.pop()
            continue
        if choice.next in on_path:
            # The first loop is told; the walk goes on without it, so that a step no path reaches is
            # told in the same run (its points would be counted round the loop: they are not).
            if not looped:
                report_loop(question, on_path, choice.next, diags)
            looped = True
            continue
        if choice.next not in reachable:
            reachable.add(choice.next)
            on_path.append(choice.next)
            step = question.step(choice.next)
            stack.append(iter(step.choices if step else []))
    if loops_from:
        return
    for step in question.steps:
        if step.id not in reachable:
            diags.error(step.loc,
                        f"step '{step.id}' of scenario '{question.id}' cannot be reached from '{question.start}'",
                        "lead a choice to it, or delete it", "quiz.scenario")
    if question.max_points <= 0:  # (best_path enters no step twice: a loop cannot run it round)
        diags.error(question.loc, f"scenario '{question.id}' scores 0 on every path", "give the better choices points",
                    "quiz.points")


def check_endings(question: ScenarioQuestion, diags: Diagnostics) -> None:
    """A reply worth nothing that ends the story where a reply worth points at the same step ends it:
    the learner is told one thing by the score and the opposite by the story (module 6's
    «нужно было просто сильнее держаться» ended «Срыв не оборвал работу»)."""
    for step in question.steps:
        best = {}
        for choice in step.choices:
            target = question.step(choice.next)
            if target and target.end:
                best[choice.next] = max(best.get(choice.next, 0), choice.points)
        for choice in step.choices:
            if choice.points == 0 and best.get(choice.next, 0) > 0:
                diags.warning(
                    choice.loc,
                    f"a choice of step '{step.id}' scores 0 but ends scenario '{question.id}' at '{choice.next}', "
                    f"as a choice worth {best[choice.next]} point{'' if best[choice.next] == 1 else 's'} does",
                    "lead it to an ending that shows what the reply costs, or give it the points it deserves",
                    "quiz.scenario-end")


def report_loop(question: ScenarioQuestion, on_path: list[str], target: str, diags: Diagnostics) -> None:
    """`scenario 'x' loops: a -> b -> a`, at the step the loop returns to."""
    loop = " -> ".join(on_path[on_path.index(target):] + [target])
    step = question.step(target)
    diags.error(step.loc if step else question.loc, f"scenario '{question.id}' loops: {loop}",
                "scenarios must always move on to an end step", "quiz.scenario")


register(ScenarioKind())


def printed_steps(question: ScenarioQuestion, paper, key: bool) -> str:
    """A scenario as a printed dialogue: numbered steps, each reply going to a step (with points and
    feedback, in the key). The learner's worksheet prints no end step's text: what happens there, and
    the feedback and sources it gives, would tell which replies lead to a bad ending. It names the
    end steps' numbers and asks for the path taken, which the facilitator's guide lets one score."""
    numbers = step_numbers(question)
    out = []
    for step_id, n in sorted(numbers.items(), key=lambda item: item[1]):
        step = question.step(step_id)
        if step.end and not key:
            continue
        title = paper.t("handout_step", n=n) + (f" · {paper.t('handout_end')}" if step.end else "")
        choices = [printed_choice(choice, numbers, paper, key) for choice in step.choices]
        # one reply per step: a round box, as a single-answer question's (a square one read "tick any")
        listing = paper.call("key-options" if key else "boxes", *([] if key else ["true"]), f"({', '.join(choices)},)")
        body = paper.qtext(step.text) + (listing if choices else "")
        breakable = not paper.fits_a_page(body, len(choices) + 1)
        out.append(paper.call("step", paper.content(paper.text(title)), "true" if step.end else "false",
                              paper.content(body), breakable=str(breakable).lower()))
    if not key:
        out.append(worksheet_end(question, numbers, paper))
    return "".join(out)


def worksheet_end(question: ScenarioQuestion, numbers: dict[str, int], paper) -> str:
    """The worksheet's end of a scenario: «Шаги 4 и 5 · Конец», then a line to write the path on."""
    ends = [str(n) for n in sorted(numbers[step.id] for step in question.steps if step.end and step.id in numbers)]
    named = (paper.t("handout_step", n=ends[0]) if len(ends) == 1 else
             paper.t("handout_steps", list=", ".join(ends[:-1]) + paper.t("rule_and") + ends[-1]))
    title = f"{named} · {paper.t('handout_end')}"
    body = paper.text(paper.t("handout_scenario_path")) + paper.call("blank")
    return paper.call("step", paper.content(paper.text(title)), "true", paper.content(body), breakable="false")


def printed_choice(choice: Choice, numbers: dict[str, int], paper, key: bool) -> str:
    """One reply of a printed step: where it goes (and, in the key, its points and feedback)."""
    go = paper.t("handout_go_to", n=numbers[choice.next]) if choice.next in numbers else paper.t("handout_go_end")
    if not key:
        return f"(none, [{paper.qtext(choice.text)} #go[{paper.text(GO + go)}]])"
    note = f"({paper.t('handout_choice_points')}: {choice.points}; {GO}{go})"
    feedback = paper.call("feedback", paper.content(paper.qtext(choice.feedback))) if choice.feedback else ""
    return f"(none, [{paper.qtext(choice.text)} #go[{paper.text(note)}]{feedback}])"


def step_numbers(question: ScenarioQuestion) -> dict[str, int]:
    """Scenario steps numbered 1, 2, … in the order a reader meets them from the start step, the end
    steps last: the worksheet, which leaves their text out, then numbers its steps without a gap."""
    steps = {s.id: s for s in question.steps}
    order, queue = [], [question.start]
    while queue:
        step_id = queue.pop(0)
        if step_id in order or step_id not in steps:
            continue
        order.append(step_id)
        queue += [c.next for c in steps[step_id].choices]
    order += [s.id for s in question.steps if s.id not in order]
    order = [i for i in order if not steps[i].end] + [i for i in order if steps[i].end]
    return {step_id: i + 1 for i, step_id in enumerate(order)}
