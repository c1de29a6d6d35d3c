"""Jinja2 templates and assets for the generated pages (a package only so that pip installs them)."""
