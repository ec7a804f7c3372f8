"""The course's charts and mind maps (matplotlib).

Every chart function takes ``ax=None`` (draw into your Axes, or into a new figure), reads its
numbers from data/ through :mod:`course_lib.stats`, and returns the Axes. Each chart carries a
text alternative: ``alt_text(ax)``. Notebooks call :func:`show_chart`, which shows the picture
with that text as its ``alt`` and written out underneath, and leaves no figure open.

Nothing here changes matplotlib's global settings: the course's look is applied inside a local
``rc_context`` while a chart is drawn, and figures are made with ``Figure()`` (not pyplot), so
no figure piles up. matplotlib itself is imported only when a chart is drawn.

Design rules kept in every chart: one colour-blind-safe palette (Okabe–Ito); colour never
carries meaning alone (verdicts have their own marker shape and are written out); a title,
labelled axes, and the sources with year and sample on the figure; two sizes, ``"normal"`` for
a screen and ``"projector"`` for a room.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import textwrap
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from course_lib import paths, stats
from course_lib.markup import escape

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
PALETTE = {
    "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
}
INK = "#1f1f1f"
MUTED = "#595959"  # 7:1 on white: still readable as small print
GUIDE = "#d9d9d9"

# A verdict is a colour AND a marker shape AND its words, so no one has to tell colours apart.
VERDICT_STYLE = {
    "traceable": (PALETTE["green"], "o"),
    "overstated": (PALETTE["orange"], "^"),
    "plausible_but_dated": (PALETTE["blue"], "s"),
    "misquoted": (PALETTE["vermillion"], "X"),
    "untraced": (PALETTE["purple"], "D"),
}


@dataclass(frozen=True)
class Size:
    figsize: tuple[float, float]  # inches
    font: float  # points; everything else scales from it

    def scaled(self, factor: float) -> float:
        return self.font * factor


# "projector": fewer, bigger words per inch, so the back row can read them.
SIZES = {
    "normal": Size(figsize=(10, 6.2), font=12),
    "projector": Size(figsize=(13.33, 7.5), font=18),
}
DPI = 100  # figure inches -> CSS pixels when shown; the PNG has 1.5 times as many, for sharp text


def _size(size: str) -> Size:
    try:
        return SIZES[size]
    except KeyError:
        raise ValueError(f"size must be one of {', '.join(map(repr, SIZES))}, not {size!r}") from None


@contextmanager
def _style(size: Size):
    """The course's look, for the drawing inside the block only (global settings are untouched)."""
    import matplotlib

    rc = {
        "font.family": "DejaVu Sans", "font.size": size.font,
        "axes.titlesize": size.scaled(1.3), "axes.titleweight": "bold", "axes.titlelocation": "left",
        "axes.titlepad": size.scaled(0.9),
        "axes.labelsize": size.font, "xtick.labelsize": size.scaled(0.95), "ytick.labelsize": size.scaled(0.95),
        "legend.fontsize": size.scaled(0.9), "legend.frameon": False,
        "text.color": INK, "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK,
        "axes.edgecolor": MUTED, "axes.spines.top": False, "axes.spines.right": False,
        "hatch.color": "white", "hatch.linewidth": 1.5,
        "svg.hashsalt": "course",
    }
    with matplotlib.rc_context(rc):
        yield


def _new_axes(ax, size: Size, height: float = 1.0):
    """The Axes to draw in: the caller's, or a new figure's (``height`` scales the figure's height)."""
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    width, full_height = size.figsize
    fig = Figure(figsize=(width, full_height * height), dpi=DPI, layout="constrained")
    return fig.add_subplot()


def _set_alt(ax, text: str) -> None:
    ax.course_alt_text = " ".join(text.split())


def alt_text(ax) -> str:
    """The text alternative a chart function attached to its Axes."""
    try:
        return ax.course_alt_text
    except AttributeError:
        raise ValueError("this Axes was not drawn by a course_lib chart function, so it has no alt text") from None


def title(ax) -> str:
    """A chart's title (the course sets titles flush left, where ``ax.get_title()`` does not look)."""
    return next((t for t in (ax.get_title(loc) for loc in ("left", "center", "right")) if t), "")


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text


def _pct(x: float) -> str:
    return f"{stats.format_number(round(x, 1))} %"


def _publisher(row) -> str:
    """Who published a figure, in a word or two: the chart label up to its year ('Jobvite 2015: …'
    -> 'Jobvite'), else the source up to its first comma or colon."""
    found = re.match(r"(.+?)\s+\D?\d{4}\b", row.label or "")
    if found and row.source.lower().startswith(found.group(1).lower()):
        return found.group(1)
    return re.split(r"[,:(]", row.source)[0].strip()


def _years(rows) -> str:
    years = sorted({r.year for r in rows if r.year is not None})
    return "undated" if not years else str(years[0]) if len(years) == 1 else f"{years[0]}\u2013{years[-1]}"


def _sources(ax, rows, sz: Size, extra: str = "") -> str:
    """Write 'Sources: …' (each publisher once, with years and samples) across the bottom; return it."""
    by_publisher: dict[str, list] = {}
    for row in rows:
        if row.role == "evidence":
            by_publisher.setdefault(_publisher(row), []).append(row)
    parts = []
    for publisher, group in by_publisher.items():
        samples = list(dict.fromkeys(stats.sample_text(r) for r in group))
        parts.append(f"{publisher} {_years(group)} (sample{'s' if len(samples) > 1 else ''} {', '.join(samples)})")
    text = "Sources: " + "; ".join(parts) + "." + (f" {extra}" if extra else "")
    fontsize = sz.scaled(0.75)
    # as many characters as fit across the figure (DejaVu Sans averages about 0.6 em per character)
    width = int(ax.figure.get_figwidth() * 72 / (fontsize * 0.6)) - 4
    label = ax.xaxis.label
    below = label if (ax.axison and label.get_text()) else "axes fraction"
    ax.annotate(_wrap(text, width), xy=(0.005, 0), xycoords=("figure fraction", below),
                xytext=(0, -sz.scaled(0.7)), textcoords="offset points", va="top", ha="left",
                fontsize=fontsize, color=MUTED, annotation_clip=False)
    return text


def _marker_area(sz: Size, diameter_em: float) -> float:
    """scatter() sizes are areas in points squared; this takes a diameter in font heights."""
    return (sz.font * diameter_em) ** 2


# --- 1. the hiring funnel ----------------------------------------------------------------------
def funnel_chart(ax=None, *, applicants: float | None = None, data_dir=None, size: str = "normal"):
    """One opening: applicants -> past the CV screen -> first interview -> second interview -> offer,
    with the article's '2 %' and '1 in 6'. Only the first stages grow with the applicants."""
    facts, sz = stats.load(data_dir), _size(size)
    funnel = facts.funnel(applicants)
    as_given = facts.funnel()  # the source's own example, which the article's figure comes from
    two = facts.claim("follow-up-2-percent")
    six = facts.claim("offer-1-in-6")
    jobvite = facts.figure("jobvite-2015-offer-rate")
    applicants_text = stats.format_number(funnel.applicants)
    with _style(sz):
        ax = _new_axes(ax, sz)
        names = [stage.name for stage in funnel.stages]
        ys = range(len(names))
        colours = [PALETTE["blue"], PALETTE["sky"], PALETTE["orange"], PALETTE["vermillion"], PALETTE["green"]]
        counts = []  # the count labels, which the notes point at
        for y, stage, colour in zip(ys, funnel.stages, colours):
            ax.barh(y, stage.low, color=colour, height=0.62)
            if stage.high > stage.low:  # the rest of a range: same colour, hatched, so it reads as 'up to'
                ax.barh(y, stage.high - stage.low, left=stage.low, color=colour, alpha=0.55, hatch="//", height=0.62)
            share = "" if y == 0 else f" ({funnel.share_text(stage)})"
            counts.append(ax.annotate(f"{stage.count_text()}{share}", xy=(stage.high, y), xytext=(6, 0),
                                      textcoords="offset points", va="center", fontweight="bold"))
        # Which stages grow with the applicants is said in words on the axis, not by colour.
        ax.set_yticks(list(ys), [s.name if not i else f"{s.name}\n({'grows with applicants' if s.scales else 'same for any number'})"
                                 for i, s in enumerate(funnel.stages)])
        ax.invert_yaxis()
        ax.set_xlim(0, funnel.applicants * 1.02)
        ax.set_ylim(len(names) - 0.45, -0.55)
        ax.set_xlabel(f"People at each stage of one job opening (expected, for {applicants_text} applicants)")
        ax.set_ylabel("Hiring stage")
        ax.set_title(f"The hiring funnel: from {applicants_text} applicants to one offer"
                     if round(funnel.stages[-1].middle) == 1 else f"The hiring funnel for {applicants_text} applicants")
        first = as_given.stages[2]
        # the article's figure, as the source gives it: the middle of the shortlist, of its own applicants
        roots = (f"about {stats.format_number(first.middle)} of {stats.format_number(as_given.applicants)} "
                 f"applicants ({_pct(100 * first.middle / as_given.applicants)}) reach a first interview, not a second")
        two_text = (f"The article: \u201c{stats.format_value(two.article)} get a follow-up interview\u201d "
                    f"\u2013 {stats.verdict_label(two.verdict).lower()}.\nIn ERE's example {roots}.")
        six_text = (f"The article: \u201c{stats.format_value(six.article)} candidates gets an offer\u201d "
                    f"\u2013 {stats.verdict_label(six.verdict).lower()}.\nJobvite {jobvite.year}: "
                    f"{stats.format_value(jobvite)} of interviews led to an offer.")
        for text, y in ((two_text, 2), (six_text, 4)):
            ax.annotate(_wrap(text, 50), xy=(1, 0.5), xycoords=counts[y], xytext=(0.36, y), va="center",
                        textcoords=("axes fraction", "data"), fontsize=sz.scaled(0.85), color=INK,
                        bbox=dict(boxstyle="round,pad=0.4", fc="#f4f8fb", ec=PALETTE["blue"], lw=1),
                        arrowprops=dict(arrowstyle="->", color=MUTED, lw=1.2, shrinkA=2, shrinkB=4))
        _sources(ax, [stage.source for stage in funnel.stages] + [jobvite], sz, extra="Hatched: the top of a range.")
    counts = "; ".join(f"{s.name}: {s.count_text()}" + (f" ({funnel.share_text(s)})" if i else "")
                       for i, s in enumerate(funnel.stages))
    growing = " and ".join(s.name.lower().replace("cv", "CV") for s in funnel.stages if s.scales)
    _set_alt(ax, f"""Bar chart of the hiring funnel for one job opening with {applicants_text} applicants, using
        ERE's 2013 example (the second round from a university career centre). Expected people at each stage:
        {counts}. Only the first stages ({growing}) grow with the number of applicants; the shortlist stays a
        handful and there is one offer, so the more people apply, the smaller the share who reach an interview.
        The article says only {stats.format_value(two.article)} get a follow-up interview; verdict:
        {stats.verdict_label(two.verdict).lower()}: in ERE's example {roots}. The article's
        {stats.format_value(six.article)} candidates getting an offer is {stats.verdict_label(six.verdict).lower()}:
        Jobvite found {stats.format_value(jobvite)} of interviews led to an offer in {jobvite.year}.""")
    return ax


# --- 2. claim against evidence --------------------------------------------------------------------
def claims_chart(ax=None, *, data_dir=None, size: str = "normal"):
    """Each article statistic beside what its sources measured, marked by verdict."""
    facts, sz = stats.load(data_dir), _size(size)
    claims = facts.claims()
    with _style(sz):
        ax = _new_axes(ax, sz)
        for y, claim in enumerate(claims):
            colour, marker = VERDICT_STYLE[claim.verdict]
            article = stats.as_percent(claim.article)
            values = [v for v in map(stats.as_percent, claim.evidence) if v is not None]
            ax.plot([0, 100], [y, y], color=GUIDE, lw=1, zorder=1)
            if values:
                ax.plot([min(values), max(values)], [y, y], color=MUTED, lw=4, solid_capstyle="round", zorder=2)
                ax.scatter(values, [y] * len(values), s=_marker_area(sz, 0.75), color="white", edgecolor=INK,
                           linewidth=1.5, zorder=3)
            ax.scatter([article], [y], s=_marker_area(sz, 1.25), color=colour, marker=marker, edgecolor=INK,
                       linewidth=1, zorder=4)
            ax.annotate(stats.format_value(claim.article), xy=(article, y), xytext=(0, sz.scaled(0.8)),
                        textcoords="offset points", ha="center", va="bottom", fontweight="bold",
                        fontsize=sz.scaled(0.85))
            measured = f"sources: {_span(values)}" if values else "no source figure"
            ax.annotate(f"{stats.verdict_label(claim.verdict)}\n{measured}", xy=(1, y),
                        xycoords=("axes fraction", "data"), xytext=(sz.scaled(0.8), 0), textcoords="offset points",
                        va="center", ha="left", fontsize=sz.scaled(0.9), linespacing=1.3)
        ax.set_yticks(range(len(claims)), [_wrap(c.label, 28) for c in claims])
        ax.set_ylim(len(claims) - 0.5, -0.75)
        ax.set_xlim(-3, 103)
        ax.set_xlabel("Per cent (of the people or interviews each source counted)")
        ax.set_ylabel("The article's claim")
        ax.set_title("The article's figures against what sources measured", pad=sz.scaled(3.6))
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], ls="", marker="D", color=MUTED, mec=INK, ms=sz.scaled(0.8),
                          label="The article's figure (shape and colour: its verdict, named on the right)"),
                   Line2D([], [], ls="-", lw=4, color=MUTED, marker="o", mfc="white", mec=INK, ms=sz.scaled(0.6),
                          label="What sources measured, lowest to highest")]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1), ncols=1, borderaxespad=0.2)
        _sources(ax, [e for c in claims for e in c.evidence], sz,
                 extra="What each source measured, with its link: the statistics table.")
    lines = []
    for claim in claims:
        shares = [f"{stats.label(e)} {stats.format_value(e)}" for e in claim.evidence if stats.as_percent(e) is not None]
        lines.append(f"{claim.label}: the article says {stats.format_value(claim.article)}; "
                     f"measured: {', '.join(shares) or 'no figure'}; verdict: {stats.verdict_label(claim.verdict)}.")
    _set_alt(ax, f"Dot chart of the article's {len(claims)} statistics, each beside the figures its sources "
                 f"measured, on a scale from 0 to 100 per cent. " + " ".join(lines))
    return ax


def _span(values: list[float]) -> str:
    low, high = min(values), max(values)
    return _pct(low) if low == high else f"{stats.format_number(round(low, 1))}–{_pct(high)}"


# --- 3. "1 in 6" as a waffle ---------------------------------------------------------------------
# The figures that count offers per interview, like the claim (CareerPlug's 27 % counts hires).
WAFFLE_OFFER_RATES = ("jobvite-2015-offer-rate", "jobvite-2016-offer-rate", "jobvite-2017-offer-rate")

def one_in_six_chart(ax=None, *, data_dir=None, size: str = "normal"):
    """'1 in 6' as 100 squares, beside the offer rates Jobvite measured year by year."""
    facts, sz = stats.load(data_dir), _size(size)
    claim = facts.claim("offer-1-in-6")
    offer_rates = [facts.figure(i) for i in WAFFLE_OFFER_RATES]
    panels = [(f"The article:\n{stats.format_value(claim.article)}", stats.as_percent(claim.article), True)]
    panels += [(f"{stats.label(e)}:\n{stats.format_value(e)}", stats.as_percent(e), False) for e in offer_rates]
    colour, _ = VERDICT_STYLE[claim.verdict]
    with _style(sz):
        ax = _new_axes(ax, sz, height=0.72)
        gap = 2.2
        for i, (title, share, is_article) in enumerate(panels):
            filled = round(share)
            x0 = i * (10 + gap)
            xs = [x0 + k % 10 for k in range(100)]
            ys = [k // 10 for k in range(100)]
            fill = colour if is_article else PALETTE["sky"]
            ax.scatter(xs[filled:], ys[filled:], marker="s", s=_marker_area(sz, 0.8), facecolor="white",
                       edgecolor=MUTED, linewidth=0.8)
            ax.scatter(xs[:filled], ys[:filled], marker="s", s=_marker_area(sz, 0.8), facecolor=fill,
                       edgecolor=INK, linewidth=0.8, hatch="///" if is_article else None)
            ax.text(x0 + 4.5, 10.2, title, ha="center", va="bottom", fontweight="bold" if is_article else None,
                    fontsize=sz.scaled(0.9))
            ax.text(x0 + 4.5, -1.2, f"{filled} of 100", ha="center", va="top", fontsize=sz.scaled(0.85))
        ax.set_xlim(-1, len(panels) * (10 + gap) - gap)
        ax.set_ylim(-2.6, 12.8)
        ax.set_aspect("equal")
        ax.set_yticks([])
        ax.set_xticks([])
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel("Each square is one interview; a filled square is one that led to a job offer.")
        ax.set_title(f"\u201c1 in 6\u201d: {stats.verdict_label(claim.verdict).lower()}")
        _sources(ax, offer_rates, sz)
    rates = ", ".join(f"{stats.label(e)} {stats.format_value(e)}" for e in offer_rates)
    _set_alt(ax, f"""Waffle chart: grids of 100 squares, one per interview, with the squares that led to an offer
        filled. The article's {stats.format_value(claim.article)} fills {round(stats.as_percent(claim.article))} of 100.
        The measured rates: {rates}. Verdict: {stats.verdict_label(claim.verdict)} –
        {stats.verdict_meaning(claim.verdict)}""")
    return ax


# --- 4 and 5. bars of evidence under each claim: thank-you notes, culture fit -------------------
@dataclass(frozen=True)
class _Group:
    heading: str
    article_id: str | None  # the article's figure, drawn as an outlined bar with its verdict
    evidence_ids: tuple[str, ...]


def _evidence_bars(ax, facts, groups: list[_Group], sz: Size, *, xlabel: str, title: str):
    """Horizontal bars in groups. A group about one of the article's claims is headed by the claim;
    its first bar is the article's figure (dashed outline, verdict marker and words), then the
    figures sources measured, each with its sample. Returns (rows used, alt-text sentences)."""
    used, alt, ticks, y = [], [], [], 0.0
    bar_h = 0.68

    def value_label(xy, text, sample):
        shown = ax.annotate(text, xy=xy, xytext=(6, 0), textcoords="offset points", va="center",
                            fontweight="bold")
        ax.annotate(f"sample {sample}", xy=(1, 0.5), xycoords=shown, xytext=(6, 0), textcoords="offset points",
                    va="center", color=MUTED, fontsize=sz.scaled(0.8))

    for group in groups:
        art = facts.figure(group.article_id) if group.article_id else None
        heading = f"The article: \u201c{stats.label(art)}\u201d" if art else group.heading
        ax.text(0, y - 0.05, heading, fontweight="bold", va="bottom")
        y += 0.62
        if art:
            value, shown = stats.as_percent(art), stats.format_value(art)
            colour, marker = VERDICT_STYLE[art.verdict]
            ax.barh(y, value, height=bar_h, facecolor="white", edgecolor=colour, linewidth=2.5, linestyle="--")
            ax.scatter([value], [y], marker=marker, color=colour, edgecolor=INK, s=_marker_area(sz, 1.1), zorder=3)
            inside = value > 55  # a long bar has room for the words inside its empty outline
            ax.annotate(f"{shown} \u2013 {stats.verdict_label(art.verdict)}", xy=(value, y),
                        xytext=(-14 if inside else 12, 0), textcoords="offset points", va="center",
                        ha="right" if inside else "left", fontweight="bold")
            ticks.append((y, "The article"))
            used.append(art)
            alt.append(f"The article: {stats.label(art)} ({shown}); verdict: {stats.verdict_label(art.verdict)}.")
            y += 1
        for stat_id in group.evidence_ids:
            ev = facts.figure(stat_id)
            parts = facts.parts(stat_id)  # drawn as a stacked bar
            left = 0.0
            for k, part in enumerate(parts or [ev]):
                dark = k % 2 == 0
                ax.barh(y, part.value, left=left, height=bar_h, color=PALETTE["blue"] if dark else PALETTE["sky"],
                        edgecolor="white", linewidth=1.5)
                if parts:
                    ax.text(left + part.value / 2, y, f"{stats.format_value(part)} {stats.label(part).lower()}",
                            ha="center", va="center", fontsize=sz.scaled(0.75), color="white" if dark else INK)
                left += part.value
            value_label((ev.value, y), stats.format_value(ev), stats.sample_text(ev))
            ticks.append((y, stats.label(ev)))
            used.extend([ev, *parts])
            alt.append(f"{ev.statement}: {stats.format_value(ev)} ({stats.provenance(ev)}).")
            y += 1
        y += 0.3
    ax.set_yticks([t for t, _ in ticks], [label for _, label in ticks])
    ax.set_ylim(y - 0.55, -0.75)
    ax.set_xlim(0, 118)
    ax.set_xticks(range(0, 101, 20))
    ax.xaxis.grid(True, color=GUIDE, lw=0.8)
    ax.set_axisbelow(True)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Figure")
    ax.set_title(title)
    return used, alt


_THANK_YOU_GROUPS = [
    _Group("How much do thank-you notes count?", "thank-you-influence-80",
           ("accountemps-2017-helpful", "topresume-2017-matters", "accountemps-2008-boosts-chances")),
    _Group("How many candidates skip it?", "thank-you-neglect-57", ("accountemps-2017-skip", "accountemps-2008-skip")),
    _Group("Email or paper? Ways HR managers call appropriate", None,
           ("accountemps-2017-email-appropriate", "accountemps-2017-handwritten-appropriate")),
]

_CULTURE_FIT_GROUPS = [
    _Group("Do recruiters put fit above skills?", "fit-over-skills-60",
           ("cubiks-2013-rejected-for-fit", "jobvite-2015-fit-important", "jobvite-2015-experience-important")),
    _Group("Do employers call culture fit important?", "values-fit-90",
           ("roberthalf-2018-fit-vs-skills", "cubiks-2013-fit-essential")),
]


def _grouped_bars_chart(groups, ax, data_dir, size, *, title: str, alt_intro: str, extra: str = ""):
    facts, sz = stats.load(data_dir), _size(size)
    with _style(sz):
        ax = _new_axes(ax, sz)
        used, alt = _evidence_bars(ax, facts, groups, sz, xlabel="Per cent of those asked", title=title)
        _sources(ax, used, sz, extra=extra)
    _set_alt(ax, f"{alt_intro} {' '.join(alt)}")
    return ax


def thank_you_chart(ax=None, *, data_dir=None, size: str = "normal"):
    """How helpful HR managers find thank-you notes, against how many candidates send one."""
    return _grouped_bars_chart(
        _THANK_YOU_GROUPS, ax, data_dir, size, title="Thank-you notes: what employers say",
        alt_intro="Bar chart in three groups: how much thank-you notes count, how many candidates skip one "
                  "(employers' estimates), and which ways are appropriate.",
        extra="'Skip it' figures are employers' estimates.")


def culture_fit_chart(ax=None, *, data_dir=None, size: str = "normal"):
    """Culture fit: the Robert Half, Cubiks and Jobvite figures beside the article's 60 % and 90 %."""
    return _grouped_bars_chart(
        _CULTURE_FIT_GROUPS, ax, data_dir, size, title="Culture fit: what the surveys actually asked",
        alt_intro="Bar chart in two groups, each with the article's claim and the survey figures beside it.")


# --- 6. the wait ------------------------------------------------------------------------------------
TIMELINE_AVERAGES = ("glassdoor-2014-us-average", "glassdoor-2017-us-average")
TIMELINE_EXTRAS = ("glassdoor-2015-panel", "glassdoor-2015-presentation")


def time_to_hire_chart(ax=None, *, data_dir=None, size: str = "normal"):
    """Average time from application to a decision, and the days a panel or a presentation adds.
    Each figure keeps its own study, year and sample; the extra days sit on the average of their own study."""
    facts, sz = stats.load(data_dir), _size(size)
    averages = [facts.figure(i) for i in TIMELINE_AVERAGES]
    extras = [facts.figure(i) for i in TIMELINE_EXTRAS]
    # the average the extra days are added to: the one measured by the same study, else the latest
    base = next((a for a in averages if a.source == extras[0].source), averages[-1])
    with _style(sz):
        ax = _new_axes(ax, sz)
        y, labels = 0, []
        for avg in averages:
            ax.barh(y, avg.value, color=PALETTE["blue"] if avg is base else PALETTE["sky"], height=0.6)
            ax.annotate(stats.format_value(avg), xy=(avg.value, y), xytext=(6, 0), textcoords="offset points",
                        va="center", fontweight="bold")
            labels.append(f"{stats.label(avg)}\n(sample {stats.sample_text(avg)})")
            y += 1
        for extra, colour in zip(extras, (PALETTE["orange"], PALETTE["purple"])):
            ax.barh(y, base.value, color=GUIDE, height=0.6)
            ax.barh(y, extra.value, left=base.value, color=colour, height=0.6)
            ax.barh(y, extra.value_high - extra.value, left=base.value + extra.value, color=colour, alpha=0.5,
                    hatch="//", height=0.6)
            ax.annotate(f"+{stats.format_value(extra)}", xy=(base.value + extra.value_high, y), xytext=(6, 0),
                        textcoords="offset points", va="center", fontweight="bold")
            labels.append(f"{stats.label(extra)}\n({extra.year} study)")
            y += 1
        ax.set_yticks(range(y), labels)
        ax.invert_yaxis()
        top = max(base.value + e.value_high for e in extras)
        weeks = range(0, int(top // 7) + 2)
        ax.set_xticks([7 * w for w in weeks], [f"{w} week{'s' if w != 1 else ''}" if w else "0" for w in weeks])
        ax.set_xlim(0, 7 * weeks[-1] + 3)
        ax.xaxis.grid(True, color=GUIDE, lw=0.8)
        ax.set_axisbelow(True)
        ax.set_xlabel("Time from application to an offer or a rejection")
        ax.set_ylabel("Hiring process")
        ax.set_title("The wait: how long hiring takes, and what adds days")
        _sources(ax, [*averages, *extras], sz, extra=f"Extra days are drawn on top of the {base.year} average, "
                                                       "from the same study; hatched: the top of the estimated range.")
    measured = "; ".join(f"{stats.format_value(a)} in {a.year} ({stats.provenance(a)})" for a in averages)
    added = "; ".join(f"{stats.label(e).lstrip('+ ')} adds {stats.format_value(e)}" for e in extras)
    studies = "; ".join(dict.fromkeys(stats.provenance(e) for e in extras))
    _set_alt(ax, f"""Timeline bar chart in days. The average US hiring process, from application to an offer or a
        rejection, took {measured}. Extra time some steps add ({studies}): {added}. Both averages run from
        application to a decision; neither measures the wait after a second interview.""")
    return ax


# --- 7. mind maps ---------------------------------------------------------------------------------
def _mind_map(map_id: str, data_dir=None):
    from course_lib.content import MindMaps, load_content

    maps = load_content(data_dir, only=(MindMaps,)).mind_maps
    found = {m.id: m for m in (maps.maps if maps else ())}
    if map_id not in found:
        raise KeyError(f"no mind map {map_id!r} in data/mind_maps.yaml (known: {', '.join(found) or 'none'})")
    return found[map_id]


def _card_positions(n: int) -> list[tuple[float, float]]:
    """Balanced places for n cards around the centre (the axes run from -1 to 1), clockwise from
    the top: with an odd number one card sits on top, the rest split into a right and a left column.
    A card's label sits at its place and its leaves hang below it."""
    top = n % 2
    per_side = n // 2
    high, low = (0.12, -0.5) if top else (0.5, -0.45)  # side cards start lower under a top card
    ys = [high - (high - low) * k / (per_side - 1) for k in range(per_side)] if per_side > 1 else [0.0]
    return [(0.0, 0.66)] * top + [(0.64, y) for y in ys] + [(-0.64, y) for y in reversed(ys)]


def mind_map_chart(map_id: str, ax=None, *, data_dir=None, size: str = "normal"):
    """One of the article's mind maps (data/mind_maps.yaml): a centre and its branches as cards."""
    mind_map, sz = _mind_map(map_id, data_dir), _size(size)
    colours = [PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky")]
    with _style(sz):
        ax = _new_axes(ax, sz)
        ax.set_xlim(-1, 1)
        ax.set_ylim(-1, 1)
        ax.axis("off")
        ax.set_title(mind_map.title)
        centre = ax.text(0, -0.05, _wrap(mind_map.centre, 16), ha="center", va="center", fontweight="bold",
                         fontsize=sz.scaled(1.2), zorder=3,
                         bbox=dict(boxstyle="round,pad=0.7", fc=INK, ec=INK))
        centre.set_color("white")
        for branch, (x, y), colour in zip(mind_map.branches, _card_positions(len(mind_map.branches)), colours):
            ax.annotate("", xy=(x, y), xytext=(0, -0.05), zorder=1,
                        arrowprops=dict(arrowstyle="-", color=colour, lw=3, shrinkA=0, shrinkB=0,
                                        connectionstyle="arc3,rad=0.12"))
            ax.text(x, y, branch.label, ha="center", va="bottom", fontweight="bold", zorder=3,
                    fontsize=sz.scaled(0.95),
                    bbox=dict(boxstyle="round,pad=0.45", fc="white", ec=colour, lw=2.5))
            if branch.leaves:
                leaves = "\n".join(f"\u2022 {leaf}" for leaf in branch.leaves)  # at most 40 characters each
                ax.annotate(leaves, xy=(x, y), xytext=(0, -sz.scaled(1.0)), textcoords="offset points",
                            ha="center", va="top", multialignment="left", zorder=2, fontsize=sz.scaled(0.8),
                            linespacing=1.35, bbox=dict(boxstyle="round,pad=0.45", fc="#f7f7f7", ec=colour, lw=1))
    branches = "; ".join(f"{b.label}" + (f": {', '.join(b.leaves)}" if b.leaves else "") for b in mind_map.branches)
    _set_alt(ax, f"Mind map with \u201c{mind_map.centre}\u201d in the centre and {len(mind_map.branches)} "
                 f"branches. {branches}.")
    return ax


# --- the notebooks' way in: show_chart ---------------------------------------------------------------
@dataclass(frozen=True)
class ChartSpec:
    draw: Callable  # draw(ax=None, *, data_dir=None, size=...) -> Axes
    notebook: str  # where the chart teaches
    label: str  # a short name for menus, known before the chart is drawn


# In the order a session needs them: the workshop guide's projector deck steps through them so.
CHARTS = {
    "funnel": ChartSpec(funnel_chart, "01_what_it_means.ipynb", "The hiring funnel"),
    "claims": ChartSpec(claims_chart, "01_what_it_means.ipynb", "Seven claims, checked"),
    "one_in_six": ChartSpec(one_in_six_chart, "01_what_it_means.ipynb", "One in six"),
    "culture_fit": ChartSpec(culture_fit_chart, "02_purpose_and_expectations.ipynb", "Culture fit"),
    "time_to_hire": ChartSpec(time_to_hire_chart, "06_after_the_interview.ipynb", "Extra rounds take time"),
    "strategies_map": ChartSpec(partial(mind_map_chart, "strategies"), "03_prepare.ipynb", "Five strategies"),
    "outcomes_map": ChartSpec(partial(mind_map_chart, "outcomes"), "06_after_the_interview.ipynb", "Four outcomes"),
    "thank_you": ChartSpec(thank_you_chart, "06_after_the_interview.ipynb", "Thank-you notes"),
}


class ChartView:
    """A rendered chart: PNG bytes, title and alt text. In a notebook it shows as one HTML output:
    the picture, its text description as the picture's ``alt``, and the same description written
    out underneath for every reader (its text form is stable: nbval compares it)."""

    def __init__(self, name: str, png: bytes, title: str, alt: str, width: int):
        self.name, self.png, self.title, self.alt_text, self.width = name, png, title, alt, width

    def __repr__(self) -> str:
        return f"Chart: {self.title}"

    def image_html(self) -> str:
        """The picture as an ``<img>`` carrying its alt text. It travels as HTML because JupyterLab's
        renderer for ``image/png`` outputs (and ipywidgets' Image) gives the picture no alt at all.
        It shrinks with a narrow window (zoom, a phone) and never needs sideways scrolling."""
        data = base64.b64encode(self.png).decode("ascii")
        return (f'<img class="course-chart" src="data:image/png;base64,{data}" alt="{escape(self.alt_text, limit=None)}" '
                f'width="{self.width}" style="max-width:100%;height:auto">')

    def caption_html(self) -> str:
        # The picture's alt already gives this text to a screen reader: hidden from it here, so it
        # is not read twice.
        return (f'<p class="course-chart-alt" aria-hidden="true" style="max-width:{self.width}px;font-size:14px;'
                f'color:{INK}"><strong>Text description:</strong> {escape(self.alt_text)}</p>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": f'<div class="course-chart-figure">{self.image_html()}{self.caption_html()}</div>',
                "text/plain": f"{self!r}\nText description: {self.alt_text}"}

    def _ipython_display_(self):
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)

    def save(self, path) -> None:
        with open(path, "wb") as f:
            f.write(self.png)


def render(ax, name: str = "chart") -> ChartView:
    """Turn a chart's Axes into a ChartView (PNG at 1.5 times the display resolution) and free the figure."""
    fig = ax.figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=1.5 * DPI, facecolor="white")
    view = ChartView(name, buffer.getvalue(), title(ax), alt_text(ax), round(fig.get_figwidth() * DPI))
    fig.clear()
    return view


def show_chart(name: str, *, size: str = "normal", data_dir=None, **settings) -> ChartView:
    """One of the course's charts by name, for display (picture + text description): read from the
    pictures ``make notebooks`` kept when nothing that shapes it has changed, else drawn now.

    Names: funnel, claims, one_in_six, culture_fit, time_to_hire, strategies_map, outcomes_map, thank_you.
    ``size="projector"`` draws bigger text for a room; ``settings`` go to the chart's function
    (the funnel's ``applicants``)."""
    if name not in CHARTS:
        raise ValueError(f"no chart {name!r}; the charts are: {', '.join(CHARTS)}")
    _size(size)
    kept = KEPT_DIR / f"{name}-{size}-{fingerprint(name, size, settings, data_dir)}"
    try:
        about = json.loads(kept.with_suffix(".json").read_text(encoding="utf-8"))
        png = kept.with_suffix(".png").read_bytes()
        if not png.startswith(b"\x89PNG"):
            raise ValueError("not a PNG")
        return ChartView(name, png, about["title"], about["alt_text"], about["width"])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not kept, or the copy is damaged: draw it
    view = render(CHARTS[name].draw(data_dir=data_dir, size=size, **settings), name)
    if os.environ.get(KEEP_VAR):
        _keep(kept, view, size, settings)
    return view


# --- pictures kept with the course ------------------------------------------------------------
# Drawing a chart takes 0.2-0.5 s, and the first in a kernel 0.5 s more to load matplotlib. So
# `make notebooks` keeps every chart the notebooks draw in course_lib/kept_charts/, named by a
# fingerprint of all that shapes the picture: its name, size and settings, the statistics and mind
# map files, the modules that draw it and matplotlib's version. A learner's notebook reads a kept
# picture at once; change any of those and the chart is drawn afresh, never shown stale.
KEPT_DIR = paths.PACKAGE_DIR / "kept_charts"
KEEP_VAR = "COURSE_KEEP_CHARTS"  # set by `make notebooks`: keep what is drawn
_DRAWING_MODULES = ("charts.py", "stats.py", "content.py")
_CHART_DATA = ("statistics/**/*", "mind_maps.yaml")  # the content charts are drawn from: a quiz edit keeps them


@cache
def _drawing_code() -> bytes:
    """The drawing modules and matplotlib's version: read once a kernel, as they do not change in it."""
    from importlib.metadata import version

    code = b"".join((paths.PACKAGE_DIR / module).read_bytes() for module in _DRAWING_MODULES)
    return code + version("matplotlib").encode()


def fingerprint(name: str, size: str, settings: dict, data_dir=None) -> str:
    digest = hashlib.sha256(json.dumps([name, size, sorted(settings.items())]).encode() + _drawing_code())
    root = paths.data_dir() if data_dir is None else Path(data_dir)
    for file in sorted(f for pattern in _CHART_DATA for f in root.glob(pattern)):
        # Hidden files (an editor's backups, JupyterLab's checkpoints) are not content.
        if file.is_file() and not any(part.startswith(".") for part in file.relative_to(root).parts):
            digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:20]


def _keep(kept, view: ChartView, size: str, settings: dict) -> None:
    KEPT_DIR.mkdir(exist_ok=True)
    kept.with_suffix(".png").write_bytes(view.png)
    about = {"chart": view.name, "size": size, "settings": settings, "title": view.title,
             "alt_text": view.alt_text, "width": view.width}
    kept.with_suffix(".json").write_text(json.dumps(about, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def kept_charts() -> list[dict]:
    """What each kept picture says about itself, with ``fresh``: False once anything that shapes it
    has changed (then it is no longer used, and ``make notebooks`` removes it)."""
    found = []
    for about_file in sorted(KEPT_DIR.glob("*.json")):
        try:
            about = json.loads(about_file.read_text(encoding="utf-8"))
            key = about_file.stem.rsplit("-", 1)[-1]
            fresh = about["chart"] in CHARTS and key == fingerprint(about["chart"], about["size"], about["settings"])
        except (OSError, ValueError, KeyError, TypeError):  # a damaged description: never used, so stale
            about, fresh = {}, False
        found.append({**about, "file": about_file.with_suffix(".png"), "fresh": fresh})
    return found


def remove_stale_charts() -> int:
    """Delete the kept pictures that no longer match what drawing them gives; return how many."""
    stale = [about["file"] for about in kept_charts() if not about["fresh"]]
    for png in stale:
        png.unlink(missing_ok=True)
        png.with_suffix(".json").unlink(missing_ok=True)
    return len(stale)
