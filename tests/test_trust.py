"""A hostile pull request: each row of the red team's table, as its repro, against check, build and serve."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXED_TODAY, ROOT
from journeybook.check import run_check
from journeybook.engine import MAX_WORKERS_PER_CORE, workers_wanted
from journeybook.findings import Finding, Location, summarize
from journeybook.load import load_file
from journeybook.report import REPORTERS, Report
from journeybook.site import read_handwritten
from journeybook.workspace import LocalOnlyServer, host_allowed
from test_pages import playbook_files
from test_site import make


def journeybook(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    inherited = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run(
        [sys.executable, "-m", "journeybook", *args],
        cwd=cwd,
        env={**inherited, "PYTHONPATH": str(ROOT / "generator"), "JOURNEYBOOK_TODAY": FIXED_TODAY.isoformat(), **env},
        capture_output=True,
        text=True,
        timeout=300,
        errors="surrogateescape",
    )


def findings(source: Path, *rules: str) -> list[tuple[str, str, str]]:
    return [
        (f.rule, str(f.location), f.message)
        for f in run_check(source, today=FIXED_TODAY).findings
        if not rules or f.rule in rules
    ]


MKDOCS = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def repo_with(tmp_path: Path, config: str | None = None, docs: dict[str, str] | None = None) -> Path:
    source = make(tmp_path, docs=docs)
    if config is not None:
        (tmp_path / "repo" / "mkdocs.yml").write_text(config, encoding="utf-8")
    return source


# --- 1. mkdocs.yml that runs code -----------------------------------------------------------

HOOK = "from pathlib import Path\nPath(__file__).with_name('pwned').write_text('hook ran')\n"


def test_row1_hooks_and_python_tags_are_findings_and_never_run_without_trust(tmp_path: Path) -> None:
    config = MKDOCS + "hooks: [hook.py]\nextra_css: !!python/object/apply:os.system ['touch pwned-tag']\n"
    source = repo_with(tmp_path, config)
    (tmp_path / "repo" / "hook.py").write_text(HOOK, encoding="utf-8")
    done = journeybook("check", "playbooks", cwd=tmp_path / "repo")
    assert done.returncode == 1
    assert "playbooks/../" not in done.stdout
    lines = [line for line in done.stdout.splitlines() if "unsafe-config" in line]
    hooks = MKDOCS.count("\n") + 1  # the first line after the example's own mkdocs.yml
    assert lines[0].startswith(f"mkdocs.yml:{hooks}:1: error unsafe-config `hooks` makes MkDocs run these Python files")
    assert lines[1].startswith(
        f"mkdocs.yml:{hooks + 1}:12: error unsafe-config the tag `!!python/object/apply:os.system`"
    )
    built = journeybook("build", "playbooks", cwd=tmp_path / "repo")
    assert built.returncode == 1 and "Not publishing" in built.stderr
    assert not (tmp_path / "repo" / "pwned").exists() and not (tmp_path / "repo" / "pwned-tag").exists()
    assert not (tmp_path / "repo" / "site").exists()
    # The same without the tag, built by someone who trusts the repository: the hook runs, as MkDocs intends.
    (tmp_path / "repo" / "mkdocs.yml").write_text(MKDOCS + "hooks: [hook.py]\n", encoding="utf-8")
    trusted = journeybook("build", "playbooks", "--trust-config", cwd=tmp_path / "repo")
    assert trusted.returncode == 0, trusted.stderr
    assert (tmp_path / "repo" / "pwned").read_text() == "hook ran"
    assert source.is_dir()


def test_a_trusted_hook_reads_the_pages_from_the_docs_folder(tmp_path: Path) -> None:
    """The engine takes the docs folder from memory only with the plugins it knows; a hook gets real files."""
    source = repo_with(tmp_path, MKDOCS + "hooks: [hook.py]\n")
    (tmp_path / "repo" / "hook.py").write_text(
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    with open(page.file.abs_src_path, encoding='utf-8') as source:\n"
        "        assert markdown.strip() in source.read()\n"
        "    return markdown + '\\n\\nRead from disk.\\n'\n",
        encoding="utf-8",
    )
    built = journeybook("build", str(source), "--trust-config", cwd=tmp_path / "repo")
    assert built.returncode == 0, built.stderr
    assert "Read from disk." in (tmp_path / "repo" / "site" / "index.html").read_text(encoding="utf-8")


def test_row1_the_library_build_refuses_too(tmp_path: Path) -> None:
    """serve and any caller of build_site go through the same refusal, not only the command line."""
    import click

    from journeybook.site import build_site

    source = repo_with(tmp_path, MKDOCS + "hooks: [hook.py]\n")
    with pytest.raises(click.ClickException, match="(?s)would run code.*build with --trust-config"):
        build_site(run_check(source, today=FIXED_TODAY), tmp_path / "site")
    assert not (tmp_path / "site").exists()


# --- 2. !ENV and snippets reaching outside ---------------------------------------------------


def test_row2_env_and_snippets_outside_are_findings_and_nothing_is_published(tmp_path: Path) -> None:
    config = MKDOCS.replace(
        "site_name: Harbor Mutual playbook", "site_name: Harbor Mutual playbook\ncopyright: !ENV SECRET"
    )
    config = config.replace("  - tables\n", '  - tables\n  - pymdownx.snippets:\n      base_path: ["/"]\n')
    docs = {"faq.md": '---\naudience: public\n---\n# FAQ\n\n--8<-- "etc/passwd"\n'}
    source = repo_with(tmp_path, config, docs)
    assert findings(source, "unsafe-config") == [
        (
            "unsafe-config",
            "../mkdocs.yml:7:12",
            "the tag `!ENV` reads an environment variable of the build machine (a secret could be published); "
            "write the value out, or build with --trust-config",
        ),
        (
            "unsafe-config",
            f"../mkdocs.yml:{MKDOCS[: MKDOCS.index('  - tables')].count(chr(10)) + 4}:19",  # copyright added above
            "`pymdownx.snippets` may paste files from outside the repository into pages (`base_path`); "
            "keep base_path inside the repository",
        ),
    ]
    done = journeybook(
        "build", str(source), "--audience", "public", "--site-dir", "public", cwd=tmp_path, SECRET="zq-secret"
    )
    assert done.returncode == 1 and not (tmp_path / "public").exists()


# --- 3. INHERIT ------------------------------------------------------------------------------


def test_row3_inherit_outside_the_repository_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "outside.yml").write_text("copyright: from outside\n", encoding="utf-8")
    source = repo_with(tmp_path, "INHERIT: ../outside.yml\n" + MKDOCS)
    assert findings(source, "unsafe-config") == [
        (
            "unsafe-config",
            "../mkdocs.yml:1:10",
            "`INHERIT` names a file outside the repository; keep the whole configuration in it",
        )
    ]
    (tmp_path / "repo" / "base.yml").write_text("hooks: [x.py]\n", encoding="utf-8")
    (tmp_path / "repo" / "mkdocs.yml").write_text("INHERIT: base.yml\n" + MKDOCS, encoding="utf-8")
    assert [at for _, at, _ in findings(source, "unsafe-config")] == ["../base.yml:1:1"]  # inherited, checked too


# --- 4. links out of the repository ----------------------------------------------------------


def test_row4_links_out_are_never_followed_and_their_content_never_echoed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("id: zq-secret-value\ntitle: [zq-secret-title\n", encoding="utf-8")
    (outside / "page.md").write_text("# zq-outside-page\n", encoding="utf-8")
    source = repo_with(tmp_path, docs={"welcome.md": "# Welcome\n"})
    (source / "journeys" / "leak.yaml").symlink_to(outside / "secret.yaml")
    (tmp_path / "repo" / "docs" / "env.txt").symlink_to("/proc/self/environ")
    (tmp_path / "repo" / "docs" / "more").symlink_to(outside)
    assert findings(source, "symlink-outside") == [
        (
            "symlink-outside",
            "../docs/env.txt:1:1",
            "this symbolic link leads out of docs/, so journeybook never "
            "follows it (a pull request could publish any file of the build machine this way); put the file itself in "
            "the repository",
        ),
        (
            "symlink-outside",
            "../docs/more:1:1",
            "this symbolic link leads out of docs/, so journeybook never follows "
            "it (a pull request could publish any folder of the build machine this way); put the folder itself in the "
            "repository",
        ),
        (
            "symlink-outside",
            "journeys/leak.yaml:1:1",
            "this symbolic link leads out of playbooks/, so journeybook "
            "never follows it (a pull request could publish any file of the build machine this way); put the file "
            "itself in the repository",
        ),
    ]
    for format_ in ("text", "json", "sarif", "github"):
        done = journeybook("check", str(source), "--format", format_, cwd=tmp_path)
        assert done.returncode == 1 and "zq-secret" not in done.stdout + done.stderr
    assert [f.path for f in read_handwritten(tmp_path / "repo" / "docs", "staff")] == ["welcome.md"]


def test_row4_a_docs_folder_that_is_a_link_is_not_published(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "page.md").write_text("# zq-outside\n", encoding="utf-8")
    source = make(tmp_path)
    (tmp_path / "repo" / "docs").symlink_to(elsewhere)
    assert [(r, at) for r, at, _ in findings(source, "symlink-outside")] == [("symlink-outside", "../docs:1:1")]
    assert read_handwritten(tmp_path / "repo" / "docs", "staff") == []


# --- 5. devices and pipes -----------------------------------------------------------------------


def test_row5_dev_zero_and_a_pipe_are_never_read(tmp_path: Path) -> None:
    source = make(tmp_path)
    (source / "policies" / "z.yaml").symlink_to("/dev/zero")
    os.mkfifo(source / "policies" / "pipe.yaml")
    started = time.monotonic()
    found = findings(source, "symlink-outside", "skipped-path")
    assert time.monotonic() - started < 10
    assert [(r, at) for r, at, _ in found] == [
        ("skipped-path", "policies/pipe.yaml:1:1"),
        ("symlink-outside", "policies/z.yaml:1:1"),
    ]
    assert found[0][2] == (
        "this is a named pipe, not a regular file, so it is never read; replace it with a regular file or delete it"
    )
    file = load_file(Path("/dev/zero"), "z.yaml")  # called directly: the open file is checked, not the name
    assert [f.message for f in file.findings] == ["cannot read the file: it is a device, not a regular file"]


# --- 6. scripts in docs/ and files in the theme's place --------------------------------------


def test_row6_scripts_in_pages_are_findings_and_removed_from_a_trusted_build(tmp_path: Path) -> None:
    docs = {
        "faq.md": '---\naudience: public\n---\n# FAQ\n\n<script>alert("zq-script")</script>\n\n'
        '<img src="x.png" onerror="alert(\'zq-handler\')"> and `<script>` in code\n',
        "assets/javascripts/bundle.1234abcd.min.js": "alert('zq-bundle')\n",
    }
    source = repo_with(tmp_path, docs=docs)
    assert [(at, m.split(" ", 3)[:3]) for _, at, m in findings(source, "unsafe-docs")] == [
        (
            "../docs/assets/javascripts/bundle.1234abcd.min.js:1:1",
            ["docs/assets/javascripts/bundle.1234abcd.min.js", "would", "replace"],
        ),
        ("../docs/faq.md:6:1", ["a", "<script>", "element"]),
        ("../docs/faq.md:8:1", ["the", "attribute", 'onerror="…"']),
    ]
    refused = journeybook("build", str(source), "--audience", "public", "--site-dir", "site", cwd=tmp_path)
    assert refused.returncode == 1 and not (tmp_path / "site").exists()
    del docs["assets/javascripts/bundle.1234abcd.min.js"]
    (tmp_path / "repo" / "docs" / "assets" / "javascripts" / "bundle.1234abcd.min.js").unlink()
    done = journeybook(
        "build", str(source), "--audience", "public", "--site-dir", "site", "--trust-config", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "faq" / "index.html").read_text(encoding="utf-8")
    assert "zq-script" not in page and "onerror" not in page and '<img src="x.png">' in page
    assert "&lt;script&gt;</code>" in page  # the code example is still shown


# --- 7. public builds ---------------------------------------------------------------------------


def test_row7_a_when_value_other_than_segment_or_channel_stays_staff_only(tmp_path: Path) -> None:
    from journeybook.site import build_site

    files = playbook_files()
    files["policies/returns.yaml"] = files["policies/returns.yaml"].replace(
        'region: ["EU"]', 'risk-flag: ["fraud-watchlist"]'
    )
    source = make(tmp_path, files)
    result = run_check(source, today=FIXED_TODAY)
    public = build_site(result, tmp_path / "public", "public").site_dir
    staff = build_site(result, tmp_path / "staff").site_dir
    assert not [p for p in public.rglob("*") if p.is_file() and b"fraud-watchlist" in p.read_bytes()]
    assert b"risk flag: fraud-watchlist" in (staff / "questions" / "refund-window" / "index.html").read_bytes()


# --- 8 and 9. the site folder -------------------------------------------------------------------


def test_row8_a_folder_journeybook_did_not_build_is_never_replaced(tmp_path: Path) -> None:
    source = make(tmp_path)
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    for name in ("index.html", "404.html", "sitemap.xml", "thesis.docx"):
        (theirs / name).write_text(name, encoding="utf-8")
    done = journeybook("build", str(source), "--site-dir", "theirs", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().endswith(
        "Error: theirs holds files journeybook did not build (it has no .journeybook-site file), and a build "
        "replaces the whole folder; give an empty or new --site-dir, or, if theirs is an old site, delete it first"
    )
    assert sorted(p.name for p in theirs.iterdir()) == ["404.html", "index.html", "sitemap.xml", "thesis.docx"]
    for _ in range(2):  # a folder it built itself is replaced, build after build
        again = journeybook("build", str(source), "--site-dir", "site", cwd=tmp_path)
        assert again.returncode == 0, again.stderr
    assert (tmp_path / "site" / ".journeybook-site").is_file()


def test_row9_a_site_folder_inside_docs_is_refused(tmp_path: Path) -> None:
    source = make(tmp_path, docs={"welcome.md": "# Welcome\n"})
    done = journeybook("build", str(source), "--site-dir", "repo/docs/site", cwd=tmp_path)
    assert done.returncode == 2
    assert "the site folder repo/docs/site is inside" in done.stderr
    assert "give a --site-dir outside docs/ and the playbook (the default is ./site)" in done.stderr
    assert sorted(p.name for p in (tmp_path / "repo" / "docs").iterdir()) == ["welcome.md"]


# --- 10. every report format survives every file name ------------------------------------------


@pytest.mark.parametrize("format_", ["text", "json", "sarif", "github"])
def test_row10_a_file_name_that_is_not_utf8_and_bidi_characters(tmp_path: Path, format_: str) -> None:
    source = make(tmp_path)
    bad = os.fsencode(source / "policies") + b"/caf\xe9\xe2\x80\xae.yaml"  # Latin-1 é, then U+202E (RLO)
    with open(bad, "wb") as handle:
        handle.write(b"topic: [unclosed\n")
    (source / "policies" / "rlo\u202egnp.yaml").write_text('topic: "x\\u202ey\\e"\ntitle: [\n', encoding="utf-8")
    done = journeybook("check", str(source), "--format", format_, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    out = done.stdout
    assert "\u202e" not in out and "\x1b" not in out and not any("\udc80" <= c <= "\udcff" for c in out)
    if format_ in ("json", "sarif"):
        data = json.loads(out)
        if format_ == "sarif":
            uris = [
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in data["runs"][0]["results"]
            ]
            assert any(u.endswith("caf%E9%E2%80%AE.yaml") for u in uris), uris
        else:
            assert any(f["file"].endswith("caf\udce9\u202e.yaml") for f in data)  # the name, exactly, escaped


def test_row10_reports_escape_control_and_bidi_characters_in_every_format() -> None:
    finding = Finding("schema", "key \u202eevil\x1b[2J\u2066", Location("a\u202eb.yaml", 1, 1))
    report = Report([finding], summarize([finding], 1))
    for name, render in REPORTERS.items():
        text = render(report)
        assert not any(c in text for c in "\u202e\u2066\x1b"), name


# --- 11. unreadable and skipped places are findings ---------------------------------------------


def test_row11_an_unreadable_folder_and_a_linked_folder_are_findings(tmp_path: Path, monkeypatch) -> None:
    source = make(tmp_path)
    (source / "journeys" / "locked").mkdir()
    (source / "journeys" / "locked" / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    (source / "journeys" / "claims").symlink_to(tmp_path / "claims")
    (source / "journeys" / "inner").symlink_to(source / "policies")
    real_scandir = os.scandir

    def scandir(path=None):  # root reads everything: make one folder unreadable the way a permission would
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = findings(source, "skipped-path", "symlink-outside")
    assert [(r, at) for r, at, _ in found] == [
        ("symlink-outside", "journeys/claims:1:1"),
        ("skipped-path", "journeys/inner:1:1"),
        ("skipped-path", "journeys/locked:1:1"),
    ]
    assert found[2][2].startswith("this folder cannot be read (Permission denied), so nothing in it is checked")


def test_row11_one_unreadable_file_is_one_finding_not_a_cascade(tmp_path: Path) -> None:
    source = make(tmp_path)
    (source / "org.yaml").unlink()
    os.mkfifo(source / "org.yaml")  # cannot be read as a file
    found = findings(source)
    assert [(r, at) for r, at, _ in found if r in ("skipped-path", "unknown-reference")] == [
        ("skipped-path", "org.yaml:1:1")
    ]


# --- 13. serve answers only this machine --------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("localhost:8000", True),
        ("127.0.0.1:8000", True),
        ("[::1]:8000", True),
        ("LOCALHOST", True),
        ("evil.example", False),
        ("evil.example:8000", False),
        ("127.0.0.1.evil.example", False),
        ("", False),
        (None, False),
    ],
)
def test_row13_serve_answers_only_local_host_headers(tmp_path: Path, host: str | None, allowed: bool) -> None:
    assert host_allowed(host, "127.0.0.1") is allowed
    server = LocalOnlyServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    (tmp_path / "index.html").write_text("<p>staff only</p>", encoding="utf-8")
    statuses = []
    environ = {"PATH_INFO": "/index.html", "REQUEST_METHOD": "GET"} | ({"HTTP_HOST": host} if host is not None else {})
    body = b"".join(server.serve_request(environ, lambda status, headers: statuses.append(status)))
    assert (statuses[0].startswith("403"), b"staff only" in body) == (not allowed, allowed)


# --- also --------------------------------------------------------------------------------------


def test_also_journeybook_yml_beside_journeybook_yaml_is_a_settings_error(tmp_path: Path) -> None:
    source = make(tmp_path)
    (source / "journeybook.yml").write_text("rules: {unknown-reference: off}\n", encoding="utf-8")
    done = journeybook("check", str(source), cwd=tmp_path)
    assert done.returncode == 2
    assert "both journeybook.yaml and journeybook.yml are in" in done.stderr
    assert "merge them into journeybook.yaml and delete the other" in done.stderr


def test_also_journeybook_yaml_cannot_turn_off_the_trust_rules(tmp_path: Path) -> None:
    files = playbook_files()
    files["journeybook.yaml"] += "rules: {unsafe-config: off, symlink-outside: info}\n"
    source = make(tmp_path, files)
    (tmp_path / "repo" / "mkdocs.yml").write_text(MKDOCS + "hooks: [h.py]\n", encoding="utf-8")
    result = run_check(source, today=FIXED_TODAY)
    assert [f.severity.label for f in result.findings if f.rule == "unsafe-config"] == ["error"]
    assert result.fails()


def test_also_workers_are_clamped(monkeypatch) -> None:
    monkeypatch.setenv("JOURNEYBOOK_WORKERS", "100000")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    assert workers_wanted(50_000) <= MAX_WORKERS_PER_CORE * cores


SAVE_FAILS = """
import errno, os, sys
from journeybook.cli import main
def full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
os.rename = full
main(sys.argv[1:])
"""


def test_also_a_full_disk_exits_2_with_one_plain_message(tmp_path: Path) -> None:
    source = make(tmp_path)
    inherited = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    done = subprocess.run(
        [sys.executable, "-c", SAVE_FAILS, "build", str(source), "--site-dir", "site"],
        cwd=tmp_path,
        env={**inherited, "PYTHONPATH": str(ROOT / "generator"), "JOURNEYBOOK_TODAY": FIXED_TODAY.isoformat()},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "Error: the site could not be written (No space left on device); site was left as it was"
    )
    assert "Traceback" not in done.stderr


def test_also_a_site_folder_that_cannot_be_created_exits_2(tmp_path: Path) -> None:
    source = make(tmp_path)
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    done = journeybook("build", str(source), "--site-dir", "file/site", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("Error: cannot write the site to file/site: ")


# --- 12. serve keeps the last good page of a file whose latest save does not load -----------------


def test_row12_a_half_written_save_keeps_the_last_good_page_with_a_banner(tmp_path: Path) -> None:
    from journeybook.site import Preview

    source = make(tmp_path)
    said: list[str] = []
    preview = Preview(source, "staff", said.append, tmp_path / "work")
    assert preview.rebuild()
    page = preview.site / "questions" / "refund-window" / "index.html"
    good = (source / "policies" / "returns.yaml").read_text(encoding="utf-8")
    time.sleep(0.01)
    (source / "policies" / "returns.yaml").write_text(good + "  - id: half-written\n    ask: [\n", encoding="utf-8")
    preview.rebuild()
    html = page.read_text(encoding="utf-8")
    assert "Not updated: the latest save of this file does not load" in html
    assert "policies/returns.yaml:" in html and "How long do I have to return a product for a refund?" in html
    assert (preview.site / "journeys" / "laptop-will-not-charge" / "index.html").is_file()
    time.sleep(0.01)
    (source / "policies" / "returns.yaml").write_text(good.replace("return period", "return window"), "utf-8")
    assert preview.rebuild()
    html = page.read_text(encoding="utf-8")
    assert "Not updated" not in html and "return window" in html


def test_the_example_workflow_puts_trust_config_only_in_the_post_merge_job() -> None:
    import yaml

    workflow = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert not any("--trust-config" in step.get("run", "") for step in jobs["check"]["steps"])
    assert jobs["build"]["if"] == "github.event_name == 'push'"
    assert any("--trust-config" in step.get("run", "") for step in jobs["build"]["steps"])
    assert workflow[True]["push"] == {"branches": ["main"]}  # YAML 1.1 reads `on:` as true


def test_row1_serve_refuses_too_and_says_how(tmp_path: Path) -> None:
    from journeybook.site import Preview

    source = repo_with(tmp_path, MKDOCS + "hooks: [hook.py]\n")
    (tmp_path / "repo" / "hook.py").write_text(HOOK, encoding="utf-8")
    said: list[str] = []
    assert not Preview(source, "staff", said.append, tmp_path / "work").rebuild()
    assert said[-1].startswith("Not rebuilt: mkdocs.yml or docs/ would run code") and "--trust-config" in said[-1]
    assert not (tmp_path / "repo" / "pwned").exists()
    assert Preview(source, "staff", said.append, tmp_path / "trusted", trust_config=True).rebuild()
    assert (tmp_path / "repo" / "pwned").exists()
