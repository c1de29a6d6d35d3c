"""`python -m journeybook`: the same command line as the `journeybook` script."""

from .cli import main

main(prog_name="journeybook")
