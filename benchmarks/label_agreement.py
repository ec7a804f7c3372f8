"""How often two labelling passes of the same answers agree: the human baseline for the STAR coach.

    python benchmarks/label_agreement.py FIRST SECOND [--list]

FIRST and SECOND are labelled files in the format of tests/star_labelled/ with the same answers
(same ids, same sentences). Reports, per field, how often the two passes agree, Cohen's kappa for
the sentence parts (agreement beyond what two labellers guessing at their own rates would reach),
and with --list every disagreement, to settle and record in tests/star_labelled/README.md.
The coach's own agreement (benchmarks/star_accuracy.py) is read against this: a reader cannot be
expected to agree with one labeller more often than a second careful labeller does.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from star_accuracy import CODES, load

ANSWER_FIELDS = ("ownership", "quantified_result", "hypothetical")
_LETTER = {part: code for code, part in CODES.items()}


def kappa(pairs: list[tuple]) -> float:
    """Cohen's kappa of two labellers' labels given as (first, second) pairs."""
    n = len(pairs)
    if not n:
        return 0.0
    observed = sum(a == b for a, b in pairs) / n
    firsts, seconds = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(firsts[label] * seconds[label] for label in firsts) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def _present(item: dict) -> str:
    """The parts an answer holds, as letters in STAR order ("S A R")."""
    parts = {part for _, _, part in item["spans"]}
    return " ".join(code for code, part in CODES.items() if part and part in parts)


def compare(first: Path, second: Path) -> tuple[dict, list[str], list[tuple]]:
    """Agreement counts per field, the disagreements as lines, and the sentence-label pairs."""
    ones = {item["id"]: item for item in load(first)}
    twos = {item["id"]: item for item in load(second)}
    if ones.keys() != twos.keys():
        raise SystemExit(f"The two files hold different answers: {sorted(ones.keys() ^ twos.keys())}")
    counts = {name: [0, 0] for name in ("sentence", "parts_present", *ANSWER_FIELDS)}
    lines, pairs = [], []

    def count(name, a, b, where):
        counts[name][0] += a == b
        counts[name][1] += 1
        if a != b:
            lines.append(f"{where}: {name}: {a} | {b}")

    for key, one in ones.items():
        two = twos[key]
        if [s[:2] for s in one["spans"]] != [s[:2] for s in two["spans"]]:
            raise SystemExit(f"{key}: the two files cut the answer into different sentences")
        for n, (a, b) in enumerate(zip(one["spans"], two["spans"]), start=1):
            pairs.append((a[2], b[2]))
            count("sentence", _LETTER[a[2]], _LETTER[b[2]], f"{key} sentence {n}")
        count("parts_present", *(_present(item) for item in (one, two)), key)
        for name in ANSWER_FIELDS:
            count(name, one[name], two[name], key)
    return counts, lines, pairs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--list", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    counts, lines, pairs = compare(args.first, args.second)
    if args.list:
        print("\n".join(lines) or "no disagreements", end="\n\n")
    for name, (agree, total) in counts.items():
        print(f"{name:<18} {agree:>4}/{total:<4} {agree / total if total else 0:6.1%}")
    print(f"{'kappa (sentences)':<18} {kappa(pairs):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
