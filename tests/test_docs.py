"""What a newcomer reads must be true: the README's YAML passes, the reference matches the code, and nothing
points outside the repository."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXED_TODAY, ROOT
from journeybook.check import run_check
from journeybook.findings import Severity
from journeybook.reference import field_tables
from journeybook.rules.docs import readme_block
from journeybook.site import excluded_docs, read_handwritten

README = (ROOT / "README.md").read_text(encoding="utf-8")
REFERENCE = ROOT / "docs" / "reference.md"
# A YAML example that names its file in its first line, e.g. "# policies/keys.yaml".
NAMED_EXAMPLE = re.compile(r"```yaml\n# ((?:policies|journeys)/[\w./-]+\.yaml)\n(.*?)```", re.DOTALL)


def test_every_readme_yaml_example_passes_check_in_the_example_playbook(tmp_path: Path) -> None:
    examples = NAMED_EXAMPLE.findall(README)
    assert len(examples) >= 2, "the YAML tour shows a policy file and a journey"
    playbook = shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks")
    for name, body in examples:
        target = playbook / name
        assert not (ROOT / "playbooks" / name).exists(), f"{name} would replace a file of the example"
        target.write_text(f"# {name}\n{body}", encoding="utf-8")
    result = run_check(playbook, FIXED_TODAY)
    failing = [f for f in result.findings if not f.suppressed and f.severity >= Severity.WARNING]  # as --strict
    assert [f"{f.location.file}:{f.location.line} {f.rule} {f.message}" for f in failing] == []
    ids = set(result.playbook.questions) | set(result.playbook.journeys)
    assert {"lost-keys-cover", "lost-keys"} <= ids  # the examples were really read, not skipped


def test_every_yaml_block_in_the_readme_names_its_file() -> None:
    """An example without a file name could not be tried by the test above."""
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.DOTALL)
    unnamed = [b.splitlines()[0] for b in blocks if not NAMED_EXAMPLE.match(f"```yaml\n{b}```")]
    assert unnamed == ["# .pre-commit-config.yaml"]


def test_the_reference_field_tables_are_the_declarations() -> None:
    """Adding or documenting a field without regenerating fails here: run `journeybook schema --markdown`."""
    text = REFERENCE.read_text(encoding="utf-8")
    block = re.search(r"<!-- fields:begin[^\n]*-->\n(.*?)\n<!-- fields:end -->", text, re.DOTALL)
    assert block and block.group(1) == field_tables().rstrip()


def test_the_reference_rule_table_is_the_registry() -> None:
    assert readme_block() in REFERENCE.read_text(encoding="utf-8")


def test_the_readme_links_the_reference_and_the_site_leaves_it_out() -> None:
    """The reference is for playbook editors, not a page of Harbor Mutual's frontline site: mkdocs.yml's
    `exclude_docs` keeps it (and its companions, reference-*.md) out of the pages and the home page's links."""
    assert "[docs/reference.md](docs/reference.md)" in README
    pages = [f.path for f in read_handwritten(ROOT / "docs", "staff", excluded=excluded_docs(ROOT))]
    assert "welcome.md" in pages and "glossary.md" in pages
    assert [p for p in pages if p.startswith("reference")] == []
    assert "reference.md" in [f.path for f in read_handwritten(ROOT / "docs", "staff")]  # only the setting hides it


def test_the_reference_documents_every_field() -> None:
    table = field_tables()
    for field in ("`questions[].answers[].decision`", "`steps[].next[].carry`", "`limits.max_file_bytes`"):
        assert field in table


def _tracked_files() -> list[Path]:
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in listed.decode().split("\0") if name and (ROOT / name).is_file()]


def test_nothing_in_the_repository_points_outside_it() -> None:
    """A user who clones the repository has neither the steering folder beside it nor SPEC.md: nothing may send
    them there."""
    offenders = []
    for path in _tracked_files():
        if path.suffix in {".png", ".gz"} or "corpora" in path.parts or path.name == "test_docs.py":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in ("../" + "shared", "SPEC §", "SPEC.md"):  # spelled apart so this file does not match
            if pattern in text:
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []


def test_the_readme_never_says_pip_install_journeybook_from_the_index() -> None:
    """journeybook is not on the package index: `pip install journeybook` fails for a newcomer."""
    for path in [ROOT / "README.md", ROOT / "examples" / "github-workflow.yml", REFERENCE]:
        assert not re.search(r"pip install -?q? ?journeybook\b(?! @)", path.read_text(encoding="utf-8")), path
