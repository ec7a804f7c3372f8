"""The statistics with provenance: the data says what the research found, every figure carries its
source, year, sample and verdict, the funnel is derived from the data, and the schema refuses
figures that cannot be right, naming file, row and field."""

import subprocess
import sys
import typing
from pathlib import Path

import pytest

from course_lib import content, stats
from course_lib.content import ContentError, load_content

REAL_DATA = Path(__file__).resolve().parents[1] / "data"
HEADER = ("id,claim_id,role,statement,label,value,value_high,unit,population,source,year,sample_size,url,"
          "verdict,note,part_of")


@pytest.fixture(scope="module")
def facts():
    return stats.load(REAL_DATA)


# --- the research, as data ------------------------------------------------------------------------------
# the article's seven claims: what it says, and the verdict the traced sources support
ARTICLE = {
    "follow-up-2-percent": ("2 %", "misquoted"),
    "offer-1-in-6": ("1 in 6", "plausible_but_dated"),
    "declined-80-percent": ("80 %", "misquoted"),
    "fit-over-skills-60": ("60 %", "untraced"),
    "values-fit-90": ("90 %", "traceable"),
    "thank-you-influence-80": ("80 %", "overstated"),
    "thank-you-neglect-57": ("57 %", "untraced"),
}


def test_the_seven_claims_with_their_figures_and_verdicts(facts):
    claims = facts.claims()
    assert [c.claim_id for c in claims] == list(ARTICLE)
    for claim in claims:
        assert (stats.format_value(claim.article), claim.verdict) == ARTICLE[claim.claim_id]
        assert claim.article.url is None and claim.article.year is None  # the article is undated, links stripped
        assert claim.evidence, f"{claim.claim_id} has no traced figure"


def test_every_traced_figure_has_source_year_link_and_a_note(facts):
    evidence = [s for s in facts.rows if s.role == "evidence"]
    assert len(evidence) >= 30
    for s in evidence:
        assert s.url.startswith(("http://", "https://")) and s.year and s.source and s.note


@pytest.mark.parametrize("stat_id, shown", [
    ("accountemps-2017-helpful", "80 %"), ("accountemps-2017-skip", "76 %"), ("topresume-2017-matters", "68 %"),
    ("roberthalf-2018-fit-vs-skills", "91 %"), ("cubiks-2013-rejected-for-fit", "59 %"),
    ("cubiks-2013-fit-essential", "82 %"), ("jobvite-2015-fit-important", "88 %"),
    ("linkedin-2015-could-change-mind", "83 %"), ("careerplug-2020-declined", "50 %"),
    ("careerplug-2021-declined", "58 %"), ("jobvite-2015-offer-rate", "17 %"), ("jobvite-2017-offer-rate", "28 %"),
    ("glassdoor-2017-us-average", "23.8 days"), ("glassdoor-2015-panel", "5.6–6.8 days"),
    ("glassdoor-2015-presentation", "2.7–4.2 days"), ("accountemps-2017-email-appropriate", "94 %"),
    ("accountemps-2017-handwritten-appropriate", "86 %"), ("ere-2013-first-interview", "4–6"),
])
def test_figures_as_the_sources_give_them(facts, stat_id, shown):
    assert stats.format_value(facts.figure(stat_id)) == shown


@pytest.mark.parametrize("stat_id, sample", [
    ("accountemps-2017-helpful", 300), ("topresume-2017-matters", 358), ("roberthalf-2018-fit-vs-skills", 5500),
    ("jobvite-2015-fit-important", 1404), ("careerplug-2020-declined", 250), ("careerplug-2021-declined", 500),
    ("linkedin-2015-could-change-mind", 20000), ("glassdoor-2017-us-average", 83921),
])
def test_samples_as_the_sources_give_them(facts, stat_id, sample):
    assert facts.figure(stat_id).sample_size == sample


def test_parts_add_up_to_their_whole(facts):
    for whole in (s for s in facts.rows if facts.parts(s.id)):
        assert sum(p.value for p in facts.parts(whole.id)) == pytest.approx(whole.value, abs=1)
    assert [p.id for p in facts.parts("accountemps-2017-helpful")] == [
        "accountemps-2017-very-helpful", "accountemps-2017-somewhat-helpful"]
    evidence = facts.claim("thank-you-influence-80").evidence
    assert "accountemps-2017-very-helpful" not in [e.id for e in evidence]  # a part is not a separate finding


def test_other_figures_follow_the_claims(facts):
    ids = [s.claim_id for s in facts.rows]
    assert ids.index("time-to-hire") > ids.index("thank-you-neglect-57")
    assert {s.id for s in facts.topic("time-to-hire")} >= {"glassdoor-2017-us-average", "glassdoor-2015-panel"}
    with pytest.raises(KeyError, match="'time-to-hire' has no article row"):
        facts.claim("time-to-hire")
    with pytest.raises(KeyError, match="no statistics for 'nope' \\(known: follow-up-2-percent"):
        facts.topic("nope")


# --- words and numbers for people -----------------------------------------------------------------------
def test_every_verdict_has_plain_words():
    verdicts = typing.get_args(content.Verdict)
    assert set(stats.VERDICTS) == set(verdicts)
    for verdict in verdicts:
        assert stats.verdict_label(verdict)[0].isupper() and "_" not in stats.verdict_label(verdict)
        assert stats.verdict_meaning(verdict).endswith(".")


def _stat(**fields):
    row = dict(id="x", claim_id="c", role="evidence", statement="s", value=1, unit="percent", population="p",
               source="S", year=2020, url="https://example.org", verdict="traceable", note="n")
    return content.Statistic(**{**row, **fields})


@pytest.mark.parametrize("fields, shown", [
    (dict(value=2), "2 %"), (dict(value=23.8, unit="days"), "23.8 days"), (dict(value=250, unit="count"), "250"),
    (dict(value=4, value_high=6, unit="count"), "4–6"), (dict(value=0.1667, unit="ratio"), "1 in 6"),
    (dict(value=0.25, unit="ratio"), "1 in 4"), (dict(value=0.37, unit="ratio"), "37 %"),
    (dict(value=10000000, unit="count"), "10,000,000"), (dict(value=5.6, value_high=6.8, unit="days"), "5.6–6.8 days"),
])
def test_format_value(fields, shown):
    assert stats.format_value(_stat(**fields)) == shown


def test_provenance_says_undated_and_not_stated():
    assert stats.provenance(_stat(role="article", year=None, url=None)) == "S, undated, sample not stated"
    assert stats.provenance(_stat(sample_size=1404)) == "S, 2020, sample 1,404"


# --- the funnel, derived from the data ------------------------------------------------------------------
def test_the_funnel_is_one_opening_from_the_data(facts):
    funnel = facts.funnel()
    assert funnel.applicants == facts.figure("ere-2013-resumes").value == 250  # the base the course uses
    assert [s.name for s in funnel.stages] == ["Applicants", "Past the CV screen", "First interview",
                                               "Second interview", "Job offer"]
    assert [s.count_text() for s in funnel.stages] == ["250", "62", "4–6", "2–4", "1"]
    assert [s.scales for s in funnel.stages] == [True, True, False, False, False]
    first = funnel.stages[2]
    assert funnel.share_text(first) == "1.6–2.4 %" and first.middle / funnel.applicants == 0.02  # 5 of 250


@pytest.mark.parametrize("applicants", [40, 100, 250, 500, 1000, 2000])
def test_only_the_early_stages_grow_with_applicants(facts, applicants):
    funnel, given = facts.funnel(applicants), facts.funnel()
    screen, first, second, offer = funnel.stages[1:]
    assert screen.low == applicants * facts.figure("ere-2013-screened-in").value / 100
    # the shortlist, the second round and the offer are the same for any number of applicants
    assert [s.count_text() for s in (first, second, offer)] == [s.count_text() for s in given.stages[2:]]


def test_finalists_and_offers_do_not_grow_and_the_first_interview_share_falls(facts):
    funnels = [facts.funnel(n) for n in (100, 250, 500, 1000, 2000)]
    for stage in (3, 4):  # second interview, offer
        assert len({(f.stages[stage].low, f.stages[stage].high) for f in funnels}) == 1
        assert funnels[-1].stages[stage].high <= 4
    shares = [f.stages[2].middle / f.applicants for f in funnels]
    assert shares == sorted(shares, reverse=True) and len(set(shares)) == len(shares)
    assert (shares[1], shares[2]) == (0.02, 0.01)  # 5 of 250 is 2 %; 5 of 500 is 1 %


def test_a_stage_never_holds_more_people_than_the_one_above(facts):
    funnel = facts.funnel(10)  # 2.5 pass the screen: no more can be interviewed
    assert [s.count_text() for s in funnel.stages] == ["10", "2.5", "2.5", "2–2.5", "1"]
    for upper, lower in zip(funnel.stages, funnel.stages[1:]):
        assert lower.low <= upper.low and lower.high <= upper.high


@pytest.mark.parametrize("bad", [0, -5, 0.5, "100", None.__class__, True, float("nan")])
def test_the_funnel_refuses_a_nonsense_number_of_applicants(facts, bad):
    with pytest.raises(ValueError, match="applicants must be a number of at least 1"):
        facts.funnel(bad)


def test_the_funnel_follows_a_changed_data_file(data_copy):
    path = data_copy / "statistics" / "claims.csv"
    path.write_text(path.read_text().replace(
        "Candidates an employer typically invites to a second interview or site visit,Career centre: invited back,2,4,",
        "Candidates an employer typically invites to a second interview or site visit,Career centre: invited back,1,3,"))
    assert stats.load(data_copy).funnel(800).stages[3].count_text() == "1–3"


def test_a_funnel_that_grows_is_reported_with_its_rows(data_copy):
    path = data_copy / "statistics" / "claims.csv"
    path.write_text(path.read_text().replace("Candidates offered the job,ERE 2013: offers,1,,",
                                             "Candidates offered the job,ERE 2013: offers,9,,"))
    with pytest.raises(ValueError, match="grows from 'Second interview' \\(2–4\\) to 'Job offer' \\(9\\): "
                                         "check rows 'msstate-second-round' and 'ere-2013-offer'"):
        stats.load(data_copy).funnel(1000)  # whatever the number asked for: the rows are wrong


def test_a_funnel_row_in_the_wrong_unit_is_named(data_copy):
    path = data_copy / "statistics" / "claims.csv"
    path.write_text(path.read_text().replace("ERE 2013: past the screen,25,,percent,", "ERE 2013: past the screen,25,,count,"))
    with pytest.raises(ValueError, match="stage 'Past the CV screen' needs row 'ere-2013-screened-in' in unit "
                                         "'percent', not 'count'"):
        stats.load(data_copy).funnel()


# --- the table ------------------------------------------------------------------------------------------
def test_the_table_shows_source_year_sample_verdict_and_link(facts):
    table = facts.table()
    html = table._repr_html_()
    for column in ("Source", "Year", "Sample", "Verdict", "Where it was seen"):
        assert f'<th scope="col" style="text-align:left; vertical-align:top">{column}</th>' in html
    assert html.count('<tr class="course-stats-claim">') == 13  # seven claims and six other topics
    # every link names the site it goes to, never a bare "link"
    assert html.count('target="_blank" rel="noopener noreferrer">') == sum(1 for s in facts.rows if s.url)
    assert ">link</a>" not in html and 'noreferrer">press.roberthalf.com</a>' in html
    assert "undated" in html and "not stated" in html and "Misquoted" in html
    assert repr(table) == "Statistics table: 7 claims, 49 figures with source, year, sample, verdict and link"


def test_the_table_for_one_claim(facts):
    table = facts.table("offer-1-in-6")
    assert repr(table).startswith("Statistics table: 'offer-1-in-6', 5 figures")
    assert table._repr_html_().count('<td style="text-align:left; vertical-align:top">') == 5 * len(table.COLUMNS)


def test_statistics_table_reads_the_course_data_dir(data_copy, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(data_copy))
    path = data_copy / "statistics" / "claims.csv"
    path.write_text(path.read_text().replace("Robert Half: Company culture's role in hiring",
                                             "Robert Half: culture <script>alert(1)</script>"))
    html = stats.statistics_table("values-fit-90")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_only_web_addresses_become_links(data_copy):
    path = data_copy / "statistics" / "claims.csv"
    path.write_text(path.read_text().replace("https://talentinc.com/press-2017-11-14/", "javascript:alert(1)"))
    html = stats.load(data_copy).table("thank-you-influence-80")._repr_html_()
    assert 'href="javascript' not in html and "javascript:alert(1)" in html


def test_the_frame_has_every_column(facts):
    frame = facts.frame("values-fit-90")
    assert list(frame["id"]) == ["values-fit-90", "roberthalf-2018-fit-vs-skills", "cubiks-2013-fit-essential"]
    assert {"source", "year", "sample_size", "url", "verdict", "verdict_label", "value_high"} <= set(frame.columns)


def test_importing_stats_is_light():
    code = "import course_lib.stats, sys; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    assert not loaded & {"pandas", "pydantic", "matplotlib", "ipywidgets", "yaml"}


# --- the schema refuses figures that cannot be right ----------------------------------------------------
ROW = ("{id},c,{role},A statement,,{value},{high},{unit},People,A source,{year},,{url},traceable,A note,{part_of}")


def _broken(data: Path, *rows: dict) -> list[str]:
    lines = [HEADER]
    for row in rows:
        fields = dict(id="x", role="evidence", value="50", high="", unit="percent", year="2020",
                      url="https://example.org", part_of="")
        lines.append(ROW.format(**{**fields, **row}))
    (data / "statistics" / "zz_test.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(ContentError) as caught:
        load_content(data)
    return [line for line in caught.value.errors if "zz_test.csv" in line]


@pytest.mark.parametrize("row, words", [
    (dict(value="4", high="2", unit="count"), "row 2 ('x'): 'value_high' is 2, below 'value' (4)"),
    (dict(high="120"), "row 2 ('x'): 'value_high' is 120, but a percentage must be between 0 and 100"),
    (dict(value="6", unit="ratio"), "row 2 ('x'): 'value' is 6, but a ratio is a share between 0 and 1"),
    (dict(year=""), "row 2 ('x'): 'year' is missing: every traced figure says when"),
    (dict(year="1890"), "row 2 ('x'): 'year'"),
    (dict(part_of="nowhere"), "row 'x': 'part_of' is 'nowhere', but no whole figure of claim 'c'"),
])
def test_a_broken_row_is_named_with_file_row_and_field(data_copy, row, words):
    errors = _broken(data_copy, row)
    assert len(errors) == 1 and words in errors[0], errors
    assert errors[0].startswith("data/statistics/zz_test.csv: ")


def test_an_article_row_may_be_undated_and_unlinked(data_copy):
    (data_copy / "statistics" / "zz_test.csv").write_text(
        HEADER + "\nzz-claim,zz-claim,article,The article says,,50,,percent,People,The article,,,,untraced,A note,\n")
    assert stats.load(data_copy).claim("zz-claim").article.year is None


def test_a_claim_has_one_article_row(data_copy):
    errors = _broken(data_copy, dict(id="a1", role="article", url="", year=""),
                     dict(id="a2", role="article", url="", year=""))
    assert errors == ["data/statistics/zz_test.csv: row 'a2': claim 'c' already has its article row 'a1' (one per claim)"]


def test_a_part_must_belong_to_a_whole_of_its_claim(data_copy):
    (data_copy / "statistics" / "zz_test.csv").write_text(
        HEADER + "\nwhole,c,evidence,All,,80,,percent,P,S,2017,,https://e.org,traceable,N,\n"
                 "part,c,evidence,Some,,30,,percent,P,S,2017,,https://e.org,traceable,N,whole\n")
    facts = stats.load(data_copy)
    assert [p.id for p in facts.parts("whole")] == ["part"]


# --- mind maps as content --------------------------------------------------------------------------------
def test_the_mind_maps_hold_the_articles_strategies_and_outcomes():
    maps = {m.id: m for m in load_content(REAL_DATA).mind_maps.maps}
    assert [b.label for b in maps["strategies"].branches] == [
        "Research the company", "Review your first interview", "Prepare behavioural answers",
        "Practise active listening", "Ask insightful questions"]
    assert [b.label for b in maps["outcomes"].branches] == [
        "A job offer", "Further interviews", "Feedback or rejection", "A waiting period"]
    assert maps["strategies"].centre == "Excel in your second interview"
    assert maps["outcomes"].centre == "After the second interview"


def test_a_crowded_mind_map_is_refused(data_copy):
    path = data_copy / "mind_maps.yaml"
    extra = "      - label: Seventh branch\n      - label: Sixth branch\n"
    path.write_text(path.read_text().replace("    branches:\n", "    branches:\n" + extra, 1))
    with pytest.raises(ContentError) as caught:
        load_content(data_copy)
    assert caught.value.errors == ["data/mind_maps.yaml: map 'strategies': 'branches': "
                                   "List should have at most 6 items after validation, not 7"]


def test_a_wordy_mind_map_leaf_is_refused(data_copy):
    path = data_copy / "mind_maps.yaml"
    path.write_text(path.read_text().replace("Let each question finish", "Let each question finish before you answer it"))
    with pytest.raises(ContentError) as caught:
        load_content(data_copy)
    (error,) = caught.value.errors
    assert error.startswith("data/mind_maps.yaml: map 'strategies', branch 4, leaf 1: ") and "40 characters" in error


def test_a_correlation_reads_as_r_and_stays_between_minus_one_and_one(facts):
    from course_lib.content import Statistic

    old, new = facts.figure("schmidt-hunter-1998-work-sample"), facts.figure("roth-2005-work-sample")
    assert stats.format_value(old) == "r = 0.54" and stats.format_value(new) == "r = 0.33"
    assert old.verdict == "plausible_but_dated" and new.verdict == "traceable"
    assert stats.as_percent(old) is None  # a correlation is not a share
    row = old.model_dump() | {"value": 0.2, "value_high": 0.35}
    assert stats.format_value(Statistic(**row)) == "r = 0.20–0.35"
    with pytest.raises(ValueError, match="a correlation lies between -1 and 1"):
        Statistic(**(old.model_dump() | {"value": 54}))


def test_the_video_and_work_sample_figures_are_topics_with_headings(facts):
    video = facts.topic("video-interviews")
    assert {s.id for s in video} == {"hrcom-2018-video-use", "criteria-2021-video-use"}
    assert all(s.year and s.sample_size and s.url.startswith("https://") for s in video)
    html = facts.table("work-samples")._repr_html_()
    assert "How well a work sample predicts performance in the job" in html
    assert "Plausible but dated" in html and "r = 0.33" in html
    with pytest.raises(KeyError, match="has no article row"):
        facts.claim("work-samples")
