"""The article's statistics beside what their sources measured: every figure with its provenance.

The figures live in ``data/statistics/*.csv`` (one row per figure, checked by the content schema).
Each of the article's claims has one ``article`` row, the claim as the article states it, and
``evidence`` rows, what a source actually measured, with source, year, sample, link and a
verdict. This module reads them and answers the questions the course asks of them:

    facts = load()                      # every figure, validated
    facts.claim("offer-1-in-6")         # the claim and its evidence
    facts.funnel(applicants=500)        # expected people at each stage of one opening, from the data
    facts.table()                       # an HTML table: source, year, sample, verdict, link

Nothing is hard-coded: change a figure in the CSV and every number, chart and table follows.
Pure logic: pydantic and pandas are imported only when a function needs them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from course_lib.markup import escape, source_link

if TYPE_CHECKING:  # for type hints only; importing content would import pydantic
    from course_lib.content import Statistic


@dataclass(frozen=True)
class VerdictWords:
    label: str  # two or three words, shown on charts
    meaning: str  # one plain sentence, shown in tables and alt text


VERDICTS = {
    "traceable": VerdictWords("Traceable", "The source says this."),
    "overstated": VerdictWords("Overstated", "A source exists, but it says less than the claim."),
    "plausible_but_dated": VerdictWords("Plausible but dated", "A source matches, but it is old and newer figures differ."),
    "misquoted": VerdictWords("Misquoted", "The source measured something else."),
    "untraced": VerdictWords("Untraced", "No source with this figure was found."),
}


def verdict_label(verdict: str) -> str:
    return VERDICTS[verdict].label


def verdict_meaning(verdict: str) -> str:
    return VERDICTS[verdict].meaning


# Headings for the figures that belong to no claim of the article (the table's row groups).
TOPICS = {"time-to-hire": "How long hiring takes", "thank-you-format": "Email or paper: ways to say thank you",
          "video-interviews": "How common video interviews are",
          "work-samples": "How well a work sample predicts performance in the job",
          "salary-negotiation": "Negotiating a job offer: how often, and how risky",
          "pay-in-adverts": "How many job adverts show the pay"}

# The hiring funnel for one job opening, top to bottom. Only the early stages grow with the number
# of applicants: more applications mean more that pass the CV screen, but an employer still
# interviews a handful, invites two to four back and makes one offer. So the share of applicants
# who reach a first interview falls as more people apply (about 5 of 250 is 2 %; of 500, 1 %).
@dataclass(frozen=True)
class FunnelStep:
    name: str
    stat_id: str  # the row with its figure
    # True: grows with the applicants (the first stage is the applicants themselves, its row's value
    # the default number; later ones are a percentage of them). False: a count per opening, whatever
    # the number of applicants, never more than the stage above.
    scales: bool


FUNNEL_STAGES = (
    FunnelStep("Applicants", "ere-2013-resumes", scales=True),
    FunnelStep("Past the CV screen", "ere-2013-screened-in", scales=True),
    FunnelStep("First interview", "ere-2013-first-interview", scales=False),
    FunnelStep("Second interview", "msstate-second-round", scales=False),
    FunnelStep("Job offer", "ere-2013-offer", scales=False),
)


# --- formatting a figure for people --------------------------------------------------------------
def format_number(x: float) -> str:
    """23.8 -> '23.8', 250.0 -> '250', 10000000 -> '10,000,000'."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}".rstrip("0").rstrip(".")


def format_value(stat: Statistic) -> str:
    """The figure as a reader would say it: '2 %', '4–6', '5.6–6.8 days', '1 in 6', 'r = 0.54'."""
    if stat.unit == "correlation":
        return "r = " + "–".join(f"{v:.2f}" for v in (stat.value, stat.value_high) if v is not None)
    if stat.unit == "ratio" and stat.value_high is None and stat.value > 0 and _near_whole(1 / stat.value):
        return f"1 in {round(1 / stat.value)}"
    scale = 100 if stat.unit == "ratio" else 1
    numbers = "–".join(format_number(v * scale) for v in (stat.value, stat.value_high) if v is not None)
    return numbers + {"percent": " %", "ratio": " %", "days": " days", "count": ""}[stat.unit]


def _near_whole(x: float) -> bool:
    return abs(x - round(x)) < 0.05


def as_percent(stat: Statistic) -> float | None:
    """The figure on a 0–100 scale when it is a share (percent or ratio), else None."""
    if stat.unit == "percent":
        return stat.value
    if stat.unit == "ratio":
        return stat.value * 100
    return None


def label(stat: Statistic) -> str:
    """A few words for a chart: the row's label, else its statement."""
    return stat.label or stat.statement


def year_text(stat: Statistic) -> str:
    return str(stat.year) if stat.year is not None else "undated"


def sample_text(stat: Statistic) -> str:
    return f"{stat.sample_size:,}" if stat.sample_size is not None else "not stated"


def provenance(stat: Statistic) -> str:
    """'Accountemps (Robert Half) survey…, 2017, sample 300' — for captions and alt text."""
    return f"{stat.source}, {year_text(stat)}, sample {sample_text(stat)}"


# --- the collection -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Claim:
    """One of the article's claims and the figures traced for it."""

    claim_id: str
    article: Statistic
    evidence: tuple[Statistic, ...]  # whole figures; their parts are in Statistics.parts()

    @property
    def verdict(self) -> str:
        return self.article.verdict

    @property
    def label(self) -> str:
        return label(self.article)


@dataclass(frozen=True)
class FunnelStage:
    name: str
    low: float  # expected count, bottom of the source's range
    high: float  # top of the range (equal to low for a single figure)
    source: Statistic
    scales: bool  # grows with the number of applicants (see FUNNEL_STAGES)

    @property
    def middle(self) -> float:
        return (self.low + self.high) / 2

    def count_text(self) -> str:
        return _count(self.low) if math.isclose(self.low, self.high) else f"{_count(self.low)}–{_count(self.high)}"


def _count(x: float) -> str:
    """Expected counts: whole numbers stay whole, small fractions keep one decimal ('0.4')."""
    return format_number(round(x)) if x >= 10 or float(x).is_integer() else format_number(round(x, 1))


@dataclass(frozen=True)
class Funnel:
    applicants: float
    stages: tuple[FunnelStage, ...]

    def share_text(self, stage: FunnelStage) -> str:
        """The stage as a share of applicants: '4–6 %'."""
        low, high = 100 * stage.low / self.applicants, 100 * stage.high / self.applicants
        return f"{format_number(round(low, 1))} %" if math.isclose(low, high) else f"{format_number(round(low, 1))}–{format_number(round(high, 1))} %"


def _funnel_stages(steps, applicants: float, *, cap: bool) -> tuple[FunnelStage, ...]:
    """The stages for a number of applicants: a stage that scales is a percentage of them, one that
    does not is a count per opening; with ``cap`` no stage holds more people than the one above."""
    stages = [FunnelStage(steps[0][0].name, applicants, applicants, steps[0][1], True)]
    for step, row in steps[1:]:
        unit = "percent" if step.scales else "count"
        if row.unit != unit:
            raise ValueError(f"the funnel's stage '{step.name}' needs row '{row.id}' in unit '{unit}', not '{row.unit}'")
        share = applicants / 100 if step.scales else 1
        low, high = row.value * share, (row.value_high or row.value) * share
        if cap:
            low, high = min(low, stages[-1].low), min(high, stages[-1].high)
        stages.append(FunnelStage(step.name, low, high, row, step.scales))
    return tuple(stages)


class Statistics:
    """Every figure in data/statistics, validated, in file order."""

    def __init__(self, rows, data_dir: Path):
        rows = list(rows)
        # The article's claims first, each with its article row leading, then the other topics
        # (time to hire, ...), each kept together in the order the files give them.
        first = {}
        for i, s in enumerate(rows):
            first.setdefault(s.claim_id, i)
        claims = {s.claim_id for s in rows if s.role == "article"}
        rows.sort(key=lambda s: (s.claim_id not in claims, first[s.claim_id], s.role != "article"))
        self.rows: tuple[Statistic, ...] = tuple(rows)
        self.data_dir = data_dir
        self._by_id = {s.id: s for s in self.rows}

    def __len__(self) -> int:
        return len(self.rows)

    def figure(self, stat_id: str) -> Statistic:
        try:
            return self._by_id[stat_id]
        except KeyError:
            raise KeyError(f"no statistic {stat_id!r} in {self.data_dir / 'statistics'} "
                           "(a chart needs this row: restore it or change the chart)") from None

    def topic(self, claim_id: str) -> tuple[Statistic, ...]:
        """Every row filed under a claim id or topic (e.g. 'time-to-hire'), in file order."""
        rows = tuple(s for s in self.rows if s.claim_id == claim_id)
        if not rows:
            known = ", ".join(dict.fromkeys(s.claim_id for s in self.rows))
            raise KeyError(f"no statistics for {claim_id!r} (known: {known})")
        return rows

    def claims(self) -> tuple[Claim, ...]:
        """The article's claims (the topics with an article row), in file order."""
        return tuple(self.claim(s.claim_id) for s in self.rows if s.role == "article")

    def claim(self, claim_id: str) -> Claim:
        rows = self.topic(claim_id)
        articles = [s for s in rows if s.role == "article"]
        if not articles:
            raise KeyError(f"{claim_id!r} has no article row: it is a topic, not one of the article's claims")
        return Claim(claim_id, articles[0], tuple(s for s in rows if s.role == "evidence" and not s.part_of))

    def parts(self, stat_id: str) -> tuple[Statistic, ...]:
        """The figures that make up another ('22 % very' and '58 % somewhat' of '80 % helpful')."""
        return tuple(s for s in self.rows if s.part_of == self.figure(stat_id).id)

    def funnel(self, applicants: float | None = None) -> Funnel:
        """Expected counts at each stage of one opening for a number of applicants (default: the
        source's own). The stages that scale grow with the applicants; the others keep their count,
        capped by the stage above (an employer cannot interview more people than passed the screen)."""
        steps = [(step, self.figure(step.stat_id)) for step in FUNNEL_STAGES]
        base = steps[0][1].value
        if applicants is None:
            applicants = base
        if isinstance(applicants, bool) or not isinstance(applicants, (int, float)) or not applicants >= 1:
            raise ValueError(f"applicants must be a number of at least 1, not {applicants!r}")
        # The rows themselves, at the source's own number of applicants, must narrow at every step.
        as_given = _funnel_stages(steps, base, cap=False)
        for upper, lower in zip(as_given, as_given[1:]):
            if lower.low > upper.high:
                raise ValueError(f"the funnel grows from '{upper.name}' ({upper.count_text()}) to '{lower.name}' "
                                 f"({lower.count_text()}): check rows '{upper.source.id}' and '{lower.source.id}'")
        return Funnel(float(applicants), _funnel_stages(steps, applicants, cap=True))

    def frame(self, claim_id: str | None = None):
        """The table as a pandas DataFrame (one row per figure), for learners who want to dig."""
        import pandas as pd

        rows = self.rows if claim_id is None else self.topic(claim_id)
        return pd.DataFrame([{**s.model_dump(), "verdict_label": verdict_label(s.verdict)} for s in rows])

    def table(self, claim_id: str | None = None) -> StatisticsTable:
        return StatisticsTable(self.rows if claim_id is None else self.topic(claim_id), claim_id)


def load(data_dir: Path | str | None = None) -> Statistics:
    """Read and validate data/statistics (or DATA_DIR/statistics); ContentError names any bad row."""
    from course_lib.content import Statistic, load_content

    content = load_content(data_dir, only=(Statistic,))
    if not content.statistics:
        from course_lib.content import ContentError

        raise ContentError([f"{content.data_dir / 'statistics'}: no statistics files (expected *.csv)"])
    return Statistics(content.statistics, content.data_dir)


# --- the HTML table ---------------------------------------------------------------------------------
def _link(url: str | None) -> str:
    # The link text names the site, so it says where it goes; a 'javascript:' URL stays text.
    return source_link(url, prefix="") or "–"


_CELL = 'style="text-align:left; vertical-align:top"'
_TABLE_STYLE = """<style>
.course-stats { border-collapse: collapse; font-size: 14px; line-height: 1.35; max-width: 1100px; }
.course-stats th, .course-stats td { border-bottom: 1px solid #d0d0d0; padding: 4px 8px; text-align: left;
  vertical-align: top; }
.course-stats thead th { background: #f0f0f0; }
.course-stats tr.course-stats-claim th { background: #f4f8fb; border-top: 2px solid #0b5c8f; font-weight: 600; }
.course-stats .course-stats-note { color: #444; font-size: 13px; }
</style>"""


class StatisticsTable:
    """The figures with source, year, sample, verdict and link; renders itself as an HTML table."""

    COLUMNS = ("What it says", "Figure", "Who", "Source", "Year", "Sample", "Verdict", "Where it was seen")

    def __init__(self, rows, claim_id: str | None = None):
        self.rows = tuple(rows)
        self.claim_id = claim_id

    def __repr__(self) -> str:
        claims = sum(1 for s in self.rows if s.role == "article")
        what = f"'{self.claim_id}'" if self.claim_id else f"{claims} claims"
        return f"Statistics table: {what}, {len(self.rows)} figures with source, year, sample, verdict and link"

    def _repr_html_(self) -> str:
        # Inline alignment: JupyterLab right-aligns table cells and drops the <style> of an output.
        td, th = f"<td {_CELL}>", f'<th scope="col" {_CELL}>'
        head = "".join(f"{th}{c}</th>" for c in self.COLUMNS)
        body, current = [], None
        for s in self.rows:
            if s.claim_id != current:
                current = s.claim_id
                title = label(s) if s.role == "article" else TOPICS.get(s.claim_id, s.claim_id.replace("-", " ").capitalize())
                body.append(f'<tr class="course-stats-claim"><th colspan="{len(self.COLUMNS)}" scope="rowgroup">'
                            f"{escape(title)}</th></tr>")
            who = "The article says" if s.role == "article" else "Measured"
            verdict = f"<strong>{escape(verdict_label(s.verdict))}</strong><br>{escape(verdict_meaning(s.verdict))}"
            body.append(
                "<tr>"
                f"{td}{who}: {escape(s.statement)}<br><span class=\"course-stats-note\">{escape(s.note)}</span></td>"
                f"{td}{escape(format_value(s))}</td>{td}{escape(s.population)}</td>{td}{escape(s.source)}</td>"
                f"{td}{escape(year_text(s))}</td>{td}{escape(sample_text(s))}</td>{td}{verdict}</td>"
                f"{td}{_link(s.url)}</td></tr>"
            )
        return (f'{_TABLE_STYLE}<table class="course-stats"><thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(body)}</tbody></table>")


def statistics_table(claim_id: str | None = None, *, data_dir: Path | str | None = None) -> StatisticsTable:
    """Every figure (or one claim's) with source, year, sample, verdict and link, as an HTML table."""
    return load(data_dir).table(claim_id)
