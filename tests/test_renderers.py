"""The renderer seam: `build --engine`, a docs folder and its settings in, a site folder out, for any engine."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from journeybook.check import run_check
from journeybook.cli import main
from journeybook.renderers import ENGINES, renderer, zensical
from journeybook.site import build_site
from test_keep_docs import example_repository

# Stands in for the `zensical` command: checks what it is given the way Zensical reads it, writes a small site.
FAKE_ZENSICAL = """\
import pathlib, sys, yaml
args = sys.argv[1:]
assert args[:2] == ["build", "--clean"] and args[2] == "-f", args
config_file = pathlib.Path(args[3])
config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
if config.get("site_name") == "break me":
    print("Error: the theme could not be found", file=sys.stderr)
    sys.exit(1)
docs, site = config_file.parent / config["docs_dir"], config_file.parent / config["site_dir"]
assert pathlib.Path.cwd() == config_file.parent and (docs / "index.md").is_file()
assert config["theme"]["variant"] == "classic"
site.mkdir(parents=True, exist_ok=True)
pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
(site / "index.html").write_text("<title>fake</title>" + "\\n".join(pages), encoding="utf-8")
print("Build started")
print("Warning: this page has no title")
print("Build finished in 0.01s")
"""


@pytest.fixture
def fake_zensical(tmp_path: Path, monkeypatch) -> Path:
    script = tmp_path / "bin" / "zensical"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable}\n{FAKE_ZENSICAL}", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(zensical, "executable", lambda: str(script))
    return script


def test_engines_by_name() -> None:
    assert ENGINES == ("mkdocs", "zensical")
    assert renderer("mkdocs").name == "MkDocs" and renderer("zensical").name == "Zensical"
    with pytest.raises(ValueError, match="unknown engine 'hugo'"):
        renderer("hugo")


def test_zensical_is_run_on_the_docs_folder_with_a_relative_mkdocs_yml(tmp_path: Path, fake_zensical: Path) -> None:
    source = example_repository(tmp_path / "repo")
    messages: list[str] = []
    built = build_site(run_check(source), tmp_path / "site", progress=messages.append, engine="zensical")
    listed = (built.site_dir / "index.html").read_text(encoding="utf-8")
    assert "questions/windscreen-replacement-excess.md" in listed and "welcome.md" in listed
    assert "Building the site with Zensical" in messages
    assert "Zensical: Warning: this page has no title" in messages  # its warnings, not its routine lines
    assert not any("Build started" in message for message in messages)


def test_a_failing_zensical_build_keeps_the_old_site(tmp_path: Path, fake_zensical: Path) -> None:
    source = example_repository(tmp_path / "repo")
    site = tmp_path / "site"
    build_site(run_check(source), site)
    before = (site / "index.html").read_bytes()
    config = tmp_path / "repo" / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("Harbor Mutual playbook", "break me"), "utf-8")
    with pytest.raises(click.ClickException) as raised:
        build_site(run_check(source), site, engine="zensical")
    message = raised.value.format_message()
    assert "Zensical could not build the site: Error: the theme could not be found" in message
    assert "was left as it was" in message and (site / "index.html").read_bytes() == before


def test_without_zensical_the_engine_is_refused_before_the_check(tmp_path: Path, monkeypatch) -> None:
    example_repository(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    monkeypatch.setattr(zensical, "executable", lambda: None)
    result = CliRunner().invoke(main, ["build", "--engine", "zensical"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "Zensical is not installed: pip install 'journeybook[zensical]'" in result.stderr
    assert not Path("site").exists()


def test_the_kept_settings_are_what_the_engines_read(tmp_path: Path, fake_zensical: Path) -> None:
    source = example_repository(tmp_path / "repo")
    build_site(run_check(source), tmp_path / "site", keep_docs=tmp_path / "kept", engine="zensical")
    kept = yaml.safe_load((tmp_path / "kept" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert kept["docs_dir"] == "docs" and kept["site_dir"] == "site" and kept["theme"]["variant"] == "classic"
