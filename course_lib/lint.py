"""Item-writing checks a machine can make on quiz questions (``python -m course_lib lint``).

``validate`` says whether a quiz file can be read; ``lint`` says whether its questions measure what
a learner knows rather than how test-wise they are. The rules follow Haladyna, Downing & Rodriguez
(2002), "A review of multiple-choice item-writing guidelines for classroom assessment" (Applied
Measurement in Education 15(3)). Each flag is one line naming the file, the quiz, the question and
the guideline it breaks::

    data/quizzes/04_star_method.yaml: quiz '04-star', question 'we-or-i': the right option is 96 characters,
    the others 47 on average [right-option-longest: keep options parallel in length; ...]

The figures (:func:`figures`) are what a test-wise learner would exploit across the course: how
often the right option is the longest, how many 'choose all' items have one wrong option, the
share of 'true' in the true/false key, and how many items ask for a statistic's verdict (those
tagged ``statistic:`` in the quiz files).

A machine sees only the surface: a question with no flag can still be a poor question, and a
flagged one is for a person to look at, not proof that it is wrong. Pure logic: no widgets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # only for type hints: importing content pulls in pydantic
    from course_lib.content import Question, Quiz

# The guideline each rule stands for, as the flag line quotes it.
GUIDELINES = {
    "right-option-longest": "keep options parallel in length; a test-wise learner picks the longest",
    "one-wrong-option": "a 'choose all' item needs 2 or 3 right options of 5 and plausible wrong ones",
    "all-or-none-of-the-above": "avoid 'all of the above' and 'none of the above'",
    "absolute-words": "a true/false statement with an absolute word gives itself away",
    "hedge-words": "a true/false statement with a hedge (usually, often, may) gives itself away",
    "explanation-repeats-option": "every option's explanation says why it is tempting and why it is right or wrong",
    "unbalanced-key": "keep the true/false key near half true (35-65 %)",
    "stem-words-in-right-only": "a right option that alone repeats the question's words is a clue",
    "unknown-statistic": "a 'statistic' tag names a claim id from data/statistics, so verdict items are counted",
}

# How much longer than the other options the right one may be before it stands out.
LONGER_RATIO = 1.25
# A true/false key is balanced when true and false differ by at most this share of the items (or by one
# item, so a quiz with one or three true/false items is not flagged for what it cannot avoid).
KEY_TOLERANCE = 0.3
# An explanation must add at least this many words of its own to the option it explains.
NEW_WORDS = 3

ABSOLUTES = frozenset("""always never only all none every everyone everything nobody nothing exactly
    entirely completely totally certainly definitely guaranteed guarantees guarantee proves prove must
    impossible""".split())
# Hedges make a statement hard to call false, so test-wise learners answer 'true' to them.
HEDGES = frozenset("""usually often sometimes generally typically probably perhaps possibly may might
    rarely seldom occasionally""".split())

_STOP = frozenset("""a an the and or but if then so to of in on at by for with from as is are was were be
    been being it its this that these those you your yours he she his her him they them their we our i me
    my do does did done have has had not no yes right quite correct wrong true false can could would should
    will may might than there here what which who whom how why when where about into out up over more most
    very just also too s t""".split())

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_ALL_OR_NONE = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|them)\b", re.IGNORECASE)
_TRUE_OR_FALSE = re.compile(r"^\s*true or false\s*[:?]\s*", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def _content_words(text: str) -> set[str]:
    """Words that carry meaning, crudely stemmed so 'interviews' and 'interview' match."""
    return {w[:-1] if len(w) > 4 and w.endswith("s") else w for w in _words(text) if w not in _STOP}


@dataclass(frozen=True)
class Flag:
    """One guideline a question (or a whole quiz, ``question=None``) breaks, in words."""

    file: str
    quiz: str | None  # None: the whole course
    question: str | None
    rule: str
    detail: str

    @property
    def line(self) -> str:
        where = (f"quiz '{self.quiz}'" if self.quiz else "every quiz") + (
            f", question '{self.question}'" if self.question else "")
        return f"{self.file}: {where}: {self.detail} [{self.rule}: {GUIDELINES[self.rule]}]"


# --- one question --------------------------------------------------------------------------------
def check_question(q: Question) -> list[tuple[str, str]]:
    """(rule, detail) for every guideline the question visibly breaks."""
    found: list[tuple[str, str]] = []
    right = [o for o in q.options if o.id in q.answer]
    wrong = [o for o in q.options if o.id not in q.answer]
    if q.kind in ("single", "multiple") and right and wrong:
        found += _longest(q.kind, right, wrong)
    if q.kind == "multiple" and len(wrong) <= 1:
        found.append(("one-wrong-option", f"{len(wrong)} of the {len(q.options)} options "
                                          f"{'is' if len(wrong) == 1 else 'are'} wrong, so 'tick all but the odd one' wins"))
    if q.kind != "ordering":
        for o in q.options:
            if _ALL_OR_NONE.search(o.text):
                found.append(("all-or-none-of-the-above", f"option '{o.id}' reads {o.text!r}"))
    if q.kind == "true_false":
        statement = _TRUE_OR_FALSE.sub("", q.prompt)
        for rule, words in (("absolute-words", ABSOLUTES), ("hedge-words", HEDGES)):
            hits = sorted({w for w in _words(statement) if w in words})
            if hits:
                found.append((rule, f"the statement says {', '.join(repr(h) for h in hits)}"))
    for o in q.options:
        own = _content_words(o.explanation) - _content_words(o.text)
        if len(own) < NEW_WORDS:
            found.append(("explanation-repeats-option",
                          f"the explanation of option '{o.id}' adds {len(own)} word{'s' if len(own) != 1 else ''} "
                          f"to the option itself"))
    if q.kind == "single" and right and wrong:
        stem = _content_words(q.prompt)
        shared = sorted(stem & _content_words(right[0].text))
        if len(shared) >= 2 and not any(stem & _content_words(o.text) for o in wrong):
            found.append(("stem-words-in-right-only",
                          f"only the right option repeats the question's words ({', '.join(shared)})"))
    return found


def _longest(kind: str, right, wrong) -> list[tuple[str, str]]:
    r = [len(o.text.strip()) for o in right]
    w = [len(o.text.strip()) for o in wrong]
    if kind == "single":
        if r[0] > max(w) and r[0] >= LONGER_RATIO * mean(w):
            return [("right-option-longest", f"the right option is {r[0]} characters, "
                                             f"the others {round(mean(w))} on average")]
        return []
    if min(r) > max(w) and mean(r) >= LONGER_RATIO * mean(w):
        return [("right-option-longest", f"every right option is longer than every wrong one "
                                         f"({round(mean(r))} characters on average against {round(mean(w))})")]
    return []


# --- a quiz, the course --------------------------------------------------------------------------
def key_is_unbalanced(answers: Iterable[bool]) -> bool:
    """True when a true/false key (True = 'true') leans too far one way to be left to chance."""
    answers = list(answers)
    trues = sum(answers)
    falses = len(answers) - trues
    return len(answers) >= 2 and abs(trues - falses) > max(1, KEY_TOLERANCE * len(answers))


def _tf_keys(questions: Iterable[Question]) -> list[bool]:
    return [q.answer[0] == "true" for q in questions if q.kind == "true_false"]


def _key_detail(keys: list[bool], where: str) -> str:
    return f"{sum(keys)} of the {len(keys)} true/false items {where} are keyed 'true'"


def check_quiz(quiz: Quiz, file: str) -> list[Flag]:
    flags = [Flag(file, quiz.id, q.id, rule, detail) for q in quiz.questions for rule, detail in check_question(q)]
    keys = _tf_keys(quiz.questions)
    if key_is_unbalanced(keys):
        flags.append(Flag(file, quiz.id, None, "unbalanced-key", _key_detail(keys, "in this quiz")))
    return flags


def check_course(quizzes: dict[str, Quiz], files: dict[str, str], folder: str,
                 claims: set[str] | None = None) -> list[Flag]:
    """Every flag in every quiz, then the true/false key over the whole course.

    ``claims``: the claim ids in data/statistics, which 'statistic' tags must name (None: not checked)."""
    flags = []
    for qid in sorted(quizzes, key=lambda i: (files.get(i, ""), i)):
        file = files.get(qid, folder)
        flags += check_quiz(quizzes[qid], file)
        if claims is not None:
            flags += [Flag(file, qid, q.id, "unknown-statistic", f"'statistic' is {q.statistic!r}, not a claim id "
                                                                 f"({', '.join(sorted(claims)) or 'none known'})")
                      for q in quizzes[qid].questions if q.statistic and q.statistic not in claims]
    keys = _tf_keys(q for quiz in quizzes.values() for q in quiz.questions)
    share = sum(keys) / len(keys) if keys else 0.5
    spread = sum(any(q.kind == "true_false" for q in quiz.questions) for quiz in quizzes.values()) > 1
    if spread and len(keys) >= 2 and not 0.35 <= share <= 0.65:  # one quiz alone: check_quiz has said it
        flags.append(Flag(folder, None, None, "unbalanced-key", _key_detail(keys, "in the course")))
    return flags


# --- course-wide figures -------------------------------------------------------------------------
@dataclass(frozen=True)
class Share:
    count: int
    total: int

    @property
    def value(self) -> float:
        return self.count / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.count} of {self.total} ({round(100 * self.value)} %)"


@dataclass(frozen=True)
class Figures:
    """The figures a test-wise learner would exploit, over a set of quizzes."""

    right_is_longest: Share  # single choice: the right option is the longest (a tie counts)
    all_but_one: Share  # choose all: every option but one is right
    keyed_true: Share  # true/false: keyed 'true'
    statistic_verdict: Share  # every item: asks for a statistic's verdict (tagged `statistic:`)

    def lines(self) -> list[str]:
        return [f"right option is the longest: {self.right_is_longest} single-choice items",
                f"all options but one are right: {self.all_but_one} 'choose all' items",
                f"true/false key: {self.keyed_true} items keyed 'true'",
                f"about a statistic's verdict: {self.statistic_verdict} items"]


def figures(quizzes: Iterable[Quiz]) -> Figures:
    questions = [q for quiz in quizzes for q in quiz.questions]
    singles = [q for q in questions if q.kind == "single"]
    longest = sum(1 for q in singles
                  if len(_option(q, q.answer[0]).text.strip()) >= max(len(o.text.strip()) for o in q.options))
    multiples = [q for q in questions if q.kind == "multiple"]
    keys = _tf_keys(questions)
    return Figures(
        right_is_longest=Share(longest, len(singles)),
        all_but_one=Share(sum(len(q.options) - len(q.answer) == 1 for q in multiples), len(multiples)),
        keyed_true=Share(sum(keys), len(keys)),
        statistic_verdict=Share(sum(q.statistic is not None for q in questions), len(questions)),
    )


def _option(q: Question, option_id: str):
    return next(o for o in q.options if o.id == option_id)


# --- a data folder -------------------------------------------------------------------------------
def quiz_files(data_dir: Path) -> dict[str, str]:
    """Quiz id -> the file it came from, as the flag lines name it (e.g. 'data/quizzes/01_x.yaml')."""
    import yaml

    files = {}
    for path in sorted(data_dir.glob("quizzes/*.yaml")):
        try:
            quiz_id = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("id")
        except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError):
            continue  # load_content has already reported anything unreadable
        if isinstance(quiz_id, str):
            files.setdefault(quiz_id.strip(), path.relative_to(data_dir.parent).as_posix())
    return files


def lint(data_dir: Path | str | None = None) -> tuple[list[Flag], Figures]:
    """Every flag in the quizzes of ``data_dir`` (default: the course's data/), and the course figures.

    Raises :class:`course_lib.content.ContentError` when the content does not validate."""
    from course_lib.content import load_content

    content = load_content(data_dir)
    root = Path(content.data_dir)
    folder = (root / "quizzes").relative_to(root.parent).as_posix()
    claims = {s.claim_id for s in content.statistics}
    return (check_course(content.quizzes, quiz_files(root), folder, claims),
            figures(content.quizzes.values()))


def report(flags: list[Flag], figs: Figures) -> str:
    """The text ``python -m course_lib lint`` prints: every flag, a count, the figures."""
    questions = len({(f.quiz, f.question) for f in flags})
    head = ([f.line for f in flags] + [f"{len(flags)} flag{'s' if len(flags) != 1 else ''} "
                                       f"in {questions} item{'s' if questions != 1 else ''}."]
            if flags else ["No item-writing flags."])
    return "\n".join(head + ["Over every quiz:"] + [f"  {line}" for line in figs.lines()])
