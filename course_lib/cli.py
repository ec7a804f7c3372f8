"""``python -m course_lib COMMAND``: the course's command line.

Every command prints plain sentences, never a traceback, and exits 1 when something is wrong
(a full disk or a progress file held by another program included).
"""

from __future__ import annotations

import argparse
import sys


def _validate(args) -> int:
    from course_lib.content import validate

    ok, text = validate(args.data_dir, notebooks_dir=args.notebooks)
    print(text, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def _lint(args) -> int:
    from course_lib.content import ContentError
    from course_lib.lint import lint, report

    try:
        flags, figures = lint(args.data_dir)
    except ContentError as e:
        print("\n".join(e.errors) + "\nThe quizzes were not checked: fix these first (see validate).", file=sys.stderr)
        return 1
    print(report(flags, figures), file=sys.stderr if flags else sys.stdout)
    return 1 if flags else 0


def _build_notebooks(args) -> int:
    from course_lib.build import build_notebooks

    return build_notebooks(args.notebooks or None, timeout=args.timeout)


def _learner_store(path):
    """The learner's store (or the one at ``path``), with any notice printed as a plain note."""
    import warnings

    from course_lib.progress import open_store

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        store = open_store(path)
    for w in caught:
        print(f"Note: {w.message}", file=sys.stderr)
    return store


def _not_written(what: str, error: Exception) -> int:
    """One plain sentence for a write that failed, whatever failed (the store or the disk)."""
    import sqlite3

    from course_lib.progress import StoreWriteError

    if isinstance(error, (StoreWriteError, sqlite3.Error)):
        detail = str(error) if isinstance(error, StoreWriteError) else (
            f"your progress file could not be read ({error}); nothing in it was changed")
    else:
        detail = getattr(error, "strerror", None) or str(error)
        if getattr(error, "filename", None):
            detail = f"{detail}: {error.filename}"
    print(f"{what} was not written. {detail[0].upper()}{detail[1:]}", file=sys.stderr)
    return 1


def _export(args) -> int:
    import sqlite3

    from course_lib import export
    from course_lib.private_files import private_umask
    from course_lib.progress import StoreUnavailable

    if args.format not in export.FORMATS:
        print(f"--format must be md or html, not {args.format!r}.", file=sys.stderr)
        return 1
    try:
        with private_umask():  # the pack holds the learner's own texts: for their eyes only
            written = export.write_prep_pack(_learner_store(args.store), args.out, args.format)
    except (OSError, StoreUnavailable, sqlite3.Error) as e:
        return _not_written("The prep pack", e)
    print("Written: " + ", ".join(str(p) for p in written))
    return 0


def _results(args) -> int:
    import sqlite3

    from course_lib import export
    from course_lib.private_files import private_umask
    from course_lib.progress import StoreUnavailable

    try:
        with private_umask():  # scores under a pseudonym: the learner decides whom to give them to
            path = export.write_results(_learner_store(args.store), args.out, include_texts=args.include_texts)
    except (OSError, StoreUnavailable, sqlite3.Error) as e:
        return _not_written("The results file", e)
    texts = "with your texts" if args.include_texts else "scores and signals only, no texts"
    print(f"Written: {path} ({texts}). Hand this file to your facilitator.")
    return 0


def _class_report(args) -> int:
    from course_lib.classroom import write_class_report
    from course_lib.gradebook import RosterError, read_roster

    try:
        roster = read_roster(args.roster) if args.roster else None
    except RosterError as e:
        print(f"No class report was written: {e}", file=sys.stderr)
        return 1
    try:
        report, out = write_class_report(args.folder, args.out, roster=roster, csv_out=args.csv)
    except OSError as e:
        print(f"No class report was written (an earlier one is left as it was): {getattr(e, 'strerror', None) or e}",
              file=sys.stderr)
        return 1
    print(f"Counted {report.learners} learner{'s' if report.learners != 1 else ''} from {report.folder}.")
    for s in report.skipped:
        print(f"Skipped {s.file} ({s.kind}): {s.reason}")
    print(f"Written: {out}" + (f" and {args.csv}" if args.csv else ""))
    return 0


def _room(args) -> int:
    if args.hub:
        from course_lib.room_hub import run_hub

        if args.port is not None or args.lan:
            given = " and ".join(flag for flag, on in (("--port", args.port is not None), ("--lan", args.lan)) if on)
            print(f"{given} cannot go with --hub: the hub sets where its room listens (the service's url in "
                  "jupyterhub_config.py).")
            return 2

        return run_hub(out=args.out, mode=args.mode, facilitators=args.facilitators)
    if args.facilitators is not None:
        print("--facilitators is for --hub: on a laptop the projector link is the facilitator's key.")
        return 2
    from course_lib.room_service import PORT, run

    return run(port=PORT if args.port is None else args.port, lan=args.lan, out=args.out, mode=args.mode)


def _handout(args) -> int:
    from course_lib.agenda import write_handout
    from course_lib.content import ContentError

    try:
        path = write_handout(args.out, args.code)
    except (OSError, ContentError) as e:
        return _not_written("The handout", e)
    print(f"Written: {path}. Open it in a browser and print it: it fits one page.")
    return 0


def _quiz_codes(args) -> int:
    from course_lib.content import ContentError, load_content
    from course_lib.quizzes import reveal_codes

    try:
        codes = reveal_codes(load_content(args.data_dir))
    except ContentError as e:
        print("\n".join(e.errors), file=sys.stderr)
        return 1
    print("Reveal codes (a learner in workshop mode types one to see that quiz's feedback):")
    print(codes)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m course_lib", description="Tools for the second-interview course.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    v = sub.add_parser("validate", help="check the content files in data/ (or DATA_DIR)")
    v.add_argument("data_dir", nargs="?", default=None, metavar="DATA_DIR")
    v.add_argument("--notebooks", default=None, metavar="DIR",
                   help="the notebooks the content links to (default: the notebooks folder beside DATA_DIR)")
    v.set_defaults(run=_validate)

    lt = sub.add_parser("lint", help="check every quiz question against the item-writing guidelines")
    lt.add_argument("data_dir", nargs="?", default=None, metavar="DATA_DIR")
    lt.set_defaults(run=_lint)

    b = sub.add_parser("build-notebooks", help="re-run notebooks in an empty progress store and save their outputs")
    b.add_argument("notebooks", nargs="*", help="notebook files (default: every notebook in notebooks/)")
    b.add_argument("--timeout", type=int, default=300, help="seconds a cell may take")
    b.set_defaults(run=_build_notebooks)

    e = sub.add_parser("export", help="write your prep pack (Markdown or HTML, plus a calendar file of your dates)")
    e.add_argument("--format", default="html", metavar="md|html", help="md or html (default: html)")
    e.add_argument("--out", required=True, metavar="PATH", help="the file to write, or a folder to write it in")
    e.add_argument("--store", default=None, metavar="FILE", help="a progress store other than your own")
    e.set_defaults(run=_export)

    r = sub.add_parser("results", help="write your results file for a facilitator (scores and signals, no texts)")
    r.add_argument("--out", required=True, metavar="PATH", help="the file to write, or a folder to write it in")
    r.add_argument("--include-texts", action="store_true", help="also include your own texts")
    r.add_argument("--store", default=None, metavar="FILE", help="a progress store other than your own")
    r.set_defaults(run=_results)

    c = sub.add_parser("class-report", help="roll up a folder of learners' results files into an HTML report")
    c.add_argument("folder", metavar="FOLDER")
    c.add_argument("--out", required=True, metavar="PATH", help="the HTML file to write, e.g. report.html")
    c.add_argument("--roster", default=None, metavar="CSV",
                   help="your roster: a CSV file with 'pseudonym' and 'name' columns (names the rows, lists who "
                        "has not handed in; it stays on your computer)")
    c.add_argument("--csv", default=None, metavar="PATH", help="also write the table, one row per learner, as CSV "
                                                               "for a gradebook")
    c.set_defaults(run=_class_report)

    q = sub.add_parser("quiz-codes", help="print each quiz's reveal code, for running quizzes in workshop mode")
    q.add_argument("data_dir", nargs="?", default=None, metavar="DATA_DIR")
    q.set_defaults(run=_quiz_codes)

    hd = sub.add_parser("handout", help="write the attendees' one-page handout (HTML to print)")
    hd.add_argument("--out", required=True, metavar="PATH", help="the file to write, or a folder to write it in")
    hd.add_argument("--code", default=None, metavar="CODE", help="fill in the room code (default: a blank)")
    hd.set_defaults(run=_handout)

    _add_room(sub)
    return p


def _add_room(sub) -> None:
    rm = sub.add_parser("room", help="run a live room: learners' first tries on the projector as they answer")
    rm.add_argument("--port", type=int, default=None,  # None: not given (a hub's room refuses one)
                    help="the port to listen on (0: any free one; default 8765)")
    rm.add_argument("--lan", action="store_true",
                    help="listen on the local network, not only this laptop (prints what that exposes)")
    rm.add_argument("--out", default="room-results", metavar="FOLDER",
                    help="where the results files go when the session ends (default: room-results)")
    rm.add_argument("--mode", choices=("workshop", "self-paced"), default="workshop",
                    help="the mode joined learners start in (the projector can switch it)")
    rm.add_argument("--hub", action="store_true",
                    help="run as a JupyterHub service (started by the hub; see docs/classroom.md): students "
                         "join with their hub login, no code")
    rm.add_argument("--facilitators", default=None, metavar="NAMES",
                    help="with --hub: the hub users who may open the projector, reveal and end the session "
                         "(comma-separated; default: $COURSE_ROOM_FACILITATORS)")
    rm.set_defaults(run=_room)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
