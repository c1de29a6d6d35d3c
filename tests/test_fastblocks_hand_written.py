"""Hand-written docs pages a user could put beside the generated ones convert as Python-Markdown converts them.

The engine's shortcuts (fastblocks, rawblocks, mdrender) must give MkDocs'
Page.render output for any page, not only journeybook's own: these pages try
the edges of what the shortcuts take (tables, raw <div> blocks, entities,
blank-looking lines, links to other, excluded and percent-encoded pages) with
several sites' settings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_fastblocks import _assert_same, _convert_all

PAGES = {
    "table escaped pipe": "| a | b |\n|---|---|\n| x \\| y | z |\n",
    "table amp cells": "| a | b |\n|---|---|\n| &amp; | &copy |\n| A & B | &#124; |\n",
    "table br": "| a | b |\n|---|---|\n| x<br>y | z |\n",
    "table trailing spaces": "| a | b |   \n|---|---|  \n| 1 | 2 |  \n",
    "table align spaces": "| a | b | c |\n| :--- | ---: | :---: |\n| 1 | 2 | 3 |\n",
    "table align inner spaces": "| a | b |\n| - - | --- |\n| 1 | 2 |\n",
    "table leading spaces": "  | a | b |\n  |---|---|\n  | 1 | 2 |\n",
    "table mixed leading": "| a | b |\n   |---|---|\n| 1 | 2 |\n",
    "table four leading": "    | a | b |\n    |---|---|\n    | 1 | 2 |\n",
    "table after paragraph": "Some text\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "table after para blank": "Some text\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "table after list": "- item\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "table after list tight": "- item\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "table continuation": "| a | b |\n|---|---|\n| 1 | 2 |\n    indented\n",
    "table then indented": "| a | b |\n|---|---|\n| 1 | 2 |\n\n    code\n",
    "table tabs": "| a\t| b |\n|---|---|\n| 1 |\t2 |\n",
    "table empty cells": "| a | b |\n|---|---|\n|  |  |\n| | |\n",
    "table double pipe": "| a | b |\n|---|---|\n|| 2 |\n",
    "table extra cells": "| a | b |\n|---|---|\n| 1 | 2 | 3 |\n",
    "table one dash": "| a | b |\n|-|-|\n| 1 | 2 |\n",
    "table sep only colons": "| a | b |\n|:|:|\n| 1 | 2 |\n",
    "table strong": "| a | b |\n|---|---|\n| **x** y | **[l](other.md)** |\n",
    "table nbsp": "| a | b |\n|---|---|\n| \xa0x\xa0 | y |\n",
    "table unicode spaces": "| a | b |\n|---|---|\n|\u2003x | y |\n",
    "table header link": "| [h](other.md) | b |\n|---|---|\n| 1 | 2 |\n",
    "table cell tag": "| a | b |\n|---|---|\n| <span>x</span> | <b>y</b> |\n",
    "table cell tag attr": '| a | b |\n|---|---|\n| <span class="x">x</span> | y |\n',
    "table cell bang link": "| a | b |\n|---|---|\n| ![x](other.md) | y |\n",
    "table cell attr_list": "| a | b |\n|---|---|\n| x {: .c } | y |\n",
    "table cell colon": "| a | b |\n|---|---|\n| : | :- |\n",
    "table cell only dash": "| a | b |\n|---|---|\n| - | --- |\n",
    "table then para": "| a | b |\n|---|---|\n| 1 | 2 |\ntext\n",
    "table header only spaces": "|   |   |\n|---|---|\n| 1 | 2 |\n",
    "table in admonition": '!!! note "T"\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n',
    "table setext": "| a | b |\n|---|---|\n| 1 | 2 |\n---\n",
    "table percent link": "| a | b |\n|---|---|\n| [x](my%20page.md) | y |\n",
    "table cr": "| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n",
    "div single quotes": "<div class='lanes'>\n<svg id='s'><g id=\"g\"></g></svg>\n</div>\n\n- [x](#s)\n",
    "div uppercase": '<DIV id="up">\n<SVG id="s2"></SVG>\n</DIV>\n\ntext\n',
    "div mixed end": '<div id="m">\n<svg></svg>\n</DIV>\n\ntext\n',
    "div upper end": '<div id="m2">\n<p>x</p>\n</DIV>\n\ntext\n',
    "div spanning tag": '<div id="sp">\n<svg\n  width="10"></svg>\n</div>\n\ntext\n',
    "div spanning open": '<div id="so"\n class="x">\n<svg></svg>\n</div>\n\ntext\n',
    "div comment": '<div id="cm">\n<!-- c -->\n</div>\n\ntext\n',
    "div a name": (
        '<div id="an">\n<a name="anchor1">x</a><A NAME="anchor2">y</A>\n</div>\n\n[j](#anchor1) [k](#anchor2)\n'
    ),
    "div id entity": '<div id="a&amp;b">\n<span id="c&#39;d">x</span>\n</div>\n\n[j](#a&b)\n',
    "div id uppercase attr": '<div ID="UP">\n<span Id="x">x</span>\n</div>\n\n[j](#UP)\n',
    "div trailing space close": '<div id="ts">\nx\n</div> \n\ntext\n',
    "div trailing space open": '<div id="to"> \nx\n</div>\n\ntext\n',
    "div indented close": '<div id="ic">\nx\n  </div>\n\ntext\n',
    "div empty attr": '<div id="">\nx\n</div>\n\ntext\n',
    "div duplicate id": '<div id="d1" id="d2">\nx\n</div>\n\ntext\n',
    "div with markdown content": '<div id="mc">\n**bold** [l](other.md)\n</div>\n\ntext\n',
    "div self closing": '<div id="sc"/>\n<span>x</span>\n</div>\n\ntext\n',
    "div at end no newline": '<div id="e">\nx\n</div>',
    "div first line": '<div id="f">\nx\n</div>\n\n## H\n\n<div id="g">\n<b>y</b>\n</div>\n',
    "div unclosed inner": '<div id="u">\n<span>x\n</div>\n\ntext\n',
    "div closing other": '<div id="co">\n</span>\n</div>\n\ntext\n',
    "div in list": '- item\n\n<div id="il">\nx\n</div>\n\n- next\n',
    "div after indented": '    code\n\n<div id="ai">\nx\n</div>\n',
    "div in admonition": '!!! note "N"\n    text\n\n<div id="ad">\nx\n</div>\n',
    "div in fenced": '```\n<div id="fe">\nx\n</div>\n```\n\n<div id="af">\ny\n</div>\n',
    "div in code span": '`<b>` x\n\n<div id="cs">\ny\n</div>\n',
    "div tab attr": '<div\tid="tab">\nx\n</div>\n\ntext\n',
    "div hr void": '<div id="hv">\n<hr><br/><img src="x">\n</div>\n\ntext\n',
    "div p inside": '<div id="pi">\n<p>a\n<p>b\n</div>\n\ntext\n',
    "div title": '<div id="ti">\n<svg><title>a</title></svg>\n</div>\n\ntext\n',
    "div title nested tag": '<div id="tn">\n<svg><title><b>a</b></title></svg>\n</div>\n\ntext\n',
    "div textarea": '<div id="ta">\n<textarea></textarea>\n</div>\n\ntext\n',
    "div attr no value": "<div hidden id=x>\nx\n</div>\n\ntext\n",
    "div escaped lt": '<div id="el">\nx\n</div>\n\n\\<div id="no">\n',
    "div amp text": '<div id="at">\nA & B &copy\n</div>\n\ntext\n',
    "div gt in text": '<div id="gt">\na > b\n</div>\n\ntext\n',
    "div xmp/plaintext": '<div id="xm">\n<xmp>x</xmp>\n</div>\n\ntext\n',
    "div then html comment": '<div id="hc">\nx\n</div>\n\n<!--\n<div id="hid">\n-->\n',
    "div reference def": '[ref]: other.md\n\n<div id="rd">\nx\n</div>\n\n[a][ref]\n',
    "div in blockquote": '> quote\n\n<div id="bq">\nx\n</div>\n',
    "div blockquote lazy": '> quote\n<div id="bl">\nx\n</div>\n',
    "div after list tight": '- a\n<div id="lt">\nx\n</div>\n',
    "div markdown 1": '<div markdown="1" id="m1">\n**b**\n</div>\n\ntext\n',
    "div data markdown": '<div data-markdown="x" id="dm">\nx\n</div>\n\ntext\n',
    "div closing with attrs": '<div id="cw">\nx\n</div >\n\ntext\n',
    "div id with space": '<div id="a b">\nx\n</div>\n\n[a](#a%20b)\n',
    "div divider word": '<div id="dw">\n<span class="divider">x</span>\n</div>\n\ntext\n',
    "div pre": '<div id="pr">\n<pre>x\n\n</pre>\n</div>\n\ntext\n',
    "div style attr": '<div id="st" style="color: red">\nx\n</div>\n\ntext\n',
    "div code attr": '<div id="ca">\n<span>`x`</span>\n</div>\n\ntext\n',
    "div cdata": '<div id="cd">\n<![CDATA[x]]>\n</div>\n\ntext\n',
    "div pi": '<div id="pI">\n<?php x ?>\n</div>\n\ntext\n',
    "div doctype": '<!DOCTYPE html>\n\n<div id="dt">\nx\n</div>\n',
    "div entity attr": '<div id="ea" title="a&amp;b">\nx\n</div>\n\ntext\n',
    "div gt attr": '<div id="ga" title="a>b">\nx\n</div>\n\ntext\n',
    "heading entities": "# A &amp; B\n\n## x_y_z\n\n## &copy; 2026 &#x41;\n\n### a__b__c\n\n[l](#x_y_z)\n",
    "heading ampersand": "# Tom & Jerry\n\n## Q&A\n\n## AT&T;\n",
    "hard breaks": "line one  \nline two\n\n- item  \n\ntext   \nmore\n\n**bold**  \nnext\n",
    "hard break last": "para ends with two spaces  \n",
    "same page anchors": (
        "# T\n\n## A\n\n## B\n\n- [a](#a) [b](#b) [a again](#a) [c](#c)\n\n[x](page_self.md#a) [y](page_self.md#zz)\n"
    ),
    "other anchors": (
        "- [a](other.md#fix) [b](other.md#missing) [c](other.md#fix)\n\n[d](other.md#missing)\n\n[e](./other.md#fix)\n"
    ),
    "excluded links": "- [e](drafts.md) [f](drafts.md#x)\n\n[g](drafts.md)\n",
    "percent links": "- [p](my%20page.md) [q](my%20page.md#a) [r](my page.md)\n\n[s](my%20page.md)\n",
    "links case": "- [p](Other.md) [q](OTHER.MD)\n\n[r](other.MD)\n",
    "links dirs": "- [p](sub/) [q](sub/index.md) [r](sub/README.md)\n\n[s](sub/page0.md) [t](../other.md)\n",
    "links nonmd": "- [p](img.png) [q](file.txt)\n\n[r](other)\n",
    "links dot segments": "- [p](./other.md) [q](sub/../other.md) [r](.//other.md)\n\n[s](sub//page0.md)\n",
    "links query": "- [p](other.md?x) [q](other.md#a#b)\n",
    "links empty anchor": "- [p](other.md#) [q](#)\n",
    "links index": "- [p](index.md) [q](index.md#h)\n",
    "links title": '- [p](other.md "title")\n',
    "links trailing dot": "- [p](other.md.)\n\n[q](other.md~)\n",
    "links tilde": "- [p](oth~er.md)\n",
    "list varieties": "- a\n- b\n* c\n\n- d\n-  e\n- f\n",
    "list with html": "- <b>x</b> y\n- <span>a</span>  \n- <em>c</em>\n",
    "para starting tag": "<b>bold</b> text\n\n<span>x</span>\n",
    "entities para": "A &amp B &#x; &#; &a1; &1a; &Aacute;\n",
    "entity numeric big": "&#99999999; &#0; &#xD800;\n",
    "strong nested": "**a **b** c**\n\n**a [l](other.md) b**\n\n****\n\n**x**y**z**\n",
    "brackets": "[not a link] text\n\n[l](other.md)[m](other.md)\n\n[](other.md)\n",
    "curly": "text {: #id }\n\n{ #x }\n",
    "emphasis": "snake_case_word and __init__\n",
    "backslash": "a\\b\n",
    "unicode": "café — “q” \xa0nbsp\n\n- éè\n",
    "whitespace lines": "para\n \nnext\n\t\nthird\n",
    "tabs": "- a\tb\n\ntext\twith tab\n",
    "cr lines": "para\r\nmore\r\n\r\n- a\r\n- b\r\n",
    "admonition variants": (
        '!!! note "A"\n    text  \n    more\n\n!!! note "B"\n\n'
        '    after blank\n\n!!! Note "C"\n    x\n\n!!! note "D" \n    x\n'
    ),
    "admonition list loose": '!!! note "A"\n    - a\n\n    - b\n',
    "admonition then indented": '!!! note "A"\n    a\n\n        code\n    more\n',
    "admonition amp": '!!! note "A & B"\n    x & y\n',
    "admonition quotes": '!!! note "A &quot; B"\n    x\n',
    "meta": "title: Meta\n\ntext\n",
    "html comment": "<!-- c -->\n\ntext\n\n- a\n",
    "html comment inline": "text <!-- c --> more\n",
    "numbered": "1. a\n2. b\n\n- c\n",
    "para then list": "text\n- a\n- b\n",
    "list then para": "- a\n- b\ntext\n",
    "deep lists": "- a\n    - b\n\n- c\n",
    "hr variants": "text\n\n***\n\n___\n\n- a\n\n* * *\n",
    "lone placeholder chars": "text \x02 and \x03\n",
    "nbsp blank line": "para one\n\xa0\npara two\n",
    "nbsp blank in list": "- a\n\xa0\n- b\n",
    "formfeed blank": "para one\n\x0c\npara two\n",
    "em space blank table": "| a | b |\n|---|---|\n| 1 | 2 |\n\u2003\ntext\n",
    "nbsp gap merge": "para one\n\n\xa0\n\npara two\n",
    "div child markdown": '<div id="cmk">\n<p markdown="1">**b**</p>\n</div>\n\ntext\n',
    "div xmp unclosed": '<div id="xu">\n<xmp>\n</div>\n\n<p id="after-xmp">x</p>\n',
    "div iframe unclosed": '<div id="iu">\n<iframe>\n</div>\n\n<p id="after-iframe">x</p>\n',
    "div noscript": '<div id="ns">\n<noscript>\n</div>\n\n<p id="after-ns">x</p>\n',
    "div plaintext": '<div id="pt">\n<plaintext>\n</div>\n\n<p id="after-pt">x</p>\n',
    "div unclosed span then id": '<div id="us">\n<span>\n</div>\n\n<p id="after-us">x</p>\n',
    "div close upper then lower": '<div id="cul">\n</DIV>\n</div>\n\ntext\n',
    "div Div": '<Div id="Dv">\nx\n</Div>\n\ntext\n',
    "div title unclosed": '<div id="tu">\n<title>\n</div>\n\n<p id="after-title">x</p>\n',
    "div textarea pair": '<div id="tp">\n<textarea>x</textarea>\n</div>\n\n<p id="after-ta">x</p>\n',
    "div title then div": '<div id="ttd">\n<title></title><title>\n</div>\n\n<p id="after-tt">x</p>\n',
    "div unclosed comment later": '<div id="ucl">\nx\n</div>\n\ntext <!-- open\n\n<p id="after-c">x</p>\n',
    "div svg style attr only": '<div id="ssa">\n<svg><g style="fill: red"></g></svg>\n</div>\n',
    "div void close": '<div id="vc">\n<br></br>\n</div>\n\ntext\n',
    "div foreign self close": '<div id="fsc">\n<span/>\n</div>\n\n<p id="after-fsc">x</p>\n',
    "div inner close extra": '<div id="ice">\n</p>\n</div>\n\n<p id="after-ice">x</p>\n',
    "div p close": '<div id="pc">\n<p>x</p></span>\n</div>\n\ntext\n',
    "ampersand only doc": "&\n",
    "empty doc": "",
    "blank doc": "\n\n\n",
    "entities more": "&#X41; &#x41g; &a-b; &ab_c; &#12a; &amp;&amp; &;\n",
    "gt only": "a > b\n\n> quote\n",
    "spaces first line": "   \npara\n\n- a\n",
    "spaces first line list": "  \n- a\n- b\n",
    "admonition nbsp body": '!!! note "A"\n    a\n\xa0\n    b\n',
    "admonition nbsp gap": '!!! note "A"\n    a\n\n\xa0\n\n    b\n',
    "div nbsp before": 'text\n\xa0\n<div id="nb">\nx\n</div>\n\ntext\n',
    "div nbsp after": '<div id="na">\nx\n</div>\n\xa0\ntext\n',
    "div nbsp inside": '<div id="ni">\nx\n\xa0\ny\n</div>\n\ntext\n',
    "strong html": "**<b>x</b>** and **&amp;** and **a &amp; b**\n\n** x** **x ** **a*b**\n\na * b\n",
    "strong across lines": "**a\nb** c\n\n- **a** b\n- c **d**\n",
    "list markers in items": (
        "- 1. x\n- # h\n- > q\n- - d\n- + p\n- * s\n- 12) n\n- !!! x\n- | t |\n- === \n- :\n- ~~~\n"
    ),
    "tilde fence unclosed": "~~~\n\ntext\n",
    "list then code two blanks": "- a\n\n\n    code\n",
    "para quote para": "> a\n\npara\n\n- b\n",
    "list item comment": "- <!-- c -->\n- b\n",
    "list item tag trailing": "- <b>x</b> \n",
    "merge across admonition": (
        'para\n\n!!! note "A"\n    x\n\npara2\n\n- l\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nend\n'
    ),
    "toc marker": "[TOC]\n\n# A\n\n## B\n",
    "link then bang": "see [a](other.md)! and ![b](other.md)\n",
    "link label entity": "[&amp; co](other.md) [&copy](other.md)\n",
    "link label strong": "[**b**](other.md)\n",
    "html entity in link url": "[a](other.md#x&amp;y)\n",
    "angle bracket url": "[a](<other.md>)\n",
    "autolinks": "<https://example.com> and <me@example.com>\n",
    "tag names": "<foo> <a-b> <x1> </y>\n",
    "link inside attribute": 'x <span title="[a](other.md)">t</span>\n\n- <span title="[b](other.md#fix)">u</span>\n',
    "strong inside attribute": 'x <span title="**b**">t</span>\n',
    "entity inside attribute": 'x <span title="a">&amp;</span>\n',
    "anchor first url": "# T\n\n[first](./other.md#missing) *em*\n\n[second](other.md#missing)\n",
    "anchor first url self": "# T\n\n[first](page_self.md#nope) *em*\n\n[second](#nope)\n",
    "anchor order": "# T\n\n[c](other.md#c) *em*\n\n[a](other.md#a)\n\n[b](other.md#b) *em*\n",
    "anchor first url later": "# T\n\n*em* [first](./other.md#missing)\n\n[second](other.md#missing)\n",
    "anchor first url heading": "# T\n\n## [h](./other.md#missing)\n\n[second](other.md#missing)\n",
}

SETTINGS = {
    "defaults": "markdown_extensions: [admonition, attr_list, md_in_html, tables, {toc: {permalink: true}}]\n",
    "files, not folders; an excluded page": (
        "markdown_extensions: [admonition, attr_list, md_in_html, tables, fenced_code, meta, toc]\n"
        "use_directory_urls: false\nexclude_docs: drafts.md\n"
    ),
    "no admonition extension": "markdown_extensions: [attr_list]\n",
    "align attributes": "markdown_extensions: [admonition, {tables: {use_align_attribute: true}}]\n",
}


@pytest.mark.parametrize("settings", SETTINGS.values(), ids=SETTINGS.keys())
def test_hand_written_pages_convert_as_python_markdown_converts_them(tmp_path: Path, settings: str) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Hand-written\ntheme: {name: material, font: false}\nplugins: []\n" + settings, encoding="utf-8"
    )
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "other.md").write_text('# Other\n\n## Fix { #fix }\n\n<p id="top">x</p>\n', encoding="utf-8")
    (docs / "my page.md").write_text("# My page\n\n## A\n", encoding="utf-8")
    (docs / "drafts.md").write_text("# Drafts\n", encoding="utf-8")
    (docs / "img.png").write_bytes(b"x")
    (docs / "file.txt").write_bytes(b"x")
    (docs / "sub" / "index.md").write_text("# Sub\n", encoding="utf-8")
    (docs / "sub" / "README.md").write_text("# Beside an index\n", encoding="utf-8")
    for number, text in enumerate(PAGES.values()):
        text = text.replace("page_self.md", f"page{number}.md")
        (docs / f"page{number}.md").write_text(text, encoding="utf-8", newline="")
        (docs / "sub" / f"page{number}.md").write_text(text.replace("other.md", "../other.md"), "utf-8", newline="")
    _assert_same(_convert_all(docs))


def test_a_link_to_an_excluded_page_is_reported_as_often_as_mkdocs_reports_it(tmp_path: Path, caplog) -> None:
    """Once per link: also in a block the shortcut began and left to Python-Markdown (emphasis after the link)."""
    import logging

    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    from journeybook import mdrender

    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ntheme: {name: material, font: false}\nplugins: []\nmarkdown_extensions: [admonition, toc]\n"
        "exclude_docs: drafts.md\n",
        encoding="utf-8",
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "drafts.md").write_text("# Drafts\n", encoding="utf-8")
    (tmp_path / "docs" / "page.md").write_text(
        "# Page\n\n[e](drafts.md) *em*\n\n- [f](drafts.md#x)\n- `code`\n\n[g](drafts.md)\n", encoding="utf-8"
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    logged = []
    for render in (Page.render, mdrender.render):
        page = Page(None, files.get_file_from_path("page.md"), config)
        page.read_source(config)
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            render(page, config, files)
        logged.append([record.getMessage() for record in caplog.records])
    assert logged[1] == logged[0]
    assert len(logged[0]) == 3 and "which is excluded from the built site" in logged[0][0]
