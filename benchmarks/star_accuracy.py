"""How often the STAR coach agrees with the labelled answers in tests/star_labelled/.

    python benchmarks/star_accuracy.py             # agreement per field, for each file and in all
    python benchmarks/star_accuracy.py --verbose   # and every disagreement

Fields: the part of each sentence (per sentence), and per answer: the set of parts present,
the ownership side ("I", "we" or neither), whether the result is quantified, and whether the
answer is hypothetical. Each file is reported on its own: each was measured once before it was
used to tune the analyzer (those first figures, the honest estimate for answers never seen, are in
tests/star_labelled/README.md); every file here is used to tune but hard_holdout6, which is only
measured. A file given on the command line (say, a fresh holdout kept outside the project) is
measured the same way. The last rows count where the coach says it is unsure ("S or T?") and
whether it told a learner a part was missing that is there.
tests/test_star.py holds the floors each must stay above.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELLED = HERE.parent / "tests" / "star_labelled"
CODES = {"S": "situation", "T": "task", "A": "action", "R": "result", "-": None}
FIELDS = ("part", "parts_present", "ownership", "quantified_result", "hypothetical")


@dataclass
class Agreement:
    agree: dict = field(default_factory=lambda: {f: 0 for f in FIELDS})
    total: dict = field(default_factory=lambda: {f: 0 for f in FIELDS})
    misses: list = field(default_factory=list)
    unsure: int = 0  # sentences shown as "S or T?"
    unsure_right: int = 0  # ... whose two choices include the label
    missed_but_shown: int = 0  # misread sentences whose second choice is the label
    confident_missing: int = 0  # answers told a part is missing (no "not sure") that is there
    unsure_missing: int = 0  # answers told a part may be there ("not sure") that is not

    def share(self, name: str) -> float:
        return self.agree[name] / self.total[name] if self.total[name] else 0.0

    def count(self, name: str, ok: bool, where: str, expected, got) -> None:
        self.total[name] += 1
        self.agree[name] += ok
        if not ok:
            self.misses.append(f"{where}: {name}: expected {expected!r}, got {got!r}")


def load(path: Path) -> list[dict]:
    """The labelled answers, each with 'text' and 'spans' [(start, end, part)] added."""
    import yaml

    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in items:
        lines = [line.split(" | ", 1) for line in item["sentences"].strip().splitlines()]
        labelled = [(CODES[code.strip()], text.strip()) for code, text in lines]
        text = item.get("answer") or " ".join(t for _, t in labelled)
        spans, at = [], 0
        for part, sentence in labelled:
            start = text.find(sentence, at)
            if start < 0:
                raise ValueError(f"{path.name}: {item['id']}: sentence not found in the answer: {sentence!r}")
            spans.append((start, start + len(sentence), part))
            at = start + len(sentence)
        item["text"], item["spans"] = text, spans
    return items


def side(ownership) -> str:
    return "none" if ownership is None else "i" if ownership >= 0.5 else "we"


def measure(paths=None) -> Agreement:
    from course_lib.star import PARTS, analyze

    result = Agreement()
    for path in paths or sorted(LABELLED.glob("*.yaml")):
        for item in load(path):
            report = analyze(item["text"])
            where = f"{path.stem}/{item['id']}"
            for n, (start, end, expected) in enumerate(item["spans"], start=1):
                overlaps = [(min(end, s.end) - max(start, s.start), s) for s in report.sentences]
                size, best = max(overlaps, key=lambda o: o[0], default=(0, None))
                got = best.part if best is not None and size > 0 else None
                result.count("part", got == expected, f"{where} sentence {n}", expected, got)
                other = best.alternative if best is not None and size > 0 else None
                result.unsure += other is not None
                result.unsure_right += other is not None and expected in (got, other)
                result.missed_but_shown += got != expected and other == expected and other is not None
            expected_parts = {p for _, _, p in item["spans"] if p}
            said_missing = set(PARTS) - set(report.parts_present) - set(report.parts_unsure)
            result.confident_missing += bool(said_missing & expected_parts)
            result.unsure_missing += bool(set(report.parts_unsure) - expected_parts)
            result.count("parts_present", set(report.parts_present) == expected_parts, where,
                          sorted(expected_parts), sorted(report.parts_present))
            result.count("ownership", side(report.ownership) == item["ownership"], where,
                          item["ownership"], side(report.ownership))
            for name in ("quantified_result", "hypothetical"):
                result.count(name, getattr(report, name) == item[name], where, item[name], getattr(report, name))
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="labelled files (default: tests/star_labelled/*.yaml)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE.parent))
    paths = args.files or sorted(LABELLED.glob("*.yaml"))
    results = {path.stem: measure([path]) for path in paths}
    if len(paths) > 1:
        results["all"] = measure(paths)
    if args.verbose:
        misses = [m for name, r in results.items() if name != "all" for m in r.misses]
        print("\n".join(misses) or "no disagreements")
        print()
    width = max(map(len, results)) + 2
    print(f"{'field':<20}" + "".join(f"{name:>{width}}" for name in results))
    for name in FIELDS:
        print(f"{name:<20}" + "".join(f"{r.share(name):>{width}.1%}" for r in results.values()))
    print(f"{'answers':<20}" + "".join(f"{r.total['parts_present']:>{width}}" for r in results.values()))
    print("\nWhere the coach says it is unsure (\"S or T?\"):")
    rows = (("shown unsure", lambda r: f"{r.unsure}/{r.total['part']}"),
            ("label among the two", lambda r: f"{r.unsure_right}/{r.unsure}"),
            ("misread, 2nd is right", lambda r: f"{r.missed_but_shown}/{r.total['part'] - r.agree['part']}"),
            ("said missing, there", lambda r: f"{r.confident_missing}/{r.total['parts_present']}"),
            ("said unsure, absent", lambda r: f"{r.unsure_missing}/{r.total['parts_present']}"))
    for label, value in rows:
        print(f"{label:<20}" + "".join(f"{value(r):>{width}}" for r in results.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
