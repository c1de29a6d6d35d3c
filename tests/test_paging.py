"""Long lists on pages of their own: the journeys by segment, people by name, a department's long lists — each
entry on exactly one page of its list, every page linked, no page over 150 KB; small playbooks keep one page."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import FIXED_TODAY
from journeybook.check import run_check
from journeybook.pages import department as department_pages
from journeybook.pages import lists, page_paths, render_changes, render_pages
from journeybook.pages.paging import paged
from test_benchmark_generator import gen

LIMITS = (
    lists.JOURNEYS_PER_PAGE,
    lists.PEOPLE_PER_PAGE,
    lists.TOPICS_PER_PAGE,
    department_pages.PAGE_BYTES,
)  # before any test patches
LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")


def generated(folder: Path, **counts: int) -> Path:
    """A clean generated playbook (benchmarks/gen) with these counts of questions, journeys, departments…"""
    size = gen.Size(**{"questions": 200, "journeys": 60, "departments": 6, "people": 60, "tools": 8, **counts})
    for relative, content in gen.render(gen.build(size, 1), "paging").items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return folder


def links(folder: str, text: str) -> set[str]:
    """The pages a page's Markdown links to, as docs paths."""
    found = set()
    for target in LINK.findall(text):
        parts: list[str] = [] if folder in ("", ".") else folder.split("/")
        for part in target.split("/"):
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        found.add("/".join(parts))
    return found


def journey_ids(text: str) -> list[str]:
    return [id for id in re.findall(r"\]\((?:\.\./)+journeys/([a-z0-9-]+)\.md\)", text) if id != "index"]


# --- cutting a list -------------------------------------------------------------------------


def test_a_short_list_keeps_its_order_on_one_page() -> None:
    names = ["Zoe", "adam", "Mia"]
    (part,) = paged("People", "people", names, 3, str).parts
    assert (part.path, part.label, part.items) == ("people.md", "", ("Zoe", "adam", "Mia"))


def test_a_long_list_is_cut_by_name_into_nearly_equal_labelled_parts() -> None:
    names = [f"{letter}{n}" for letter in "dcbae" for n in range(4)]  # 20 names
    parts = paged("People", "people", names, 7, str).parts
    assert [part.path for part in parts] == ["people.md", "people/2.md", "people/3.md"]
    assert [len(part.items) for part in parts] == [7, 7, 6]
    assert [part.label for part in parts] == ["A–B", "B–D", "D–E"]
    assert [name for part in parts for name in part.items] == sorted(names)


def test_labels_take_more_letters_when_one_letter_does_not_tell_the_parts_apart() -> None:
    names = ["“Can I pay later?”", "Can I return it?", "Can my son call?", "Could you ring me?"]
    assert [part.label for part in paged("Q", "q", names, 2, str).parts] == ["Ca", "Ca–Co"]


# --- a large playbook's pages ---------------------------------------------------------------


@pytest.fixture(scope="module")
def small_limits() -> object:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lists, "JOURNEYS_PER_PAGE", 12)
        patch.setattr(lists, "PEOPLE_PER_PAGE", 15)
        patch.setattr(lists, "TOPICS_PER_PAGE", 4)
        patch.setattr(department_pages, "PAGE_BYTES", 6_000)
        yield patch


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory, small_limits: object) -> tuple[object, dict[str, str]]:
    source = generated(tmp_path_factory.mktemp("paging") / "playbook")
    result = run_check(source, today=FIXED_TODAY)
    assert not [f for f in result.findings if f.severity == "error"]
    return result, {page.path: page.text for page in render_pages(result)}


def test_each_segment_lists_its_journeys_once_on_pages_the_journeys_page_links(paged_site) -> None:
    result, pages = paged_site
    index = pages["journeys/index.md"]
    assert "| Customers | Journeys |" in index and not journey_ids(index)
    parts = {path: text for path, text in pages.items() if path.startswith("journeys/by-segment/")}
    assert len(parts) > len(result.playbook.segments)  # some segment needs more than one page
    assert set(parts) <= links("journeys", index)
    for segment in result.playbook.segments.values():
        mine = {
            path: text for path, text in parts.items() if re.match(rf"journeys/by-segment/{segment.id}(/|\.md)", path)
        }
        listed = [journey_id for text in mine.values() for journey_id in journey_ids(text)]
        expected = [j.id for j in result.playbook.journeys.values() if segment.id in j.segments]
        assert sorted(listed) == sorted(expected)  # each of its journeys exactly once
        assert all(len(journey_ids(text)) <= 12 for text in mine.values())
        assert f"| [{segment.name}](../journeys/by-segment/{segment.id}.md)" in index
        assert f"| {len(expected)} |" in index.split(f"[{segment.name}]", 1)[1].split("\n", 1)[0]
    page = parts["journeys/by-segment/consumer/2.md"]
    breadcrumb = "\n[Journeys](../../../journeys/index.md) › Consumer\n\n# Journeys: Consumer ("
    assert page.split("---\n", 2)[2].startswith(breadcrumb)
    assert "Pages: [A" in page and "(../../../journeys/by-segment/consumer.md)" in page  # back to the first part


def test_people_are_listed_by_name_each_on_exactly_one_page(paged_site) -> None:
    result, pages = paged_site
    people = {path: text for path, text in pages.items() if path == "people.md" or path.startswith("people/")}
    assert len(people) == 4  # 60 people, 15 a page
    assert set(people) - {"people.md"} <= links("", pages["people.md"])
    rows = [
        line for text in people.values() for line in text.splitlines() if line.startswith("| ") and "---" not in line
    ]
    names = [html.unescape(row.split(" | ")[0][2:]) for row in rows if not row.startswith("| Person |")]
    assert sorted(names) == sorted(p.name for p in result.playbook.people.values())
    assert names == sorted(names, key=str.casefold)
    assert "[People](../people.md) › " in people["people/2.md"]


def test_the_questions_page_lists_each_topic_once_over_pages_it_links(paged_site) -> None:
    result, pages = paged_site
    parts = ["questions/index.md"] + sorted(path for path in pages if path.startswith("questions/topics/"))
    assert len(parts) >= 3 and set(parts[1:]) <= links("questions", pages["questions/index.md"])
    listed = [
        t for path in parts for t in re.findall(r"^- \[.*?\]\((?:\.\./)+topics/([a-z0-9-]+)\.md\)", pages[path], re.M)
    ]
    assert sorted(listed) == sorted({q.topic for q in result.playbook.questions.values()})
    assert all(len(re.findall(r"^- ", pages[path], re.M)) <= 4 for path in parts)
    assert "[Questions](../../questions/index.md) › " in pages["questions/topics/2.md"]


def test_a_departments_long_lists_move_to_pages_it_links(paged_site) -> None:
    result, pages = paged_site
    moved = [path for path in pages if path.startswith("departments/") and path.count("/") > 1]
    assert {path.split("/")[2].removesuffix(".md") for path in moved} >= {"answers", "handed-in", "handed-on"}
    for department in result.playbook.departments.values():
        page = pages[f"departments/{department.id}.md"]
        own = [path for path in moved if path.startswith(f"departments/{department.id}/")]
        assert set(own) <= links("departments", page)
        answers = [path for path in own if "/answers" in path]
        if answers:
            listed = [
                q
                for path in answers
                for q in re.findall(r"^- \[.*?\]\(\.\./\.\./(?:\.\./)?questions/([a-z0-9-]+)\.md\)", pages[path], re.M)
            ]
            expected = [a.question for a in result.playbook.answers if a.by == department.id]
            assert sorted(listed) == sorted(expected)
            assert f"{len(expected)} questions, by name: " in page


def test_every_link_of_a_paged_site_leads_to_a_page(paged_site) -> None:
    _, pages = paged_site
    for path, text in pages.items():
        assert links(str(Path(path).parent), text) <= set(pages), path


def test_serve_rerenders_a_lists_other_pages_with_it(tmp_path: Path, small_limits: object) -> None:
    source = generated(tmp_path / "playbook")
    before = run_check(source, today=FIXED_TODAY)
    shown = {page.path: page.text for page in render_pages(before)}
    journey = next(j for j in before.playbook.journeys.values() if "consumer" in j.segments)
    file = source / journey.src.file
    file.write_text(file.read_text(encoding="utf-8").replace(journey.title, "Aaaa first of all", 1), encoding="utf-8")
    after = run_check(source, today=FIXED_TODAY)
    paths, rendered = render_changes(before, after, [journey.src.file], set(shown))
    full = {page.path: page.text for page in render_pages(after)}
    assert paths == list(full)
    incremental = {**shown, **{page.path: page.text for page in rendered}}
    assert {path: incremental[path] for path in full} == full


def test_a_small_playbook_keeps_one_journeys_and_one_people_page(tmp_path: Path, monkeypatch) -> None:
    names = ("JOURNEYS_PER_PAGE", "PEOPLE_PER_PAGE", "TOPICS_PER_PAGE", "PAGE_BYTES")
    for module, name, value in zip((lists, lists, lists, department_pages), names, LIMITS, strict=True):
        monkeypatch.setattr(module, name, value)  # the shipped limits, whatever ran before
    paths = page_paths(run_check(generated(tmp_path / "playbook"), today=FIXED_TODAY))
    assert not [path for path in paths if path.startswith(("journeys/by-segment", "people/", "questions/topics/"))]
    assert not [path for path in paths if path.startswith("departments/") and path.count("/") > 1]


def test_the_parts_are_the_same_on_every_build(paged_site) -> None:
    result, pages = paged_site
    assert {page.path: page.text for page in render_pages(result)} == pages


# --- sizes, built ---------------------------------------------------------------------------


@pytest.mark.slow
def test_no_page_of_a_large_playbooks_site_is_over_150_kb(tmp_path: Path) -> None:
    """Lists past every limit (people, journeys by segment, departments answering a thousand questions each)
    built with MkDocs: without paging the People page and each department's page would be well over 150 KB."""
    from journeybook.site import build_site

    source = generated(tmp_path / "playbook", questions=2000, journeys=300, departments=6, people=400, tools=12)
    result = run_check(source, today=FIXED_TODAY)
    site = build_site(result, tmp_path / "site").site_dir
    sizes = {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")}
    assert len([path for path in sizes if path.startswith("departments/") and path.count("/") > 2]) >= 20
    assert {path: size for path, size in sizes.items() if size > 150_000} == {}
