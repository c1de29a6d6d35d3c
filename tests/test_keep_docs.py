"""`build --keep-docs DIR`: the docs folder and mkdocs.yml journeybook built from, buildable by plain MkDocs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, write_tree
from journeybook.check import run_check
from journeybook.cli import main
from journeybook.site import build_site

TODAY = "2026-06-01"


def example_repository(folder: Path) -> Path:
    """The example playbook with the repository's mkdocs.yml and hand-written docs; returns the playbook."""
    shutil.copytree(ROOT / "playbooks", folder / "playbooks")
    shutil.copytree(ROOT / "docs", folder / "docs", ignore=shutil.ignore_patterns("screenshots"))
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder / "playbooks"


def pages(site: Path) -> dict[str, str]:
    """Every HTML page of a site (not 404.html) → its <title>."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        if path.name != "404.html":
            title = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.DOTALL)
            found[path.relative_to(site).as_posix()] = title.group(1).strip() if title else ""
    return found


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(journeybook's site, the kept folder) for the example playbook."""
    tmp = tmp_path_factory.mktemp("keep")
    source = example_repository(tmp / "repo")
    result = run_check(source)
    built = build_site(result, tmp / "site", keep_docs=tmp / "kept")
    return built.site_dir, tmp / "kept"


def test_the_kept_folder_holds_the_docs_and_a_relative_mkdocs_yml(kept: tuple[Path, Path]) -> None:
    site, folder = kept
    assert sorted(path.name for path in folder.iterdir()) == ["docs", "mkdocs.yml"]
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "docs" and config["site_dir"] == "site"
    assert config["site_name"] == "Harbor Mutual playbook"  # the repository's mkdocs.yml, as it was used
    assert config["nav"][0] == {"Home": "index.md"}
    assert "assets/journeybook/journeybook.css" in config["extra_css"]
    assert (folder / "docs" / "index.md").is_file() and (folder / "docs" / "assets" / "journeybook").is_dir()
    assert len(list((folder / "docs").rglob("*.md"))) == len(pages(site))


def test_plain_mkdocs_builds_the_kept_folder_into_the_same_pages(kept: tuple[Path, Path]) -> None:
    site, folder = kept
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(folder / "mkdocs.yml"), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    theirs, ours = pages(folder / "site"), pages(site)
    assert len(ours) > 50 and theirs == ours
    for page in ours:  # and the same HTML: journeybook's build is `mkdocs build`, on every core
        assert (folder / "site" / page).read_bytes() == (site / page).read_bytes(), page


def test_a_second_build_replaces_the_kept_docs(tmp_path: Path) -> None:
    source = example_repository(tmp_path / "repo")
    folder = tmp_path / "kept"
    write_tree(folder / "docs", {"stale.md": "# From an earlier build\n"})
    (folder / "site").mkdir()  # a site the user built from it earlier may stay
    build_site(run_check(source), tmp_path / "site", keep_docs=folder)
    assert not (folder / "docs" / "stale.md").exists() and (folder / "docs" / "index.md").is_file()


@pytest.mark.parametrize("where", ["with-other-files", "inside-the-site", "the-playbook"])
def test_refuses_a_keep_folder_that_would_overwrite_or_lose_files(tmp_path: Path, monkeypatch, where: str) -> None:
    example_repository(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    monkeypatch.setenv("JOURNEYBOOK_TODAY", TODAY)
    folder = {"with-other-files": "notes", "inside-the-site": "site/docs-kept", "the-playbook": "playbooks"}[where]
    write_tree(Path("notes"), {"letter.txt": "keep me"})
    result = CliRunner().invoke(main, ["build", "playbooks", "--keep-docs", folder], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    message = {
        "with-other-files": "holds other files (letter.txt)",
        "inside-the-site": "is inside the site folder",
        "the-playbook": "would overlap the playbook folder",
    }[where]
    assert message in result.stderr
    assert Path("notes/letter.txt").is_file() and not Path("site").exists()


def test_the_cli_says_where_the_docs_were_kept(tmp_path: Path, monkeypatch) -> None:
    example_repository(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    monkeypatch.setenv("JOURNEYBOOK_TODAY", TODAY)
    result = CliRunner().invoke(main, ["build", "--keep-docs", "out/docs-folder"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (
        "Kept the docs folder and its mkdocs.yml in out/docs-folder/ (mkdocs build -f out/docs-folder/mkdocs.yml)"
        in result.stdout
    )
    assert Path("out/docs-folder/mkdocs.yml").is_file()


def test_a_library_caller_gets_the_same_refusal(tmp_path: Path) -> None:
    source = example_repository(tmp_path / "repo")
    with pytest.raises(click.ClickException, match="inside the site folder"):
        build_site(run_check(source), tmp_path / "site", keep_docs=tmp_path / "site" / "kept")
