"""Command line: ``python -m dprk_russia validate [--data DIR]``.

Run by ``make book`` before anything is built, so that bad data stops the build before it
publishes anything wrong.
"""

from __future__ import annotations

import argparse
import sys

from .core.problems import DataError
from .core.schema import data_dir
from .core.validation import check, summarise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dprk_russia")
    sub = parser.add_subparsers(dest="command", required=True)
    val = sub.add_parser("validate", help="check every table; list every problem")
    val.add_argument("--data", help="data folder (default: the repository's data/)")
    bld = sub.add_parser("build", help="build the book, re-executing chapters when inputs changed")
    bld.add_argument("--builder", default="html", help="html (default) or pdflatex")
    args = parser.parse_args(argv)
    if args.command == "build":
        from .publish.build import build

        return build(args.builder)
    if args.command == "validate":
        try:
            raws, _ = check(data_dir(args.data))
        except DataError as exc:
            print(exc, file=sys.stderr)
            return 1
        for line in summarise(raws.values()):
            print(line)
        return 0
    return 2  # pragma: no cover - argparse rejects other commands


if __name__ == "__main__":
    sys.exit(main())
