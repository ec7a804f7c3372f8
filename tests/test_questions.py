"""Questions to ask: content, and suggestions that vary across interviewers."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import questions
from course_lib.content import load_content

REAL_DATA = Path(__file__).resolve().parents[1] / "data"
BANK = load_content(REAL_DATA).questions_to_ask
ALL = ["hr", "hiring_manager", "peer", "executive"]


def all_texts(plan):
    return [s.text for i in plan.labels for s in plan.lists[i]]


def test_the_four_interviewers_each_have_enough_questions_with_sources():
    assert [i.id for i in BANK.interviewers] == ALL
    for i in ALL:
        mine = [q for q in BANK.questions if i in q.interviewers]
        assert len(mine) >= 5, i
    assert all(q.source.startswith(("https://", "http://")) for q in BANK.questions)


def test_by_default_everyone_gets_three_and_no_question_twice():
    plan = questions.suggest(BANK)
    assert list(plan.labels) == ALL
    assert all(len(plan.lists[i]) == 3 for i in ALL)
    texts = all_texts(plan)
    assert len(texts) == len(set(texts)) == 12
    for i in ALL:  # each suggestion suits the person it is given to
        for s in plan.lists[i]:
            assert i in next(q for q in BANK.questions if q.id == s.id).interviewers
    assert plan.short == () and plan.repeats == ()


def test_one_persons_list_is_varied_in_topic_when_it_can_be():
    plan = questions.suggest(BANK)
    for i in ALL:
        topics = [s.topic for s in plan.lists[i]]
        assert len(set(topics)) == len(topics), (i, topics)


def test_variant_zero_is_repeatable_and_other_variants_differ():
    assert questions.suggest(BANK).as_dict() == questions.suggest(BANK).as_dict()
    assert questions.suggest(BANK, variant=3).as_dict() == questions.suggest(BANK, variant=3).as_dict()
    mixes = {tuple(map(tuple, questions.suggest(BANK, variant=v).as_dict().values())) for v in range(6)}
    assert len(mixes) >= 3


def test_own_questions_come_first_and_are_never_suggested_again():
    mine = BANK.questions[0].text  # a bank question the learner also wrote
    plan = questions.suggest(BANK, own={"hiring_manager": f"- {mine}\n\n2) What is the team's next big project?"})
    hm = plan.lists["hiring_manager"]
    assert [s.own for s in hm] == [True, True, False]
    assert hm[0].text == mine and hm[1].text == "What is the team's next big project?"
    assert all_texts(plan).count(mine) == 1


def test_the_same_own_question_for_two_people_is_flagged():
    plan = questions.suggest(BANK, own={"hr": "What is the dress code?", "peer": "what is the DRESS code"})
    assert len(plan.repeats) == 1
    assert plan.repeats[0].interviewers == ("HR or recruiter", "Future colleague")
    assert "Ask each person something different" in plan._repr_html_()


def test_meeting_only_some_people():
    plan = questions.suggest(BANK, meeting=["peer", "hr", "peer"])
    assert list(plan.labels) == ["peer", "hr"]
    assert questions.suggest(BANK, meeting=[]).as_dict() == {}


def test_too_few_questions_left_is_reported_not_hidden():
    plan = questions.suggest(BANK, per_interviewer=10)
    assert plan.short  # the bank cannot give everyone ten different questions
    texts = all_texts(plan)
    assert len(texts) == len(set(texts))


def test_bad_arguments_are_clear():
    with pytest.raises(ValueError, match="unknown interviewer 'ceo'"):
        questions.suggest(BANK, meeting=["ceo"])
    with pytest.raises(ValueError, match="own questions for unknown interviewer 'boss'"):
        questions.suggest(BANK, own={"boss": "Hi?"})
    with pytest.raises(ValueError, match="per_interviewer"):
        questions.suggest(BANK, per_interviewer=-1)


def test_own_questions_parsing():
    text = "1. First?\n  * Second?\n\n• Third?\nfirst?\n-   \n10) Tenth?"
    assert questions.own_questions(text) == ["First?", "Second?", "Third?", "Tenth?"]
    assert questions.own_questions(None) == []


def test_learner_text_is_escaped_in_the_plan():
    plan = questions.suggest(BANK, own={"hr": "<img src=x onerror=alert(1)>\n" + "y" * 100_000})
    html = plan._repr_html_()
    assert "<img" not in html and "&lt;img" in html
    assert "more characters not shown" in html


@settings(max_examples=60, deadline=None)
@given(
    meeting=st.lists(st.sampled_from(ALL), unique=True),
    per=st.integers(0, 6),
    variant=st.integers(0, 10_000),
    own=st.dictionaries(st.sampled_from(ALL), st.lists(st.text(min_size=1, max_size=30), max_size=3), max_size=4),
)
def test_no_suggestion_is_ever_given_to_two_people(meeting, per, variant, own):
    plan = questions.suggest(BANK, meeting=meeting, own=own, per_interviewer=per, variant=variant)
    suggested = [s.id for i in plan.labels for s in plan.lists[i] if not s.own]
    assert len(suggested) == len(set(suggested))
    for i in plan.labels:
        assert len([s for s in plan.lists[i] if not s.own]) <= per


# --- what the builder saves -------------------------------------------------------------------------
def test_saved_choices_fall_back_to_defaults_for_odd_values(store):
    from course_lib.questions import SECTION, SavedChoices, SavedQuestions

    saved = SavedQuestions(store)
    assert saved.read(["hr", "peer"]) == SavedChoices(None, 0, {"hr": "", "peer": ""})
    store.save(SECTION, "meeting", "everyone")
    store.save(SECTION, "variant", True)
    store.save(SECTION, "hr", ["A list?", "Of questions?"])
    assert saved.read(["hr"]) == SavedChoices(None, 0, {"hr": "A list?\nOf questions?"})
    saved.save_meeting(["peer"])
    saved.save_variant(3)
    saved.save_own("peer", "Who sits where?")
    assert saved.read(["peer"]) == SavedChoices(("peer",), 3, {"peer": "Who sits where?"})


def test_the_pack_reads_the_saved_plan_or_else_the_learners_own_questions(store):
    from course_lib.questions import SECTION, SavedQuestions

    saved = SavedQuestions(store)
    labels = {"hr": "HR or recruiter", "peer": "Future colleague"}
    store.save(SECTION, "peer", "  What is a typical day?\n\n")
    store.save(SECTION, "meeting", ["peer"])  # not an interviewer: never read as questions
    assert saved.planned(labels) == (("Future colleague", ("What is a typical day?",)),)
    store.save(SECTION, "plan", {"hr": ["How are reviews done?", ""], "old_role": "One question", "peer": []})
    assert saved.planned(labels) == (("HR or recruiter", ("How are reviews done?",)), ("Old role", ("One question",)))
