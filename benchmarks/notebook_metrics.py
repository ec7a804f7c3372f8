"""Reading level and code size of every notebook in the course.

For each notebook: the Flesch reading ease of its Markdown prose (aim: 50 or more, "fairly
difficult" below that), the number of code cells, and the median and largest code cell in
non-blank lines (aim: median 4 or less, none over 12).

The prose is what a learner reads: code blocks, inline code, link addresses, HTML tags and
table pipes are stripped first. Headings, list items and table cells count as sentences of
their own, because a reader takes each as one unit. Syllables come from a small rule-based
counter (vowel groups, with the usual silent endings), so figures are close to, not equal to,
those of dictionary-based tools; they are for comparing notebooks and spotting hard passages.

Usage: .venv/bin/python benchmarks/notebook_metrics.py [NOTEBOOK ...]
"""

from __future__ import annotations

import json
import re
import statistics
import sys
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

# Abbreviations whose full stops do not end a sentence.
ABBREVIATIONS = {"e.g.": "eg", "i.e.": "ie", "etc.": "etc", "vs.": "vs", "approx.": "approx"}


def syllables(word: str) -> int:
    """Syllables in one English word, by rule: vowel groups, less silent endings."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    # silent endings: "makes", "asked", "make" (but "wanted", "places", "people" keep theirs)
    w = re.sub(r"([^laeiouycsgzxh])es$", r"\1", w)
    w = re.sub(r"([^laeiouytd])ed$", r"\1", w)
    w = re.sub(r"([^laeiouy])e$", r"\1", w)
    w = re.sub(r"^y", "", w)
    count = len(re.findall(r"[aeiouy]+", w))
    # vowel pairs read as two syllables ("material", "actual"), except -tion/-sion/-cial
    # and a "y" between vowels ("employer", "layout")
    count += len(re.findall(r"(?<![tscgx])i[ao]|ua(?!y)", w))
    count += len(re.findall(r"[aeiou]y[aeiou]", w))
    return max(1, count)


def prose(markdown: str) -> list[str]:
    """The readable units of a Markdown cell: one string per line, list item or table cell."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)  # code blocks
    text = re.sub(r"`[^`\n]*`", " ", text)  # inline code
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images: keep the text
    text = re.sub(r"https?://\S+", " ", text)  # bare addresses
    text = re.sub(r"<[^>]+>", " ", text)  # HTML tags
    for abbreviation, plain in ABBREVIATIONS.items():
        text = text.replace(abbreviation, plain)
    units = []
    for line in text.splitlines():
        line = line.strip()
        if re.fullmatch(r"\|?[\s:|-]*", line):  # blank lines and table rules
            continue
        line = re.sub(r"^(#+|[-*+]|\d+[.)]|>)\s+", "", line)  # heading, list and quote markers
        line = line.replace("**", "").replace("__", "")
        units.extend(cell.strip() for cell in line.split("|") if cell.strip())
    return units


def words_in(unit: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'’-]*|\d[\d.,]*", unit)


def sentences_in(unit: str) -> int:
    ends = len(re.findall(r"[.!?]+(?=\s|$)", unit))
    trailing = 0 if re.search(r"[.!?][\"'”’)*]*$", unit) else 1  # a heading or cell without a full stop
    return ends + trailing


def word_syllables(word: str) -> int:
    return 2 if word[0].isdigit() else sum(syllables(part) for part in re.split(r"[-’']", word) if part)


def flesch(units: list[str]) -> tuple[float, int, int]:
    """Flesch reading ease, word count and sentence count of some prose units."""
    words = [w for u in units for w in words_in(u)]
    sentences = sum(sentences_in(u) for u in units if words_in(u))
    if not words or not sentences:
        return float("nan"), len(words), sentences
    syll = sum(word_syllables(w) for w in words)
    score = 206.835 - 1.015 * len(words) / sentences - 84.6 * syll / len(words)
    return score, len(words), sentences


def code_lines(source: str) -> int:
    return sum(1 for line in source.splitlines() if line.strip())


def measure(path: Path) -> dict:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = lambda c: "".join(c["source"]) if isinstance(c["source"], list) else c["source"]  # noqa: E731
    units = [u for c in cells if c["cell_type"] == "markdown" for u in prose(text(c))]
    score, words, sentences = flesch(units)
    sizes = [code_lines(text(c)) for c in cells if c["cell_type"] == "code"]
    return {
        "notebook": str(path.relative_to(NOTEBOOKS)) if path.is_relative_to(NOTEBOOKS) else str(path),
        "flesch": score, "words": words, "sentences": sentences, "code_cells": len(sizes),
        "median_lines": statistics.median(sizes) if sizes else 0, "max_lines": max(sizes, default=0),
    }


def main(paths: list[str]) -> int:
    notebooks = [Path(p).resolve() for p in paths] or sorted(
        p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )
    header = f"{'notebook':<42} {'Flesch':>6} {'words':>6} {'sent.':>5} {'cells':>5} {'median':>6} {'max':>4}"
    print(header)
    print("-" * len(header))
    for path in notebooks:
        m = measure(path)
        print(
            f"{m['notebook']:<42} {m['flesch']:>6.1f} {m['words']:>6} {m['sentences']:>5} "
            f"{m['code_cells']:>5} {m['median_lines']:>6g} {m['max_lines']:>4}"
        )
    print("\nFlesch reading ease: 70-80 fairly easy, 60-70 plain English, 50-60 fairly difficult, below 50 difficult.")
    print("Code cells: non-blank lines per cell (aim: median <= 4, max <= 12).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
