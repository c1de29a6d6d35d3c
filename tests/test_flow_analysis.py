"""The information-flow analysis behind the flow and handoff rules and the swim-lane diagram."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conftest import FIXED_TODAY, write_tree
from journeybook.check import run_check
from journeybook.model import Department, Edge, Journey, Playbook, Settings, Step
from journeybook.rules.flow_analysis import analyse

BASE = Path(__file__).parent / "fixtures" / "rules" / "_base"
DEPARTMENTS = ("customer-care", "hardware-support", "parts")


def book(shared_record: bool = False) -> Playbook:
    return Playbook(
        settings=Settings(src=None, shared_record=shared_record),
        departments={d: Department(src=None, id=d, name=d.replace("-", " ").title()) for d in DEPARTMENTS},
    )


def step(step_id: str, department: str | None, *next_: Edge, capture=(), needs=(), closes=False) -> Step:
    return Step(
        src=None,
        id=step_id,
        department=department,
        next=next_,
        capture=tuple(capture),
        needs=tuple(needs),
        closes=closes,
        confirm="The customer says it works." if closes else None,
    )


def to(step_id: str, *carry: str) -> Edge:
    return Edge(src=None, step=step_id, carry=carry)


def plain(step_id: str) -> Edge:
    return Edge(src=None, step=step_id, plain=True)


def journey(*steps: Step) -> Journey:
    return Journey(src=None, id="laptop-will-not-charge", title="My laptop won't charge", steps=steps)


def rework_loop() -> Journey:
    """diagnose → repair → test → back to repair, and test → confirm."""
    return journey(
        step(
            "first-contact",
            "customer-care",
            to("diagnose", "case-id", "serial-number"),
            capture=["case-id", "serial-number", "phone"],
        ),
        step("diagnose", "hardware-support", plain("repair"), capture=["symptoms"]),
        step("repair", "hardware-support", plain("test"), capture=["part-number"]),
        step("test", "hardware-support", plain("repair"), to("confirm-fixed", "case-id")),
        step("confirm-fixed", "customer-care", closes=True),
    )


def test_known_and_given_across_a_rework_loop() -> None:
    flow = analyse(rework_loop(), book())
    assert flow.reachable == {"first-contact", "diagnose", "repair", "test", "confirm-fixed"}
    assert flow.known_in["first-contact"] == frozenset()
    assert flow.known_in["diagnose"] == {"case-id", "serial-number"}  # the phone number stayed with Customer Care
    # repair is reached from diagnose (before part-number) and from test (after): only what both bring counts
    assert flow.known_in["repair"] == {"case-id", "serial-number", "symptoms"}
    assert flow.known_in["test"] == {"case-id", "serial-number", "symptoms", "part-number"}
    assert flow.known_in["confirm-fixed"] == {"case-id"}
    assert flow.gave_in["repair"] == {"case-id", "serial-number", "phone", "symptoms"}
    assert flow.gave_in["confirm-fixed"] == {"case-id", "serial-number", "phone", "symptoms", "part-number"}
    back_to_confirm = flow.incoming["confirm-fixed"][0]
    assert back_to_confirm.handoff
    assert back_to_confirm.carried == {"case-id"}
    assert back_to_confirm.dropped == {"serial-number", "symptoms", "part-number"}
    assert [e.handoff for e in flow.incoming["repair"]] == [False, False]
    assert flow.can_close == flow.reachable
    assert [[s.id for s in loop] for loop in flow.loops()] == [["repair", "test"]]
    assert flow.back_edges == {("test", 0)}


def test_shared_record_lets_everything_captured_travel() -> None:
    flow = analyse(rework_loop(), book(shared_record=True))
    assert flow.known_in["diagnose"] == {"case-id", "serial-number", "phone"}
    assert flow.known_in["confirm-fixed"] == flow.gave_in["confirm-fixed"]
    assert all(not e.dropped for e in flow.edges)
    assert [e.handoff for e in flow.edges if e.target.id == "confirm-fixed"] == [True]  # still a handoff


def test_a_plain_id_across_departments_drops_everything() -> None:
    flow = analyse(
        journey(
            step("first-contact", "customer-care", plain("ship-part"), capture=["case-id", "serial-number"]),
            step("ship-part", "parts", plain("confirm-fixed")),
            step("confirm-fixed", "customer-care", closes=True),
        ),
        book(),
    )
    handoff = flow.edges[0]
    assert handoff.handoff and handoff.index == 0
    assert handoff.carried == frozenset()
    assert handoff.dropped == {"case-id", "serial-number"}
    assert flow.known_in["ship-part"] == frozenset()
    assert flow.gave_in["ship-part"] == {"case-id", "serial-number"}


def test_a_missing_department_is_never_a_handoff() -> None:
    flow = analyse(
        journey(
            step("first-contact", "customer-care", plain("diagnose"), capture=["case-id"]),
            step("diagnose", None, plain("confirm-fixed")),
            step("confirm-fixed", "not-in-org", closes=True),
        ),
        book(),
    )
    assert [e.handoff for e in flow.edges] == [False, False]
    assert flow.known_in["confirm-fixed"] == {"case-id"}
    assert flow.worst_path()[0] == 0


def test_unknown_next_unreachable_and_repeated_steps() -> None:
    flow = analyse(
        journey(
            step("first-contact", "customer-care", plain("diagnos"), plain("confirm-fixed"), capture=["case-id"]),
            step("orphan", "parts", to("confirm-fixed", "case-id"), capture=["address"]),
            step("confirm-fixed", "customer-care", closes=True),
            step("confirm-fixed", "parts"),
        ),
        book(),
    )
    assert [e.step for e in flow.unknown_next["first-contact"]] == ["diagnos"]
    assert [(e.source.id, e.target.id) for e in flow.edges] == [
        ("first-contact", "confirm-fixed"),
        ("orphan", "confirm-fixed"),
    ]
    assert flow.reachable == {"first-contact", "confirm-fixed"}
    assert flow.known_in["orphan"] == frozenset()
    assert flow.known_in["confirm-fixed"] == {"case-id"}  # the unreachable orphan brings nothing
    assert flow.steps["confirm-fixed"].closes  # the first of two same-id steps counts
    assert flow.can_close == {"first-contact", "orphan", "confirm-fixed"}


def test_worst_path_ignores_back_edges() -> None:
    flow = analyse(
        journey(
            step("first-contact", "customer-care", plain("confirm-fixed"), plain("diagnose")),
            step("diagnose", "hardware-support", plain("ship-part")),
            step("ship-part", "parts", plain("diagnose"), plain("first-contact"), plain("confirm-fixed")),
            step("confirm-fixed", "customer-care", closes=True),
        ),
        book(),
    )
    count, path = flow.worst_path()
    assert count == 3
    assert [s.id for s in path] == ["first-contact", "diagnose", "ship-part", "confirm-fixed"]
    assert flow.back_edges == {("ship-part", 0), ("ship-part", 1)}
    assert flow.forward_order() == ["first-contact", "diagnose", "ship-part", "confirm-fixed"]


def test_worst_path_without_a_reachable_closing_step() -> None:
    stuck = journey(step("first-contact", "customer-care", plain("diagnose")), step("diagnose", "parts"))
    flow = analyse(stuck, book())
    assert flow.worst_path() == (0, [])
    assert flow.can_close == set()


def test_an_empty_journey() -> None:
    flow = analyse(journey(), book())
    assert flow.first is None and flow.reachable == set() and flow.edges == []
    assert flow.worst_path() == (0, []) and flow.loops() == []


@pytest.mark.parametrize("length", [200, 3000])
def test_a_long_chain_is_analysed_without_recursion(length: int) -> None:
    departments = ["customer-care", "hardware-support"]
    steps = [
        step(f"s{n}", departments[n % 2], to(f"s{n + 1}", "case-id"), capture=["case-id"] if n == 0 else [])
        for n in range(length - 1)
    ]
    steps.append(step(f"s{length - 1}", departments[(length - 1) % 2], plain("s0"), needs=["case-id"], closes=True))
    flow = analyse(journey(*steps), book())
    assert len(flow.reachable) == length
    assert flow.known_in[f"s{length - 1}"] == {"case-id"}
    count, path = flow.worst_path()
    assert count == length - 1 and len(path) == length
    assert len(flow.loops()) == 1 and len(flow.loops()[0]) == length


def test_a_dropped_detail_points_at_the_handoff_that_lost_it(tmp_path: Path) -> None:
    journey_yaml = """\
id: laptop-will-not-charge
title: My laptop won't charge
owner: dana-lee
steps:
  - id: first-contact
    department: customer-care
    capture: [serial-number]
    next:
      - step: ship-part
        carry: [case-id]
  - id: ship-part
    department: parts
    capture: [serial-number]
    needs: [serial-number]
    next: [confirm-fixed]
  - id: confirm-fixed
    department: customer-care
    closes: true
    confirm: The customer says the laptop charges.
"""
    folder = write_tree(tmp_path / "playbook", {"journeys/charge.yaml": journey_yaml}, BASE)
    result = run_check(folder, today=FIXED_TODAY)
    repeats = [f for f in result.findings if f.rule == "customer-repeats"]
    assert len(repeats) == 1
    assert [(str(r.location), r.message) for r in repeats[0].related] == [
        ("journeys/charge.yaml:10:16", "the handoff that did not carry serial-number")
    ]
    assert repeats[0].scope == ("journey", "laptop-will-not-charge")
    assert not [f for f in result.findings if f.rule == "context-unavailable"]  # captured right there


def _walks(flow_journey: Journey, playbook: Playbook, length: int) -> tuple[dict, dict]:
    """known_in and gave_in by brute force: intersect over every walk from the first step of up to `length` edges."""
    steps = {s.id: s for s in flow_journey.steps}
    first = flow_journey.steps[0]
    known: dict[str, frozenset[str]] = {}
    gave: dict[str, frozenset[str]] = {}
    frontier = [(first.id, frozenset(), frozenset())]
    for _ in range(length + 1):
        following = []
        for step_id, k, g in frontier:
            known[step_id] = known[step_id] & k if step_id in known else k
            gave[step_id] = gave[step_id] & g if step_id in gave else g
            source = steps[step_id]
            k_out, g_out = k | frozenset(source.capture), g | frozenset(source.capture)
            for edge in source.next:
                target = steps.get(edge.step)
                if target is None or target.id == first.id:
                    continue  # the first step is where the customer starts: it knows nothing
                handoff = {source.department, target.department} <= set(playbook.departments) and (
                    source.department != target.department
                )
                travels = k_out & frozenset(edge.carry) if handoff and not playbook.settings.shared_record else k_out
                following.append((target.id, travels, g_out))
        frontier = following
    return known, gave


@pytest.mark.parametrize("seed", range(200))
def test_the_fixed_point_agrees_with_every_walk(seed: int) -> None:
    rnd = random.Random(seed)
    ids = [f"s{n}" for n in range(rnd.randint(1, 5))]
    items = ["case-id", "serial-number", "address"]
    steps = []
    for step_id in ids:
        edges = []
        for _ in range(rnd.randint(0, 2)):
            target = rnd.choice([*ids, "missing"])
            edges.append(plain(target) if rnd.random() < 0.3 else to(target, *rnd.sample(items, rnd.randint(0, 3))))
        department = rnd.choice([*DEPARTMENTS, None])
        steps.append(step(step_id, department, *edges, capture=rnd.sample(items, rnd.randint(0, 2))))
    playbook = book(shared_record=rnd.random() < 0.2)
    flow = analyse(journey(*steps), playbook)
    known, gave = _walks(flow.journey, playbook, length=10)
    assert flow.reachable == set(known)
    for step_id in flow.reachable:
        assert flow.known_in[step_id] == known[step_id], step_id
        assert flow.gave_in[step_id] == gave[step_id], step_id
