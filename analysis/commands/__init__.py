"""Subcommands of `python -m analysis`: each module here defines `register(subparsers)`."""
