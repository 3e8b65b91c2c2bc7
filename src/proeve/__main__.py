"""`python -m proeve` -> the proeve command line."""

from proeve.cli import main

main()
