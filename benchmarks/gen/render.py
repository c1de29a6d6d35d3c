"""The playbook as files: relative path → YAML text."""

from __future__ import annotations

from .model import Answer, Journey, Playbook, Step, Topic
from .words import CHANNELS, IMPERSONAL_TERMS, SEGMENTS
from .yamltext import block, flow, ident, text


def settings_yaml(size_label: str) -> str:
    return "\n".join(
        [
            f"organization: {text(f'Northwind Appliances ({size_label} benchmark)')}",
            "defaults:",
            "  max_handoffs: 3",
            "  review_every: 180 days",
            "shared_record: false",
            "similarity: 0.88",
            f"impersonal_terms: [{', '.join(text(t) for t in IMPERSONAL_TERMS)}]",
            "rules:",
            "  no-recovery: info",
            "",
        ]
    )


def org_yaml(playbook: Playbook) -> str:
    lines = ["people:"]
    for p in playbook.people:
        lines += [
            f"  - id: {ident(p.id)}",
            f"    name: {text(p.name)}",
            f"    email: {text(p.email)}",
            f"    department: {ident(p.department)}",
        ]
    lines.append("departments:")
    for d in playbook.departments:
        lines += [
            f"  - id: {ident(d.id)}",
            f"    name: {text(d.name)}",
            f"    lead: {ident(d.lead)}",
            f"    contact: {text(d.contact)}",
            f"    tools: {flow(d.tools)}",
        ]
    lines.append("tools:")
    for tool_id, name in playbook.tools:
        lines += [f"  - id: {ident(tool_id)}", f"    name: {text(name)}"]
    lines += [f"channels: {flow(CHANNELS)}", ""]
    return "\n".join(lines)


def segments_yaml() -> str:
    lines = ["segments:"]
    for segment_id, name, value, expectations in SEGMENTS:
        lines += [f"  - id: {ident(segment_id)}", f"    name: {text(name)}", f"    lifetime_value: {value}"]
        block(lines, "    ", "expectations", expectations)
    lines.append("")
    return "\n".join(lines)


def answer_lines(lines: list[str], answer: Answer, indent: str, question: str = "") -> None:
    first = f"{indent}- "
    rest = indent + "  "
    if question:
        lines.append(f"{first}question: {ident(question)}")
        first = rest
    if answer.show_by or question:
        lines.append(f"{first}by: {ident(answer.by)}")
        first = rest
    lines.append(f"{first}decision: {text(answer.decision)}")
    lines.append(f"{rest}say: {text(answer.say)}")
    if answer.internal:
        lines.append(f"{rest}internal: {text(answer.internal)}")
    if answer.when:
        lines.append(f"{rest}when: {{{answer.when[0]}: {flow(answer.when[1])}}}")
    if answer.effective_from:
        lines.append(f"{rest}effective: {{from: {answer.effective_from}}}")


def topic_yaml(topic: Topic) -> str:
    lines = [
        f"topic: {ident(topic.id)}",
        f"title: {text(topic.title)}",
        f"owner: {ident(topic.owner)}",
        f"review_by: {topic.review_by}",
        "questions:",
    ]
    for q in topic.questions:
        lines += [f"  - id: {ident(q.id)}", f"    ask: {text(q.ask)}"]
        block(lines, "    ", "also_asked", q.also_asked)
        if q.show_owner:
            lines.append(f"    owner: {ident(q.owner)}")
        if q.public:
            lines.append("    audience: public")
        lines += [f"    review_by: {q.review_by}", "    answers:"]
        for answer in q.answers:
            answer_lines(lines, answer, "      ")
    lines.append("")
    return "\n".join(lines)


def answers_yaml(entries: list[tuple[str, Answer]]) -> str:
    lines = ["answers:"]
    for question_id, answer in entries:
        answer_lines(lines, answer, "  ", question_id)
    lines.append("")
    return "\n".join(lines)


def journey_yaml(j: Journey) -> str:
    lines = [
        f"id: {ident(j.id)}",
        f"title: {text(j.title)}",
        f"problem: {text(j.problem)}",
        f"outcome: {text(j.outcome)}",
        f"owner: {ident(j.owner)}",
        f"segments: {flow(j.segments)}",
        f"channels: {flow(j.channels)}",
        "targets:",
        f"  resolution: {text(j.resolution)}",
    ]
    if j.max_handoffs is not None:
        lines.append(f"  max_handoffs: {j.max_handoffs}")
    lines.append(f"review_by: {j.review_by}")
    if j.public:
        lines.append("audience: public")
    lines.append("steps:")
    for s in j.steps:
        step_lines(lines, s)
    lines.append("recovery:")
    for trigger, owner, actions in j.recovery:
        lines += [f"  - trigger: {text(trigger)}", f"    owner: {ident(owner)}"]
        block(lines, "    ", "do", actions)
    lines.append("")
    return "\n".join(lines)


def step_lines(lines: list[str], s: Step) -> None:
    lines += [f"  - id: {ident(s.id)}", f"    title: {text(s.title)}", f"    department: {ident(s.department)}"]
    block(lines, "    ", "do", s.do)
    for key, values in (("say", s.say), ("needs", s.needs), ("capture", s.capture), ("tools", s.tools)):
        if values:
            lines.append(f"    {key}: {flow(values)}")
    if s.next:
        lines.append("    next:")
        for target in s.next:
            if target in s.carry:
                lines += [f"      - step: {ident(target)}", f"        carry: {flow(s.carry[target])}"]
            else:
                lines.append(f"      - {ident(target)}")
    if s.confirm:
        lines += ["    closes: true", f"    confirm: {text(s.confirm)}"]


def render(playbook: Playbook, size_label: str) -> dict[str, str]:
    """Relative path → file text, for the whole playbook."""
    files = {
        "journeybook.yaml": settings_yaml(size_label),
        "org.yaml": org_yaml(playbook),
        "segments.yaml": segments_yaml(),
    }
    for topic in playbook.topics:
        files[f"policies/{topic.department}/{topic.id}.yaml"] = topic_yaml(topic)
    for department_id, entries in sorted(playbook.extra_answers.items()):
        files[f"policies/{department_id}/answers.yaml"] = answers_yaml(entries)
    for journey in playbook.journeys:
        files[f"journeys/{journey.area}/{journey.id}.yaml"] = journey_yaml(journey)
    return files
