"""The Textual app — the only package that imports textual (an import-linter contract keeps
the core free of it). ``launch`` is what the command line calls."""
