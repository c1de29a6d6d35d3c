"""The benchmark generator: same seed → same bytes, the promised counts, YAML that stays text, a clean playbook."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from datetime import date
from itertools import combinations
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from conftest import ROOT
from journeybook.check import run_check

SCRIPT = ROOT / "benchmarks" / "generate.py"
TODAY = date(2026, 11, 23)

# Fields whose value the model converts from text; everything else must read back as a string.
TYPED_FIELDS = {"review_by", "from", "lifetime_value", "max_handoffs", "similarity", "closes", "shared_record"}


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_generate", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _questions(folder: Path) -> list[dict]:
    found = []
    for path in sorted((folder / "policies").rglob("*.yaml")):
        found.extend(yaml.safe_load(path.read_text(encoding="utf-8")).get("questions") or [])
    return found


@pytest.fixture(scope="module")
def scale2(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("scale2")
    return folder, gen.generate(2, folder, seed=1)


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    gen.generate("XS", tmp_path / "a", seed=7)
    gen.generate("XS", tmp_path / "b", seed=7)
    gen.generate("XS", tmp_path / "c", seed=8)
    first = _files(tmp_path / "a")
    assert first == _files(tmp_path / "b")
    assert first != _files(tmp_path / "c")


def test_counts_follow_the_scale(scale2: tuple[Path, dict[str, int]]) -> None:
    folder, counts = scale2
    example = gen.EXAMPLE
    assert counts["questions"] == 2 * example.questions
    assert counts["answers"] == 2 * counts["questions"]
    assert counts["journeys"] == 2 * example.journeys
    assert counts["departments"] == 2 * example.departments
    assert counts["people"] == 2 * example.people
    assert counts["tools"] == 2 * example.tools
    files = _files(folder)
    assert counts["files"] == len(files)
    assert counts["bytes"] == sum(len(data) for data in files.values())
    # ...and the files hold what the counts say
    assert len(_questions(folder)) == counts["questions"]
    answers = sum(len(q["answers"]) for q in _questions(folder))
    for path in (folder / "policies").rglob("answers.yaml"):
        answers += len(yaml.safe_load(path.read_text(encoding="utf-8"))["answers"])
    assert answers == counts["answers"]
    org = yaml.safe_load((folder / "org.yaml").read_text(encoding="utf-8"))
    assert (len(org["people"]), len(org["departments"]), len(org["tools"])) == (
        counts["people"],
        counts["departments"],
        counts["tools"],
    )


def test_named_sizes_are_the_documented_ones() -> None:
    assert gen.SIZES["M"] == gen.Size(questions=1_000, journeys=100, departments=20, people=200, tools=50)
    assert gen.SIZES["L"] == gen.Size(questions=10_000, journeys=1_000, departments=100, people=1_000, tools=200)
    assert gen.resolve_size("100x") == ("100x", gen.scaled(100))
    assert gen.resolve_size("2L") == ("2L", gen.Size(20_000, 2_000, 200, 2_000, 400))
    assert gen.resolve_size("4l")[1].questions == 40_000
    for wrong in ("XXL", "0L", "2Q"):
        with pytest.raises(ValueError):
            gen.resolve_size(wrong)


def test_the_largest_sizes_get_more_words_and_the_rest_keep_theirs() -> None:
    """Above 139 × 139 questions every slot gets new values (so 2× and 4× L fit); below, the old lists only."""
    import random

    small, large = gen.Vocabulary.shuffled(random.Random(1), 139), gen.Vocabulary.shuffled(random.Random(1), 149)
    for before, after in zip(vars(small).values(), vars(large).values(), strict=True):
        assert len(set(before)) == len(before) >= 140
        assert len(set(after)) == len(after) >= 240
        assert set(before) < set(after)
    assert gen.MAX_QUESTIONS == 239**2
    with pytest.raises(ValueError, match="57,121"):
        gen.build(gen.Size(57_200, 1, 3, 3, 1), seed=1)


def test_layout_follows_the_spec(scale2: tuple[Path, dict[str, int]]) -> None:
    folder, _ = scale2
    names = set(_files(folder))
    assert {"journeybook.yaml", "org.yaml", "segments.yaml"} <= names
    departments = {d["id"] for d in yaml.safe_load((folder / "org.yaml").read_text(encoding="utf-8"))["departments"]}
    for name in names - {"journeybook.yaml", "org.yaml", "segments.yaml"}:
        match = re.fullmatch(r"(policies|journeys)/([a-z0-9-]+)/([a-z0-9-]+)\.yaml", name)
        assert match, name
        kind, group, stem = match.groups()
        document = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
        if kind == "policies":
            assert group in departments
            assert stem == "answers" or document["topic"] == stem
        else:
            assert document["id"] == stem


def test_every_file_is_yaml_whose_scalars_stay_text(scale2: tuple[Path, dict[str, int]]) -> None:
    folder, _ = scale2

    def walk(node: object, key: str, where: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                assert isinstance(k, str), f"{where}: key {k!r}"
                walk(v, k, where)
        elif isinstance(node, list):
            for item in node:
                walk(item, key, where)
        elif key not in TYPED_FIELDS:
            assert isinstance(node, str), f"{where}: {key} = {node!r} does not read back as text"

    for name, data in _files(folder).items():
        walk(yaml.safe_load(data.decode("utf-8")), "", name)


def test_decisions_that_yaml_would_misread_are_quoted(scale2: tuple[Path, dict[str, int]]) -> None:
    folder, _ = scale2
    decisions = {a["decision"] for q in _questions(folder) for a in q["answers"]}
    assert all(isinstance(d, str) for d in decisions)
    assert gen.text("yes") == '"yes"' and gen.text("NO") == '"NO"' and gen.text("1:30") == '"1:30"'
    assert gen.text("30 days") == "30 days" and gen.text("say: this") == '"say: this"'


def test_asks_are_never_near_duplicates(scale2: tuple[Path, dict[str, int]]) -> None:
    folder, _ = scale2
    _assert_distinct_asks([q["ask"] for q in _questions(folder)])


@pytest.mark.parametrize("q", [5, 7, 11, 13])
def test_two_questions_share_at_most_one_slot(q: int) -> None:
    """The construction behind distinct asks at every size: any two grid points agree in at most one slot."""
    vocabulary = gen.Vocabulary(*(list(range(q)) for _ in range(5)))
    points = [vocabulary.slots(x, y, q) for x in range(q) for y in range(q)]
    for a, b in combinations(points, 2):
        assert sum(u == v for u, v in zip(vars(a).values(), vars(b).values(), strict=True)) <= 1


def _assert_distinct_asks(asks: list[str]) -> None:
    def trigrams(text: str) -> frozenset[str]:
        words = " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())
        return frozenset(words[i : i + 3] for i in range(len(words) - 2))

    sets = [trigrams(a) for a in asks]
    assert len(set(asks)) == len(asks)
    worst = max(2 * len(a & b) / (len(a) + len(b)) for a, b in combinations(sets, 2))
    assert worst < 0.85


def test_journeys_branch_and_some_loop(scale2: tuple[Path, dict[str, int]]) -> None:
    folder, _ = scale2
    loops = 0
    for path in sorted((folder / "journeys").rglob("*.yaml")):
        journey = yaml.safe_load(path.read_text(encoding="utf-8"))
        steps = journey["steps"]
        order = [s["id"] for s in steps]
        targets = {s["id"]: [n if isinstance(n, str) else n["step"] for n in s.get("next", [])] for s in steps}
        assert 7 <= len(steps) <= 9
        assert any(len(t) > 1 for t in targets.values()), f"{path.name} has no branch"
        assert steps[-1]["closes"] is True and steps[-1]["confirm"]
        loops += any(order.index(t) < order.index(s) for s, ts in targets.items() for t in ts)
    assert loops > 0


def test_generated_playbook_is_clean(scale2: tuple[Path, dict[str, int]]) -> None:
    folder, _ = scale2
    result = run_check(folder, today=TODAY)
    assert [f"{f.location} {f.rule} {f.message}" for f in result.findings] == []


@pytest.mark.slow
def test_twice_l_has_distinct_ids_and_is_clean(tmp_path: Path) -> None:
    """2× L is past the 19,321 questions the first vocabulary could make distinct."""
    counts = gen.generate("2L", tmp_path, seed=1)
    assert counts["questions"] == 20_000 and counts["journeys"] == 2_000
    questions = _questions(tmp_path)
    assert len({q["id"] for q in questions}) == len({q["ask"] for q in questions}) == 20_000
    journeys = [p.stem for p in (tmp_path / "journeys").rglob("*.yaml")]
    assert len(set(journeys)) == len(journeys) == 2_000
    result = run_check(tmp_path, today=TODAY)
    assert [f"{f.location} {f.rule} {f.message}" for f in result.findings] == []


@pytest.mark.slow
def test_size_m_is_clean(tmp_path: Path) -> None:
    gen.generate("M", tmp_path, seed=3)
    result = run_check(tmp_path, today=TODAY)
    assert [f"{f.location} {f.rule} {f.message}" for f in result.findings] == []


def test_script_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "pb"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False)

    first = run("--scale", "1", str(out))
    assert first.returncode == 0, first.stderr
    assert "questions" in first.stdout
    assert run("XS", str(out)).returncode == 2  # a playbook is there already
    assert run("XS", str(out), "--force").returncode == 0
    assert run(str(out)).returncode == 2  # neither a size nor --scale
