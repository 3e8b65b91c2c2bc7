"""proeve: structured YAML, one file per initiative, into one clear A4 overview PDF."""

__version__ = "0.2.0"
