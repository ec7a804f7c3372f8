"""``python -m course_lib COMMAND``: the course's command line.

Every command prints plain sentences, never a traceback, and exits 1 when something is wrong.
"""

from __future__ import annotations

import argparse
import sys


def _validate(args) -> int:
    from course_lib.content import validate

    ok, text = validate(args.data_dir)
    print(text, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def _build_notebooks(args) -> int:
    from course_lib.build import build_notebooks

    return build_notebooks(args.notebooks or None, timeout=args.timeout)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m course_lib", description="Tools for the second-interview course.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    v = sub.add_parser("validate", help="check the content files in data/ (or DATA_DIR)")
    v.add_argument("data_dir", nargs="?", default=None, metavar="DATA_DIR")
    v.set_defaults(run=_validate)

    b = sub.add_parser("build-notebooks", help="re-run notebooks in an empty progress store and save their outputs")
    b.add_argument("notebooks", nargs="*", help="notebook files (default: every notebook in notebooks/)")
    b.add_argument("--timeout", type=int, default=300, help="seconds a cell may take")
    b.set_defaults(run=_build_notebooks)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
