"""What keeps a large playbook's site fast and small: the search index, page sizes, and serve's page-by-page rebuilds.

The example playbook stands in for a large one: the properties below (what is
indexed, what a list page holds, that an incremental rebuild equals a full
build) do not depend on size; benchmarks/run.py measures the sizes themselves.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXED_TODAY, ROOT
from journeybook.check import run_check
from journeybook.pages import HOME_LIMIT, HOME_QUESTIONS, page_paths, pages_affected, render_pages
from journeybook.site import (
    Preview,
    build_date,
    build_site,
    docs_files,
    excluded_docs,
    mkdocs_config,
    navigation,
    read_handwritten,
    write_docs,
)

EXAMPLE = ROOT / "playbooks"
GLASS_SAY = "No. Fixing a chip costs you nothing"  # an answer of chip-repair-cost, said by the windscreen journey


def example_repo(tmp_path: Path) -> Path:
    """A copy of the example repository (playbook, docs, mkdocs.yml); returns the playbook folder."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo / "playbooks")
    shutil.copytree(ROOT / "docs", repo / "docs", ignore=shutil.ignore_patterns("screenshots"))
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    return repo / "playbooks"


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("scale")
    source = example_repo(tmp)
    return build_site(run_check(source, today=FIXED_TODAY), tmp / "site").site_dir


def search_entries(site: Path) -> list[dict]:
    """The answer finder's documents (questions and journeys), as the browser reads them."""
    from test_site import search_docs

    return search_docs(site)


# --- the search index -----------------------------------------------------------------------


def test_journey_steps_are_left_out_of_search_but_the_question_they_say_is_found(example_site: Path) -> None:
    entries = search_entries(example_site)
    (journey,) = [e for e in entries if e["k"] == "j" and e["id"] == "windscreen-chip"]
    assert journey["u"] == "journeys/windscreen-chip/"
    assert "A stone hit my windscreen" in journey["p"]  # the customer's words find the journey
    assert GLASS_SAY not in json.dumps(journey) and "glass-take-request" not in json.dumps(journey)
    # One entry per question, with its phrasings and every department's answer.
    (page,) = [e for e in entries if e["k"] == "q" and e["id"] == "chip-repair-cost"]
    assert page["u"] == "questions/chip-repair-cost/"
    assert page["a"] == "Do I have to pay to fix a chip in my windscreen?"
    assert "something hit my windscreen" in page["aa"]
    assert any(GLASS_SAY in answer["s"] for answer in page["an"])
    assert any("Repairable: chips smaller than a £1 coin" in answer.get("n", "") for answer in page["an"])  # staff


def test_search_keeps_answers_and_words_not_lists_people_or_owners(example_site: Path) -> None:
    entries = search_entries(example_site)
    assert {e["u"].split("/")[0] for e in entries} == {"questions", "journeys"}  # no lists, people or departments
    text = json.dumps(entries, ensure_ascii=False)
    assert "Owner:" not in text and "Grace Mensah" not in text and "@harbormutual" not in text
    page = (example_site / "questions" / "chip-repair-cost" / "index.html").read_text(encoding="utf-8")
    assert "Grace Mensah" in page  # shown on the page, just not in the finder's index


def test_journey_headings_keep_their_anchors(example_site: Path) -> None:
    page = (example_site / "journeys" / "windscreen-chip" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 [^>]*\bid="glass-take-request">1\. Take the request', page)
    assert re.search(r'<h2 [^>]*\bid="jb-lanes">How the case moves', page)


# --- page sizes -----------------------------------------------------------------------------


def test_lists_point_to_topic_pages_instead_of_listing_every_question(tmp_path: Path) -> None:
    result = run_check(example_repo(tmp_path), today=FIXED_TODAY)
    pages = {page.path: page.text for page in render_pages(result)}
    questions = [q for q in result.playbook.questions.values()]
    topics = {q.topic for q in questions}
    assert {f"topics/{topic}.md" for topic in topics} <= set(pages)
    index = pages["questions/index.md"]
    assert "(../topics/windscreen.md)" in index and "questions/chip-repair-cost.md" not in index
    glass = pages["topics/windscreen.md"]
    assert "# Windscreen chips and replacements" in glass and "(../questions/chip-repair-cost.md)" in glass
    assert "**Owner:** Grace Mensah" in glass
    assert "[Windscreen chips and replacements](topics/windscreen.md)" in pages["index.md"]
    people = pages["people.md"]
    assert "4 questions in [Windscreen chips and replacements](topics/windscreen.md)" in people
    assert "questions/chip-repair-cost.md" not in people


def test_every_page_is_at_most_three_clicks_from_home_when_lists_are_cut(tmp_path: Path) -> None:
    """A playbook with more topics and journeys per segment than the home page lists: every page is still
    reached from home in three clicks or fewer (a click on a tab of the navigation counts as one)."""
    from test_benchmark_generator import gen

    gen.generate(60, tmp_path / "playbook")  # 900 questions in 30 topics, 360 journeys
    result = run_check(tmp_path / "playbook", today=FIXED_TODAY)
    pages = {page.path: page for page in render_pages(result)}
    topics = [path for path in pages if path.startswith("topics/")]
    assert len(topics) > HOME_LIMIT and f"[All {len(topics)} topics](questions/index.md)" in pages["index.md"].text
    tabs = {path for path, page in pages.items() if page.nav_title}
    distance = {"index.md": 0} | {tab: 1 for tab in tabs if tab != "index.md"}
    frontier = list(distance)
    while frontier:
        path = frontier.pop(0)
        folder = Path(path).parent
        for target in re.findall(r"\]\(([^)#]+\.md)(?:#[^)]*)?\)", pages[path].text):
            resolved = (folder / target).as_posix()
            while "/../" in f"/{resolved}" or resolved.startswith("../"):
                resolved = re.sub(r"(^|/)[^/.][^/]*/\.\./", r"\1", resolved, count=1)
            if resolved in pages and resolved not in distance:
                distance[resolved] = distance[path] + 1
                frontier.append(resolved)
    assert set(pages) - set(distance) == set()
    assert max(distance.values()) <= 3
    home = pages["index.md"].text
    assert len(re.findall(r"\(questions/[a-z0-9-]+\.md\)", home)) <= HOME_LIMIT * HOME_QUESTIONS  # not all 900


def test_home_lists_at_most_a_few_questions_per_topic(tmp_path: Path) -> None:
    source = example_repo(tmp_path)
    policy = source / "policies" / "glass.yaml"
    extra = "".join(
        f"  - id: glass-extra-{n}\n    ask: Extra glass question number {n}?\n"
        f"    answers:\n      - by: repair-network\n        decision: yes\n        say: Yes, number {n}.\n"
        for n in range(HOME_QUESTIONS + 3)
    )
    policy.write_text(policy.read_text(encoding="utf-8").replace("questions:\n", "questions:\n" + extra, 1))
    pages = {page.path: page.text for page in render_pages(run_check(source, today=FIXED_TODAY))}
    home = pages["index.md"]
    assert "glass-extra-1.md" in home and f"glass-extra-{HOME_QUESTIONS}.md" not in home
    assert "[All 17 questions](topics/windscreen.md)" in home
    assert f"glass-extra-{HOME_QUESTIONS + 2}.md" in pages["topics/windscreen.md"]


# --- serve: only what changed is rebuilt, and the result equals a full build ----------------


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = [
    ("an answer's words", "policies/glass.yaml", "doesn't affect your\n          no-claims", "never costs a bonus"),
    ("a question's ask", "policies/glass.yaml", "Do I have to pay to fix a chip", "Must I pay to fix a chip"),
    ("an answer's decision", "policies/glass.yaml", "decision: no\n", "decision: free\n"),
    ("a question's phrasings", "policies/glass.yaml", "      - stone chip\n", ""),
    (
        "a question's owner",
        "policies/glass.yaml",
        "  - id: chip-repair-cost\n",
        "  - id: chip-repair-cost\n    owner: daniel-novak\n",
    ),
    ("a journey's title", "journeys/windscreen-chip.yaml", "title: There's a chip", "title: A chip"),
    (
        "a new question",
        "policies/glass.yaml",
        "questions:\n",
        "questions:\n  - id: glass-tint\n    ask: Can you tint my new windscreen?\n    answers:\n"
        "      - by: repair-network\n        decision: no\n        say: We fit clear glass only.\n",
    ),
    ("a journey's step", "journeys/windscreen-chip.yaml", "title: Book the glass technician", "title: Book a fitter"),
    ("a journey's question", "journeys/windscreen-chip.yaml", "say: [chip-repair-cost]", "say: [glass-tint]"),
    ("a removed question", "policies/glass.yaml", "  - id: glass-tint\n", "  - id: glass-tinted\n"),
    ("a department's name", "org.yaml", "name: Repair Network", "name: Repair Partners"),
]


def full_site_files(site: Path) -> dict[str, object]:
    """A built site as comparable data: every file's bytes, the search index as a sorted list, sitemaps by URL."""
    files: dict[str, object] = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if name.startswith("sitemap.xml"):
            text = (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")
            files[name] = sorted(re.findall(r"<loc>(.*?)</loc>", text))
        else:
            files[name] = data
    return files


@pytest.mark.parametrize("audience", ["staff", "public"])
def test_serve_rebuilds_only_what_an_edit_reaches_and_ends_where_a_full_build_would(
    tmp_path: Path, audience: str
) -> None:
    source = example_repo(tmp_path)
    said: list[str] = []
    preview = Preview(source, audience, said.append, tmp_path / "work")
    assert preview.rebuild() and said[-1].endswith("the browser reloads.")
    total = len(page_paths(run_check(source, today=FIXED_TODAY), audience))
    for label, file, old, new in EDITS:
        edit(source / file, old, new)
        assert preview.rebuild(), label
        if file.startswith(("policies/", "journeys/")):
            rendered = int(re.search(r"(\d+) of \d+ pages rendered", said[-1]).group(1))
            assert rendered < total, (label, said[-1])  # not every page was rendered again
        result = run_check(source)
        full = tmp_path / f"full-{label.replace(' ', '-')}"
        build_site(result, full, audience)
        handwritten = read_handwritten(source.parent / "docs", audience, excluded=excluded_docs(source.parent))
        files, _ = docs_files(result, audience, handwritten)
        expected = {f.path: f.data for f in files}
        kept = {p.relative_to(preview.docs).as_posix(): p.read_bytes() for p in preview.docs.rglob("*") if p.is_file()}
        index = "assets/journeybook/finder-index.js"  # serve leaves the pre-built index out (the page builds it)
        assert kept.pop(index).split(b"\n")[0] == expected.pop(index).split(b"\n")[0], label
        assert kept == expected, label
        kept_site, full_site = full_site_files(preview.site), full_site_files(full)
        assert kept_site.pop(index).split(b"\n")[0] == full_site.pop(index).split(b"\n")[0], label
        assert kept_site == full_site, label


def test_an_answer_reaches_its_question_journeys_and_topic_and_its_decision_departments(tmp_path: Path) -> None:
    source = example_repo(tmp_path)
    before = run_check(source, today=FIXED_TODAY)
    edit(source / "policies/glass.yaml", "doesn't affect your\n          no-claims", "never costs a bonus")
    after = run_check(source, today=FIXED_TODAY)
    affected = pages_affected(before, after, {"policies/glass.yaml"})
    assert affected == {  # where its words show: the question, the journey, and the journey's call kit
        "questions/chip-repair-cost.md",
        "journeys/windscreen-chip.md",
        "audits/windscreen-chip.md",
        "audits/index.md",  # test callers heard this question: what was wrong may have changed
    }
    edit(source / "policies/glass.yaml", "decision: no\n", "decision: free\n")  # departments list decisions
    affected = pages_affected(after, run_check(source, today=FIXED_TODAY), {"policies/glass.yaml"})
    assert "departments/repair-network.md" in affected and "departments/customer-care.md" not in affected
    assert "questions/renewal-price-increase.md" not in affected and "journeys/cancel-policy.md" not in affected
    assert pages_affected(before, after, {"org.yaml"}) is None  # names used on every page


# --- the build on several processes -----------------------------------------------------------

ENGINE_BUILD = """
import sys
from pathlib import Path
from journeybook.engine import full_build
from journeybook.site import build_date, mkdocs_config, navigation
from journeybook.check import run_check
from journeybook.pages import render_pages
from datetime import date

source, docs, site = map(Path, sys.argv[1:4])
result = run_check(source, today=date.fromisoformat(sys.argv[4]))
nav = navigation(render_pages(result), [])
with build_date(result.context.today):
    session = full_build(mkdocs_config(result, source.parent, docs, site, nav))
print(session.workers)
"""


def test_a_build_on_two_processes_equals_plain_mkdocs_byte_for_byte(tmp_path: Path) -> None:
    """engine.full_build renders pages in forked workers; the site must be the one `mkdocs build` makes."""
    from mkdocs.commands.build import build

    source = example_repo(tmp_path)
    result = run_check(source, today=FIXED_TODAY)
    files, pages = docs_files(result, "staff", [])
    write_docs(tmp_path / "docs", files)
    config = mkdocs_config(result, source.parent, tmp_path / "docs", tmp_path / "plain", navigation(pages, []))
    with build_date(FIXED_TODAY):
        build(config)
    env = {**os.environ, "JOURNEYBOOK_WORKERS": "2", "PYTHONPATH": str(ROOT / "generator")}
    arguments = [str(source), str(tmp_path / "docs"), str(tmp_path / "two"), FIXED_TODAY.isoformat()]
    done = subprocess.run(
        [sys.executable, "-c", ENGINE_BUILD, *arguments], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2"  # the pages really were split between two processes

    def everything(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}

    plain, two = everything(tmp_path / "plain"), everything(tmp_path / "two")
    assert sorted(plain) == sorted(two)
    assert [name for name in plain if plain[name] != two[name]] == []  # search index order and sitemap included
