"""Material's cached blocks (navcache) on a page inside the folder of an extra script written as `./js/x.js`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from journeybook.check import run_check
from journeybook.site import build_site
from test_keep_docs import example_repository, pages


@pytest.mark.slow
@pytest.mark.parametrize("script", ["./js/extra.js", "../js/extra.js", "js\\extra.js"])
def test_a_page_in_an_extra_scripts_folder_links_it_as_plain_mkdocs_does(tmp_path: Path, script: str) -> None:
    """The script's address from js/page/ is not the one pages two deep elsewhere (zz/page/) get."""
    source = example_repository(tmp_path / "repo")
    docs = tmp_path / "repo" / "docs"
    for folder in ("js", "zz"):
        (docs / folder).mkdir()
        (docs / folder / "page.md").write_text(f"# In {folder}\n", encoding="utf-8")
    (docs / "js" / "extra.js").write_text("window.extra = 1;\n", encoding="utf-8")
    with (tmp_path / "repo" / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"\nextra_javascript: ['{script}']\n".replace("\\", "\\\\"))
    built = build_site(run_check(source), tmp_path / "site", keep_docs=tmp_path / "kept", trust_config=True)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(tmp_path / "kept" / "mkdocs.yml"), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    theirs = tmp_path / "kept" / "site"
    assert [p for p in pages(built.site_dir) if (built.site_dir / p).read_bytes() != (theirs / p).read_bytes()] == []
