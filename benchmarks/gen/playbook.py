"""Build a whole playbook from one seed and write it into a folder."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from .journeys import build_journeys
from .model import Playbook
from .org import assign_tools, build_departments, build_people, build_tools
from .policies import build_topics
from .render import render
from .sizes import Size, resolve_size

PLAYBOOK_ENTRIES = ("journeybook.yaml", "org.yaml", "segments.yaml", "policies", "journeys")


def build(size: Size, seed: int) -> Playbook:
    rng = random.Random(seed)
    departments = build_departments(size)
    tools = build_tools(size)
    people = build_people(size, departments, rng)
    assign_tools(departments, tools, rng)
    people_by_id = {p.id: p for p in people}
    tool_names = dict(tools)
    topics, extra = build_topics(size, departments, people_by_id, tool_names, rng)
    journeys = build_journeys(size, departments, people_by_id, topics, rng)
    return Playbook(people, departments, tools, topics, journeys, extra)


def generate(size: str | int, out_dir: Path, seed: int = 1, force: bool = False) -> dict[str, int]:
    """Write a playbook of `size` into `out_dir`; returns the counts of what was written.

    An existing playbook in `out_dir` is replaced only with `force`; nothing
    else in the folder is touched.
    """
    label, chosen = resolve_size(size)
    out_dir = Path(out_dir)
    existing = [out_dir / e for e in PLAYBOOK_ENTRIES if (out_dir / e).exists()]
    if existing and not force:
        raise FileExistsError(f"{out_dir} already holds a playbook; use --force to replace it")
    for path in existing:
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    playbook = build(chosen, seed)
    files = render(playbook, label)
    total = 0
    for relative, content in files.items():
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    questions = [q for t in playbook.topics for q in t.questions]
    return {
        "files": len(files),
        "bytes": total,
        "questions": len(questions),
        "answers": sum(len(q.answers) for q in questions) + sum(len(e) for e in playbook.extra_answers.values()),
        "topics": len(playbook.topics),
        "journeys": len(playbook.journeys),
        "steps": sum(len(j.steps) for j in playbook.journeys),
        "departments": len(playbook.departments),
        "people": len(playbook.people),
        "tools": len(playbook.tools),
    }
