"""Where journeybook writes and listens: the site folder it may replace, and `serve`'s local-only server.

Replacing the site folder deletes what was there, so journeybook replaces only a folder that is new, empty or
carries the marker file its own builds write; and never one inside docs/ (the next build would read the previous
site back as hand-written pages) or the playbook. `serve` previews a staff site: it answers only requests whose
Host header names this machine, so a web page elsewhere cannot read the preview through DNS rebinding.
"""

from __future__ import annotations

from pathlib import Path

import click
from mkdocs.livereload import LiveReloadServer

SITE_MARKER = ".journeybook-site"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})


class EnvironmentFailure(click.ClickException):
    """The machine, not the playbook: a full disk, no permission on the site folder. Exit 2 (1 means findings)."""

    exit_code = 2


class SiteDirError(click.ClickException):
    """A --site-dir journeybook will not replace: a usage error, exit 2."""

    exit_code = 2


def check_site_dir(given: Path, target: Path, source: Path | None) -> None:
    """Refuse a site folder inside docs/, or one that holds files journeybook did not build."""
    if source is not None:
        docs = source.parent / "docs"
        if target == docs or docs in target.parents:
            raise SiteDirError(
                f"the site folder {given} is inside {docs}, so each build would publish the previous site as "
                "hand-written pages; give a --site-dir outside docs/ and the playbook (the default is ./site)"
            )
    if target.is_dir() and not (target / SITE_MARKER).is_file():
        try:
            empty = not any(target.iterdir())
        except OSError as error:
            raise EnvironmentFailure(f"cannot read the site folder {given}: {error.strerror or error}") from None
        if not empty:
            raise SiteDirError(
                f"{given} holds files journeybook did not build (it has no {SITE_MARKER} file), and a build replaces "
                f"the whole folder; give an empty or new --site-dir, or, if {given} is an old site, delete it first"
            )


def host_allowed(header: str | None, bound: str) -> bool:
    """Whether a Host header names this machine: localhost, 127.0.0.1, [::1], or the address `serve` was given."""
    if not header:
        return False
    host = header.strip().lower()
    if host.startswith("["):
        host = host[: host.find("]") + 1]
    elif host.count(":") == 1:
        host = host.rsplit(":", 1)[0]
    allowed = set(LOCAL_HOSTS)
    if bound not in ("0.0.0.0", "::", ""):
        allowed |= {bound.lower(), f"[{bound.lower()}]"}
    return host in allowed


class LocalOnlyServer(LiveReloadServer):
    """MkDocs' live-reload server that answers 403 to a Host header that is not this machine."""

    def serve_request(self, environ, start_response):
        if not host_allowed(environ.get("HTTP_HOST"), str(self.server_address[0])):
            start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"journeybook serve answers only http://localhost, http://127.0.0.1 and http://[::1]\n"]
        return super().serve_request(environ, start_response)
