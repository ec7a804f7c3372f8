"""The STAR analyzer: agreement with labelled answers, the signals, the tips, and robustness on
any text (property-based)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib import star
from course_lib.star import analyze, report_html, split_sentences

ROOT = Path(__file__).parent.parent


def _accuracy_module():
    """benchmarks/star_accuracy.py, which measures the agreement (it is a script, not a package)."""
    if "star_accuracy" not in sys.modules:
        spec = importlib.util.spec_from_file_location("star_accuracy", ROOT / "benchmarks" / "star_accuracy.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["star_accuracy"] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
    return sys.modules["star_accuracy"]


# --- agreement with the labelled answers -----------------------------------------------------
# Floors a little below the measured agreement of each file (python benchmarks/star_accuracy.py).
# The held-out files' first measurements are recorded in tests/star_labelled/README.md. Every file
# but the fifth holdout has been used to tune since (the fourth after its first measurement, in the
# fifth round), so a failure lists their disagreements; the fifth holdout's stay unlisted (it is
# read to measure, never to tune).
HELD_OUT = {"hard_holdout6"}
FLOORS = {
    "answers": {"part": 0.97, "parts_present": 0.93, "ownership": 0.97, "quantified_result": 0.96,
                "hypothetical": 0.97},
    "answers_round2": {"part": 0.97, "parts_present": 0.93, "ownership": 0.93, "quantified_result": 0.93,
                       "hypothetical": 0.93},
    "holdout": {"part": 0.97, "parts_present": 0.93, "ownership": 0.93, "quantified_result": 0.93,
                "hypothetical": 0.93},
    "hard": {"part": 0.97, "parts_present": 0.94, "ownership": 0.98, "quantified_result": 0.96,
             "hypothetical": 0.98},
    "hard_holdout": {"part": 0.94, "parts_present": 0.92, "ownership": 0.96, "quantified_result": 0.96,
                     "hypothetical": 0.96},
    "hard_holdout2": {"part": 0.96, "parts_present": 0.93, "ownership": 0.97, "quantified_result": 0.95,
                      "hypothetical": 0.97},
    "hard_holdout3": {"part": 0.91, "parts_present": 0.88, "ownership": 0.98, "quantified_result": 0.96,
                      "hypothetical": 0.98},
    "hard_holdout4": {"part": 0.83, "parts_present": 0.75, "ownership": 0.96, "quantified_result": 0.94,
                      "hypothetical": 0.96},
    "hard_holdout5": {"part": 0.85, "parts_present": 0.82, "ownership": 0.92, "quantified_result": 0.90,
                      "hypothetical": 0.96},
    "hard_holdout6": {"part": 0.79, "parts_present": 0.66, "ownership": 0.95, "quantified_result": 0.85,
                      "hypothetical": 0.95},
}


@pytest.fixture(scope="module")
def agreement():
    module = _accuracy_module()
    return {name: module.measure([ROOT / "tests" / "star_labelled" / f"{name}.yaml"]) for name in FLOORS}


@pytest.mark.parametrize("name, field", [(name, field) for name in FLOORS for field in FLOORS[name]])
def test_agreement_with_labelled_answers_stays_above_its_floor(agreement, name, field):
    result = agreement[name]
    share = result.share(field)
    misses = [m for m in result.misses if f": {field}:" in m and name not in HELD_OUT]
    assert share >= FLOORS[name][field], f"{name}: {field}: {share:.1%} < {FLOORS[name][field]:.0%}\n" + "\n".join(misses)


def test_every_labelled_file_has_its_floors():
    assert set(FLOORS) == {path.stem for path in (ROOT / "tests" / "star_labelled").glob("*.yaml")}


def test_the_labelled_set_is_large_and_varied():
    items = [i for path in sorted((ROOT / "tests" / "star_labelled").glob("*.yaml"))
             for i in _accuracy_module().load(path)]
    assert len(items) >= 40
    assert len({i["id"] for i in items}) == len(items)
    assert {i["quality"] for i in items} == {"strong", "weak"}
    assert sum(i["ownership"] == "we" for i in items) >= 5
    assert sum(i["hypothetical"] for i in items) >= 5
    assert sum(not any(p == "result" for *_, p in i["spans"]) for i in items) >= 3
    assert sum(not any(p == "situation" for *_, p in i["spans"]) for i in items) >= 3
    assert sum(i["quantified_result"] for i in items) >= 10
    assert len({i["job"] for i in items}) >= 40


def test_a_broken_labelled_file_names_the_answer(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: x\n  answer: Hello there.\n  sentences: |\n    S | Goodbye.\n  ownership: i\n"
                   "  quantified_result: false\n  hypothetical: false\n")
    with pytest.raises(ValueError, match="x: sentence not found"):
        _accuracy_module().load(bad)


# --- sentences -------------------------------------------------------------------------------
def texts(text):
    return [text[a:b] for a, b, _ in split_sentences(text)]


def test_abbreviations_decimals_and_times_do_not_end_a_sentence():
    text = "Dr. Patel said the app took 9.5 seconds, e.g. on old phones. I fixed it by 3 p.m. on Friday. Done!"
    assert texts(text) == ["Dr. Patel said the app took 9.5 seconds, e.g. on old phones.",
                           "I fixed it by 3 p.m. on Friday.", "Done!"]


def test_bullets_lose_their_markers_and_headings_give_the_part():
    text = "Action:\n- I called the client\n* I wrote the plan\n2) I checked it\n\nResult: we won the contract."
    report = analyze(text)
    assert [s.text for s in report.sentences] == ["I called the client", "I wrote the plan", "I checked it",
                                                  "Result: we won the contract."]
    assert [s.part for s in report.sentences] == ["action", "action", "action", "result"]


def test_wrapped_lines_are_joined_and_paragraphs_are_not():
    text = "Last year our shop was losing\ncustomers to a new rival.\n\nI was asked to win them back."
    assert texts(text) == ["Last year our shop was losing\ncustomers to a new rival.", "I was asked to win them back."]


def test_a_run_on_sentence_is_cut_at_its_clauses():
    text = ("So at my last job there were loads of complaints about waiting times and my manager wanted someone "
            "to look at it so I offered to do it and I looked at the call data and saw that most calls came in "
            "early so I suggested moving two breaks and the waiting time went down from twelve minutes to four.")
    report = analyze(text)
    assert len(report.sentences) >= 3
    assert report.sentences[0].part == "situation" and report.sentences[-1].part == "result"
    assert report.quantified_result


# --- parts and signals -----------------------------------------------------------------------
STRONG = (
    "Last spring our payment service failed for one in twenty customers every evening. "
    "As the on-call engineer, it was my job to find the cause. "
    "I pulled the logs and found that a backup job was locking a table. "
    "I moved the backup to 3 a.m. and added an alert. "
    "Failed payments dropped to zero the next evening, and I learned to check scheduled jobs first."
)


def test_a_strong_answer_reads_as_a_complete_star_story():
    report = analyze(STRONG)
    assert [s.part for s in report.sentences] == ["situation", "task", "action", "action", "result"]
    assert report.parts_present == frozenset(star.PARTS)
    assert report.ownership == 1.0 and not report.hypothetical and report.quantified_result
    assert all(s.cues() for s in report.sentences)  # every part comes with the words behind it


def test_answers_that_never_name_the_parts_are_read_by_their_words():
    report = analyze("When I joined, the warehouse was losing parcels. My manager asked me to fix it. "
                     "I mapped every step and moved the scanners. Lost parcels fell by half within a month.")
    assert [s.part for s in report.sentences] == ["situation", "task", "action", "result"]


def test_we_and_i_are_counted_as_subjects():
    report = analyze("Last spring our shop went online. We planned the launch. We built the site. I wrote the emails. "
                     "We launched on time.")
    assert (report.i_count, report.we_count) == (1, 3)
    assert report.ownership == 1 / 3  # among the actions: "we planned", "we built", "I wrote"
    assert analyze("The letter was drafted and sent.").ownership is None
    assert analyze("i.e. the usual process was followed.").i_count == 0


def test_ownership_is_read_in_the_actions_so_a_team_scene_does_not_hide_the_speakers_steps():
    report = analyze("We were a team of six, and we spent every Monday fixing failed jobs. We had got used to it. "
                     "I logged every failure for three weeks. I rewrote the report that failed. "
                     "Failures fell from fifteen a week to one, and we got our Mondays back.")
    assert (report.i_count, report.we_count) == (2, 4) and report.ownership == 1.0
    assert report.checklist()['Says "I", not "we"'].detail == '"I" 2 times, "we" 0 times in your actions.'
    even = analyze("We shared out the work. I took on the wiring. We all got an A.")
    assert even.ownership == 1 / 3  # the actions are even: the whole answer decides


def test_hypothetical_answers_are_told_apart_from_real_stories_with_a_lesson():
    assert analyze("I would first listen to the customer. Then I would offer a refund. "
                   "Usually this works.").hypothetical
    assert analyze("Whenever a client is unhappy, I always call them first. I try to understand why.").hypothetical
    real = ("Last year a client was unhappy with a late order. I called her the same day and offered a discount. "
            "She placed two more orders. Next time I would warn the client before the delay.")
    report = analyze(real)
    assert not report.hypothetical
    assert not report.sentences[-1].hypothetical  # "next time I would" is a lesson


def test_plain_non_native_english_in_the_present_tense_is_not_hypothetical():
    report = analyze("In my last job I was work in a warehouse. The pallets fall from the racks. My supervisor "
                     "tell me to find a way for stop this. I make a training for all drivers. After three months "
                     "we have no more falling pallets.")
    assert not report.hypothetical
    assert {"situation", "task", "action", "result"} <= report.parts_present


@pytest.mark.parametrize("result, quantified", [
    ("Complaints fell from 40 a week to 12.", True),
    ("We saved £40,000.", True),
    ("Sales rose by 12 %.", True),
    ("We finished two days early.", True),
    ("Output doubled.", True),
    ("The client was very happy.", False),
    ("We had fewer complaints.", False),
    ("In 2021 the team was praised.", False),  # a year is a date, not a quantity
])
def test_a_result_is_quantified_only_by_a_number_amount_duration_or_count(result, quantified):
    report = analyze(f"Last year our team was behind. I was asked to help. I rewrote the plan. {result}")
    assert report.sentences[-1].part == "result"
    assert report.quantified_result is quantified


def test_fillers_speaking_time_top_words_and_job_terms():
    text = ("Basically the rota was a mess, you know. I rebuilt the rota around peak hours. "
            "I trained two staff on the tills. This kind of work suits me. Queues stayed under five minutes.")
    report = analyze(text, job_description="Store supervisor: rota planning, training staff, tills, customers.")
    assert report.filler_count == 2  # "basically", "you know"; not "this kind of work"
    assert report.word_count == 33
    assert report.speaking_minutes == pytest.approx(33 / 150)
    assert report.top_words[0] == ("rota", 2)
    assert set(report.job_terms) == {"rota", "staff", "tills"}  # "trained" is not "training"


def test_job_terms_are_empty_without_a_job_description():
    assert analyze(STRONG).job_terms == ()


# --- tips and score --------------------------------------------------------------------------
def test_tips_name_the_sentences_behind_them_most_important_first():
    report = analyze("We would talk to the team. We would make a plan. We would check it every week.")
    kinds = [t.kind for t in report.tips]
    assert kinds[0] == "hypothetical"
    assert "we" in kinds and "missing-result" in kinds
    for tip in report.tips:
        assert tip.sentences and all(1 <= n <= len(report.sentences) for n in tip.sentences)
        assert re.search(r"sentences? \d", tip.text, re.IGNORECASE), tip.text


def test_a_situational_question_gets_a_fairer_hypothetical_tip():
    text = "In my first month I would meet every member of the team. I would then agree a plan with my manager."
    tip = analyze(text, situational=True).tips[0]
    assert tip.kind == "hypothetical" and "fits this question" in tip.text


def test_the_score_follows_the_documented_rubric():
    report = analyze(STRONG)
    assert report.score == round(sum(line.points for line in report.score_lines))
    assert [line.out_of for line in report.score_lines] == [40, 20, 10, 10, 10, 10]
    assert report.score_lines[0].points == 40  # all four parts
    assert report.score_lines[4].points == 10  # a real event
    weak = analyze("We would help the customer.")
    assert weak.score < report.score


def test_empty_text_and_text_without_words():
    for text in ("", "   \n\n", "😀 🎉", "--- ***", None):
        report = analyze(text)
        assert report.sentences == () and report.score == 0 and report.word_count == 0
        assert [t.kind for t in report.tips] == ["empty"]
        assert "no answer" in repr(report)
        assert report.checklist().summary() == "Write your answer to see the checklist."


def test_text_that_is_not_a_string_is_refused_plainly():
    with pytest.raises(TypeError, match="reads the answer as text, not int"):
        analyze(42)
    with pytest.raises(TypeError, match="job_description must be text"):
        analyze("I did it.", job_description=["x"])


def test_checklist_says_each_verdict_in_words():
    checks = analyze(STRONG).checklist()
    assert checks["All four parts"].passed
    assert checks["Tells what you did"].verdict == "Done"
    assert not checks["1.5 to 2 minutes aloud"].passed  # a 60-word answer is short


# --- HTML: escaped, labelled, never colour alone ---------------------------------------------
def test_html_escapes_hostile_text_and_labels_every_sentence_in_words():
    text = 'Last year our form showed <img src=x onerror=alert(1)> to users. I fixed the "bug" & tested it.'
    html = report_html(analyze(text))
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    answer = star.answer_html(analyze(text))
    assert answer.count('class="course-star-tag"') == 2
    assert "1 · Situation" in html and "2 · Action" in html
    assert '<mark class="course-star-evidence">' in html


def test_html_of_a_huge_answer_is_cut_but_the_report_keeps_all_of_it():
    text = "I checked the order again. " * 5000  # 135,000 characters
    report = analyze(text)
    html = star.answer_html(report)
    assert report.text == text and len(report.sentences) == 5000
    assert len(html) < 120_000 and "more characters not shown" in html


def test_a_two_thousand_word_answer_is_read_in_full():
    report = analyze(" ".join([STRONG] * 30))
    assert report.word_count > 2000 and len(report.sentences) == 150
    assert [t.kind for t in report.tips if t.kind == "long"]


# --- any text at all (property-based) --------------------------------------------------------
WORDS = ["I", "we", "would", "usually", "was", "asked", "to", "my", "task", "called", "result", "as", "a",
         "in", "the", "end", "saved", "12", "%", "£40", "last", "year", "then", "learned", "um", "basically",
         "<b>", "&", "😀", "Dr.", "e.g.", "\n", "-", "Action:", "Result:", "\n\n", ".", "!", "?", ",", "since"]


def _check_report(text, report):
    assert 0 <= report.score <= 100
    assert 0.0 <= report.action_share <= 1.0
    assert report.ownership is None or 0.0 <= report.ownership <= 1.0
    assert report.word_count >= 0 and report.filler_count >= 0
    assert report.speaking_minutes == pytest.approx(report.word_count / star.WORDS_PER_MINUTE)
    assert report.parts_present <= set(star.PARTS)
    assert report.parts_present == {s.part for s in report.sentences if s.part}
    end = 0
    for number, s in enumerate(report.sentences, start=1):
        assert s.number == number and end <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text and s.part in (*star.PARTS, None)
        end = s.end
    assert report.tips
    for tip in report.tips:
        assert all(1 <= n <= len(report.sentences) for n in tip.sentences)
    html = report_html(report)
    tags = "style|p|div|span|mark|br|ol|li|ul|strong|small|details|summary|table|tr|td"
    assert not re.search(rf"<(?!/?(?:{tags})\b)", html)  # only the coach's own markup, never the text's


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_is_read_without_error(text):
    _check_report(text, analyze(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join))
def test_any_mix_of_star_words_is_read_without_error(text):
    _check_report(text, analyze(text, job_description=text[:50]))


def test_tips_name_sentences_the_way_a_person_would():
    assert star.refer([3]) == "sentence 3"
    assert star.refer([2, 5]) == "sentences 2 and 5"
    assert star.refer([4, 1, 2]) == "sentences 1, 2 and 4"
    assert star.refer(range(3, 10)) == "sentences 3 to 9"
    assert star.refer([2, 3, 4, 7]) == "sentences 2 to 4 and 7"
    assert star.refer(range(1, 30, 2)) == "sentences 1, 3, 5, 7, 9, 11 and 9 more"


# --- saying when it is unsure ----------------------------------------------------------------
TWO_PARTS = ("During my placement I was asked to organise the open day. I booked the rooms and wrote the "
             "programme. Two hundred visitors came.")


def test_a_sentence_holding_two_parts_shows_both_and_the_part_is_never_called_missing():
    report = analyze(TWO_PARTS)
    first = report.sentences[0]
    assert (first.part, first.alternative, first.tag) == ("task", "situation", "S or T?")
    assert first.could_be == "Situation or Task"
    assert "during" in first.alternative_evidence and "was asked to" in " ".join(first.evidence)
    assert report.parts_present == {"task", "action", "result"} and report.parts_unsure == {"situation"}
    check = report.checklist()["All four parts"]
    assert check.passed is None  # neither done nor to do: the coach says what would make it clear
    assert "Not sure: sentence 1 reads as Situation or Task (S or T?)" in check.detail
    assert "own sentence" in check.detail and "Missing" not in check.detail
    kinds = [t.kind for t in report.tips]
    assert "unsure" in kinds and "missing-situation" not in kinds
    tip = report.tips[kinds.index("unsure")]
    assert tip.sentences == (1,) and "situation or task" in tip.text


def test_the_html_shows_both_parts_and_the_words_behind_each():
    report = analyze(TWO_PARTS)
    answer = star.answer_html(report)
    assert '<span class="course-star-tag course-star-unsure" title="Situation or Task: the coach is not sure">' \
           '1 · <span aria-hidden="true">S or T?</span>' \
           '<span class="course-star-spoken">Situation or Task, not sure</span></span>' in answer
    assert 'data-part="task" data-number="1" data-alternative="situation"' in answer
    marked = re.findall(r'<mark class="course-star-evidence">(.*?)</mark>', answer.split('data-number="2"')[0])
    assert "During" in marked and any("asked" in m for m in marked)
    assert "S or T?" in report_html(report) and "Not sure" in report_html(report)


def test_a_close_call_between_two_parts_is_shown_where_the_other_part_is_found_too():
    report = analyze("I joined the team just as we began the spring campaign. We chose to focus on video. "
                     "We filmed six short customer stories. We got 1.2 million views.")
    assert report.sentences[0].tag == "S or A?" and report.sentences[0].part == "situation"
    assert report.parts_unsure == frozenset()  # the other part is read elsewhere: nothing is in doubt
    assert "Not sure" not in report.checklist()["All four parts"].detail


def test_a_clear_answer_shows_no_doubt_and_a_missing_part_is_still_called_missing():
    clear = analyze(STRONG)
    assert all(s.alternative is None and s.tag == s.label for s in clear.sentences)
    assert clear.parts_unsure == frozenset() and clear.checklist()["All four parts"].passed is True
    bare = analyze("I called the client the same day. She thanked me and ordered twice more.")
    check = bare.checklist()["All four parts"]
    assert check.passed is False and "Not found: Situation, Task. If one is there, give it a sentence of its own" in check.detail


# --- what real answers do (tests/star_labelled/README.md lists each) -------------------------
@pytest.mark.parametrize("text, parts", [
    ("S: our gym lost members. T: I was given two weeks to find out why. A: I compared the records. "
     "R: cancellations fell by 18 %.", ["situation", "task", "action", "result"]),  # single-letter headings
    ("A chef went home ill before a wedding party. It fell to me to run the kitchen. I split the menu between "
     "the cooks. Every course went out on time.", ["situation", "task", "action", "result"]),  # task in a clause
    ("That's a good question. I'm a very calm person. At the practice the phones went down on a Monday. "
     "I rang every patient back. Everyone was seen.", [None, None, "situation", "action", "result"]),
    ("In my last job one new colleague not speak English. The chef say me to help him. I show him every machine. "
     "After one week he work alone.", ["situation", "task", "action", "result"]),  # non-native phrasing
])
def test_real_answer_shapes_are_read_by_their_words(text, parts):
    assert [s.part for s in analyze(text).sentences] == parts


@pytest.mark.parametrize("result, quantified", [
    ("In the summer exam I got an A.", True),  # a grade
    ("By the end of the year the region was ranked third out of eleven.", True),  # a rank
    ("The query is still in use four years later.", True),  # a duration
    ("All rooms were ready at 3 o'clock, in time for the guests.", False),  # a time of day
    ("Now I always check each name twice before sending.", False),  # a number in a lesson is a habit
])
def test_grades_ranks_and_durations_count_as_numbers_but_times_and_habits_do_not(result, quantified):
    report = analyze(f"Last term our team was behind. I was asked to help. I rewrote the plan. {result}")
    assert report.sentences[-1].part == "result"
    assert report.quantified_result is quantified


# --- rules of the third round: each with wording found in no labelled answer ----------------
@pytest.mark.parametrize("text, parts", [
    # the task is said once, then acted on: a deadline before the speaker's own task is the scene
    ("The council's grant report was due on Monday and half of it was missing. I had to write the missing "
     "sections over the weekend. I drafted each one from the project notes and sent them to the director on "
     "Sunday. The grant was renewed.", ["situation", "task", "action", "result"]),
    # the past continuous of others paints the scene
    ("I waited tables at a seaside hotel one summer. Two guests were arguing at the bar and the other diners "
     "were watching. I moved the quieter guest to a table on the terrace. Both of them left calmly.",
     ["situation", "situation", "action", "result"]),
    # a two-part sentence is read as the part the rest of the answer does not give (the scene is set
    # before it, so "When the fire alarm went off..., I stopped the clock" is the action) ...
    ("I was invigilating a maths exam in the sports hall. When the fire alarm went off halfway through, I "
     "stopped the clock and led the students out. Nobody lost any time.", ["situation", "action", "result"]),
    # ... and when both parts are told elsewhere, by its main clause; what was avoided is a result
    ("Our shop's card machine stopped working on a Saturday. When the first customer could not pay, I put up "
     "a sign for cash and sent a colleague to the bank. We lost almost no sales.",
     ["situation", "action", "result"]),
    # "I was doing X" right after the scene is the duty the story is about
    ("Our school was getting ready for an inspection. I was updating the first-aid records. I found three "
     "lapsed certificates and booked the staff on a course that week. The inspectors raised nothing.",
     ["situation", "task", "action", "result"]),
    # a question in the set-up is the task
    ("Our stall sold almost nothing at the first market. Why would anyone stop at a table of plain soap? "
     "I put out free samples and a card telling the story of each scent. Sales tripled at the next market.",
     ["situation", "task", "action", "result"]),
    # the task in a passive clause
    ("The head chef walked out an hour before service. It was left to me to run the pass. I split the menu "
     "between the two cooks and took the grill myself. Every table was served.",
     ["situation", "task", "action", "result"]),
    # a team story that opens with "we" and goes on with "I": the team's setting is the scene
    ("We sorted about three hundred parcels an hour and often sent them to the wrong bay. I timed each step "
     "for a week. I found the labels were printed too small and asked for a bigger font. Wrong bays became rare.",
     ["situation", "action", "action", "result"]),
    # a general claim in the present opens a general answer: not a scene
    ("Deadlines slip in every project. You should plan for it from the start. It is important to keep "
     "a buffer. That way nothing is late.", [None, "action", "action", "result"]),
    # in a story told in the past, what one would usually do sets the scene
    ("Usually I would call the duty engineer, but his phone was off that weekend. The main pump at the plant "
     "had stopped. I read the manual, reset the pump and logged every step. The plant was running again "
     "within an hour.", ["situation", "situation", "action", "result"]),
    # an "I" story that ends with "we" ends with what came of it; "could not" is told in the past
    ("Our choir could not afford a new piano. I wrote to three local firms for help. I also organised a "
     "concert in the church hall. We collected twice what the piano cost.",
     ["situation", "action", "action", "result"]),
    # "One winter I worked at..." is one clause, the scene; "When a storm closed the road, I found..."
    # has a main clause, the action
    ("I'm happy to answer that. One winter I worked at a ski lodge. When a storm closed the road, I found "
     "beds for twelve stranded guests. Every guest got home safely two days later.",
     [None, "situation", "action", "result"]),
    # before the speaker's first step, what others or things did is the scene
    ("One spring I worked at a garden centre. A lorry of plants arrived with every label missing. I matched "
     "each plant to the invoice and printed new labels. Every plant was on sale by noon.",
     ["situation", "situation", "action", "result"]),
    # the time one is given is the task; the best mark is a result
    ("My tutor allowed us two weeks to film a short documentary. We split the jobs between the four of us. "
     "I wrote the script and edited every scene. We got the highest mark in the year.",
     ["task", "action", "action", "result"]),
    # "I had the boiler replaced" is a step; "we had a power cut" is an event
    ("The old boiler kept failing. I was asked to cut the repair bills. I had the boiler replaced and the "
     "pipes lagged. The bills halved.", ["situation", "task", "action", "result"]),
    ("We had a power cut during a wedding dinner. I lit candles from the store room and asked the band to "
     "play without amplifiers. The couple said it was the best part of the night.",
     ["situation", "action", "result"]),
    # what did not happen is a result
    ("A storm cut the power to our cold store. I moved the vaccines to the hospital's fridges within the "
     "hour. We did not throw away a single dose.", ["situation", "action", "result"]),
])
def test_third_round_rules_read_new_wording(text, parts):
    assert [s.part for s in analyze(text).sentences] == parts


def test_a_story_with_no_scene_opens_with_one_and_says_it_is_not_sure():
    report = analyze("I set up a chess club at the library. I put up posters in the hall. Only three children "
                     "came the first week. So I asked the school to mention it in assembly. By March the club had "
                     "twenty members.")
    first = report.sentences[0]
    assert (first.part, first.tag) == ("situation", "S or A?") and first.cues() == ["I set"]
    assert report.sentences[2].part == "result"  # past the set-up, a count of what others did
    assert [s.part for s in analyze("I set up a chess club. I put up posters. Twenty children came.").sentences] \
        == ["action", "action", "result"]  # three sentences leave no room for a set-up


@pytest.mark.parametrize("result, quantified", [
    ("The team finished with a 3:1 win.", True),  # a score or a ratio is on a scale, not a time of day
    ("The van was back on the road at nine.", False),  # "at nine" is a time of day
    ("We earned a four-star hygiene rating.", True),  # a rating
])
def test_scores_and_ratings_count_but_a_time_after_at_does_not(result, quantified):
    report = analyze(f"Last term our team was behind. I was asked to help. I rewrote the plan. {result}")
    assert report.sentences[-1].part == "result"
    assert report.quantified_result is quantified


def test_not_sure_is_only_shown_where_the_story_allows_it():
    # the "when" of what one usually does is a condition, not a scene to be unsure about
    habit = analyze("When a parent is angry, I usually listen first. I always offer a meeting. They calm down.")
    assert "situation" not in habit.parts_unsure
    # a result is not offered before any action
    opening = analyze("A storm cut the power to our cold store. I moved the vaccines to the hospital's fridges. "
                      "We did not throw away a single dose.")
    assert opening.sentences[0].alternative is None


def test_a_clause_of_a_run_on_sentence_is_not_taken_for_a_bullet():
    report = analyze("Called to a man who had collapsed at a bus stop, I found he was not breathing, so I started "
                     "chest compressions while my colleague fetched the defibrillator, and we got him to hospital "
                     "within fifteen minutes, where he made a full recovery.")
    assert [s.part for s in report.sentences] == ["situation", "action", "result"]


def test_no_function_in_the_reader_is_longer_than_a_screen():
    import ast

    tree = ast.parse(Path(star.__file__).read_text(encoding="utf-8"))
    long = [(f.name, f.end_lineno - f.lineno + 1) for f in ast.walk(tree)
            if isinstance(f, ast.FunctionDef) and f.end_lineno - f.lineno + 1 > 60]
    assert not long, long


def test_a_sentence_read_before_is_read_the_same_wherever_it_stands_now():
    """Sentences already read are kept between keystrokes; where a sentence stands is weighed afresh."""
    sentences = [s.text for s in analyze(STRONG).sentences]
    shuffled = " ".join(sentences[::-1])
    star._READ_CACHE.clear()
    cold = analyze(shuffled)
    analyze(STRONG)  # every sentence is now kept, weighed for its place in STRONG
    warm = analyze(shuffled)
    assert [(s.part, s.alternative, s.evidence) for s in warm.sentences] == \
           [(s.part, s.alternative, s.evidence) for s in cold.sentences]
    assert warm.tips == cold.tips and warm.score == cold.score
    assert analyze(STRONG).sentences == analyze(STRONG).sentences


# --- the fourth round: kinds 23-46 of the catalogue, each on wording found in no labelled answer ----
@pytest.mark.parametrize("text, parts", [
    # 23: a label in brackets after a clause ends it and hints its part; the label is not read
    ("The boiler at the swimming club failed on gala day (Situation), so I borrowed two heaters from the "
     "school next door (Action), and every race still started on time (Result).",
     ["situation", "action", "result"]),
    # 1, 25: a label at the head of a line hints every sentence of that line; other frameworks' labels
    ("Obstacle: The hall we had booked for the craft fair flooded two days before.\n"
     "Action: I rang every church hall in town. I moved the stalls to the one that was free.\n"
     "Learning: I keep a second venue on a list now.",
     ["situation", "action", "action", "result"]),
    ("Belief: I think most late payers are simply disorganised.\n"
     "Situation: A tenant at our lettings office was three months behind on rent.\n"
     "Action: I sat down with him and set up a payment plan.\n"
     "Result: He cleared the arrears by the summer.",
     [None, "situation", "action", "result"]),
    # 33: time stamps heading the steps are layout, not words ("Afterwards:" is no result)
    ("A coach of thirty pupils broke down on the motorway on our way back from a museum.\n"
     "Minute one: I called the coach firm and the school.\n"
     "Next hour: I kept the pupils on the verge behind the barrier and counted them twice.\n"
     "Afterwards: I wrote up the trip log for the head.\n"
     "A new coach took everyone home by six.",
     ["situation", "action", "action", "action", "result"]),
    # 5 (a role): "I was the duty manager" after the scene is the speaker's part in the story
    ("A pipe leaked above the shoe department on a Saturday morning. I was the duty manager. I closed the "
     "floor and called the plumber. The floor reopened after lunch.", ["situation", "task", "action", "result"]),
    # 26: talk about the answer itself is none of the parts, and no "would"
    ("Thanks. I have a couple of stories, so let me pick one from my bakery job. I'll start with the "
     "situation. Our oven failed on the morning of a wedding order. I baked the cake at a friend's cafe "
     "across the road. The couple never knew.", [None, None, None, "situation", "action", "result"]),
    # 26: "I would talk about the time..." wraps a real story and carries its scene
    ("I would talk about the time our choir's coach got lost on the way to a competition. I found the venue "
     "on my phone and guided the driver. We came second out of nine choirs.",
     ["situation", "action", "result"]),
    # 39: two stories in one answer: each opens with its own scene
    ("Once a child at the holiday club cut her knee on the climbing frame. I cleaned it and called her dad. "
     "She was back playing in ten minutes. Another time, at the swimming session, a boy lost his glasses. "
     "I asked the lifeguard to check the pool filter. They turned up within the hour.",
     ["situation", "action", "result", "situation", "action", "result"]),
])
def test_fourth_round_rules_read_new_wording(text, parts):
    report = analyze(text)
    assert [s.part for s in report.sentences] == parts
    assert not report.hypothetical


@pytest.mark.parametrize("result, quantified", [
    ("I passed the retake with a merit.", True),  # a grade
    ("We got 68 per cent for the report.", True),  # a mark
    ("Every guest was seated by half past eight.", False),  # "half past" is a time of day
    ("The team finished the term with zero late reports.", True),  # 35: zero written as a number is a count
    ("The team finished the term with no late reports.", False),  # "no" alone is not
    # fifth round: a duration, a count of times, a unit with its possessive
    ("The tutor signed the plan off within the hour.", True),
    ("Missed meetings fell to about twice a month.", True),
    ("We lost only one day's work in the end.", True),
])
def test_grades_and_marks_count_and_half_past_is_a_time(result, quantified):
    report = analyze(f"Last term our group project was behind. I was asked to pull it together. I rewrote the "
                     f"plan and met the others twice a week. {result}")
    assert report.sentences[-1].part == "result"
    assert report.quantified_result is quantified


@pytest.mark.parametrize("text, parts", [
    # 1, 44: a heading is a hint: under "Task:" a scene told in the past, with no speaker, is the scene ...
    ("Situation: Our library moved to a new booking system.\nTask: Half the old bookings had vanished.\n"
     "Action: I rebuilt them from the paper diary.\nResult: Every group kept its room.",
     ["situation", "situation", "action", "result"]),
    # ... and under "Situation:" a sentence whose own words say the task is the task
    ("Situation: I was told to sort out the volunteer rota before the summer fete.\n"
     "Task: The rota was a mess of three spreadsheets that nobody trusted.\n"
     "Action: I merged them into one shared sheet.\nResult: Every stall was staffed.",
     ["task", "situation", "action", "result"]),
    # 34: a fragment naming the goal is the task
    ("- Two of our four delivery vans failed their checks\n- Target: every order out on the same day\n"
     "- Hired a van for the week\n- Delivered all 212 orders on time", ["situation", "task", "action", "result"]),
])
def test_a_heading_is_a_hint_and_a_fragment_naming_the_goal_is_the_task(text, parts):
    assert [s.part for s in analyze(text).sentences] == parts


def test_a_turn_mid_story_is_the_scene_and_a_steps_purpose_is_no_result():
    # 40: between the speaker's steps, a turn told of others is a new state of the problem
    report = analyze("Our team was moving the school library over half term. I was asked to plan the move. "
                     "I boxed the fiction on Monday and labelled every box by shelf. Then the removal firm "
                     "cancelled because their lorry had broken down. I borrowed the caretaker's van and moved "
                     "the boxes in six trips. The library opened on the first day back, three days later than "
                     "the old plan but on time for the pupils.")
    assert [s.part for s in report.sentences] == ["situation", "task", "action", "situation", "action", "result"]
    # 32: a number or an outcome in what a step was for ("so the match could start on time") is the step's
    report = analyze("The pitch at our club flooded on the morning of a cup match. I was asked to get it ready. "
                     "I hired two pumps so the match could start on time at 3 o'clock. The referee passed "
                     "the pitch at noon.")
    assert report.sentences[2].part == "action"
    # a cue that opens with a number ("two weeks later") is read as any other
    assert "two weeks later" in analyze("I fixed the gate. Two weeks later the sheep were still in.").sentences[1].evidence


def test_a_changed_habit_or_what_one_should_have_done_is_the_lesson_of_a_real_story():
    story = ("Last spring our shop sent a customer the wrong size of bike. I apologised and drove the right one "
             "over myself. She left us a kind review. ")
    for ending in ("I always read the order back to the customer before I pack it.",  # 29, with no cue word
                   "These days I check every frame size against the order.",  # 29
                   "In hindsight I should have checked the label before it left."):  # 28
        report = analyze(story + ending)
        assert report.sentences[-1].part == "result", ending
        assert not report.hypothetical and not report.sentences[-1].hypothetical, ending


def test_an_answer_told_with_you_is_the_general_way_not_a_story():
    # 9, 38: "you" as the subject of steps in the present: what anyone does, so hypothetical
    report = analyze("With a new volunteer you start slowly. You pair them with someone who knows the route. "
                     "You ring them after their first shift.")
    assert report.hypothetical
    assert [s.part for s in report.sentences][1:] == ["action", "action"]
    # a "you" in what someone said in a real story is not
    assert not analyze("A volunteer got lost on her first route. I rang her and said, you turn left at the "
                       "church. She found the last house ten minutes later.").hypothetical


def test_a_result_does_not_come_straight_after_the_set_up():
    # "we had no music" before any step is the problem, not a result ("we had no complaints")
    report = analyze("The school disco was about to start in the hall. The DJ rang in sick and we had no music "
                     "at all. I plugged my phone into the stage speakers and took requests. The children "
                     "danced until eight.")
    assert [s.part for s in report.sentences] == ["situation", "situation", "action", "result"]


def test_a_headline_achievement_opens_with_the_result_and_a_failure_with_the_scene():
    # 27: the point first, then back to how it began ("When I took it over...")
    report = analyze("I turned our loss-making cafe into the busiest on the high street in two years. When I took "
                     "it over, it opened late and sold the same cakes as the bakery next door. I started opening "
                     "at seven for commuters and baked my own bread. I also ran a loyalty card. Takings rose by "
                     "half in the first year.")
    assert [s.part for s in report.sentences] == ["result", "situation", "action", "action", "result"]
    assert "the busiest" in report.sentences[0].evidence
    failure = analyze("The worst call I made as a shift lead was sending a van to the wrong depot. When the "
                      "driver rang from the gate, I rerouted him and warned the customer. I now read every "
                      "address back. The parcels arrived a day late.")
    assert failure.sentences[0].part == "situation"


def test_an_example_inside_a_general_answer_opens_with_its_scene_and_a_shared_task_is_the_task():
    # 30: "For example, there was..." opens the one case inside a general answer
    report = analyze("With nervous flyers I always explain every noise before it happens. For example, there was "
                     "a woman on a night flight who had never flown before. I sat with her during take-off.")
    assert report.sentences[1].part == "situation"
    # 5: the task in a clause that names the speaker among others
    report = analyze("Our charity shop was losing volunteers every month. The manager asked me and two others to "
                     "write a welcome pack. I interviewed the longest-serving volunteers. Nobody left that summer.")
    assert [s.part for s in report.sentences] == ["situation", "task", "action", "result"]


@pytest.mark.parametrize("text, parts, quantified", [
    # 32: an outcome inside a request the speaker made ("asked if ... would ... from then on") is a step's
    ("Our rota app double-booked two porters every weekend. I was asked to find out why. I rang the supplier "
     "and asked if they would check every shared shift from then on. The clash never happened again.",
     ["situation", "task", "action", "result"], False),
    # handing a job on is a step, not an outcome; "I" in a relative clause is not the main step
    ("A guest told the front desk that her room smelt of gas. I moved her to another floor and passed the "
     "report on to the engineer.", ["situation", "action"], False),
    ("I would begin by writing down everything I had to deliver that week. Then I would ask my lead which "
     "piece mattered most.", ["action", "action"], False),
    # 35: a count of one in a result
    ("Last Easter the ticket machine at our museum broke. I sold tickets by hand from a float. Only one "
     "family complained about the wait.", ["situation", "action", "result"], True),
])
def test_steps_requests_and_counts_of_one(text, parts, quantified):
    report = analyze(text)
    assert [s.part for s in report.sentences] == parts
    assert report.quantified_result is quantified


def test_what_others_kept_doing_is_the_scene_and_a_late_step_is_still_a_step():
    # 43: a blame story: what the other person would do is how things stood; "In the end I..." with
    # a step (not an outcome) is the speaker's one step
    report = analyze("On my first placement there was a porter who never answered his bleep. He'd wander off to "
                     "the canteen for an hour at a time. In the end I walked the patients down to X-ray myself.")
    assert [s.part for s in report.sentences] == ["situation", "situation", "action"]
    assert analyze("Our float was short every Friday. I counted it twice a day. In the end we found the "
                   "missing coins under the till drawer.").sentences[-1].part == "result"


# --- the fifth round: answers as learners type them (no capitals, no full stops), on wording found in
# no labelled answer ----
def test_a_run_typed_in_lower_case_is_cut_where_a_clause_starts_with_i():
    # 36, 37: "...on a cold morning i had to..." starts a clause although no full stop or "and" says so
    report = analyze("last winter at the leisure centre where i work the heating failed in the sports hall on a "
                     "cold morning i had to keep the toddler class going so i moved them into the big studio upstairs "
                     "and the parents all booked again for the spring")
    assert [s.part for s in report.sentences] == ["situation", "task", "action", "result"]
    assert report.sentences[1].text.startswith("i had to")


@pytest.mark.parametrize("text", [
    # "the driver i was paired with": a relative clause, not a new one
    "the driver i was paired with that week was new to the route and kept missing the turning by the school",
    # "she said i could...": reported words, not a new clause
    "on my second week the supervisor came over to the packing bench and she said i could leave early on friday",
])
def test_a_lower_case_i_in_a_relative_clause_or_reported_words_does_not_cut(text):
    assert len(analyze(text).sentences) == 1


@pytest.mark.parametrize("step, part", [
    ("We handed it in on time and got a 71.", "result"),  # 7: a mark is what came of it
    ("I got 64 for the write-up.", "result"),
    ("I got 3 quotes for the glue and sticks.", "action"),  # things fetched are a step
])
def test_a_mark_after_got_is_a_result_and_things_fetched_are_a_step(step, part):
    report = analyze("Our team had to design a bridge out of lolly sticks for the engineering module. "
                     f"We tested four designs. {step}")
    assert report.sentences[-1].part == part


def test_an_allocated_case_is_the_task():
    # 5: an assignment in the passive ("I was allocated...") is what was asked of the speaker
    report = analyze("I was allocated two new starters who had never worked a till. I showed them the refunds "
                     "screen. Both were serving alone by Friday.")
    assert report.sentences[0].part == "task"


@pytest.mark.parametrize("opening, first", [
    # 5: what the speaker was doing or was given, before a scene told of others, is the task ...
    ("On the Sunday rota I was running the crèche for the church cafe.", "task"),
    ("I manage the under-9s netball squad on Tuesdays.", "task"),
    # ... but one deed told in the past can be where the trouble began, and a standing job is the scene
    ("I work at a garden centre on the tills at weekends.", "situation"),
])
def test_a_role_held_before_a_scene_told_of_others_is_the_task(opening, first):
    report = analyze(f"{opening} Halfway through the morning the water supply to the building was cut off. "
                     "I rang the caretaker and moved everyone to the hall next door. Nobody had to go home early.")
    assert report.sentences[0].part == first
    assert report.sentences[1].part == "situation"


def test_what_another_would_only_do_is_the_scene_and_in_week_n_opens_a_turn():
    # 43: "The landlord would only answer by letter": what another kept doing, the scene
    report = analyze("I was given the repairs file for a block of flats. The landlord would only answer by letter. "
                     "I booked a meeting at his office. He agreed to fix the lift by March.")
    assert [s.part for s in report.sentences] == ["task", "situation", "action", "result"]
    # 40: "In week 5 the printer broke" between the speaker's steps is a new state of the problem
    report = analyze("Our group was asked to run the school magazine for a term. We shared out the pages. "
                     "We met every Monday at lunch. In week 5 the printer in the library broke. "
                     "We printed the last issue at the town library. The head put a copy in every classroom.")
    assert report.sentences[3].part == "situation"


def test_a_real_story_opening_with_what_one_always_does_opens_with_a_claim():
    # 12: "I always..." before a story told in the past is a claim about oneself, not a step
    report = analyze("I always make time for the quiet members of a team. Last spring a new packer on my line "
                     "hardly spoke at breaks. I asked her to show me the labelling machine she knew well. "
                     "She ran the next training session herself.")
    assert [s.part for s in report.sentences] == [None, "situation", "action", "result"]
    assert not report.hypothetical


@pytest.mark.parametrize("aside", [
    "ok so here's my attempt for the teamwork one",  # 26, 50: about the answer, typed into the box
    "does this sound ok or is it too long",
])
def test_talk_about_a_typed_answer_is_none_of_the_parts(aside):
    report = analyze(f"{aside}. at the car wash one saturday the pressure hose split. i rang the owner and "
                     "we used buckets for the rest of the day. every booked car was done by five.")
    assert report.sentences[0].part is None


def test_a_negative_typed_without_its_apostrophe_is_read_as_one():
    # 36: "we didnt lose" is "we didn't lose": what was avoided, an outcome
    report = analyze("the freezer at the chip shop failed on a friday night. i moved the fish to the pub next "
                     "door and rang the engineer first thing. we didnt lose any stock.")
    assert report.sentences[-1].part == "result"
    assert "we didnt" in report.sentences[-1].cues()[0].lower()


def test_a_career_told_as_background_and_one_example_opening_the_story():
    # 5 (a standing job), 53: "I've been a chef for nine years" is the scene; "One example is when..."
    # opens the story's own scene; 7: a figure set against the one before is what came of it
    report = analyze("I've been a chef for nine years, mostly in hotel kitchens. One example is when our "
                     "breakfast service kept running out of eggs on Sundays. I started counting the bookings "
                     "the night before and ordering to match. The next month we threw away 3 trays instead of 20.")
    assert [s.part for s in report.sentences] == ["situation", "situation", "action", "result"]
    assert report.quantified_result



def test_a_person_of_the_story_told_in_the_present_is_the_scene():
    # 11, 37: plain non-native English tells the scene in the present ("She is crying and drop the tray")
    report = analyze("In my last job in a cafe there was a new girl on the counter. She is crying and drop the "
                     "tray every morning. I show her how to carry two cups only. Now she carry the tray fine.")
    assert report.sentences[1].part == "situation"


def test_a_title_line_with_no_verb_opening_bullets_is_the_scene():
    # 3: bullets typed under a title ("Charity car wash at the depot, June") name the scene there
    report = analyze("Charity car wash at the bus depot, June\n- raise £500 for the hospice\n"
                     "- Booked 12 drivers and put flyers in every bus\n- Raised £640 in one afternoon")
    assert report.sentences[0].part == "situation"
    assert report.sentences[0].cues() == ["Charity car wash at"]


def test_a_closing_self_appraisal_is_no_part_and_the_team_result_before_it_is_the_result():
    # 49: "That week proved my..." is a claim about oneself; the "we" outcome before it ends the story
    # (shown at least as "A or R?", so the result is never called missing)
    report = analyze("Our school minibus failed its check the day before the county match. I rang three hire "
                     "firms and found one that could deliver a van by eight. I drove the team myself. "
                     "We arrived at the ground with ten minutes to spare. That week really proved my calm in a crisis.")
    *_, outcome, claim = report.sentences
    assert claim.part is None and claim.cues() == ["proved my"]
    assert "result" in (outcome.part, outcome.alternative)


@pytest.mark.parametrize("ending, part", [
    ("We kept all 30 orders from the weekend.", "result"),  # the team's figure after the steps: what came of it
    ("The stall took £900 that Saturday.", "result"),
    ("I rang 12 other bakeries.", "action"),  # "I" and a count: the speaker's own doings, a step
    ("We moved the cakes to the café next door.", "action"),  # no figure: nothing says it is the outcome
])
def test_a_story_with_no_result_that_ends_on_a_figure_ends_on_its_result(ending, part):
    report = analyze("Our oven broke on the Friday before a market weekend. I borrowed a neighbour's oven "
                     f"for the night. We baked in shifts until four in the morning. {ending}")
    assert report.sentences[-1].part == part
    assert report.quantified_result == (part == "result")


def test_the_figure_is_shown_as_the_words_that_make_the_ending_a_result():
    report = analyze("Our oven broke on the Friday before a market weekend. We borrowed a neighbour's oven "
                     "for the night. We baked in shifts until four in the morning. We kept our 4.8 rating on the "
                     "market app.")
    assert report.sentences[-1].part == "result" and report.sentences[-1].cues() == ["4.8"]


@pytest.mark.parametrize("duty", [
    "My manager gave me the job of fixing the rota.",  # a job handed over
    "My manager has given me the task to fix it.",
    "I took on the rota when the supervisor left.",  # a responsibility taken on
    "I took charge of the night shift.",
    "Fixing the rota fell on my shoulders.",
    "I still had a monthly target of 400 orders.",  # a target held
    "I have 40 boxes to pack before the van at six.",  # a load to get through, typed in the present
])
def test_a_responsibility_handed_over_taken_on_or_held_is_the_task(duty):
    report = analyze(f"Last spring our warehouse lost its night supervisor. {duty} I rebuilt the rota and "
                     "trained two pickers. We shipped every order on time that month.")
    assert report.sentences[1].part == "task" and report.sentences[1].evidence


def test_single_letter_headings_with_a_dash_label_their_lines():
    report = analyze("S - Saturday at the garden centre, one till down and a queue to the door\n"
                     "T - keep the queue moving\nA -\n- opened the second till on my phone app\n"
                     "- took card payments in the queue\nR - queue gone in twenty minutes")
    assert [s.part for s in report.sentences] == ["situation", "task", "action", "action", "result"]
    assert report.sentences[0].cues()[0] == "S" and "A -" not in [s.text for s in report.sentences]


def test_a_habit_told_with_do_is_what_one_usually_does():
    report = analyze("I normally do a stock count before every shift. I usually do the fridges first. "
                     "I try to leave the floor clear for the next team.")
    assert all(s.hypothetical for s in report.sentences) and report.hypothetical
    assert not analyze("We do first the rooms for the new guests.").sentences[0].hypothetical  # plain, not habitual


def test_a_short_story_that_ends_on_someones_response_ends_on_its_result():
    report = analyze("I once pushed a stranger's car off a busy junction when it stalled in the snow. "
                     "She bought me a coffee.")
    assert [s.part for s in report.sentences] == ["action", "result"] and report.sentences[1].cues() == ["bought"]


@pytest.mark.parametrize("claim", ["In nursing it is always busy on a Monday.", "In a kitchen everybody shouts."])
def test_a_claim_about_a_trade_opening_with_in_is_no_scene(claim):
    report = analyze(f"Honestly I enjoy pressure. {claim} I keep my head down and cook.")
    assert report.sentences[1].part is None
    # a place of the story told in the present stays its scene
    assert analyze("In my last job the phones never stop ringing. I answered every call.").sentences[0].part == "situation"


def test_two_tasks_the_first_opening_on_the_scene_the_first_is_the_scene():
    report = analyze("When the flu hit our depot in March I was running the late shift and we had two days to "
                     "clear the backlog. My manager asked me to draw up a new rota. I split the drivers into two "
                     "teams and took a route myself. By Thursday the backlog was gone.")
    assert [s.part for s in report.sentences] == ["situation", "task", "action", "result"]
    assert report.sentences[0].tag == "S or T?"  # the deadline in it is still shown


def test_a_stretch_of_time_at_the_end_says_when_not_how_much():
    story = ("Our oven broke on the Friday before a market weekend. We borrowed a neighbour's oven for the night. "
             "We baked in shifts until four in the morning. We {} the orders.")
    assert analyze(story.format("checked the last 3 months of")).sentences[-1].part == "action"
    assert analyze(story.format("delivered 40 of")).sentences[-1].part == "result"
