"""Reading a STAR answer the way a careful career adviser would, sentence by sentence.

``analyze(text)`` returns a :class:`StarReport`: every sentence marked Situation, Task, Action,
Result or none of these, with the words that decided it; the signals career centres check (see
the course's domain notes: Babson, Duquesne, Cornell, Michigan Tech, DDI); and a few kind tips,
each naming the sentences behind it. Pure and fast (under a millisecond for a 250-word answer on
an idle machine, and less while typing, since sentences already read are kept), so feedback can
follow every keystroke (benchmarks/bench_star.py). No widgets, no network, no model.

How a sentence gets its part (transparent on purpose):

1. Cues. Each part has phrases that point to it: "last year", "when I was", "during my
   placement" (Situation); "I was asked to", "my role was to", "it fell to me to", "we had two
   weeks to" (Task); "I" or "we" followed by a verb — "I called", "we built", or "I would call"
   in a hypothetical answer (Action); "as a result", "went down from 12 to 4", "ranked third",
   "still in use four years later", "I learned" (Result). Headings ("Task:", "T:", "Context:")
   count most, though strong words can outweigh a heading that does not fit its sentence.
2. Place. Stories start with the situation and end with the result, so the first sentences lean
   to Situation and the last to Result (counted from where the story starts, after any "Good
   question. I'm a calm person.").
3. Order. The parts are read as a sequence: going forward S → T → A → R costs nothing; staying
   in an action or a result is a little rewarded, in a scene hardly, and a task told twice in a
   row costs (in the labelled answers it follows a task 2 times in 122); going back costs (less
   for a Result followed by more Action: "it failed, so I tried again"), and so does a result
   straight after the set-up, with no step for it to come of. A new story ("Another time...")
   or a turn told of others between the steps ("Then the supplier rang...") may open a scene
   again. The best-scoring sequence wins.
4. The whole story. A sentence that holds two parts ("When the alarm went off, I led them out")
   is read as the part the rest of the answer does not give, or by its main clause when both are
   told elsewhere; a story of four sentences or more with no scene opens with one.

A sentence with none of these (a greeting, an opinion such as "I am a people person") is left
unmarked.

When it is unsure, it says so. A sentence that points nearly as strongly to a second part, with
words of its own ("During my placement I was asked to..."), shows both ("S or T?"), with the
words behind each; a part that only such a sentence may hold is never called missing: the
checklist and the tips say what would make it clear instead. The labelled answers in
tests/star_labelled/ (and benchmarks/star_accuracy.py) measure how often the reading agrees with
careful human labels.

The signals:

* ``action_share``: the share of the answer's words in Action sentences (coaching sites suggest
  about half or more; a convention, not evidence).
* ``ownership``: "I" among first-person subjects, against "we"; None when there is neither.
* ``quantified_result``: a Result sentence carries a number, a percentage, an amount, a duration
  or a count.
* ``hypothetical``: the answer mostly says what one would do, or usually does ("I would...",
  "I always...", "whenever...") rather than what one did — DDI's "false STAR". A real story
  closing with "next time I would..." is not hypothetical.
* ``speaking_minutes`` at 150 words a minute (conversation runs at 140–160, Street & Brady 1982);
  the target is 1.5–2 minutes. ``filler_count``: "um", "basically", "you know"... (aim: under one
  a minute).

The score (0–100) is a coaching signal, never a verdict. Its rubric:

* structure, 40: 10 for each part present;
* action, 20: full when Action sentences hold 40–70 % of the words, less outside that band;
* ownership, 10: 10 × the share of "I" (0 when the answer never says "I" or "we");
* quantified result, 10;
* a real event, 10: 0 when the answer is hypothetical;
* length, 10: full between 1.5 and 2 minutes, less when shorter, nothing from 4 minutes on.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from itertools import chain
from dataclasses import dataclass, fields

from course_lib.checklist import Check, Checklist
from course_lib.markup import DISPLAY_LIMIT, escape

PARTS = ("situation", "task", "action", "result")
PART_LABELS = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result", None: "Other"}
# The kinds of question in the question bank, as the learner reads them. The coach reads the answer
# to a behavioural or situational question as a story; the others do not ask for one.
CATEGORY_NAMES = {"behavioural": "Behavioural", "situational": "Situational", "fit": "Fit and motivation",
                  "logistics": "Logistics and curveballs"}
WORDS_PER_MINUTE = 150
TARGET_MINUTES = (1.5, 2.0)
ACTION_SHARE_BAND = (0.4, 0.7)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
LONG_SENTENCE_WORDS = 40  # longer than this and a listener loses the thread
TYPED_RUN_WORDS = 24  # a run typed with a lower-case "i" is cut into clauses from this length


# --- the report ------------------------------------------------------------------------------
@dataclass(slots=True)  # not frozen: a report makes one per sentence, and frozen ones are slow to build
class Sentence:
    number: int  # 1-based, as the tips name it
    text: str
    start: int  # where it is in the answer (characters)
    end: int
    part: str | None  # "situation", "task", "action", "result" or None
    words: int
    evidence: tuple[str, ...] = ()  # the words (lower-cased) that decided the part
    hypothetical: bool = False
    quantity: bool = False  # carries a number, amount, duration or count
    fillers: int = 0
    we: int = 0  # "we" as a subject
    i: int = 0  # "I" as a subject
    # A part nearly as likely as ``part`` ("situation or task?"), with the words that point to it;
    # None when the reading is clear.
    alternative: str | None = None
    alternative_evidence: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return PART_LABELS[self.part]

    @property
    def tag(self) -> str:
        """The part as the answer's margin shows it: "Task", or "S or T?" when two are close."""
        if self.alternative is None:
            return self.label
        first, second = sorted((self.part, self.alternative), key=_PART_ORDER.__getitem__)
        return f"{PART_LABELS[first][0]} or {PART_LABELS[second][0]}?"

    @property
    def could_be(self) -> str:
        """"situation or task" in words, for the checklist and the tips."""
        first, second = sorted((self.part, self.alternative), key=_PART_ORDER.__getitem__)
        return f"{PART_LABELS[first]} or {PART_LABELS[second]}"

    def cues(self) -> list[str]:
        """The words that decided this sentence's part, as they are written in it."""
        return [self.text[a:b] for a, b in evidence_spans(self)]


_PART_ORDER = {part: n for n, part in enumerate((*PARTS, None))}


@dataclass(frozen=True)
class Tip:
    kind: str  # a stable name: "hypothetical", "missing-result", ...
    text: str
    sentences: tuple[int, ...]  # the sentence numbers behind the tip


@dataclass(frozen=True)
class ScoreLine:
    label: str
    points: float
    out_of: int
    why: str


@dataclass(frozen=True)
class Signals:
    """What the reading found, before any advice: the sentences and the answer-wide signals."""

    text: str
    sentences: tuple[Sentence, ...]
    parts_present: frozenset  # parts some sentence is read as
    parts_unsure: frozenset  # parts no sentence is read as, but one might be ("S or T?")
    action_share: float
    ownership: float | None
    i_count: int
    we_count: int
    quantified_result: bool
    hypothetical: bool
    word_count: int
    speaking_minutes: float
    filler_count: int
    top_words: tuple[tuple[str, int], ...]
    job_terms: tuple[str, ...]

    def of_part(self, part: str | None) -> list[Sentence]:
        return [s for s in self.sentences if s.part == part]

    def numbers(self, part: str | None) -> list[int]:
        return [s.number for s in self.sentences if s.part == part]

    @property
    def parts_not_found(self) -> list[str]:
        """The parts neither read in a sentence nor shown as perhaps there, in STAR order."""
        return [p for p in PARTS if p not in self.parts_present and p not in self.parts_unsure]

    def unsure_about(self, part: str) -> list[Sentence]:
        """Sentences that might be ``part`` though they are read as another."""
        return [s for s in self.sentences if s.alternative == part]


@dataclass(frozen=True)
class StarReport(Signals):
    """The reading and the advice drawn from it: tips, score and checklist."""

    tips: tuple[Tip, ...] = ()
    score: int = 0
    score_lines: tuple[ScoreLine, ...] = ()

    def checklist(self) -> Checklist:
        """The signals as a checklist, each with the evidence behind it."""
        return Checklist("What the coach checks", _checks(self) if self.sentences else (),
                         empty_message="Write your answer to see the checklist.")

    def __repr__(self) -> str:
        if not self.sentences:
            return "STAR reading: no answer yet"
        parts = ", ".join(PART_LABELS[p] for p in PARTS if p in self.parts_present) or "none"
        return (f"STAR reading: {len(self.sentences)} sentence{'s' if len(self.sentences) != 1 else ''}, "
                f"parts found: {parts}; coaching score {self.score}/100")

    def _repr_html_(self) -> str:
        return report_html(self)


# --- splitting into sentences ----------------------------------------------------------------
_BULLET = re.compile(r"[ \t]*(?:[-*•·‣◦▪–—+>]+|\(?\d{1,3}[.)]|\(?[a-hA-H][.)])[ \t]+")
_HEADING = re.compile(
    r"[ \t]*(?:#+[ \t]*)?(?:\*\*|__)?[ \t]*"
    r"(?:(situation|context|background|task|goal|challenge|problem|obstacle|set the scene|belief|actions?|what i did"
    r"|results?|outcomes?|impact|learnings?|what i learned|what i learnt)"
    r"[ \t]*(?:\*\*|__)?[ \t]*[:\-–—]?|([star])[ \t]*(?:\*\*|__)?[ \t]*[:\-–—])[ \t]*(?:\*\*|__)?[ \t]*$",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"(?:\*\*|__)?(?:(situation|context|background|task|goal|challenge|obstacle|set the scene|belief|actions?"
    r"|what i did|results?|outcomes?|impact|learnings?|what i learned|what i learnt)"
    r"(?:\*\*|__)?[ \t]*(?:\*\*|__)?[ \t]*[:\-–—]|([star])(?:\*\*|__)?(?:[ \t]*:|[ \t]+[\-–—](?=\s|$)))"
    r"[ \t]*(?:\*\*|__)?",
    re.IGNORECASE,
)
_LABEL_PART = {"situation": "situation", "context": "situation", "background": "situation", "problem": "situation",
               "task": "task", "goal": "task", "challenge": "task", "action": "action", "actions": "action",
               "what i did": "action", "result": "result", "results": "result", "outcome": "result",
               "outcomes": "result", "impact": "result", "s": "situation", "t": "task", "a": "action",
               "r": "result", "obstacle": "situation", "set the scene": "situation", "belief": None,
               "learning": "result", "learnings": "result", "what i learned": "result", "what i learnt": "result"}
# Labels written inside the text, after what they label: "The lift broke (Situation), so I..."
_INLINE_LABEL = re.compile(r"\((situation|context|task|actions?|results?|[star])\)[ \t]*[,;.:]?", re.IGNORECASE)
# A time stamp heading a step inside the action ("Day 2:", "First ten minutes:", "Afterwards:"): layout, not words
_TIME_STAMP = re.compile(
    r"[ \t]*(?:[\w'-]+ ){0,3}?(?:day|days|week|weeks|month|months|hour|hours|minute|minutes|morning|afternoon|evening"
    r"|night|weekend|shift|afterwards|later|meanwhile)(?: [\w'-]+){0,2}[ \t]*:[ \t]+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_TITLES = {"dr", "mr", "mrs", "ms", "prof", "st", "mt", "sgt", "capt", "col", "gen", "rev", "hon"}
_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "approx", "no", "fig", "inc", "ltd", "co", "dept", "a.m", "p.m",
                  "cf", "incl", "est", "jr", "sr", "u.s", "u.k", "ph.d", "b.sc", "m.sc", "nb", "ca", "min", "max"}
_CLAUSE_BREAK = re.compile(
    r"(?:;\s*|,?\s+)(?=(?:and then|and so|and after that|and|so|but|then|which meant|after that)\s+"
    r"(?:i|we|my|our|the|he|she|they|it|his|her|their|everyone|everybody|nobody|this|that|there)\b)",
    re.IGNORECASE,
)
_WORDISH = re.compile(r"[^\W_]")


def _ends_sentence(chunk: str, dot: int, after: int) -> bool:
    """Is the punctuation at chunk[dot] the end of a sentence (not 'Dr.' or 'e.g.')?"""
    if chunk[dot] != ".":
        return True
    before = chunk[max(0, dot - 8):dot].rsplit(None, 1)
    token = before[-1].lower().strip("(\"'") if before else ""
    nxt = chunk[after:after + 1] if after < len(chunk) else ""
    if token in _TITLES:
        return False
    if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha() and chunk[dot - 1].isupper()):
        return nxt.isupper()  # "etc. Then..." ends a sentence; "e.g. a form" does not
    return True


_WORD_START = re.compile(r"(?<![\w'.,:])\w")  # where a word of _TOKEN starts (symbols are no words)


def _split_long(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """Cut a run-on sentence at clause boundaries ("... and I ...", "; so we ...")."""
    piece = text[start:end]
    typed = " i " in piece  # typed without capitals, and so often without full stops: cut sooner
    if len(piece.split()) <= (TYPED_RUN_WORDS if typed else LONG_SENTENCE_WORDS):
        return [(start, end)]
    cuts, last = [], 0
    breaks = _CLAUSE_BREAK.finditer(piece)
    if typed:  # "...the oven broke i rang the engineer"
        breaks = sorted((*breaks, *_typed_breaks(piece)), key=lambda m: m.start())
    # where each word starts, found once: counting the words after every break anew is quadratic,
    # and a long answer typed with no full stops is one piece (16 ms for 2,000 words)
    starts = [m.start() for m in _WORD_START.finditer(piece)]
    for m in breaks:
        before = bisect_left(starts, m.start()) - bisect_left(starts, last)
        if m.start() >= last and before >= 8 and len(starts) - bisect_left(starts, m.end()) >= 5:
            cuts.append((last, m.start()))
            last = m.end()
    cuts.append((last, len(piece)))
    return [(start + a, start + b) for a, b in cuts]


# A lower-case "i" after a word that neither joins it ("and", "so", "when", "that") nor reports it
# ("said", "knew"), and not in "the man i spoke to", starts a new clause in an answer typed in one run.
_TYPED_I = re.compile(r"(?<=[a-z]) (?=i [a-z])")
_JOINS_I = frozenset(
    "and so but then or because when while if as before after until since once that which who what where how "
    "than though although whether whenever unless said told thought think knew know realised realized noticed "
    "felt found decided hoped guess suppose mean hope wish saw heard".split())
_DETERMINERS = frozenset("the a an my our his her their this that every any some each all one".split())


_NAMED_TIME = re.compile(rf"(?:mon|tues|wednes|thurs|fri|satur|sun)day|{_MONTHS}")


def _typed_breaks(piece: str) -> list[re.Match]:
    """Where a run typed in lower case starts a clause with "i" (see _TYPED_I)."""
    out = []
    for m in _TYPED_I.finditer(piece):
        before = piece[max(0, m.start() - 40):m.start()].split()
        if before and before[-1] not in _JOINS_I and (len(before) < 2 or before[-2] not in _DETERMINERS
                                                      or _NAMED_TIME.fullmatch(before[-1])):  # "on a saturday i"
            out.append(m)
    return out


def split_sentences(text: str) -> list[tuple[int, int, int | None]]:
    """(start, end, heading part) of each sentence; headings ("Action:") are not sentences but
    give the part of what follows them, bullets lose their markers, wrapped lines are joined."""
    chunks: list[list] = []  # [start, end, heading]
    heading, open_chunk = None, None
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            open_chunk = None
            continue
        m = _HEADING.fullmatch(body)
        if m:
            heading = _LABEL_PART.get((m.group(1) or m.group(2)).lower())
            open_chunk = None
            continue
        b = _BULLET.match(body)
        first = line_start + (b.end() if b else len(body) - len(body.lstrip()))
        last = line_start + len(body.rstrip())
        continues = (open_chunk is not None and not b and body.lstrip()[:1].islower()
                     and text[open_chunk[1] - 1] not in ".!?…:;")
        if continues:
            open_chunk[1] = last
        else:
            label = _LABEL.match(text, first, last)  # "Action: I walked... I had...": the label heads the line
            open_chunk = [first, last, _LABEL_PART[(label.group(1) or label.group(2)).lower()] if label else heading]
            chunks.append(open_chunk)
    spans = []
    for start, end, part in chunks:
        chunk = text[start:end]
        begin = 0
        for m in _SENTENCE_END.finditer(chunk):
            after = m.end()
            while after < len(chunk) and chunk[after].isspace():
                after += 1
            if _ends_sentence(chunk, m.start(), after):
                spans.append((start + begin, start + m.end(), part))
                begin = after
        if begin < len(chunk):
            spans.append((start + begin, end, part))
    out = []
    for start, end, part in (_cut_at_inline_labels(spans, text) if "(" in text else spans):
        stamp = _TIME_STAMP.match(text, start, end) if text.find(":", start, end) >= 0 else None
        if stamp:
            start = stamp.end()
        if _WORDISH.search(text, start, end) is None:
            continue  # only punctuation or symbols: nothing to read
        out.extend((a, b, part) for a, b in _split_long(start, end, text))
    return out


def _cut_at_inline_labels(spans: list[tuple[int, int, str | None]], text: str) -> list[tuple[int, int, str | None]]:
    """A label in brackets after a clause ("My van broke down (Situation), so I...") ends that
    clause and gives its part as a heading would; the label itself is not read."""
    out = []
    for start, end, part in spans:
        for m in _INLINE_LABEL.finditer(text, start, end):
            before = m.start()
            while before > start and text[before - 1] in " \t":
                before -= 1
            out.append((start, before, _LABEL_PART[m.group(1).lower()]))
            start = m.end()
            while start < end and text[start].isspace():
                start += 1
        if start < end:
            out.append((start, end, part))
    return out


# --- words -----------------------------------------------------------------------------------
# A token is a run of letters or digits of any script, with inner apostrophes, dots, commas or
# colons ("didn't", "1.2", "40,000", "11:15"); hyphens split ("five-star" is "five", "star").
# (\w also takes "_", which answers hardly use; it is a third quicker than excluding it.)
_TOKEN = re.compile(r"\w+(?:['.,:]\w+)*|[£$€¥₹%]")
_SYMBOLS = frozenset("£$€¥₹%")


def count_words(text: str) -> int:
    return sum(1 for t in _TOKEN.findall(text) if t not in _SYMBOLS)


def _tokens(sentence: str) -> list[str]:
    return _TOKEN.findall(sentence.lower().replace("’", "'"))


# --- cues ------------------------------------------------------------------------------------
# Each cue is a phrase pattern: words separated by spaces; "a|b" is either word; a trailing "?"
# makes a word optional; "*" is any one word, "..." up to four words, "#" a number ("12", "twelve"),
# "-ed" any past form ending in -ed, "-ing" any form ending in -ing. All cues sit in one word tree,
# so an answer is read in one pass over its words; that keeps the coach within a millisecond for a
# 250-word answer.
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands "
    "million millions billion billions dozen dozens half halved double doubled twice triple tripled quadrupled "
    "zero".split()
)
_UNITS = ("second|seconds|minute|minutes|hour|hours|day|days|week|weeks|fortnight|fortnights|month|months|"
          "quarter|quarters|term|terms|year|years|point|points|star|stars|percent|"
          "hour's|day's|week's|month's|year's")  # "one hour's labour", "a week's pay"
_SEASONS = "spring|summer|autumn|fall|winter"
_NOT_ING = frozenset(  # words ending in "-ing" that are not verb forms
    "during nothing something anything everything morning evening thing things king ring spring string "
    "ceiling building meeting".split()
)
_NOT_PAST = frozenset(  # words ending in "-ed" that are not past tenses
    "need speed feed indeed proceed exceed succeed seed weed bleed breed hundred red bed shed wed embed".split()
)

# (what, weight, cap per sentence, phrases): what is a part, or "hypothetical", "lesson",
# "filler" or "quantity". A phrase may end with "!not after a|b" (the word before is none of
# these) or "!after a|b" (one of these is among the three words before: "the director wanted").
_PHRASES = [
    # Situation: setting the scene
    ("situation", 1.0, 1.0, ["ago", "at the time", "back then", "at that time",
                             f"last year|season|month|week|term|semester|quarter|christmas|{_SEASONS}"]),
    ("situation", 2.0, 2.0, ["i|we joined", "when|as i|we joined"]),  # "I joined the team just as..."
    ("situation", 1.5, 1.5, ["i|we coach|manage|teach|supervise|volunteer|run a|an|the|our|my"]),  # a role held
    ("situation", 1.0, 1.0, ["with # * *? staff|people|employees|members|pupils|students|beds|covers|rooms|clients"
                             "|volunteers|customers|branches|shops|stores|sites"]),  # the size of the place
    ("situation", 0.8, 0.8, ["could not", "couldn't|cannot|can't"]),
    ("situation", 1.5, 1.5, ["i|we work|worked as|at|in|for|on|with", "i|we was|were working as|at|in|for|on|with"]),
    ("situation", 1.0, 1.0, ["there was|were", "there had been", "there's|there're usually|always|only|never", "it|this|that is|was hard|difficult|impossible|tricky",
                   "it|this|that is|was not easy"]),
    ("situation", 1.0, 2.0, ["was -ing !not after i", "were -ing",  # the past continuous paints the background
                   "was|were behind|late|down"
                   "|short|broken|unhappy|angry|upset|confused|missing|full|overloaded|stuck|delayed"
                   "|too|very|so|not|low|poor|weak|slow|busy|really|quite|always|often|never|still|no|only"
                   "|worst|weakest|lowest|slowest", "was|were in a hurry", "was|were a mess",
                   "was|were the worst|weakest|lowest|slowest|busiest"]),
    ("situation", 1.0, 1.0, ["he'd|she'd|they'd", "he|she|they would always|never|often|usually|just|keep",
                             # "Mum would only talk through the door": what another kept doing (kind 43)
                             "would only|always|never|often|usually|just|keep !not after i|we|you|he|she|they|it|this"
                             "|that|so|which|who"]),
    ("situation", 1.0, 1.0, ["had been|not|never|fallen|gone|broken|become|grown|taken|left|stopped|dropped|risen"
                             "|lost|missed|made|done|run|seen|heard|told|sent|spent|built|known|-ed"]),  # before
    ("situation", 0.8, 1.6, ["problem|problems|issue|issues|complaint|complaints|crisis|backlog|shortage|conflict|argument|mess"
                   "|delay|delays|refused|fainted|failing|losing|struggling", "behind schedule", "fell ill", "off sick",
                   "sick leave", "on leave"]),
    # Task: what was needed of the speaker
    ("task", 3.0, 3.0, ["my|our|the main|only|first|big|biggest|real? task|job|role|goal|aim|brief|mission|objective"
                   "|responsibility|target|challenge|priority|remit|assignment ... was|is|were "
                   "to|clear|simple|making|getting|finding"]),
    ("task", 1.5, 1.5, ["my|our task|goal|aim|objective|mission|brief|remit|assignment"]),
    ("task", 3.0, 3.0, ["asked|told|wanted|needed|required|expected|tasked|hired|assigned|ask|tell|want|asks|tells|wants"
                   "|begged|got|asking|telling|begging|expecting me|us|someone|somebody to",
                   "asked|told|tasked|wanted|needed|got me|us and * *? *? to",  # "asked me and another analyst to"
                   "asked|told|wanted|needed|expected one of us to", "asked|asking|told|telling me|us for"]),
    ("task", 3.0, 3.0, ["it was|is up|down to me|us", "left it|this|that|the rest to me|us", "was|is left to me|us",
                        "it was|is my job|responsibility|role|task", "it was|is on me",
                        "it fell|falls to me|us", "fell to me|us to", "set|gave|give|given|handed me|us a|an|the target|goal|deadline"
                        "|challenge|task|brief|job|role|responsibility|assignment", "gave|give myself|ourselves", "was|were given the job|task|role",
                        "say|says|send|sends|sent me|us to|for", "ask|asks me|us for", "i|we must",
                        "can|could someone|anyone|somebody|anybody", "i|we offered|volunteered|promised to",
                        "i said i would|i'd"]),
    ("task", 2.5, 2.5, ["had|has # {_UNITS} before|to|until|left".format(_UNITS=_UNITS), "i|we had until",
                        f"gave|give|given|allowed me|us|myself|ourselves a|an|one|# {_UNITS} to|before|until",
                        "it|this|that was|is due", "was|were due"]),
    ("task", 1.5, 1.5, ["had|needed|has|have|need|needs to be !not after you", "must|should be !not after you",
                        "could only", "had no choice",
                   "was|were not|only allowed to"]),
    ("task", 1.0, 1.0, ["had to !not after i|we", "needed|need|needs to !not after i|we"]),
    ("task", 3.0, 3.0, ["was|were asked|told|tasked|assigned|given|expected|supposed|hired|chosen to",
                   "was|were brought in to"]),
    ("task", 2.0, 2.0, ["wanted|needed|expected|required|demanded !after the|my|our|his|her|their",
                   "asked for !after the|my|our|his|her|their"]),
    ("task", 1.5, 1.5, ["i|we had #|a|an|only|just * *? to"]),
    # taking a responsibility on, or holding a target: what was needed of the speaker ("I took on the
    # summer fair when the chair stepped down", "I still had a quarterly target", "I have 40 rooms to clean")
    ("task", 2.0, 2.0, ["i|we took on|over the|a|an|our|my", "took charge|responsibility|ownership of",
                        "stepped up|in to", "fell on me|us|my|our",
                        "i|we still|also|already? had|have|has a|an|the|my|our * *? *? target|quota",
                        "i|we have|has # * to|before|by"]),
    ("task", 2.0, 2.0, ["set|made|agreed|chose|took * *? *? as the|our|my|a goal|target|aim|task|priority"]),
    ("task", 0.7, 0.7, ["deadline", "by monday|tuesday|wednesday|thursday|friday|noon", "by the end of",
                   "before the|a deadline|release|launch|test|tests|filing|go"]),
    # Action: steps
    ("action", 1.2, 1.2, ["was|were drafted|briefed|held|organised|organized|sent|written|arranged|created|built|prepared"
                   "|called|contacted|trained|redesigned|rewritten|tested|reviewed|planned|scheduled",
                   "was|were set up"]),
    ("action", 2.5, 2.5, ["my|our approach|method ... is|was always|usually|normally|generally? to",
                          "my|our approach|method ... would be to",
                          "my|our first|next|second|last step|steps ... is|was|are|were|would"]),
    ("action", 1.5, 1.5, ["you need|have|ought|try|want to", "you should|must|can|could|might",
                          "it is important|essential|crucial|vital|best|good|helpful|key to",
                          "it's important|essential|crucial|vital|best|good|helpful|key to", "it helps to"]),
    # Result: what came of it
    ("result", 2.0, 2.0, ["as a result", "in the end", "the result was|is", "the outcome", "this|that|which meant",
                   "thanks to this|that|the", "because of this|that", "since then", "ever since", "from then on",
                   "to this day", "by the end of", "ended up", "in total", "overall", "paid off",
                   "it|that|this worked|works|helps|helped", "that|this way", "so far",
                   "made no|little|a|any|all the? difference", "by the deadline|launch|end"]),
    ("result", 2.0, 2.0, ["never|not * *? again", "never ... again", "the best|longest|highest|lowest|fastest|biggest"
                          "|first ... ever|yet", "a|the? full recovery", "were|was affected",
                          f"went # {_UNITS} without",
                          "ranked|came|finished|placed|ranking first|second|third|fourth|fifth|top|last|#",
                          "got|received|earned|achieved|awarded|scored|gained|given an|a a|a's|first|distinction|merit",
                          f"#|a {_UNITS} ahead|earlier|sooner", "about|around|over|nearly? # more|fewer|extra",
                          "got|had|received|saw|drew|attracted very? few|no|little|only",
                          "lost|missed|wasted|dropped|broke almost|hardly|barely? no|none|nothing"]),  # avoided
    ("result", 1.5, 1.5, ["on time", "ahead of time|schedule", "as planned", "on the planned day",
                   f"{_UNITS} early", f"{_UNITS} ahead of time|schedule", f"{_UNITS} before the? deadline",
                   "% of my|our|the|their target|goal|quota|budget", "of target|quota", f"# {_UNITS} later",
                   f"a|one {_UNITS} later", "worked first time|well", "has|have since"]),
    ("result", 1.0, 1.0, ["now"]),
    ("result", 1.0, 2.0, ["increased|decreased|reduced|cut|rose|grew|fell|dropped|improved|doubled|tripled|halved|saved|won"
                   "|gained|achieved|exceeded|beat|raised|boosted|lowered|shortened|earned|secured|renewed|retained"
                   "|recovered|passed|stopped|disappeared|finished|completed|launched|resolved|succeeded|promoted"
                   "|thanked|praised|recognised|recognized|awarded|adopted|stayed|delivered",
                   "broke even", "went up|down|from|back|live", "came down|back", "rolled out", "on budget",
                   "under budget", "in use", "still|now use|uses|used", "back to normal", "was|were back",
                   "kept all|every", "survived"]),
    ("result", 2.0, 2.0, ["later heard|learned|learnt|found|discovered|saw"]),
    ("result", 0.8, 1.6, ["happy|pleased|delighted|satisfied|impressed|grateful|relieved|calmer|thanks|thank|thanked|praise"
                   "|praised|compliment|compliments|complimented|review|feedback|award|awards|promoted|promotion|bonus"
                   "|recognition|recognised|recognized|survey|rated|score|successful|success|achievement|achievements"
                   "|appreciate|appreciated|appreciates|appreciation|liked|loved|enjoyed"]),
    ("result", 2.0, 2.0, ["got|received|earned|given a|an|the? good|great|high|higher|highest|best|positive|top"
                   "|excellent|perfect|"
                   "first|distinction? mark|marks|grade|grades|review|reviews|feedback|score|scores|rating|ratings",
                   "got|received|earned|achieved|scored|won|awarded|given a|an ... rating|grade|mark|score|review"
                   "|award|prize", "got|received|earned|achieved|scored|gained|averaged # %|percent|per|marks|points|out",
                   "with a|an distinction|merit|first", "got|scored a|an #", "got|scored # for|on|out"]),
    ("result", 0.5, 1.0, ["better|faster|easier|smoother|clearer|fewer|less|zero|nobody", "no more|longer|one",
                   "never happened|again"]),
    ("result", 2.5, 2.5, ["learned|learnt", "the lesson", "lesson|lessons i|was", "lesson for me", "taught me", "next time",
                   "looking back", "in future", "in the future", "i now", "i still", "i have never|always|since",
                   "now i", "made me", "gave me the? confidence", "has stayed with me", "these days|nowadays i",
                   "i|we should|could have", "took from it|this|that", "took away from"]),
    ("result", 1.5, 1.5, ["from about|around? £|$|€? # *? to about|around? £|$|€? #",
                   "by about|around|over|almost|nearly? # %|percent",
                   "by about|around|over|almost|nearly? # per cent",
                   # "we lost two starters instead of around eight": a figure set against the one before
                   "instead of about|around|nearly|almost? #", "compared with|to about|around? #",
                   "down|up from about|around|nearly|almost? #"]),
    # none of these: pleasantries, opinions, claims about oneself
    (None, 4.0, 4.0, ["hope that|this answers", "happy to say|go|tell|explain|share|answer",
                      "can|could|may i give|use|take|share|talk", "it|this does not happen|come", "it|this doesn't happen|come"]),
    (None, 2.5, 2.5, ["i'm a|an? very|really|quite|extremely|highly? * *? person|worker|learner|communicator|player"
                      "|leader|individual", "i am a|an? very|really|quite|extremely|highly? * *? person|worker|learner"
                      "|communicator|player|leader|individual"]),
    (None, 2.5, 2.5, ["i'm very|really|so|quite? proud", "i am very|really|so|quite? proud"]),
    # a self-appraisal to close (kind 49): "That day proved my leadership", "It shows I am a natural..."
    (None, 2.5, 2.5, ["proved|proves|showed|shows|demonstrated|demonstrates really? my",
                      "proved|proves|showed|shows|demonstrated|demonstrates that? i am|was|can|have|work|think"]),
    (None, 2.0, 2.0, ["is|are one? of? the|an? key|keys|essential|crucial|vital|important !not after it|this|that",
                      "is|are part of", "you have|need|ought to be", "you should|must be",  # a quality, not a step
                      "is|are an important part of", "the most important thing",
                      "one of my key|best? strengths|qualities", "every * deserves|needs"]),
    # signals
    ("hypothetical", 0, 0, ["whenever", "my approach is", "my approach would be",
                            "you would|should|always|usually|can", "you have|need to",
                            "this|that|it would|will !not after so|that"]),
    ("lesson", 0, 0, ["now i always|never", "looking back", "these days|nowadays i", "since then i|we",
                      "i|we should|could have", "took from it|this|that", "took away from", "next time", "in future", "in the future",
                      "if i did|had it again",
                      "would have", "i would now", "from now on", "now i would|always", "i have always|never"]),
    ("filler", 0, 0, ["um|umm|uh|uhh|erm|er|hmm|hmmm|basically|literally|actually|honestly", "you know", "i mean",
                      "so yeah", "and stuff", "or whatever", "to be honest",
                      "kind|sort of !not after this|that|what|the|a|any|some|which|every|one|these|those|no|same|new"
                      "|right|different|your|my|our|their|his|her|its"]),
    ("quantity", 0, 0, ["a|one third|quarter|fifth|tenth", "not|never once", "not * once",
                        f"one more|extra|whole|full? {_UNITS}",
                        f"a {_UNITS} early|earlier|ahead|before|sooner|faster|quicker|later|late",
                        f"within a|an|the {_UNITS}", f"by a|one {_UNITS}", "# out of #",
                        "once|twice a|per day|week|month|shift|night|term|year",  # a count of times
                        "got|received|earned|achieved|awarded|scored|gained an|a a|a's|first|distinction|merit",
                        "ranked|came|finished|placed first|second|third|fourth|fifth|top|last",
                        "with a|an distinction|merit|first", "only|just one"]),
]

_END = ""  # the key of a word-tree node that ends a phrase (never a word)
_ANY, _GAP, _NUMBER, _PAST_ED, _ING = "*", "...", "#", "-ed", "-ing"


def _expand(phrase: str) -> list[list[str]]:
    """Every word sequence of a phrase, optional words both left out and kept."""
    sequences: list[list[str]] = [[]]
    for slot in phrase.split():
        optional = slot.endswith("?") and slot != "?"
        choices = slot.rstrip("?").split("|") if slot not in (_ANY, _GAP) else [slot]
        sequences = [seq + [c] for seq in sequences for c in choices] + (sequences if optional else [])
    return sequences


def _build_tree():
    tree: dict = {}
    cues = []  # (what, weight, cap, words that may not come just before, one of which must come
    #           among the three before, line of _PHRASES: its cues share the cap)
    for line, (what, weight, cap, phrases) in enumerate(_PHRASES):
        for phrase in phrases:
            phrase, _, not_after = phrase.partition(" !not after ")
            phrase, _, after = phrase.partition(" !after ")
            cue = len(cues)
            cues.append((what, weight, cap, frozenset(not_after.split("|")) if not_after else frozenset(),
                         frozenset(after.split("|")) if after else frozenset(), line))
            for words in _expand(phrase):
                node = tree
                for word in words:
                    node = node.setdefault(word, {})
                node.setdefault(_END, []).append(cue)
    return tree, cues


_TREE, _CUE_INFO = _build_tree()
_SPECIAL = "\x01"  # a node's children that match by kind ("*", "#", ...), listed once for speed


def _index_specials(node: dict) -> None:
    specials = [(key, node[key]) for key in (_ANY, _NUMBER, _PAST_ED, _ING, _GAP) if key in node]
    for key, child in list(node.items()):
        if key not in (_END, _SPECIAL):
            _index_specials(child)
    if specials:
        node[_SPECIAL] = specials


_index_specials(_TREE)
_NUMBER_NODE = _TREE.get(_NUMBER, {})  # the cues that open with a number ("# weeks later")
assert _SPECIAL not in _NUMBER_NODE  # (so the word after the number says whether one may start)


def _is_number(token: str) -> bool:
    if token in _NUMBER_WORDS:
        return True
    if not token[0].isdigit():
        return False
    if ":" in token:  # 11:15 is a time of day; a 2:1 (a degree class, a ratio) is on a scale
        return len(token.rpartition(":")[2]) == 1
    if token.endswith(("st", "nd", "rd", "th")) and token[:-2].isdigit():  # "30th" is a date
        return False
    if len(token) == 4 and token.isdigit() and token[:2] in ("19", "20"):  # "in 2021" is a date
        return False
    return True


def _walk(node: dict, tokens: list[str], at: int, found: list) -> None:
    """Follow the word tree from ``node`` over tokens[at:], collecting (cue, end) pairs."""
    ends = node.get(_END)
    if ends:
        found.extend((cue, at) for cue in ends)
    if at >= len(tokens):
        return
    token = tokens[at]
    child = node.get(token)
    if child is not None:
        _walk(child, tokens, at + 1, found)
    for key, child in node.get(_SPECIAL, ()):
        if key == _ANY:
            _walk(child, tokens, at + 1, found)
        elif key == _NUMBER:
            if _is_number(token):
                _walk(child, tokens, at + 1, found)
        elif key == _PAST_ED:
            if token.endswith("ed") and len(token) > 3 and token not in _NOT_PAST:
                _walk(child, tokens, at + 1, found)
        elif key == _ING:
            if token.endswith("ing") and len(token) > 4 and token not in _NOT_ING:
                _walk(child, tokens, at + 1, found)
        else:
            for skip in range(min(5, len(tokens) - at + 1)):
                _walk(child, tokens, at + skip, found)


# Cues that only count at the start of a sentence.
_OPENER = re.compile(  # Situation: "Last year...", "When I was...", "At the shop where I worked..."
    r"(?:so,? |well,? |okay,? |ok,? )?(?:when|while|back (?:when|in|then)|during|"
    r"(?:early |late )?last (?:year|month|week|" + _SEASONS + r"|quarter|term|christmas|semester|season)|"
    r"(?:a few|a couple of|two|three|four|five|six|several|some|many) (?:years|months|weeks|days) (?:ago|into)|"
    r"in (?:early |late )?(?:19|20)\d\d|in (?:early |late )?(?:" + _MONTHS + r")|"
    r"one (?:day|morning|evening|night|time|afternoon|weekend|week|year|summer|winter)|"
    r"(?:in|at|on|during) my (?:last|previous|first|second|third|current|old|former|final|early)|"
    r"(?:a few|a couple of|two|three|four|five|six|\d+) (?:days|weeks|months) (?:before|after|into)|"
    r"at (?:the|a|an|my|our) [\w'-]+(?: [\w'-]+){0,3} where|on a \w+|"
    r"(?:at|in|on|for) (?:the|a|an|my|our|his|her) (?!end\b|first week|meantime|time\b|same time)"
    r"[\w'-]+(?: [\w'-]+){0,4}(?:,| we\b| i\b| there\b))(?![\w'])"  # (after a comma \b would never hold)
)
_STEP = re.compile(  # Action: "First, ...", "Then I..."
    r"(?:first(?:ly)?|then|next|after (?:that|this)|secondly|thirdly|to (?:do|start|fix|solve|begin) "
    r"(?:this|that|with)|to begin with|so,? (?:i|we)|also,? (?:i|we))\b"
)
_OUTCOME_OPENER = re.compile(  # Result: "Eventually...", "By December...", "After a month..."
    r"(?:(?:and|but|so)(?: then| so)? )?(?:eventually|ultimately|finally|afterwards|today|now|within|by (?:" + _MONTHS + r"|month|week|day|year|"
    r"the time))\b|after (?:a|one|two|three|four|five|six|the first) "
)
_PLEASANTRY = re.compile(  # none: "Good question.", "Thank you.", "Can I give an example from...?"
    r"(?:(?:can|could|may) i (?:give|use|take|share|talk)\b.*\?$|(?:that'?s|this is|what) an? (?:good|great|interesting|tough|hard|difficult) question|"
    r"(?:good|great|interesting) question|(?:thank you|thanks)\b|(?:let me think|sure|okay|ok|right|well)\W*$|"
    r"that'?s (?:it|all|my (?:example|answer|story))\b|"
    # typed into a practice box, about the answer itself: "ok so this is the one i'd use...", "is that ok?"
    r"(?:(?:ok|okay|so|right),? )*(?:this is|here'?s|here is) (?:the one|my (?:answer|example|story|attempt))\b|"
    r"(?:is|does|would) (?:that|this|it) (?:be |sound )?(?:ok|okay|alright|all right|good|fine|enough|too|make sense)\b)"
)
_SCENE_PARTICIPLE = re.compile(  # Situation: "Called to a man who had collapsed, I..."
    r"(?:called|sent|asked|brought|posted|placed|seconded) (?:to|in|into|out|over|on)\b[^,]{0,80},"
)
_SELF_QUESTION = re.compile(  # Task: "So how do I get him reading again?", "So what would bring them back?"
    r"(?:so,? |but |and )?(?:how|what|why|who|where|which) (?:do|did|could|can|would|should|was|were|is|are|to|might)\b"
    r".*\?$"
)
# Talk about the answer itself: "I'll start with the situation", "I have a few examples", "I can't think of
# one". Not a step, and not what one would do; "I would talk about the time the projector died..."
# wraps a real story and carries its scene.
_SIGNPOST = re.compile(
    r"(?:(?:honestly|so|well|ok|okay|right|sure|yes|yeah|um|hmm),? )*(?:"
    r"(?:i'll|i will|let me|i'd like to|i would like to|i'm going to|i'd|i would|i can) (?:(?:start|begin) with (?:the "
    r"situation|the background|the context|some|a bit)|(?:go with|pick|choose|share|use) (?:one|an?|the one|the example|my)"
    r"|give you (?:one|an?|two|three|a couple|some|my)|set the scene|tell you about|talk about|talk you through"
    r"|walk you through)|"
    r"i (?:have|had|'ve had|'ve got) (?:a few|several|a couple|two|many|lots|loads|plenty)|i've had (?:a few|several|"
    r"a couple|two|many|lots|loads|plenty)|i (?:can't|cannot|couldn't) (?:really |honestly )?think of)\b"
)
_WRAPPED_STORY = re.compile(r".*\b(?:about|of|with) (?:the|a|one) (?:time|day|night|week|month|year|occasion)\b")
# "Another time...", "On one occasion...": a second story (or the first of several) opens with its own scene
_NEW_STORY = re.compile(r"(?:(?:and|but|so),? )?(?:another time|on another occasion|on one occasion|one other time"
                        r"|the other time|a second time|the second time|for example,? (?:there|a|an|one|last|when|in|at|on)"
                        r"|(?:one|an|my|the best|a good) example (?:is|was|would be) (?:when|the time|where|from|at|in|last))\b")
# "you" as the subject of a step in the present ("You learn their names"): the general way, told to anyone
_GENERAL_YOU = re.compile(r"(?:^|^(?:and|so|then) |, )you (?!know\b|see\b|mean\b|guys\b|all\b)([a-z]+)\b")
_HYPOTHETICAL_OPENER = re.compile(
    r"(?:usually|normally|generally|typically|often|in general)\b|if (?:a|an|the|someone|somebody|i|we|there|my|"
    r"our|you)\b"
)
_ANCHORED = ((_OPENER, "situation", 2.0), (_STEP, "action", 1.0), (_OUTCOME_OPENER, "result", 1.5),
             (_PLEASANTRY, None, 4.0), (_SELF_QUESTION, "task", 3.0), (_SCENE_PARTICIPLE, "situation", 2.0),
             (_NEW_STORY, "situation", 3.0))

# "I" and "we" as subjects, with the contractions that say the verb.
_SUBJECTS = {"i": ("i", None), "we": ("we", None), "i'm": ("i", "m"), "i've": ("i", "ve"), "i'd": ("i", "d"),
             "i'll": ("i", "ll"), "we're": ("we", "re"), "we've": ("we", "ve"), "we'd": ("we", "d"),
             "we'll": ("we", "ll")}
_ADVERBS = frozenset(
    "also then just first quickly finally immediately personally together both all still soon later eventually "
    "already even really actually basically never always usually normally generally typically often sometimes "
    "once again carefully politely calmly directly simply only next now straight firmly gently slowly "
    "initially quietly clearly openly honestly regularly constantly rarely seldom frequently mostly mainly "
    "partly instantly promptly gradually successfully jointly each".split()
)
_HABITUAL = frozenset("always usually normally generally typically often sometimes regularly frequently".split())
_IRREGULAR_PAST = frozenset(
    "made built wrote took gave went sent spent found told spoke met ran led brought bought caught cut got kept held "
    "chose began drew drove saw thought felt knew said sat stood taught sold paid won lost left rang rewrote became "
    "came did broke fought flew grew hid hit let lit meant overcame rode rose shut sought split spread struck swung "
    "threw understood woke wore withdrew forgot forgave laid lent shook sang dealt stuck fed fell heard hung oversaw "
    "undertook underwent rebuilt redrew retook rethought put set read reran redid undid retold resold upheld "
    "mistook overtook overheard outgrew foresaw misled misread misunderstood bent sped fled slid bled swept slept "
    "wept crept knelt dreamt spun swam drank bore tore swore froze stole strove".split()
)
_AMBIGUOUS_PAST = frozenset("put set cut read let hit spread shut split cost hurt quit".split())
_OPINION = frozenset("think believe feel hope guess suppose consider enjoy love like prefer know".split())
_TASK_AFTER_BE = frozenset(
    "asked told tasked assigned given expected supposed responsible accountable charged chosen hired brought "
    "appointed selected put made in allocated".split()
)
_RESULT_AFTER_BE = frozenset(
    "promoted praised thanked awarded recognised recognized invited commended nominated named offered able "
    "congratulated rewarded".split()
)
_MODAL_HYPOTHETICAL = frozenset("would will shall".split())
_OUTCOME = frozenset(  # "I finished...", "we won...": what came of it, told as one's own deed
    "finished completed delivered launched achieved exceeded won passed beat earned secured received hit "
    "surpassed".split()
)
# a CV bullet opening with one of these is a result ("Reduced costs by 20 %")
_BULLET_OUTCOME = _OUTCOME | frozenset(
    "saved reduced increased doubled halved tripled cut grew raised improved boosted lowered generated".split()
)
_NOT_A_ROLE = frozenset("only first last one best worst same youngest oldest newest".split())
_GOAL_WORDS = frozenset("target targets goal goals aim aims objective objectives deadline brief mission".split())
_COGNITION = frozenset("knew thought felt realised realized noticed understood".split())
_LEARNED = frozenset("learned learnt".split())
_DEFINITE = frozenset("the my our his her their its this that these those every all each".split())
# "I did not know...", "we never had...": a state, not an event that was avoided
_NOT_AN_EVENT = _OPINION | _COGNITION | frozenset("know understand realise realize want need have had see "
                                                  "expect expected wanted needed".split())


_AUXILIARIES = frozenset("did do does was were could would should is are has have had ca wo".split())


def _with_apostrophe(verb: str) -> str:
    """ "didnt" as typed is "didn't": a negative told without its apostrophe ("we didnt lose anyone")."""
    return verb[:-2] + "n't" if verb.endswith("nt") and verb[:-2] in _AUXILIARIES else verb


def _verb_kind(contraction: str | None, following: list[str]) -> tuple[str, int]:
    """What the verb after "I"/"we" says, and how many of the following words lead up to it.

    Kinds: 'action-past' ("I called"), 'action-either' ("I put": past or present), 'action-present'
    ("I make", common in plain non-native English), 'would' ("I would", "I'll"), 'habitual'
    ("I usually make", "I try to"), 'task' ("I was asked to", "we had to"), 'be-past' ("I was a
    nurse"), 'be-present', 'result' ("I was promoted"), 'outcome' ("we won"), 'learned',
    'cognition' ("I noticed"), 'opinion' ("I think"), 'other'.
    """
    if contraction in ("d", "ll"):
        return "would", 0
    if contraction in ("m", "re"):
        return "be-present", 0
    habitual, never, i = False, False, 0
    while i < len(following) and (following[i] in _ADVERBS or (len(following[i]) > 5 and following[i].endswith("ly")
                                                                and following[i] not in ("supply", "reply", "apply"))):
        habitual = habitual or following[i] in _HABITUAL
        never = never or following[i] == "never"
        i += 1
    if i >= len(following):
        return "other", 0
    verb, rest = _with_apostrophe(following[i]), following[i + 1:]
    upto = i + 1
    nxt = rest[0] if rest else ""
    participle = nxt.endswith("ed") or nxt in _IRREGULAR_PAST
    if contraction == "ve":  # "I've been in retail for eleven years": a standing state, the scene
        return ("learned" if verb in _LEARNED else "be-past" if verb == "been" else "action-past"), upto
    if verb in _MODAL_HYPOTHETICAL:
        return "would", upto
    if verb in ("gave", "give") and nxt in ("myself", "ourselves"):
        return "task", upto + 1  # "I gave myself a month to find out why"
    if verb in ("tend", "try", "make") and nxt in ("to", "sure"):
        return "habitual", upto
    if verb in ("was", "were"):
        return _was_kind(nxt, rest[1:2], upto)
    if verb in ("am", "is", "are"):
        return "be-present", upto
    if verb in ("had", "needed", "wanted", "have", "need", "want", "has", "hoped", "aimed"):
        return _have_kind(verb, nxt, rest, participle, upto)
    if verb in _LEARNED:
        return "learned", upto
    if verb in _OUTCOME and "on" in rest[:2]:
        return "action-past", upto  # "I passed it on to the manager": handed over, a step
    if verb in _OUTCOME or (verb, nxt) == ("went", "live") or (verb == "met" and nxt in _MET) or _got_mark(verb, rest):
        return "outcome", upto
    if verb in _COGNITION:
        return "cognition", upto
    if verb in _OPINION:
        return "opinion", upto
    if verb in ("did", "didn't"):
        return _did_kind(verb, rest, upto)
    if verb in ("do", "does") and nxt not in ("not", "you", "we", "i", "they", "so", "this", "that", "it", ""):
        return ("habitual" if habitual else "action-present"), upto  # "we do first the rooms for the new guests"
    if verb in ("could", "couldn't", "can", "should", "might", "may", "must", "do", "don't", "never", "not"):
        return "other", upto
    if verb in _AMBIGUOUS_PAST:
        return ("habitual" if habitual else "action-either"), upto
    if verb in _IRREGULAR_PAST or (verb.endswith("ed") and len(verb) > 3 and verb not in _NOT_PAST):
        return ("negated" if never and verb not in _NOT_AN_EVENT else "action-past"), upto
    return ("habitual" if habitual else "action-present"), upto


_MET = frozenset(("the", "our", "my"))  # "we met the deadline" (not "we met every Thursday")


def _got_mark(verb: str, words: list[str]) -> bool:
    """Is it "got" and a mark ("I got 72 for the project", "we got a 68", "got a distinction"): what
    came of it, not things fetched ("I got 3 quotes")?"""
    if verb != "got":
        return False
    if words[:1] in (["a"], ["an"]):
        return len(words) > 1 and (words[1][:1].isdigit() or words[1] in ("distinction", "merit"))
    return len(words) > 1 and words[0][:1].isdigit() and words[1] in ("for", "on", "out")


def _did_kind(verb: str, rest: list[str], upto: int) -> tuple[str, int]:
    """The kind of "I did...", "we did not..." (see _verb_kind)."""
    nxt = rest[0] if rest else ""
    then = rest[1] if verb == "did" and len(rest) > 1 else nxt
    if (verb == "didn't" or nxt == "not") and then not in _NOT_AN_EVENT:
        return "negated", upto + (verb == "did")  # "we did not lose the money": what was avoided
    return "action-past", upto


def _was_kind(nxt: str, then: list[str], upto: int) -> tuple[str, int]:
    """The kind of "I was...", "we were..." (see _verb_kind)."""
    if nxt == "the" and then and then[0] not in _NOT_A_ROLE:
        return "role", upto + 2  # "I was the on-call engineer": the speaker's part in the story
    if nxt.endswith("ing") and len(nxt) > 4:
        return "progressive", upto + 1  # "I was checking every circuit": a scene, or a step under way
    if nxt in _TASK_AFTER_BE:
        return "task", upto + 1
    if nxt in _RESULT_AFTER_BE:
        return "result", upto + 1
    return "be-past", upto


def _have_kind(verb: str, nxt: str, rest: list[str], participle: bool, upto: int) -> tuple[str, int]:
    """The kind of "I had...", "we needed...", "I wanted..." (see _verb_kind)."""
    if nxt == "to" or (verb in ("wanted", "want") and len(rest) > 1 and rest[1] in ("to", "back")):
        return "task", upto + 1
    if verb in ("wanted", "needed", "want", "need"):
        return "task", upto  # "we needed eight people each week", "I wanted the walkways clear"
    if verb == "had" and participle:
        return "other", upto + 1  # "we had got used to it", "a parcel I had missed": the "had -ed" cue counts it
    if verb == "had" and nxt in _DEFINITE and any(w in _IRREGULAR_PAST or w.endswith("ed") for w in rest[1:3]):
        return "action-past", upto  # "I had the heating put on timers" (but "we had a power cut": an event)
    if verb == "had" and "to" in rest[1:4]:
        return "task", upto  # "I had two months to...": what was asked of the speaker
    if verb == "had" and nxt in ("never", "not", "no", "already", "just", "been"):
        return "other", upto  # "I had never used it": background, which the pluperfect cue already counts
    if verb in ("have", "has") and participle:
        return ("learned" if nxt in _LEARNED else "action-past"), upto + 1
    return ("be-past" if verb == "had" else "other"), upto


# The verb after "I"/"we": which part it points to, and how strongly (for "I", for "we").
_VERB_CUES = {
    "action-past": ("action", 2.2, 1.8), "action-either": ("action", 1.8, 1.5),
    "action-present": ("action", 1.5, 1.2), "would": ("action", 1.8, 1.5),
    "habitual": ("action", 1.8, 1.5),
    "task": ("task", 2.5, 2.5), "role": ("task", 1.6, 1.2), "be-past": ("situation", 1.2, 1.2), "result": ("result", 2.0, 1.5),
    "outcome": ("result", 2.4, 2.2), "learned": ("result", 2.5, 2.5), "opinion": (None, 1.5, 1.5),
    "negated": ("result", 1.4, 1.4), "cognition": ("situation", 0.6, 0.6), "progressive": ("situation", 0.4, 0.6),
}
_PAST_WORDS = frozenset("was were had did".split())
# "I"/"we" after one of these opens a side clause ("before I left"): its verb is not the main step
_SUBORDINATORS = frozenset("before after when while until because as since once whether if though although "
                           "that whenever unless".split())
# one look-up per word: is it a subject, a past form of "be"/"have"/"do", or a number?
# "everything I had to do", "all we needed": "I"/"we" after one of these is in a relative clause
_RELATIVE = frozenset("everything anything something all which who whatever".split())
_WORD_ROLE = {**{w: "past" for w in _PAST_WORDS}, **{w: "number" for w in _NUMBER_WORDS | _SYMBOLS}, **_SUBJECTS}
# both look-ups in one: most words are in neither, and one miss is cheaper than two
_LOOKUP = {word: (_TREE.get(word), _WORD_ROLE.get(word)) for word in set(_TREE) | set(_WORD_ROLE)}
_DIGIT = re.compile(r"\d")
_CLOCK = (["o'clock"], ["am"], ["pm"], ["a.m"], ["p.m"])  # "at 3 o'clock" is a time of day
_STEPS_TOLD = frozenset(("action-past", "action-either", "outcome", "task"))  # a step (or a duty) told as done
_IMAGINED = frozenset(("would", "habitual"))  # what one would do or usually does
_TOLD_IN_PAST = frozenset("action-past be-past task result outcome learned".split())

# Beginning a story with the situation and ending with the result is the shape STAR asks for.
_PRIOR_FIRST = {"situation": 1.2, "task": 0.3}
_PRIOR_SECOND = {"situation": 0.6, "task": 0.3}
_PRIOR_LAST = {"result": 1.0}
_PRIOR_BEFORE_LAST = {"result": 0.4}
_BASE_NONE = 0.3  # an unmarked sentence follows its neighbours unless something says "none"
# Staying in a part from one sentence to the next: an action or a result often runs on over
# several sentences, a scene less often, and the task is nearly always said once, then acted on
# (in the labelled answers a task is followed by another task 2 times in 122, a scene by another
# scene 39 times in 200, an action by another action 207 times in 391).
_STAY = {"situation": 0.1, "task": -0.8, "action": 0.4, "result": 0.4}
_COUNTED_AFTER = 1.2
_HEADING_WEIGHT = 4.0
_LABEL_WEIGHT = 4.0


def _is_fragment(text: str, start: int, end: int) -> bool:
    """A bullet point, or a line without a full stop: CV style, often with no subject. (A clause
    cut from a run-on sentence ends without a full stop too, but not at the end of its line.)"""
    unpunctuated = text[end - 1] not in ".!?…" and text[end:end + 1] in ("", "\n", "\r")
    line_start = text.rfind("\n", max(0, start - 12), start) + 1
    if line_start == 0 and start > 12:
        return unpunctuated  # the sentence does not open its line: not a bullet
    return _BULLET.fullmatch(text, line_start, start) is not None or unpunctuated


_SETUP_TO_RESULT = 0.6


def _transition(a: int, b: int) -> float:
    """The cost of going from part number a to part number b (in the order of PARTS)."""
    if a == b:
        return _STAY[PARTS[a]]
    if b >= a:
        # a result comes of a step: in the labelled answers the set-up goes straight to a result 3
        # times in 231 (to an action 228 times)
        return -_SETUP_TO_RESULT if b == 3 and a < 2 else 0.0
    if (PARTS[a], PARTS[b]) == ("result", "action"):
        return -0.3  # "that failed, so I..." — a second round of action
    return -1.0 * (a - b)  # once the actions start, the scene and the task are hardly ever told again


_TRANSITIONS = [[_transition(a, b) for b in range(4)] for a in range(4)]
_FREE = [[0.0] * 4 for _ in range(4)]
_STATES = (*PARTS, None)  # the order of an emission vector
_RESTART = "restart"  # a key of an emission: the sentence opens a second story, any part may come before it


def _decode(emissions: list[dict]) -> list[str | None]:
    """The best sequence of parts (a small Viterbi). States 0-3 are the parts; state 4 + k is "none"
    after part k - 1 (k = 0: before any part), so an unmarked sentence keeps the story's place."""
    minus = float("-inf")
    score = [minus, minus, minus, minus, 0.0, minus, minus, minus, minus]
    back: list[list[int]] = []
    for emission in emissions:
        e = [emission[part] for part in _STATES]
        moves = _FREE if _RESTART in emission else _TRANSITIONS  # "Another time...": a new story, a new scene
        # the story's place is part p whether the last sentence was p itself or "none" after p
        places = [(score[p], p) if score[p] >= score[5 + p] else (score[5 + p], 5 + p) for p in range(4)]
        new, came = [0.0] * 9, [0] * 9
        for q in range(4):
            best, arg = score[4], 4  # "none" before any part: no transition cost
            for p in range(4):
                value = places[p][0] + moves[p][q]
                if value > best:
                    best, arg = value, places[p][1]
            new[q], came[q] = best + e[q], arg
        new[4], came[4] = score[4] + e[4], 4
        for p in range(4):
            value, arg = places[p]
            new[5 + p], came[5 + p] = value + e[4], arg
        score = new
        back.append(came)
    state = max(range(9), key=score.__getitem__)
    path = []
    for came in reversed(back):
        path.append(_STATES[state] if state < 4 else None)
        state = came[state]
    return path[::-1]


# --- content words: top words and job terms --------------------------------------------------
_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing done down during each even every few for from further get
    got had has have having he her here hers herself him himself his how i if in into is it its itself just
    let me more most my myself no nor not now of off on once one only or other our ours ourselves out over own
    really same she should so some such than that the their theirs them themselves then there these they this
    those through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves also still back well much many lot lots way thing things said say
    told asked went made make makes take took come came going go goes like actually basically literally
    yeah um uh erm hmm us first next last since ever able need needed want wanted know knew think thought
    felt feel time times day days week weeks year years i'm i've i'd i'll we're we've we'd we'll it's that's
    don't didn't can't couldn't wasn't weren't isn't aren't there's let's""".split()
)


def _stem(word: str) -> str:
    """A light stem so "deadline" meets "deadlines" and "policy" meets "policies"."""
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _is_content(word: str) -> bool:
    return len(word) > 2 and word not in _STOPWORDS and word.isalpha()


def _top_words(counts: Counter, n: int = 5) -> tuple[tuple[str, int], ...]:
    """The most used content words (used at least twice); ties in the order they first appear."""
    used = [(w, c) for w, c in counts.items() if c >= 2 and _is_content(w)]
    return tuple(sorted(used, key=lambda wc: -wc[1])[:n])


def _job_terms(counts: Counter, job_description: str | None) -> tuple[str, ...]:
    """Words of the answer that the job description uses too, most used first."""
    if not job_description:
        return ()
    wanted = {_stem(t) for t in _tokens(job_description) if _is_content(t)}
    shared = Counter()
    shown: dict[str, str] = {}
    for w, c in counts.items():
        stem = _stem(w)
        if stem in wanted and _is_content(w):
            shared[stem] += c
            shown.setdefault(stem, w)
    return tuple(shown[s] for s, _ in shared.most_common(15))


# --- analysis --------------------------------------------------------------------------------
class _Reading:
    """What one pass over a sentence's words found."""

    __slots__ = ("tokens", "emission", "evidence", "kinds", "i", "we", "hypothetical", "lesson", "quantity",
                 "fillers", "past", "used", "verb_weight", "scene_opener", "past_verb", "new_story")

    def __init__(self, tokens: list[str]):
        self.tokens = tokens
        # how strongly the sentence points to each part (None: to none of them)
        self.emission = {"situation": 0.0, "task": 0.0, "action": 0.0, "result": 0.0, None: _BASE_NONE}
        self.evidence: list[tuple[str | None, str]] = []  # (part, the words that point to it)
        self.kinds: list[str] = []  # what the verb after each "I"/"we" says
        self.i = self.we = self.fillers = 0
        self.hypothetical = self.lesson = self.quantity = self.past = False
        self.used: dict[int, float] = {}  # weight taken so far by each line of _PHRASES (they have caps)
        self.verb_weight = 0.0  # weight taken so far by verbs after "I"/"we"
        self.scene_opener = False  # opens with "When...", "Last year...", "At the shop..."
        self.past_verb: str | None = None  # the first verb in the past, whoever its subject
        self.new_story = False  # opens a second story: "Another time..."

    def fresh_copy(self) -> _Reading:
        """A copy whose pointers and evidence can change without touching this one (the words, the
        verb kinds and the signals are shared: nothing changes them after the reading)."""
        r = _Reading.__new__(_Reading)
        r.tokens, r.kinds, r.used, r.verb_weight = self.tokens, self.kinds, self.used, self.verb_weight
        r.emission, r.evidence = dict(self.emission), list(self.evidence)
        r.i, r.we, r.fillers, r.scene_opener = self.i, self.we, self.fillers, self.scene_opener
        r.past_verb, r.new_story = self.past_verb, self.new_story
        r.hypothetical, r.lesson, r.quantity, r.past = self.hypothetical, self.lesson, self.quantity, self.past
        return r

    def add(self, part: str | None, weight: float, words: str) -> None:
        self.emission[part] += weight
        self.evidence.append((part, words))


def _count_phrases(r: _Reading, node: dict, at: int, found: list, purpose: int) -> None:
    """The cue phrases that start at tokens[at] (their word tree below the first word is ``node``);
    from tokens[purpose] on, a step's purpose ("so the class could go ahead as planned"), no result."""
    tokens = r.tokens
    found.clear()
    _walk(node, tokens, at + 1, found)
    for cue, end in found:
        what, weight, cap, not_after, after, group = _CUE_INFO[cue]
        if not_after and at and tokens[at - 1] in not_after:
            continue
        if what == "result" and at >= purpose:
            continue
        if after and not after.intersection(tokens[max(0, at - 3):at]):
            continue
        if what == "hypothetical":
            r.hypothetical = True
        elif what == "lesson":
            r.lesson = True
        elif what == "filler":
            r.fillers += 1
        elif what == "quantity":
            r.quantity = True
        else:
            used = r.used.get(group, 0.0) + weight
            if used <= cap + 1e-9:
                r.used[group] = used
                r.emission[what] += weight
                r.evidence.append((what, " ".join(tokens[at:end])))


def _count_subject(r: _Reading, at: int, who: str, contraction: str | None) -> None:
    """ "I" or "we" at tokens[at]: count it, and let the verb after it point to a part."""
    tokens = r.tokens
    if who == "i":
        r.i += 1
    else:
        r.we += 1
    kind, upto = _verb_kind(contraction, tokens[at + 1:at + 5])
    r.kinds.append(kind)
    cue = _VERB_CUES.get(kind)
    if cue is not None and r.verb_weight < 4.0:
        part, w_i, w_we = cue
        weight = w_i if who == "i" else w_we
        if at and (tokens[at - 1] in _SUBORDINATORS or tokens[at - 1] in _RELATIVE):
            weight /= 2
        r.verb_weight += weight
        r.add(part, weight, " ".join(tokens[at:at + 1 + upto]))
        if kind == "progressive":  # "I was checking every circuit": after the task, a step under way;
            r.add("action", 0.8, " ".join(tokens[at:at + 1 + upto]))
            if who == "i":  # right after the scene, the duty the story is about ("I was doing the checks")
                r.add("task", 0.9, " ".join(tokens[at:at + 1 + upto]))


def _time_of_day(tokens: list[str], n: int) -> bool:
    """Is the number at tokens[n] a time of day ("at 3 o'clock", "at eight on Monday", "half past
    six"), not a quantity? (A result "at 40 %" or "at 20 per hour" is a quantity.)"""
    after, before = tokens[n + 1:n + 2], tokens[n - 1] if n else ""
    if after in _CLOCK or after == ["past"] or before == "past":  # "half past eight"
        return True
    return before == "at" and after not in (["%"], ["percent"], ["per"])


# "I borrowed a projector so the lesson could go ahead as planned": what a step was for, not what came of it
_PURPOSE = re.compile(r"\b(?:i|we)\b.*?\b((?:so (?:that )?|asked (?:if|whether) )(?:[\w'-]+ ){1,5}?(?:could|would|can|might|will)\b)")


_LATE = ("in the end", "eventually", "finally", "at last", "in the end,")


def _purpose_at(line: str) -> int:
    """The number of the word where the purpose of a step of the speaker's begins (or a number past
    the last word)."""
    m = _PURPOSE.search(line)
    return len(_TOKEN.findall(line, 0, m.start(1))) if m else 10 ** 6


def _read(line: str) -> _Reading:
    """One pass over a sentence's words (``line`` is lower-cased): the cues of every part, and the
    signals."""
    tokens = _TOKEN.findall(line)
    r = _Reading(tokens)
    count, lookup, found = len(tokens), _LOOKUP.get, []
    purpose = _purpose_at(line) if " so " in line or "asked " in line else count
    digits = _DIGIT.search(line) is not None
    if digits:  # numbers written in digits ("12", "1.2", "40,000"), dates and times aside
        r.quantity = any(_is_number(t) and not _time_of_day(tokens, n)
                         for n, t in enumerate(tokens) if t[0].isdigit())
    for at, token in enumerate(tokens):
        found_here = lookup(token)
        if found_here is None:
            if digits and token[0].isdigit() and at + 1 < count and tokens[at + 1] in _NUMBER_NODE \
                    and _is_number(token):
                _count_phrases(r, _NUMBER_NODE, at, found, purpose)  # "41 minutes later": a cue opening with a number
            continue
        node, role = found_here
        if node is not None and (_END in node or _SPECIAL in node or (at + 1 < count and tokens[at + 1] in node)):
            _count_phrases(r, node, at, found, purpose)
        if role == "past":
            r.past = True
        elif role == "number":
            r.quantity = r.quantity or not _time_of_day(tokens, at)
            if at + 1 < count and tokens[at + 1] in _NUMBER_NODE and token in _NUMBER_WORDS:
                _count_phrases(r, _NUMBER_NODE, at, found, purpose)
        elif role is not None:
            _count_subject(r, at, *role)
    for pattern, part, weight in _ANCHORED:
        m = pattern.match(line)
        if m:
            r.add(part, weight, m.group().strip(" ,"))
            r.scene_opener = r.scene_opener or pattern is _OPENER
            if pattern is _NEW_STORY:
                r.new_story = True
                r.emission[_RESTART] = 0.0
    if r.kinds[:1] == ["action-past"] and line.startswith(_LATE):
        r.emission["result"] /= 2  # "In the end I suggested a survey": when the step came, not what came of it
    if tokens and tokens[-1] == "since":  # "...has brought all his vans to us since."
        r.add("result", 1.5, "since")
    if not _IMAGINED.isdisjoint(r.kinds) or _HYPOTHETICAL_OPENER.match(line):
        r.hypothetical = True
    if _SIGNPOST.match(line):
        _weigh_signpost(r, line)
    you = _GENERAL_YOU.search(line) if "you " in line else None
    if you and you.group(1) not in _IRREGULAR_PAST and not you.group(1).endswith("ed") \
            and _TOLD_IN_PAST.isdisjoint(r.kinds):  # ("I said, you turn left": words told in a story)
        r.hypothetical = True  # "You get on the floor with them": what anyone does, not what one did
        r.add("action", 1.5, you.group().strip(" ,"))
    if r.hypothetical and r.lesson:
        r.hypothetical = False  # "Next time I would...": a lesson drawn from a real event
    r.past = not r.hypothetical and (r.past or any(k in _TOLD_IN_PAST for k in r.kinds))
    r.fillers += line.count("like, ")
    r.past_verb = next((t for t in tokens if t in _IRREGULAR_PAST or t in _PAST_MODALS
                        or (t.endswith("ed") and len(t) > 3 and t not in _NOT_PAST)), None)
    return r


def _weigh_signpost(r: _Reading, line: str) -> None:
    """A sentence about the answer itself ("I'll start with the situation") is none of the parts and
    says nothing of what one would do; one that names the story it introduces ("I would talk about
    the time the projector died") sets its scene."""
    m = _SIGNPOST.match(line)
    r.hypothetical = False
    r.kinds = [k for k in r.kinds if k not in _IMAGINED]
    wrapped = _WRAPPED_STORY.match(line)
    if wrapped:
        r.add("situation", 3.0, wrapped.group().split()[-1])
    else:
        r.add(None, 4.0, m.group())


# While a learner types, every keystroke reads the whole answer again, though only the sentence
# being typed has changed. A sentence's own reading depends on its words alone, so it is kept and
# copied (its place in the story is weighed afresh each time). Bounded, so a long session or a
# huge paste cannot grow it without end.
_READ_CACHE: dict[str, _Reading] = {}
# "could", and "would" in a story of what another kept doing ("Mum would only talk through the door")
_PAST_MODALS = frozenset(("could", "couldn't", "would", "wouldn't"))
_READ_CACHE_SIZE = 4096


def _read_again(line: str) -> _Reading:
    """``_read(line)``, from the cache when the same sentence was read before; always a fresh copy
    whose pointers and evidence the caller may change."""
    kept = _READ_CACHE.get(line)
    if kept is None:
        if len(_READ_CACHE) >= _READ_CACHE_SIZE:
            _READ_CACHE.clear()
        kept = _READ_CACHE[line] = _read(line)
    return kept.fresh_copy()


def _weigh_bullet(r: _Reading) -> bool:
    """A CV-style bullet with no subject ("Coordinated deliveries", "Cut costs by 20 %"): its first
    word says whether it is a step or an outcome. True when it tells the speaker's own deed."""
    verb = r.tokens[0]
    if verb in _GOAL_WORDS:  # "Target still £20,000", "Goal: half the returns": what was aimed for
        r.add("task", 2.5, verb)
        return True
    if verb in _BULLET_OUTCOME:
        r.emission["result"] += 1.5
        return True
    if verb in _IRREGULAR_PAST or (verb.endswith("ed") and verb not in _NOT_PAST):
        r.add("action", 1.5, verb)
        return True
    return False


def _story_start(readings: list[_Reading]) -> int:
    """Where the story starts: after the pleasantries and claims about oneself that open some
    answers ("Good question. I'm a calm person under pressure. At the practice...")."""
    start = 0
    while start < len(readings) - 1 and readings[start].emission[None] >= 2.0:
        start += 1
    return start


_PLACING = frozenset("in at on during when while last one after before since".split())


def _is_general_claim(r: _Reading) -> bool:
    """A sentence in the present with no "I" or "we", no past form and no scene opener ("It happens
    more often than people think"): a general claim. A scene told in the present places itself
    ("In the dental practice always many patients come")."""
    if not r.tokens or r.tokens[0] in ("he", "she"):
        return False  # "She is shouting and throw the cup": a person of the story, told in the present
    if r.tokens[0] in _PLACING and (r.tokens[1:2] == [] or r.tokens[1] in _DEFINITE or r.tokens[1] in ("last", "one")
                                    or r.tokens[1][:1].isdigit()):
        return False  # "In the dental practice...": a place of the story ("In retail...": a trade, below)
    return not (r.i or r.we or r.past or r.scene_opener or r.hypothetical or _has_past_form(r))


def _has_past_form(r: _Reading) -> bool:
    """A verb in the past anywhere in the sentence, whoever its subject ("the porter let him in",
    "our choir could not afford it")."""
    return r.past_verb is not None


def _weigh_team_scene(readings: list[_Reading], start: int) -> None:
    """A story that opens with "we" and goes on with "I" ("We ran 2,000 tests a day... I tracked
    fifty samples") opens with the team's setting: the scene, whatever its verbs. (In a story of
    three sentences or fewer there is hardly room for a set-up: "We shared out the work" is a step.)"""
    first = readings[start] if len(readings) - start >= 4 else None
    if first is None or not first.we or first.i or not any(r.i for r in readings[start + 1:]):
        return
    words = next((w for p, w in first.evidence if w.startswith(("we ", "we'", "our "))), "we")
    first.add("situation", 1.5, words)


def _weigh_team_result(readings: list[_Reading], start: int) -> None:
    """An "I" story that ends with "we" ("I wrote the script... We raised £850") ends with what came
    of it for the team: in the labelled answers such a last sentence is the result 38 times in 39."""
    end = len(readings) - 1
    if end > start and readings[end].emission[None] >= 2.0:
        end -= 1  # a closing claim ("That day proved my leadership") is no part: the story ends before it
    last = readings[end] if end - start >= 2 else None
    if last is None or not last.we or last.i or not any(r.i for r in readings[start:end]):
        return
    words = next((w for p, w in last.evidence if w.startswith(("we ", "we'"))), None)
    if words:
        last.add("result", 1.0, words)


def _weigh_events_before_steps(readings: list[_Reading], start: int) -> None:
    """Before the speaker's first step, a sentence that tells in the past what others or things did,
    with no other cue ("A family's tent flooded in the night"), is part of the scene: in the labelled
    answers such sentences are the situation 20 times in 20 (bullets with no subject aside)."""
    first_step = next((n for n, r in enumerate(readings) if n >= start and (r.i or r.we)
                       and not _STEPS_TOLD.isdisjoint(r.kinds)  # "I worked at a campsite" is no step
                       and r.emission["action"] + r.emission["task"] > r.emission["situation"]), None)
    for r in readings[start:first_step or start]:
        if not (r.evidence or r.i or r.we or r.hypothetical) and r.past_verb not in (None, "could", "couldn't"):
            r.add("situation", 0.6, r.past_verb)


# "Then the supplier rang...", "Halfway through, the firm was sold...": a turn in the story, told of others
_TURN = re.compile(r"(?:and |but )?(?:then|halfway through|midway through|partway through|just as|at that point|suddenly"
                   r"|meanwhile|the next (?:day|morning|week)|(?:a|one|two|three|four|five) (?:days?|weeks?) (?:later|before|into)"
                   r"|(?:a|one|two|three|four|five) (?:days?|weeks?) (?:later|before|into) \w+(?: \w+)?"
                   r"|(?:in|on) (?:week|day|month) \w+)"  # "In week 7 one member got ill"
                   r" (?:the|a|an|our|my|his|her|their|another|one)\b")


def _weigh_complication(readings: list[_Reading], start: int) -> None:
    """Between the speaker's steps, a turn told of others ("Then the supplier rang to say the stone
    had cracked"), with nothing of an outcome in it, is a new state of the problem: the scene again.
    (A reaction with no such opening, "It made no difference", is what came of the step.)"""
    acted = [n for n, r in enumerate(readings) if n >= start and (r.i or r.we) and not _STEPS_TOLD.isdisjoint(r.kinds)]
    if len(acted) < 2:
        return
    for r in readings[acted[0] + 1:acted[-1]]:
        if r.i or r.we or r.emission["result"] or r.hypothetical:
            continue
        m = _TURN.match(" ".join(r.tokens))
        if m and r.past_verb is not None:
            r.add("situation", 3.0, m.group())
            r.emission[_RESTART] = 0.0


def _weigh_opening_habit(readings: list[_Reading], start: int) -> None:
    """A real story that opens with what the speaker always does ("I always go the extra mile for
    residents. One night...") opens with a claim about oneself: none of the parts (kind 12). Not an
    answer mostly of what one usually does, where the habit is the step."""
    first = readings[start] if len(readings) - start >= 3 else None
    if first is None or first.kinds[:1] != ["habitual"] or first.lesson \
            or 2 * sum(r.hypothetical for r in readings[start:]) >= len(readings) - start \
            or not any(r.past for r in readings[start + 1:]):
        return
    first.add(None, 2.0, next((w for p, w in first.evidence if p == "action" and w), ""))


def _weigh_changed_habit(readings: list[_Reading], start: int) -> None:
    """A story told in the past that ends with what the speaker now usually does ("I always ring the
    client before I quote now") ends with its lesson: the habit changed by the story is what came of
    it, not an answer of what one would do."""
    last = readings[-1] if len(readings) - start >= 3 else None
    if last is None or not last.i or last.past_verb not in (None, *_AMBIGUOUS_PAST) or last.past \
            or "habitual" not in last.kinds or "would" in last.kinds:
        return
    # a "would" sentence with a past form in it ("if something went wrong, I would...") tells no story
    told = sum(not r.hypothetical and (r.past or _has_past_form(r)) for r in readings[start:-1])
    if 2 * told < len(readings) - start - 1:
        return
    last.hypothetical, last.lesson = False, True
    last.add("result", 2.0, next((w for p, w in last.evidence if p == "action" and w), ""))


def _weigh_usual_way(readings: list[_Reading]) -> None:
    """In a story told in the past, a sentence of what one would usually do, with no step of its
    own ("Normally I would ask my manager before giving a refund, but she was on holiday"), tells
    how things went before the story: the scene, not a step."""
    imagined = sum(r.hypothetical for r in readings)
    told = sum(not r.hypothetical and (r.past or _has_past_form(r)) for r in readings)
    if imagined >= told:  # (the answer's own "hypothetical" signal asks for a little more)
        return
    for r in readings:
        if r.hypothetical and not r.lesson and _STEPS_TOLD.isdisjoint(r.kinds):
            words = next((w for p, w in r.evidence if p == "action" and w), None)  # "normally i would"
            if words:
                r.add("situation", 1.5, words)


_SPEAKER = frozenset("i we me us my our myself ourselves".split()) | frozenset(_SUBJECTS)
_OWN_WORDS = 4.0  # a sentence's own words this strong outweigh a heading that names no part of them
_PAST_NEGATIVE = frozenset("didn't wasn't weren't hadn't couldn't".split())


def _weigh_heading(r: _Reading, text: str, span: tuple[int, int, str | None]) -> None:
    """A heading or a label ("Task:") is a strong hint, not the label: under "Task:" a sentence told
    in the past that never names the speaker ("The board had already moved the date once") only
    adds to the scene, so there the hint does not count. (A goal with no subject, "Task: Get the
    orders out", is not told in the past and keeps its hint.)"""
    a, b, heading = span
    label = _LABEL.match(text, a, b)
    part = _LABEL_PART[(label.group(1) or label.group(2)).lower()] if label else heading
    if part is None and not label:
        return
    weight = _LABEL_WEIGHT if label else _HEADING_WEIGHT
    own = r.emission
    if part is not None and not own[part] and max(own[p] for p in PARTS) >= _OWN_WORDS:
        weight = 0.0  # "Situation: I was asked to count the stock": its own words say the task
    elif part == "task" and _SPEAKER.isdisjoint(r.tokens) and not _words_for(r, "task") and (
            r.past or not _PAST_NEGATIVE.isdisjoint(r.tokens)
            or (r.past_verb is not None and r.past_verb not in _AMBIGUOUS_PAST)):
        weight = 0.0
    if label:
        r.add(part, weight, (label.group(1) or label.group(2)).lower())
    else:
        r.emission[part] += weight


def _weigh_in_context(r: _Reading, text: str, span: tuple[int, int, str | None], i: int, n: int) -> None:
    """Adjust a sentence's pointers for where it stands: its heading, its place in the story (the
    i-th of n sentences after any opening pleasantries; negative: one of them), its layout."""
    a, b, heading = span
    e = r.emission
    own_deed = bool(r.tokens) and r.tokens[0] in _SUBJECTS
    if r.tokens and _is_fragment(text, a, b):
        own_deed = _weigh_bullet(r) or own_deed
    if i == 0 and n >= 3 and not (r.evidence or own_deed or r.past_verb or r.hypothetical) and _is_fragment(text, a, b):
        r.add("situation", 1.0, " ".join(r.tokens[:4]))  # a title with no verb ("Food drive, March"): the scene
    if e["result"] >= 0.8 and not own_deed:
        e["result"] += 0.8  # an outcome told of something other than "I"/"we" ("Complaints fell by half")
    if n >= 3 and 0 <= 3 * i < n:
        e["result"] /= 2  # results seldom come first: "three weeks before go-live" sets a scene
    if r.scene_opener and n >= 3 and 3 * i >= n and not r.new_story:
        e["situation"] -= 1.0  # late in a story "When he still refused, I met him..." joins two steps
    if n >= 3 and 3 * i >= 2 * n:
        e["task"] /= 2  # nor tasks last: "she asked us to roll it out" tells what came of it
    if r.quantity and 3 * i >= 2 * n and (e["result"] > 0 or i == n - 1):
        # numbers near the end are usually the result; in the last sentence nearly always
        e["result"] += 0.5 if i < n - 1 else 1.0
    if r.quantity and not (r.i or r.we or own_deed) and n >= 3 and 3 * i >= n:
        e["result"] += _COUNTED_AFTER  # past the set-up, a count of what others did ("Only two people came")
    _weigh_heading(r, text, span)
    if 0 <= i <= 1 and _is_general_claim(r):
        e[None] += 0.5  # "Every child settles in their own way": a claim about the world, not the scene
    elif n >= 3:
        for prior in ((_PRIOR_FIRST if i == 0 else None), (_PRIOR_SECOND if i == 1 else None),
                      (_PRIOR_LAST if i == n - 1 else None), (_PRIOR_BEFORE_LAST if i == n - 2 else None)):
            for part, weight in (prior or {}).items():
                e[part] += weight
    if not _IMAGINED.isdisjoint(r.kinds) and not r.lesson:
        e["situation"] /= 2  # "When a client is unhappy, I usually...": a condition, not a scene
        e["result"] /= 2


def _sentence(number: int, text: str, span: tuple[int, int, str | None], r: _Reading, part: str | None,
              alternative: str | None) -> Sentence:
    a, b, _ = span
    return Sentence(
        number=number, text=text[a:b], start=a, end=b, part=part,
        words=len(r.tokens) - sum(map(_SYMBOLS.__contains__, r.tokens)), evidence=_words_for(r, part),
        hypothetical=r.hypothetical, quantity=r.quantity, fillers=r.fillers, we=r.we, i=r.i,
        alternative=alternative, alternative_evidence=_words_for(r, alternative) if alternative else (),
    )


def _words_for(r: _Reading, part: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(words for p, words in r.evidence if p == part and words))


_MAIN_CLAUSE_ACTION = 1.5  # an "I"/"we" step outside a side clause (those count half) weighs this much
_GIVEN_ELSEWHERE = 1.0  # how much weaker the part a two-part sentence is read as may be (see below)


def _give_missing_parts(readings: list[_Reading], parts: list[str | None]) -> None:
    """A sentence that holds two parts is read as the part the rest of the answer does not give
    (the labels' rule): "When his daughter rang, I apologised" is the action when the scene is
    set before it, and the scene when nothing else sets it; when both are told elsewhere, its
    main clause decides ("When the card machine failed, I put up a sign"; but "One summer I worked
    at a campsite" is one clause, the scene). A part only moves where the story's
    order allows it: a scene or a task comes before every action and result. Not in a sentence
    of what one would or usually does ("When a guest complains, I usually..."), whose "when"
    states a condition, not a scene; and never to a result, the part weak answers most often
    truly lack."""
    counts, bounds = Counter(parts), _order_bounds(parts)
    for n, (r, part) in enumerate(zip(readings, parts)):
        if part is None or r.hypothetical or counts[part] < 2:
            continue
        worded = {p for p, words in r.evidence if words}
        rivals = [p for p in PARTS[:3] if p in worded and not counts[p]
                  and r.emission[p] >= r.emission[part] - _GIVEN_ELSEWHERE and _fits(bounds, n, p)]
        if rivals:
            parts[n] = max(rivals, key=r.emission.__getitem__)
        elif part == "situation" and r.scene_opener and r.tokens[0] in _SUBORDINATORS \
                and r.emission["action"] >= _MAIN_CLAUSE_ACTION and _fits(bounds, n, "action"):
            parts[n] = "action"  # both parts told elsewhere: the main clause decides ("When..., I called...")
        if parts[n] != part:
            counts[part] -= 1
            counts[parts[n]] += 1
            bounds = _order_bounds(parts)


# a duty held over time ("I was looking after", "I coach", "I was allocated"), not one deed told in
# the past ("I released a change": the first event of the incident, which may be its scene)
_DUTY_KINDS = frozenset(("progressive", "action-present", "task"))
_STANDING_JOB = ("i work", "we work", "i was working", "we were working", "i'm working")


def _role_before_scene(readings: list[_Reading], parts: list[str | None], start: int) -> None:
    """A story with no task that opens with what the speaker was doing or was given ("I coach an
    under-12s team", "On a night shift I was looking after six patients") and then sets the scene
    told of others ("Last season we lost our first six games") opens with the speaker's role in the
    event: the task (the labels' rule; a standing job, "I work at...", stays the scene)."""
    if "task" in parts or len(parts) - start < 4:
        return
    for n in range(start, min(start + 2, len(parts) - 1)):
        r, nxt = readings[n], readings[n + 1]
        if parts[n] != "situation" or parts[n + 1] != "situation" or nxt.i or r.hypothetical \
                or not r.kinds or r.kinds[0] not in _DUTY_KINDS:
            continue
        if any(w.startswith(_STANDING_JOB) for _, w in r.evidence):
            continue
        parts[n] = "task"
        r.add("task", 0.0, next((w for p, w in r.evidence if p in ("task", "action") and w), ""))
        return


def _open_with_scene(readings: list[_Reading], parts: list[str | None], start: int, text: str,
                     spans: list[tuple[int, int, str | None]]) -> None:
    """A told story of four sentences or more with no scene opens with one: its first sentence,
    read as a step, sets up what the others develop ("I started a lunchtime class for office
    workers. I advertised it... Only two people came."). It stays shown as "S or A?". Not in a
    story of three sentences or fewer, nor in bullets, nor in an answer of what one would do.
    A story whose first sentence, read as the task, opens on a scene word ("When...") and is
    followed by another task sentence opens with its scene too (shown as "S or T?")."""
    if "situation" in parts or 2 * sum(r.hypothetical for r in readings) >= len(readings):
        return
    first = next((n for n in range(start, len(parts)) if parts[n] is not None), None)
    if first is not None and parts[first] == "task" and parts.count("task") > 1 and readings[first].scene_opener:
        # "When the schools closed I was teaching year 5 and we had four days..." then "I was asked
        # to...": two sentences of task, the first opening on the scene, which is the part missing
        parts[first] = "situation"
        return
    if len(parts) - start < 4 or parts.count("action") < 2:
        return
    if first is None or parts[first] != "action" or readings[first].hypothetical \
            or _is_fragment(text, *spans[first][:2]):
        return
    r = readings[first]
    parts[first] = "situation"
    r.add("situation", 0.0, next((w for p, w in r.evidence if p == "action" and w), ""))


_NOT_SUPERLATIVE = frozenset("interest request forest honest harvest contest protest suggest modest guest west "
                             "test rest chest nest pest quest arrest invest digest latest worst".split())


def _superlative(tokens: list[str]) -> str | None:
    """ "the busiest", "the best", "the fastest": a word after "the" that ranks something first
    (a failure's "the worst" aside)."""
    for before, word in zip(tokens, tokens[1:]):
        if before == "the" and (word in ("best", "top", "first") or (
                len(word) > 5 and word.endswith("est") and word not in _NOT_SUPERLATIVE)):
            return f"the {word}"
    return None


def _headline_first(readings: list[_Reading], parts: list[str | None], start: int) -> None:
    """An answer that opens with its achievement ("I took over a stall that was losing money and
    made it the busiest on the market"), then goes back to how it began ("When I bought it..."),
    opens with its result: the story is told after its headline. (A failure headline, "The worst
    mistake I made was...", names the incident: the scene.)"""
    told = ("situation", "action")
    if len(parts) - start < 4 or parts[start] not in told or parts[start + 1] not in told \
            or not readings[start + 1].scene_opener:
        return
    first = readings[start]
    best = _superlative(first.tokens)
    if best is None or not (first.i or first.we) or _STEPS_TOLD.isdisjoint(first.kinds):
        return
    parts[start], parts[start + 1] = "result", "situation"  # ("When I took it over, ...": the scene)
    first.add("result", 0.0, best)


def _ending_is_the_result(readings: list[_Reading], parts: list[str | None], start: int) -> None:
    """A real story with steps and no result ends on what came of them when its last sentence,
    read as one more step, is told of others: a figure ("We kept our 5 star rating", "We handed
    over four days late"; in the labelled answers such an ending was the result 4 times in 5) or
    someone's response with no "I" or "we" ("He gave me a tip"). Told with "I", a figure more
    often counts the speaker's own doings ("I sent 40 emails"): a step."""
    told = [n for n, part in enumerate(parts) if part]
    if "result" in parts or len(told) < 2 or sum(r.hypothetical for r in readings) >= sum(r.past for r in readings):
        return
    n = told[-1]
    r = readings[n]
    if parts[n] != "action" or n <= start or "action" not in parts[start:n] or r.hypothetical or r.i:
        return
    # a figure that picks out a stretch of time ("on the last three months of data") says when, not how much
    figure = next((t for at, t in enumerate(r.tokens) if _is_number(t) and not _time_of_day(r.tokens, at)
                   and r.tokens[at - 1:at] not in (["last"], ["past"], ["next"], ["first"], ["previous"])), None)
    if r.past and r.quantity and figure is not None:
        parts[n] = "result"
        r.add("result", 0.0, figure)
    elif not r.we and r.past_verb is not None:
        parts[n] = "result"
        r.add("result", 0.0, r.past_verb)


def _order_bounds(parts: list[str | None]) -> list[tuple[int, bool, int]]:
    """For each sentence: the latest part told before it, whether an action was, and the earliest
    part told after it (as ranks in the order of PARTS; -1 and 4 when there is none). One pass
    each way, so that asking where a part fits costs nothing per sentence in a long answer."""
    ranks = [_PART_ORDER[p] for p in parts]  # "none" is rank 4
    before, latest, acted = [], -1, False
    for rank in ranks:
        before.append((latest, acted))
        if rank < 4:
            latest, acted = max(latest, rank), acted or rank == 2
    after, earliest = [], 4
    for rank in reversed(ranks):
        after.append(earliest)
        earliest = min(earliest, rank)
    return [(latest, acted, first) for (latest, acted), first in zip(before, reversed(after))]


def _fits(bounds: list[tuple[int, bool, int]], n: int, part: str) -> bool:
    """Can sentence n be ``part`` without a scene or a task coming after an action or a result, or
    a result before any action? (``bounds``: see _order_bounds.)"""
    rank, (latest, acted, earliest) = _PART_ORDER[part], bounds[n]
    if rank <= 1:
        return latest <= rank and earliest >= rank
    return earliest >= 2 and (acted or rank == 2)  # a result comes of some action told before it


_CLOSE = 0.75  # two parts whose pointers differ by less than this are "close"
_HELD = 2.0  # a part missing from the answer that a sentence points to this strongly may be held in it


def _second_parts(readings: list[_Reading], parts: list[str | None]) -> list[str | None]:
    """For each sentence, a second part it may be, with words of its own pointing to it, or None:
    a close call ("S or T?"), or a part no sentence is read as that this one points to strongly
    ("During my placement I was asked to...": the scene and the task in one sentence)."""
    present, bounds = set(parts), _order_bounds(parts)
    seconds = []
    for n, (r, part) in enumerate(zip(readings, parts)):
        e, second = r.emission, None
        if part is not None:
            worded = {p for p, words in r.evidence if words}
            if r.hypothetical:  # "When a guest is unhappy, I normally...": a condition, not a scene
                worded -= {"situation", "task"}
            rivals = [p for p in PARTS if p != part and p in worded
                      and (e[p] > e[part] - _CLOSE or (p not in present and e[p] >= _HELD)) and _fits(bounds, n, p)]
            second = max(rivals, key=e.__getitem__) if rivals else None
        seconds.append(second)
    return seconds


def _writer_parts(spans: list, parts: list[str | None], seconds: list[str | None], declared) -> None:
    """The parts the writer has put sentences under (``declared``), weighed against the coach's
    reading. On answers it has not seen the coach misses a part two careful people find in about
    one answer in five, so the writer's word is a second reading: a sentence the coach reads as no
    part takes its box's part; one it reads as another part, when no sentence is read as the box's
    part, is a close call ("A or S?"), shown as unsure, never as not found."""
    boxes = [(a, b, part) for a, b, part in declared if part in PARTS]
    for n, (start, _end, _label) in enumerate(spans):
        box = next((part for a, b, part in boxes if a <= start < b), None)
        if box is None or parts[n] == box:
            continue
        if parts[n] is None:
            parts[n] = box
        elif box not in parts:
            seconds[n] = box


def _own_part(sentences: tuple[Sentence, ...]) -> tuple[int, int, str]:
    """ "I" and "we" where ownership is decided: in the Action sentences (a team story may set the
    scene with "we" and still tell the speaker's own steps with "I"), unless they are even."""
    acting = [s for s in sentences if s.part == "action" and (s.i or s.we)]
    i, we = sum(s.i for s in acting), sum(s.we for s in acting)
    if i == we:  # no actions with "I" or "we", or as many of each: the whole answer decides
        return sum(s.i for s in sentences), sum(s.we for s in sentences), "in the answer"
    return i, we, "in your actions"


def _signals(text: str, sentences: tuple[Sentence, ...], readings: list[_Reading],
             job_description: str | None) -> Signals:
    hypothetical_count = sum(s.hypothetical for s in sentences)
    past_count = sum(r.past for r in readings)
    word_count = sum(s.words for s in sentences)
    total_i, total_we = sum(s.i for s in sentences), sum(s.we for s in sentences)
    own_i, own_we, _ = _own_part(sentences)
    action_words = sum(s.words for s in sentences if s.part == "action")
    counts = Counter(chain.from_iterable(r.tokens for r in readings))
    present = frozenset(s.part for s in sentences if s.part)
    return Signals(
        text=text, sentences=sentences, parts_present=present,
        parts_unsure=frozenset(s.alternative for s in sentences if s.alternative) - present,
        action_share=action_words / word_count if word_count else 0.0,
        ownership=own_i / (own_i + own_we) if own_i + own_we else None,
        i_count=total_i, we_count=total_we,
        # a number in a lesson ("now I check the name twice") measures a habit, not the outcome
        quantified_result=any(s.quantity and not r.lesson for s, r in zip(sentences, readings) if s.part == "result"),
        hypothetical=hypothetical_count > past_count or (hypothetical_count == past_count >= 2),
        word_count=word_count, speaking_minutes=word_count / WORDS_PER_MINUTE,
        filler_count=sum(s.fillers for s in sentences),
        top_words=_top_words(counts), job_terms=_job_terms(counts, job_description),
    )


def analyze(text, *, job_description: str | None = None, situational: bool = False,
            declared=()) -> StarReport:
    """Read ``text`` as a STAR answer. ``job_description``: terms shared with it are listed.
    ``situational``: the question asked what the learner *would* do ("your first 90 days"), so a
    hypothetical answer is fair; the tip then asks for a real example to back it. ``declared``:
    stretches of ``text`` the writer has put under a part themselves (the guided boxes), as
    ``(start, end, part)``: the coach keeps its own reading but never calls such a part not found."""
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise TypeError(f"analyze() reads the answer as text, not {type(text).__name__}")
    if job_description is not None and not isinstance(job_description, str):
        raise TypeError(f"job_description must be text, not {type(job_description).__name__}")
    spans = split_sentences(text)
    readings = [_read_again(text[a:b].lower().replace("’", "'").replace("\n", " ")) for a, b, _ in spans]
    start = _story_start(readings)
    _weigh_team_scene(readings, start)
    _weigh_changed_habit(readings, start)
    _weigh_opening_habit(readings, start)
    _weigh_usual_way(readings)
    _weigh_team_result(readings, start)
    _weigh_events_before_steps(readings, start)
    _weigh_complication(readings, start)
    for i, (span, r) in enumerate(zip(spans, readings)):
        _weigh_in_context(r, text, span, i - start, len(spans) - start)
    parts = _decode([r.emission for r in readings])
    _give_missing_parts(readings, parts)
    _role_before_scene(readings, parts, start)
    _open_with_scene(readings, parts, start, text, spans)
    _headline_first(readings, parts, start)
    _ending_is_the_result(readings, parts, start)
    seconds = _second_parts(readings, parts)
    _writer_parts(spans, parts, seconds, declared)
    sentences = tuple(_sentence(i + 1, text, *reading)
                      for i, reading in enumerate(zip(spans, readings, parts, seconds)))
    signals = _signals(text, sentences, readings, job_description)
    score_lines = _score_lines(signals)
    return StarReport(**{f.name: getattr(signals, f.name) for f in fields(Signals)},
                      tips=tuple(_tips(signals, situational)), score_lines=score_lines,
                      score=round(sum(line.points for line in score_lines)) if sentences else 0)


# --- score -----------------------------------------------------------------------------------
def _band(value: float, low: float, high: float, zero_low: float, zero_high: float) -> float:
    """1 inside [low, high], falling linearly to 0 at zero_low and zero_high."""
    if low <= value <= high:
        return 1.0
    if value < low:
        return max(0.0, (value - zero_low) / (low - zero_low))
    return max(0.0, (zero_high - value) / (zero_high - high))


def _score_lines(r: Signals) -> tuple[ScoreLine, ...]:
    present, share, own, minutes = r.parts_present, r.action_share, r.ownership, r.speaking_minutes
    return (
        ScoreLine("Structure", 10.0 * len(present), 40,
                  f"{len(present)} of the 4 parts found (10 points each)"),
        ScoreLine("Action", 20.0 * _band(share, *ACTION_SHARE_BAND, 0.0, 1.0), 20,
                  f"Action holds {share:.0%} of the words (full points from 40 % to 70 %)"),
        ScoreLine("Your own part", 10.0 * (own or 0.0), 10,
                  "no 'I' or 'we' yet" if own is None else f"'I' in {own:.0%} of 'I' and 'we'"),
        ScoreLine("Result with a number", 10.0 if r.quantified_result else 0.0, 10,
                  "yes" if r.quantified_result else "no number in the result yet"),
        ScoreLine("A real event", 0.0 if r.hypothetical else 10.0, 10,
                  "mostly what you would do" if r.hypothetical else "tells what happened"),
        ScoreLine("Length", 10.0 * _band(minutes, *TARGET_MINUTES, 0.0, 4.0), 10,
                  f"about {minutes:.1f} minutes aloud (full points from 1.5 to 2)"),
    )


# --- tips ------------------------------------------------------------------------------------
def refer(numbers) -> str:
    """'sentence 3', 'sentences 2 and 5', 'sentences 1, 2 and 4', 'sentences 3 to 9' (runs of three
    or more are given as a range; at most six groups are named)."""
    numbers = sorted(set(numbers))
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"sentence {numbers[0]}"
    groups, run = [], [numbers[0]]
    for n in numbers[1:]:
        if n == run[-1] + 1:
            run.append(n)
        else:
            groups.append(run)
            run = [n]
    groups.append(run)
    named = []
    for run in groups:
        named.extend([f"{run[0]} to {run[-1]}"] if len(run) >= 3 else [str(n) for n in run])
    if len(named) == 1:
        return f"sentences {named[0]}"
    shown, more = named[:6], len(named) - 6
    if more > 0:
        return f"sentences {', '.join(shown)} and {more} more"
    return f"sentences {', '.join(shown[:-1])} and {shown[-1]}"


# Each rule reads the signals and gives one tip or none; the tips are shown in this order, most
# important first. A rule names the sentences behind its tip.
def _tip_hypothetical(r: Signals, situational: bool) -> Tip | None:
    if not r.hypothetical:
        return None
    hypothetical = [s.number for s in r.sentences if s.hypothetical]
    if situational:
        return Tip("hypothetical", f"Your plan ({refer(hypothetical)}) says what you would do, which fits this "
                   "question. Back it with one time you did something like it: what happened, and what came of it?",
                   tuple(hypothetical))
    says = "says" if len(hypothetical) == 1 else "say"
    return Tip("hypothetical", f"{refer(hypothetical).capitalize()} {says} what you would do or usually do. The "
               "question asks for one real time: tell what you did then, in the past tense (\"I called...\").",
               tuple(hypothetical))


def _tip_unsure(r: Signals, situational: bool) -> Tip | None:
    """A part the coach cannot tell apart from another: say which, and what would make it clear."""
    unsure = [s for s in r.sentences if s.alternative in r.parts_unsure]
    if not unsure:
        return None
    s = unsure[0]
    return Tip("unsure", f"The coach cannot tell whether {refer([s.number])} is your {s.could_be.lower()}. "
               f"{_MAKE_CLEAR[s.alternative]}", tuple(x.number for x in unsure))


_MAKE_CLEAR = {
    "situation": "To make the scene clear, give it its own sentence: where you were, when, and what was going on.",
    "task": "To make the task clear, say it in its own words: \"My job was to...\" or \"I had to...\".",
    "action": "To make your steps clear, start them with \"I\" and a verb: \"I called...\", \"I checked...\".",
    "result": "To make the result clear, say what changed: \"As a result...\", ideally with a number.",
}


def _tip_missing_action(r: Signals, situational: bool) -> Tip | None:
    if "action" in r.parts_present or "action" in r.parts_unsure:
        return None
    setup = (r.numbers("situation") + r.numbers("task") or [r.sentences[-1].number])[-1:]
    return Tip("missing-action", f"After {refer(setup)}, add what you did, step by step: this is the heart of the "
               "answer. Start sentences with \"I\" and a verb: \"I checked...\", \"I asked...\".", tuple(setup))


def _tip_missing_result(r: Signals, situational: bool) -> Tip | None:
    if "result" in r.parts_present or "result" in r.parts_unsure:
        return None
    last = r.sentences[-1].number
    return Tip("missing-result", f"After {refer([last])}, say how it ended: what changed because of what you did, "
               "ideally with a number, and what you learned.", (last,))


def _tip_ownership(r: Signals, situational: bool) -> Tip | None:
    if r.ownership is not None and r.ownership < 0.5:
        we = [s.number for s in r.sentences if s.we]
        return Tip("we", f"{refer(we).capitalize()} say{'s' if len(we) == 1 else ''} \"we\". The interviewer wants "
                   "your own part: after naming the team, say what you did (\"I drafted the plan, then we...\").",
                   tuple(we))
    if r.ownership is None:
        first = tuple(s.number for s in r.sentences[:3])
        return Tip("no-i", "No sentence says \"I\" yet. Say who did what: \"I called the supplier\" rather than "
                   f"\"the supplier was called\" ({refer(first)}).", first)
    return None


def _tip_unquantified(r: Signals, situational: bool) -> Tip | None:
    results = r.numbers("result")
    if not results or r.quantified_result:
        return None
    return Tip("unquantified", f"Give the result in {refer(results)} a number: how much, how many, how fast, how "
               "often (\"from 40 minutes to 15\", \"all 12 accounts kept\").", tuple(results))


def _tip_missing_situation(r: Signals, situational: bool) -> Tip | None:
    if "situation" in r.parts_present or "situation" in r.parts_unsure:
        return None
    first = r.sentences[0].number
    return Tip("missing-situation", f"Before {refer([first])}, set the scene in one sentence: where you were, when, "
               "and what was going on.", (first,))


def _tip_missing_task(r: Signals, situational: bool) -> Tip | None:
    if "task" in r.parts_present or "task" in r.parts_unsure:
        return None
    anchor = (r.numbers("situation") or [r.sentences[0].number])[-1]
    return Tip("missing-task", f"After {refer([anchor])}, say in one sentence what you had to achieve or what was "
               "at stake for you.", (anchor,))


def _tip_balance(r: Signals, situational: bool) -> Tip | None:
    """A long set-up, or too little action."""
    setup = r.numbers("situation") + r.numbers("task")
    short_action = "action" in r.parts_present and r.action_share < ACTION_SHARE_BAND[0]
    if len(setup) > 4 or (setup and short_action
                          and sum(r.sentences[n - 1].words for n in setup) > r.word_count * 0.4):
        return Tip("long-setup", f"The set-up ({refer(setup)}) takes a large part of the answer. Two or three "
                   "sentences are enough; use the time for what you did.", tuple(setup))
    if short_action:
        actions = r.numbers("action")
        return Tip("short-action", f"Your actions ({refer(actions)}) hold {r.action_share:.0%} of the answer; aim "
                   "for about half. Add the steps you took and why you chose them.", tuple(actions))
    return None


def _tip_length(r: Signals, situational: bool) -> Tip | None:
    minutes = r.speaking_minutes
    if minutes < TARGET_MINUTES[0]:
        where = r.numbers("action") or [s.number for s in r.sentences]
        return Tip("short", f"Said aloud this takes about {_minutes(minutes)}; aim for 1.5 to 2 minutes "
                   f"(200–320 words). Add detail to {refer(where)}.", tuple(where))
    if minutes > TARGET_MINUTES[1]:
        longest = tuple(sorted(s.number for s in sorted(r.sentences, key=lambda s: -s.words)[:3]))
        return Tip("long", f"Said aloud this takes about {_minutes(minutes)}; aim for 1.5 to 2 minutes. "
                   f"Trim the longest sentences ({refer(longest)}).", longest)
    return None


def _tip_fillers(r: Signals, situational: bool) -> Tip | None:
    if r.filler_count < max(1.0, r.speaking_minutes):
        return None
    filled = tuple(s.number for s in r.sentences if s.fillers)
    return Tip("fillers", f"Filler words (\"basically\", \"you know\", \"um\") in {refer(filled)}: cut them; "
               "a short pause sounds more confident.", filled)


def _tip_long_sentences(r: Signals, situational: bool) -> Tip | None:
    long = tuple(s.number for s in r.sentences if s.words > LONG_SENTENCE_WORDS)
    if not long:
        return None
    return Tip("long-sentence", f"{refer(long).capitalize()} run{'s' if len(long) == 1 else ''} past "
               f"{LONG_SENTENCE_WORDS} words. Split into shorter sentences a listener can follow.", long)


TIP_RULES = (_tip_hypothetical, _tip_missing_action, _tip_missing_result, _tip_ownership, _tip_unquantified,
             _tip_missing_situation, _tip_missing_task, _tip_unsure, _tip_balance, _tip_length, _tip_fillers,
             _tip_long_sentences)


def _tips(r: Signals, situational: bool) -> list[Tip]:
    if not r.sentences:
        return [Tip("empty", "Write one real time you did this: where you were, what you had to do, what you "
                             "did, and how it ended.", ())]
    tips = [tip for rule in TIP_RULES if (tip := rule(r, situational)) is not None]
    if not tips:
        results = r.numbers("result")
        tips.append(Tip("good", f"This reads as a complete story: a short set-up, your own actions and a measured "
                        f"result (in {refer(results)}). Practise saying it aloud.", tuple(results)))
    return tips


def _minutes(minutes: float) -> str:
    seconds = round(minutes * 60)
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{minutes:.1f} minutes"


# --- checklist and HTML ----------------------------------------------------------------------
def _parts_check(r: Signals) -> Check:
    """All four parts: found, missing, or (never asserted missing) perhaps there."""
    missing = [PART_LABELS[p] for p in r.parts_not_found]
    found = [PART_LABELS[p] for p in PARTS if p in r.parts_present]
    detail = f"Found: {', '.join(found) or 'none yet'}."
    for part in PARTS:
        if part in r.parts_unsure:
            s = r.unsure_about(part)[0]
            detail += (f" Not sure: {refer([s.number])} reads as {s.could_be} ({s.tag}). "
                       f"{_MAKE_CLEAR[part]}")
    # "not found", never "missing": on answers it has not seen, the coach misses a part that two
    # careful people find in about one answer in five (tests/star_labelled/README.md)
    if missing:
        detail += (f" Not found: {', '.join(missing)}. If {'it is' if len(missing) == 1 else 'one is'} there, "
                   "give it a sentence of its own, so a listener hears it too.")
    return Check("All four parts", False if missing else None if r.parts_unsure else True, detail)


def _ownership_check(r: Signals) -> Check:
    i, we, where = _own_part(r.sentences)
    return Check("Says \"I\", not \"we\"", r.ownership is not None and r.ownership >= 0.5,
                 f"\"I\" {i} time{'s' if i != 1 else ''}, \"we\" {we} time{'s' if we != 1 else ''} {where}.")


def _checks(r: StarReport) -> tuple[Check, ...]:
    hypothetical = [s.number for s in r.sentences if s.hypothetical]
    results = [s for s in r.of_part("result")]
    with_number = [s.number for s in results if s.quantity]
    per_minute_ok = r.filler_count < max(1.0, r.speaking_minutes)
    return (
        _parts_check(r),
        Check("Action is the core", r.action_share >= ACTION_SHARE_BAND[0],
              f"Action sentences hold {r.action_share:.0%} of your words (aim: about half or more)."),
        _ownership_check(r),
        Check("Result has a number", r.quantified_result,
              f"Number in {refer(with_number)}." if with_number else
              ("No result sentence yet." if not results else f"No number in {refer([s.number for s in results])}.")),
        Check("Tells what you did", not r.hypothetical,
              f"Would/usually in {refer(hypothetical)}." if hypothetical else "Told in the past, as it happened."),
        Check("1.5 to 2 minutes aloud", TARGET_MINUTES[0] <= r.speaking_minutes <= TARGET_MINUTES[1],
              f"{r.word_count} words: about {_minutes(r.speaking_minutes)} at {WORDS_PER_MINUTE} words a minute."),
        Check("Few filler words", per_minute_ok,
              f"{r.filler_count} filler word{'s' if r.filler_count != 1 else ''} (aim: under one a minute)."),
    )


# Okabe–Ito colours, as light tints behind the text and a darker edge; each part also has its
# own edge style and, above all, its name written in front: colour never carries the meaning alone.
PART_STYLES = {
    "situation": ("#dcecf8", "#0b5c8f", "solid"),
    "task": ("#fbf3c6", "#7a5c00", "dashed"),
    "action": ("#d5efe4", "#00704a", "double"),
    "result": ("#fbe1d1", "#a6321d", "dotted"),
    None: ("#eeeeee", "#555555", "solid"),
}
MAX_MARKED_SENTENCES = 400  # more would only slow the page; the rest is summarised
CSS = """
.course-star-answer { line-height: 1.9; }
.course-star-sentence { padding: 1px 3px; border-radius: 3px; }
.course-star-tag { font-size: 0.72em; font-weight: 700; text-transform: uppercase; letter-spacing: 0.03em;
  margin-right: 4px; padding: 0 3px; border-radius: 2px; background: #ffffff; }
.course-star-unsure { border: 1px dashed currentColor; }
.course-star-spoken { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
  white-space: nowrap; }
.course-star-evidence { background: transparent; color: inherit; text-decoration: underline 2px; }
.course-star-time-track { position: relative; height: 14px; max-width: 420px; background: #eeeeee;
  border: 1px solid #767676; border-radius: 3px; margin: 6px 0 2px; }
.course-star-time-target { position: absolute; top: 0; bottom: 0; background: #cfe8dc;
  border-left: 2px solid #00704a; border-right: 2px solid #00704a; }
.course-star-time-fill { position: absolute; top: 4px; left: 0; height: 6px; background: #1f1f1f; }
""" + "".join(
    f".course-star-{part or 'other'} {{ background: {tint}; border-bottom: 3px {style} {edge}; }}\n"
    f".course-star-{part or 'other'} .course-star-tag {{ color: {edge}; }}\n"
    for part, (tint, edge, style) in PART_STYLES.items()
)


def evidence_spans(s: Sentence, *, with_alternative: bool = False) -> list[tuple[int, int]]:
    """Where the cue words of a sentence are in its text, in order, not overlapping (with those of
    the close second part too, when asked)."""
    text = s.text.lower().replace("’", "'")
    spans = []
    for cue in s.evidence + (s.alternative_evidence if with_alternative else ()):
        words = _TOKEN.findall(cue)
        if not words:
            continue
        m = re.search(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, words)) + r"(?![^\W_])", text)
        if m:
            spans.append((m.start(), m.end()))
    spans.sort()
    kept, end = [], -1
    for a, b in spans:
        if a >= end:
            kept.append((a, b))
            end = b
    return kept


def _sentence_html(s: Sentence, limit: int) -> str:
    text = s.text[:limit]
    pieces, at = [], 0
    for a, b in evidence_spans(s, with_alternative=True):
        if b > len(text):
            break
        pieces.append(escape(text[at:a], limit=None))
        pieces.append(f'<mark class="course-star-evidence">{escape(text[a:b], limit=None)}</mark>')
        at = b
    pieces.append(escape(text[at:], limit=None))
    body = "".join(pieces).replace("\n", "<br>")
    hypothetical = ' <span class="course-star-flag">(would)</span>' if s.hypothetical else ""
    part = s.part or "other"
    if s.alternative is None:
        tag = f'<span class="course-star-tag">{s.number} · {s.label}</span>'
    else:  # the short form in the margin; the words in full for a pointer (title) and a screen reader
        tag = (f'<span class="course-star-tag course-star-unsure" title="{s.could_be}: the coach is not sure">'
               f'{s.number} · <span aria-hidden="true">{s.tag}</span>'
               f'<span class="course-star-spoken">{s.could_be}, not sure</span></span>')
    return (f'<span class="course-star-sentence course-star-{part}" data-part="{part}" data-number="{s.number}"'
            f'{f" data-alternative={chr(34)}{s.alternative}{chr(34)}" if s.alternative else ""}>'
            f'{tag}{body}{hypothetical}</span>')


def answer_html(report: StarReport, *, limit: int = DISPLAY_LIMIT) -> str:
    """The answer as written, each sentence tinted and labelled with its part, cues underlined.
    Everything is escaped; past ``limit`` characters (or MAX_MARKED_SENTENCES sentences) the rest
    is summarised, not shown. The report itself always keeps the whole text."""
    text, out, at, shown = report.text, [], 0, 0
    for s in report.sentences[:MAX_MARKED_SENTENCES]:
        gap = text[at:s.start][:max(0, limit - shown)]
        out.append(escape(gap, limit=None).replace("\n", "<br>"))
        shown, at = shown + len(gap), at + len(gap)
        if at < s.start or shown >= limit:
            break
        room = limit - shown
        out.append(_sentence_html(s, room))
        shown += min(len(s.text), room)
        at = s.end if len(s.text) <= room else s.start + room
    rest = text[at:]
    if len(rest) > limit - shown or (len(report.sentences) > MAX_MARKED_SENTENCES and rest.strip()):
        out.append(f"… ({len(rest):,} more characters not shown)")
    else:
        out.append(escape(rest, limit=None).replace("\n", "<br>"))
    return f'<div class="course-star-answer">{"".join(out)}</div>'


def tips_html(report: StarReport) -> str:
    items = "".join(f'<li class="course-star-tip" data-kind="{t.kind}">{escape(t.text)}</li>' for t in report.tips)
    return f'<ol class="course-star-tips">{items}</ol>'


def legend_html() -> str:
    keys = []
    for part in PARTS:
        keys.append(f'<span class="course-star-sentence course-star-{part}">'
                    f'<span class="course-star-tag">{PART_LABELS[part]}</span></span>')
    return f'<p class="course-star-legend">Key: {" ".join(keys)}</p>'


def time_html(report: StarReport) -> str:
    """The speaking time as a bar against the 1.5–2 minute target, said in words as well."""
    minutes, scale = report.speaking_minutes, 3.0
    low, high = TARGET_MINUTES
    verdict = ("no answer yet" if not report.word_count else "a little short" if minutes < low
               else "a little long" if minutes > high else "on target")
    words = (f"About {_minutes(minutes)} aloud ({report.word_count} words at {WORDS_PER_MINUTE} a minute). "
             f"Target: {low:g} to {high:g} minutes — {verdict}.")
    fill = min(minutes / scale, 1.0) * 100
    return (f'<div class="course-star-time" data-verdict="{verdict}">'
            f'<div class="course-star-time-track" role="img" aria-label="{escape(words)}">'
            f'<div class="course-star-time-target" style="left:{low / scale * 100:.1f}%;'
            f'width:{(high - low) / scale * 100:.1f}%"></div>'
            f'<div class="course-star-time-fill" style="width:{fill:.1f}%"></div></div>'
            f'<small>{escape(words)}</small></div>')


def words_html(report: StarReport) -> str:
    """Most-used words, and words shared with the job advert (when one was given)."""
    parts = []
    if report.top_words:
        used = ", ".join(f"{escape(w)} ({n})" for w, n in report.top_words)
        parts.append(f'<p class="course-star-top-words"><strong>Your most-used words:</strong> {used}</p>')
    if report.job_terms:
        parts.append(f'<p class="course-star-job-terms"><strong>Words you share with the job advert:</strong> '
                     f'{escape(", ".join(report.job_terms))}</p>')
    return "".join(parts)


def score_html(report: StarReport) -> str:
    rows = "".join(f"<tr><td>{escape(line.label)}</td><td>{line.points:.0f} / {line.out_of}</td>"
                   f"<td>{escape(line.why)}</td></tr>" for line in report.score_lines)
    return (f'<details class="course-star-score"><summary>Coaching score: {report.score} / 100 '
            f"(a rough signal of structure, not a grade)</summary><table>{rows}</table></details>")


def report_html(report: StarReport) -> str:
    """The whole reading: the marked answer, the speaking time, the checklist, the tips, the
    words used and the score's rubric. Every piece of the answer is escaped."""
    if not report.sentences:
        return (f"<style>{CSS}</style><div class=\"course-star-report\"><p>No answer to read yet. "
                f"{escape(report.tips[0].text)}</p></div>")
    return (f'<style>{CSS}</style><div class="course-star-report">{legend_html()}{answer_html(report)}'
            f"{time_html(report)}{report.checklist()._repr_html_()}"
            f"<p><strong>Tips</strong></p>{tips_html(report)}{words_html(report)}{score_html(report)}</div>")
