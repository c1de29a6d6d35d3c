"""The engine's Markdown shortcut (fastblocks, mdrender) gives every page exactly what MkDocs' Page.render gives.

The engine converts plain paragraphs, lists and admonitions itself and reuses
one Markdown instance; a build must still be the one `mkdocs build` makes of
the kept docs folder. These tests convert the same pages both ways and compare
everything MkDocs keeps of a page: its HTML, table of contents, title, anchors
and links to anchors.
"""

from __future__ import annotations

import functools
import importlib.util
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import FIXED_TODAY, ROOT
from journeybook.check import run_check
from journeybook.site import docs_files, write_docs

MKDOCS_YML = """\
site_name: Shortcut
theme: {name: material, font: false}
plugins: []
markdown_extensions: [admonition, attr_list, md_in_html, tables, {toc: {permalink: true}}]
"""

# Blocks that look plain but are not, next to blocks that are: each document must come out the same both ways.
DOCUMENTS = {
    "question-like": """# Can I &#40;really&#41; book it?

**Customers also ask:** “book it” · “can I book”

- <span data-search-exclude="true">**Owner:** Alex &#40;North&#41; · alex@example.com</span>
- **Review by:** 2027-08-23
- **Question id:** can-i-book

<h2 class="jb-answers">Answers</h2>

!!! quote "Warranty &#40;North&#41; — from 2026-01-01"
    **Decision:** no

    We book it with you by phone.<br>Or in a store.

    **Internal — for staff, don't read out:** Note it.


## Used in { #used-in data-search-exclude="true" }

- [Repair](other.md#fix) — step “Fix it”
- **[Other](other.md)**: [Fix](other.md#fix), [Here](#used-in)
""",
    "loose lists": "- one\n- two\n\n- three\n\nText\n\n- four\n\n    indented\n\n1. five\n\n- six\n",
    "admonitions": (
        '!!! note "A"\n    one\n\n    - a\n    - b\n\n!!! note "B"\n    x\n\n        code\n\n'
        '!!! warning\n    untitled\n\n!!! tip ""\n    empty title\n\npara\n    lazy\n'
    ),
    "inline edge cases": (
        "a *em* b\n\nc _em_ d\n\n![img](other.md)\n\nsee ![x] [y](other.md)\n\n**bold**x**bold**\n\n"
        "** not bold **\n\n***three***\n\n**[a](other.md) and [b](missing.md)**\n\n[ref]: other.md\n\n"
        "[a][ref] and [ref]\n\nline with two spaces  \nnext\n\n`code` and \\*escaped\\*\n\n"
        "a & b < c > d\n\n&copy; &#169; &#xA9; &bogus\n\n<span>tag</span> start\n\ntext {: .x }\n\n"
        "[abs](/other.md) [ext](https://example.com) [dir](sub/) [self](#top) [q](other.md?x=1)\n\n"
        "<div>block</div>\n\npara\n===\n\n- - -\n\n- a\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    ),
    "tables": (
        "| Journey | From | To |\n|---|:---|:-:|\n| [Repair](other.md) | [Fix](other.md#fix) (North) | **x** |\n"
        "| [Repair](other.md#fix) | |\n| a | b | c | d |\n|  [Again](other.md#fix)  | &#124; | &amp; |\n\n"
        "| right | none |\n| --: | --- |\n| 1 | 2 |\n\n| head only | x |\n|---|---|\n\n"
        "| code | x |\n|---|---|\n| `a|b` | c |\n\n| one |\n|---|\n| 1 |\n\n"
        "no border | x\n---|---\n1 | 2\n\n| left open | x\n|---|---|\n| 1 | 2\n\n"
        "| a | b |\n|---|---|\n| *em* | [miss](missing.md) |\n\n| a | b |\n|---|---|\n| [in](#fix) | c |\n"
    ),
    # Raw <div> blocks: stashed before the HTML parsers where both would keep them whole, and their ids noted.
    "lifted blocks": (
        '# Lanes\n\n<div class="lanes" data-x>\n<svg width="10"><title id="t">Lanes &amp; more</title>'
        '<marker id="arrow"/><g><a name="n" href="other.md">x</a><a id>y</a></g></svg>\n</div>\n\n'
        "- [x](#t) [y](#arrow)\n\n"
        '<div class="say" markdown>\n!!! quote "A"\n    b\n</div>\n\n<div id="second">\ntext\n</div>\n'
    ),
    "blocks left to the parsers": (
        '<div class="a">\n<div id="nested">x</div>\n</div>\n\ntext\n<div id="no-blank-before">\nx\n</div>\n\n'
        '<span>open\n\n<div id="inside-open-span">\nx\n</div>\n\n</span>\n\n'
        '<div id="after">\nx\n</div>\ntext after\n\n<!-- a comment -->\n\n<div id="c">\nx\n</div>\n'
    ),
    # No "<" anywhere: the HTML block pass is skipped unless an "&" would not come back as it went in.
    "no tags, loose ampersands": (
        "# A &amp B &copy;\n\nText &copy without a semicolon & more &#169 and &#x41;\n\n"
        "## Plain heading { #plain }\n\n## Heading *em* and x_y\n\n| a | b |\n|---|---|\n| x_y | 1 |\n"
    ),
    "no tags, whole entities": "# A &amp; B &#39;s\n\n## Plain heading\n\ntext &copy; and &#169;\n",
    "headings and ids": (
        "# Title\n\n## Title\n\ntext\n\n## Title { #title }\n\n- [x](other.md#title)\n"
        '<p id="raw">raw</p>\n\n- <a name="n">named</a>\n'
    ),
}


def _convert_all(docs: Path) -> list[tuple[str, tuple, tuple]]:
    """(page, what Page.render gives, what mdrender.render gives) for every page of `docs`' site."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    from journeybook import mdrender

    config = load_config(str(docs.parent / "mkdocs.yml"))
    assert mdrender.fast_pages(config)
    files = get_files(config)
    results = []
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)
        kept = []
        for render in (page.render, functools.partial(mdrender.render, page)):
            render(config, files)
            kept.append(
                (page.content, str(page.toc), page._title_from_render, page.present_anchor_ids, page.links_to_anchors)
            )
        results.append((file.src_uri, kept[0], kept[1]))
    return results


def _assert_same(results) -> None:
    different = [uri for uri, plain, fast in results if plain != fast]
    assert different == []
    assert results


def test_tricky_documents_convert_as_python_markdown_converts_them(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "docs" / "other.md").write_text('# Other\n\n## Fix { #fix }\n\n<p id="top">x</p>\n', encoding="utf-8")
    for number, text in enumerate(DOCUMENTS.values()):
        (tmp_path / "docs" / f"page{number}.md").write_text(text, encoding="utf-8")
        (tmp_path / "docs" / "sub" / f"page{number}.md").write_text(text.replace("other.md", "../other.md"), "utf-8")
    _assert_same(_convert_all(tmp_path / "docs"))


def test_the_plain_blocks_of_a_question_page_skip_python_markdown() -> None:
    """The shortcut is taken: the owner list and the answers are HTML before Python-Markdown parses blocks."""
    from journeybook.fastblocks import _block, _runs, _Unknown

    class Target:  # a page of the site (hashable, as MkDocs' File)
        def __init__(self, path: str) -> None:
            self.url, self.inclusion = path.removesuffix(".md") + "/", SimpleNamespace(is_excluded=lambda: False)

    Links = SimpleNamespace(  # MkDocs' relpath tree processor, for a page whose links all resolve
        file=SimpleNamespace(src_uri="questions/q.md", url="questions/q/"),
        files=SimpleNamespace(get_file_from_path=Target),
        links_to_anchors={},
        path_to_url=lambda url: url,
    )

    def converted(document: str) -> list[str]:
        lines = document.split("\n")
        Links.__dict__.pop("_journeybook_spellings", None)
        Links._journeybook_source = lines  # as the preprocessor hands it over: its links to anchors are read there
        runs = _runs(lines)
        found = []
        for index, (start, end) in enumerate(runs):
            neighbours = (runs[index - 1] if index else None, runs[index + 1] if index + 1 < len(runs) else None)
            try:
                found.append(_block(lines, start, end, *neighbours, Links))
            except _Unknown:
                pass
        return found

    question = converted(DOCUMENTS["question-like"])
    assert [html.split(">", 1)[0] for html in question] == ["<p", "<ul", '<div class="admonition quote"', "<ul"]
    assert '<p class="admonition-title">Warranty &#40;North&#41; — from 2026-01-01</p>' in question[2]
    tables = converted(DOCUMENTS["tables"])  # bordered tables with plain cells; not code spans, one column, no border
    assert [html.split("\n", 1)[0] for html in tables] == ["<table>"] * 3
    assert '<td style="text-align: left;"><a href="../other/#fix">Fix</a> (North)</td>' in tables[0]
    assert list(Links.links_to_anchors.values()) == [{"fix": "other.md#fix"}]  # the first link to each anchor


def test_every_generated_page_of_the_example_converts_the_same(tmp_path: Path) -> None:
    source = tmp_path / "repo" / "playbooks"
    shutil.copytree(ROOT / "playbooks", source)
    result = run_check(source, today=FIXED_TODAY)
    files, _ = docs_files(result, "staff", [])
    write_docs(tmp_path / "docs", files)
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML + "docs_dir: docs\n", encoding="utf-8")
    _assert_same(_convert_all(tmp_path / "docs"))


@pytest.mark.slow
def test_every_page_of_a_generated_playbook_converts_the_same(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("benchmark_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["benchmark_generate"] = module
    spec.loader.exec_module(module)
    source = tmp_path / "repo" / "playbooks"
    module.generate("M", source, seed=1)
    result = run_check(source, today=FIXED_TODAY)
    files, _ = docs_files(result, "staff", [])
    write_docs(tmp_path / "docs", files)
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML + "docs_dir: docs\n", encoding="utf-8")
    _assert_same(_convert_all(tmp_path / "docs"))
