"""Entry point: ``smgov COMMAND ...`` runs the command line; anything else opens the app."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from smgov import __version__

if TYPE_CHECKING:
    import argparse


def _gui_parser() -> argparse.ArgumentParser:
    import argparse

    from smgov import COMMAND_NAMES

    parser = argparse.ArgumentParser(
        prog="smgov",
        description="smgov: social media governance for schools. "
        f"Commands: {', '.join(COMMAND_NAMES)} (smgov COMMAND --help).",
    )
    parser.add_argument("file", nargs="?", metavar="FILE", help="the workspace to open")
    parser.add_argument("--demo", action="store_true", help="open a temporary demo workspace of invented records")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the main window to a PNG and exit")
    parser.add_argument("--section", metavar="NAME", help="with --screenshot: the section to show")
    parser.add_argument("--version", action="version", version=f"smgov {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from smgov import COMMANDS

    if args and args[0] in COMMANDS:
        from smgov.cli import main as cli_main

        return cli_main(args)
    if len(args) <= 1 and not any(arg.startswith("-") for arg in args):
        # `smgov` or `smgov FILE` (a .smgov file opened from Explorer): nothing for argparse to read, and the unlock
        # dialog is on screen a few milliseconds sooner without it.
        from smgov.ui.shell.app import run

        return run(Path(args[0]) if args else None, demo=False, screenshot=None, section=None)
    options = _gui_parser().parse_args(args)
    if options.screenshot and not options.demo and not options.file:
        print("smgov: --screenshot needs --demo (or a workspace file).", file=sys.stderr)
        return 2
    from smgov.ui.shell.app import run

    return run(
        Path(options.file) if options.file else None,
        demo=options.demo,
        screenshot=Path(options.screenshot) if options.screenshot else None,
        section=options.section,
    )


if __name__ == "__main__":
    sys.exit(main())
