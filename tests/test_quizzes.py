"""Quiz logic: grading every kind (with partial credit), feedback, saved records, scores, modes,
and the course's own quizzes in data/."""

import json
import re
from pathlib import Path

import pytest

from course_lib.content import Question, Quiz, load_content
from course_lib.quizzes import (
    PRACTICE,
    WORKSHOP,
    AnswerError,
    NoAnswer,
    QuizSession,
    Record,
    grade,
    normalise,
    resolve_mode,
    reveal_code,
    reveal_codes,
    score_course,
    score_quiz,
    section_link,
)

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "<img src=x onerror=alert(1)>"


def question(kind, answer, option_ids, **extra) -> Question:
    return Question.model_validate({
        "id": extra.pop("id", f"q-{kind}"), "kind": kind, "prompt": extra.pop("prompt", "A question?"),
        "answer": answer,
        "options": [{"id": o, "text": f"Option {o}", "explanation": f"Why {o}."} for o in option_ids],
        **extra,
    })


SINGLE = question("single", "b", ["a", "b", "c"], section="02_x.ipynb#Who-you-meet", explanation="The point.")
TRUE_FALSE = question("true_false", "false", ["true", "false"])
MULTIPLE = question("multiple", ["a", "c"], ["a", "b", "c", "d", "e"])
ORDERING = question("ordering", ["s", "t", "a", "r"], ["s", "t", "a", "r"], hints=["First hint.", "Second hint."])


def make_quiz(*questions, quiz_id="fixture", notebook="02_x.ipynb") -> Quiz:
    return Quiz.model_validate({"id": quiz_id, "title": "A fixture quiz", "notebook": notebook,
                                "questions": [q.model_dump() for q in questions]})


# --- the quiz schema's additions ---------------------------------------------------------------
def test_a_section_must_be_a_notebook_and_a_heading_anchor(tmp_path):
    from course_lib.content import ContentError

    data = tmp_path / "data"
    (data / "quizzes").mkdir(parents=True)
    bad = make_quiz(SINGLE).model_dump(exclude_none=True)
    bad["questions"][0]["section"] = "the STAR method"
    (data / "quizzes" / "bad.yaml").write_text(json.dumps(bad))
    with pytest.raises(ContentError, match=r"data/quizzes/bad.yaml: question 'q-single': 'section' is "
                                           r"'the STAR method', but must be a notebook file, '#'"):
        load_content(data)


def test_two_options_with_the_same_text_are_refused():
    with pytest.raises(ValueError, match="option text 'Same' used more than once"):
        Question.model_validate({"id": "x", "kind": "single", "prompt": "?", "answer": "a", "options": [
            {"id": "a", "text": "Same", "explanation": "."}, {"id": "b", "text": "Same", "explanation": "."}]})


# --- grading each kind ------------------------------------------------------------------------
def test_single_choice_right_and_wrong():
    right, wrong = grade(SINGLE, "b"), grade(SINGLE, ["a"])
    assert (right.correct, right.score, right.headline) == (True, 1.0, "Correct.")
    assert (wrong.correct, wrong.score, wrong.headline) == (False, 0.0, "Not quite.")
    assert wrong.explanation_for("a") == "Why a."
    assert [o.verdict for o in wrong.options] == ["wrong", "missed", "other"]


@pytest.mark.parametrize("response, score", [(False, 1.0), ("false", 1.0), (True, 0.0), (["true"], 0.0)])
def test_true_false_takes_ids_or_booleans(response, score):
    assert grade(TRUE_FALSE, response).score == score


@pytest.mark.parametrize("chosen, score", [
    (["a", "c"], 1.0),          # both right
    (["c", "a"], 1.0),          # order of ticking does not matter
    (["a"], 0.5),               # one of two right
    (["a", "c", "b"], 0.5),     # both right, one wrong: one share taken away
    (["a", "b"], 0.0),          # one right, one wrong
    (["b", "d"], 0.0),          # only wrong: never below zero
    (["a", "b", "c", "d", "e"], 0.0),  # ticking everything never pays
])
def test_multiple_select_partial_credit(chosen, score):
    assert grade(MULTIPLE, chosen).score == pytest.approx(score)


def test_multiple_select_says_how_it_went():
    feedback = grade(MULTIPLE, ["a", "b"])
    assert feedback.choice == ("a", "b")
    assert feedback.headline == "Not quite."
    assert feedback.detail == "You chose 1 of the 2 right options and 1 that does not fit. Score: 0 %."
    assert grade(MULTIPLE, ["a"]).headline == "Partly right."


@pytest.mark.parametrize("order, moves", [
    (["s", "t", "a", "r"], 0),
    (["s", "t", "r", "a"], 1),  # two neighbours swapped
    (["s", "a", "r", "t"], 1),  # one step taken out and put back in the wrong place
    (["t", "s", "r", "a"], 2),
    (["r", "a", "t", "s"], 3),  # reversed: n - 1 moves
])
def test_ordering_scores_the_fewest_moves(order, moves):
    feedback = grade(ORDERING, order)
    assert feedback.moves == moves
    assert feedback.score == pytest.approx(1 - moves / 3)
    assert sum(not o.right for o in feedback.options) == moves
    assert [o.placed for o in feedback.options] == [1, 2, 3, 4]


def test_ordering_marks_the_step_to_move():
    feedback = grade(ORDERING, ["s", "a", "r", "t"])  # 't' belongs second
    assert [o.id for o in feedback.options if not o.right] == ["t"]
    assert {o.id: o.belongs for o in feedback.options} == {"s": 1, "t": 2, "a": 3, "r": 4}
    assert "moving 1 step would fix it" in feedback.detail


@pytest.mark.parametrize("q, response, error, words", [
    (SINGLE, None, NoAnswer, "Choose an answer first"),
    (SINGLE, [], NoAnswer, "Choose an answer first"),
    (MULTIPLE, (), NoAnswer, "Tick at least one option"),
    (TRUE_FALSE, [], NoAnswer, "Choose True or False"),
    (ORDERING, ["s", "t"], NoAnswer, "Put every step in a place"),
    (SINGLE, ["a", "b"], AnswerError, "Choose only one answer"),
    (SINGLE, "zz", AnswerError, "'zz' is not one of this question's options"),
    (ORDERING, ["s", "s", "t", "a"], AnswerError, "a step appears twice"),
])
def test_answers_that_cannot_be_graded_say_why_gently(q, response, error, words):
    with pytest.raises(error, match=re.escape(words)):
        normalise(q, response)


# --- feedback that teaches, safely ------------------------------------------------------------
def test_a_wrong_answer_explains_only_what_was_chosen():
    html = grade(SINGLE, "a", notebook="02_x.ipynb").html()
    assert "Why a." in html and "Why b." not in html  # the right answer is not given away
    assert "✗ Your choice: not quite." in html  # said in words, not only in colour
    assert 'href="#Who-you-meet"' in html  # a link into the same notebook stays on the page


def test_a_right_answer_explains_every_option_and_the_point():
    html = grade(SINGLE, "b")._repr_html_()
    assert all(f"Why {o}." in html for o in "abc")
    assert "The point." in html and "course-good" in html


def test_multiple_select_counts_what_is_left_to_find():
    html = grade(MULTIPLE, ["a"]).html()
    assert "There is 1 more right option to find." in html and "Why c." not in html
    assert "Why c." in grade(MULTIPLE, ["a"]).html(reveal=True)


def test_ordering_feedback_hides_the_order_until_revealed():
    feedback = grade(ORDERING, ["s", "a", "r", "t"])
    assert "✗ Move this step." in feedback.html() and "The right order" not in feedback.html()
    assert "The right order" in feedback.html(reveal=True)


def test_hostile_content_is_escaped_in_feedback():
    q = Question.model_validate({
        "id": "x", "kind": "single", "prompt": HOSTILE, "answer": "a", "explanation": HOSTILE,
        "section": "01_x.ipynb#A\"onmouseover=alert(1)",
        "options": [{"id": "a", "text": HOSTILE, "explanation": "<script>alert(1)</script>"},
                    {"id": "b", "text": "fine", "explanation": "fine"}],
    })
    html = grade(q, "a").html(reveal=True)
    assert "<img" not in html and "<script" not in html and '"onmouseover' not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_section_links_say_where_they_go():
    assert section_link("04_star_method.ipynb#The-STAR-method") == (
        "04_star_method.ipynb#The-STAR-method", "The STAR method (notebook 04)")
    assert section_link("04_star_method.ipynb#The-STAR-method", from_notebook="04_star_method.ipynb") == (
        "#The-STAR-method", "The STAR method (in this notebook)")


# --- what is saved, and sessions --------------------------------------------------------------
def test_every_check_is_saved_with_choice_result_and_attempts(store):
    session = QuizSession(make_quiz(SINGLE), store, mode="practice", seed=1)
    session.choose(SINGLE, "a")
    assert store.load("quiz:fixture", SINGLE.id)["choice"] == ["a"]  # saved before Check
    session.check(SINGLE, "a")
    session.check(SINGLE, "a")  # pressing Check again on the same answer is not a new attempt
    session.check(SINGLE, "b")
    saved = store.load("quiz:fixture", SINGLE.id)
    assert saved["choice"] == ["b"] and saved["checked"] is True
    assert [(a["choice"], a["score"], a["mode"]) for a in saved["attempts"]] == [
        (["a"], 0.0, "practice"), (["b"], 1.0, "practice")]
    assert len(store.history("quiz:fixture", SINGLE.id)) == 3  # every value kept


def test_a_new_session_restores_choice_and_feedback(store):
    quiz = make_quiz(SINGLE, MULTIPLE)
    QuizSession(quiz, store, seed=1).check(MULTIPLE, ["a", "b"])
    again = QuizSession(quiz, store, seed=1)
    assert again.choice(MULTIPLE) == ("a", "b")
    assert again.feedback(MULTIPLE).score == 0.0
    assert again.feedback(SINGLE) is None


def test_changing_the_choice_hides_feedback_until_checked(store):
    session = QuizSession(make_quiz(SINGLE), store, seed=1)
    session.check(SINGLE, "a")
    session.choose(SINGLE, "c")
    assert session.feedback(SINGLE) is None and session.choice(SINGLE) == ("c",)


def test_try_again_clears_the_choice_but_keeps_the_first_score(store):
    quiz = make_quiz(SINGLE, ORDERING)
    session = QuizSession(quiz, store, seed=1)
    session.check(SINGLE, "a")
    session.try_again(SINGLE)
    assert session.choice(SINGLE) == () and session.feedback(SINGLE) is None
    session.check(SINGLE, "b")
    assert score_quiz(quiz, store).questions[0].first_score == 0.0
    session.check(ORDERING, ["t", "s", "a", "r"])
    session.try_again(ORDERING)  # an ordering keeps the learner's order to adjust
    assert session.choice(ORDERING) == ("t", "s", "a", "r")


def test_hints_come_one_at_a_time_and_are_kept(store):
    session = QuizSession(make_quiz(ORDERING), store, seed=1)
    assert session.next_hint(ORDERING) == "First hint."
    assert session.next_hint(ORDERING) == "Second hint."
    assert session.next_hint(ORDERING) is None
    assert QuizSession(make_quiz(ORDERING), store, seed=1).hints(ORDERING) == ["First hint.", "Second hint."]


def test_show_the_answer_only_after_a_try(store):
    session = QuizSession(make_quiz(SINGLE), store, seed=1)
    assert not session.can_show_answer(SINGLE)
    session.check(SINGLE, "a")
    assert session.can_show_answer(SINGLE) and not session.reveal_all(SINGLE)
    session.show_answer(SINGLE)
    assert session.reveal_all(SINGLE) and not session.can_show_answer(SINGLE)
    assert score_quiz(make_quiz(SINGLE), store).points == 0.0


def test_option_order_is_shuffled_stably_per_learner(store):
    many = question("single", "a", list("abcdefgh"), id="many")
    quiz = make_quiz(many, ORDERING, TRUE_FALSE)
    first = [o.id for o in QuizSession(quiz, store).options(many)]
    assert [o.id for o in QuizSession(quiz, store).options(many)] == first  # same learner, same order
    others = {tuple(o.id for o in QuizSession(quiz, store, seed=s).options(many)) for s in range(20)}
    assert len(others) > 10  # other learners see other orders
    for seed in range(30):  # an ordering question never starts solved; True comes before False
        session = QuizSession(quiz, store, seed=seed)
        assert session.choice(ORDERING) != tuple(ORDERING.answer)
        assert [o.id for o in session.options(TRUE_FALSE)] == ["true", "false"]


def test_damaged_records_are_read_without_crashing(store):
    for junk in (None, "text", 3, [], {"attempts": [{"score": "x"}, "bad", {"score": 2, "choice": []}],
                                       "hints": True, "choice": "a"}):
        record = Record.from_value(junk)
        assert record.attempts == [] and record.hints == 0 and record.choice == ()
    store.save("quiz:fixture", SINGLE.id, {"attempts": "nonsense"})
    session = QuizSession(make_quiz(SINGLE), store, seed=1)
    assert session.feedback(SINGLE) is None
    session.check(SINGLE, "b")
    assert store.history("quiz:fixture", SINGLE.id)[0] == {"attempts": "nonsense"}  # never lost


# --- modes and the workshop reveal ------------------------------------------------------------
def test_mode_comes_from_the_parameter_then_the_environment(monkeypatch):
    monkeypatch.delenv("COURSE_QUIZ_MODE", raising=False)
    assert resolve_mode() == PRACTICE
    monkeypatch.setenv("COURSE_QUIZ_MODE", " Workshop ")
    assert resolve_mode() == WORKSHOP
    assert resolve_mode("practice") == PRACTICE
    assert resolve_mode("assessment") == WORKSHOP
    monkeypatch.setenv("COURSE_QUIZ_MODE", "exam")
    with pytest.raises(ValueError, match="COURSE_QUIZ_MODE is 'exam'; use 'practice'"):
        resolve_mode()


def test_workshop_mode_takes_one_answer_and_holds_feedback_until_revealed(store):
    quiz = make_quiz(SINGLE, ORDERING)
    session = QuizSession(quiz, store, mode="workshop", seed=1)
    assert session.next_hint(ORDERING) is None  # no hints in a workshop
    session.check(SINGLE, "a")
    assert session.locked(SINGLE) and session.feedback(SINGLE) is None
    with pytest.raises(AnswerError, match="answered once"):
        session.check(SINGLE, "b")
    session.choose(SINGLE, "b")  # ignored: the answer is in
    assert session.choice(SINGLE) == ("a",)
    assert score_quiz(quiz, store).held and "facilitator reveals" in score_quiz(quiz, store).sentence()
    assert not session.reveal("wrong-code") and not session.reveal("")
    code = reveal_code("fixture")
    assert session.reveal(f"  {code.upper().replace('-', ' ')} ")  # forgiving about case and spacing
    assert session.feedback(SINGLE).score == 0.0 and session.reveal_all(SINGLE)
    assert not score_quiz(quiz, store).held


def test_reveal_codes_are_short_stable_and_differ_between_quizzes():
    content = load_content()
    codes = reveal_codes(content)
    assert {qid for qid, _, _ in codes.codes} == set(content.quizzes)
    assert all(re.fullmatch(r"[a-z]+-\d\d", code) for _, _, code in codes.codes)
    assert len({code for _, _, code in codes.codes}) == len(codes.codes)
    assert reveal_code("02-purpose") == reveal_code("02-purpose")
    assert "02-purpose" in str(codes) and "Reveal code" in codes._repr_html_()


def test_the_command_line_prints_the_reveal_codes(capsys, tmp_path):
    from course_lib.cli import main

    assert main(["quiz-codes"]) == 0
    out = capsys.readouterr().out
    assert re.search(rf"^04-star +{reveal_code('04-star')} +Behavioural questions and STAR$", out, re.M)
    assert main(["quiz-codes", str(tmp_path / "missing")]) == 1
    assert "no such folder" in capsys.readouterr().err


# --- scores -----------------------------------------------------------------------------------
def test_quiz_score_uses_first_tries_and_names_what_to_revisit(store):
    quiz = make_quiz(SINGLE, MULTIPLE, ORDERING)
    session = QuizSession(quiz, store, seed=1)
    session.check(SINGLE, "b")
    session.check(MULTIPLE, ["a"])
    session.check(MULTIPLE, ["a", "c"])
    score = score_quiz(quiz, store)
    assert (score.total, score.answered, score.points) == (3, 2, 1.5)
    assert score.percent == pytest.approx(75)
    assert [q.id for q in score.to_revisit] == [MULTIPLE.id]
    assert [q.id for q in score.not_answered] == [ORDERING.id]
    assert "First-try score: 1.5 of 2 (75 %)" in score.sentence()
    assert score.to_dict()["questions"][MULTIPLE.id] == {"attempts": 2, "first_score": 0.5}


def test_course_scores_per_quiz_per_notebook_and_overall(tmp_path, store):
    data = tmp_path / "data"
    (data / "quizzes").mkdir(parents=True)
    for quiz in (make_quiz(SINGLE, quiz_id="qa", notebook="01_a.ipynb"),
                 make_quiz(MULTIPLE, ORDERING, quiz_id="qb", notebook="02_b.ipynb"),
                 make_quiz(TRUE_FALSE, quiz_id="qc", notebook="02_b.ipynb")):
        (data / "quizzes" / f"{quiz.id}.yaml").write_text(json.dumps(quiz.model_dump(exclude_none=True)))
    content = load_content(data)
    empty = score_course(store, content)
    assert empty.answered == 0 and empty.percent is None and "No quiz answers yet" in empty.sentence()
    QuizSession(content.quiz("qa"), store, seed=1).check(SINGLE, "b")
    QuizSession(content.quiz("qb"), store, seed=1).check(MULTIPLE, ["a"])
    scores = score_course(store, content)
    assert [q.quiz.id for q in scores.quizzes] == ["qa", "qb", "qc"]
    assert (scores.total, scores.answered, scores.points) == (4, 2, 1.5)
    assert scores.notebook_percent("01_a.ipynb") == 100 and scores.notebook_percent("02_b.ipynb") == 50
    html = scores.html()
    assert "not started" in html and "50 %" in html and repr(scores) == "Quiz scores: 2 of 4 questions answered"
    QuizSession(content.quiz("qc"), store, mode="workshop", seed=1).check(TRUE_FALSE, "true")
    held = score_course(store, content)
    assert held.points == 1.5 and "held until the reveal" in held.html()


# --- the course's own quizzes -----------------------------------------------------------------
CONTENT = load_content()
COURSE_QUIZZES = {q.id: q for q in CONTENT.quizzes.values() if q.id != "00-warm-up"}
ALL_QUESTIONS = [(quiz, q) for quiz in CONTENT.quizzes.values() for q in quiz.questions]


@pytest.mark.parametrize("quiz, q", ALL_QUESTIONS, ids=[f"{quiz.id}/{q.id}" for quiz, q in ALL_QUESTIONS])
def test_every_question_is_answerable_and_its_answer_scores_full_marks(store, quiz, q):
    session = QuizSession(quiz, store, seed=7)
    start = session.choice(q)
    if q.kind == "ordering":
        assert grade(q, start).score < 1  # the starting order is not already the answer
    feedback = session.check(q, q.answer)
    assert feedback.correct and feedback.score == 1.0
    for option in q.options:  # every option has its own explanation in the rendered feedback
        assert option.explanation.split(".")[0] in feedback.html(reveal=True).replace("&#x27;", "'")
    wrong = [o.id for o in q.options if o.id not in q.answer]
    if q.kind in ("single", "true_false"):
        assert not grade(q, wrong[0]).correct


def test_the_course_has_enough_questions_where_the_issue_asks():
    count = {qid: len(q.questions) for qid, q in COURSE_QUIZZES.items()}
    assert set(count) == {"01-meaning", "02-purpose", "03-prepare", "04-star", "05-in-the-room", "06-after",
                          "07-review"}
    assert sum(count.values()) >= 45
    assert count["01-meaning"] >= 8 and count["02-purpose"] >= 8 and count["06-after"] >= 8
    assert count["03-prepare"] + count["04-star"] + count["05-in-the-room"] >= 8
    assert {q.kind for quiz in COURSE_QUIZZES.values() for q in quiz.questions} == {
        "single", "multiple", "true_false", "ordering"}


def test_the_review_quiz_covers_all_eight_faq_questions():
    assert sorted(q.faq for q in COURSE_QUIZZES["07-review"].questions if q.faq) == list(range(1, 9))


def test_quizzes_belong_to_the_notebooks_of_the_course_map():
    files = {n.file for n in CONTENT.course_map.notebooks}
    assert all(quiz.notebook in files for quiz in CONTENT.quizzes.values())


def _anchors(notebook: Path) -> set[str]:
    """Heading anchors as JupyterLab makes them: the heading's text with spaces as '-'."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return {m.group(1).strip().replace(" ", "-")
            for c in cells if c["cell_type"] == "markdown"
            for m in re.finditer(r"^#{1,6}\s+(.+)$", "".join(c["source"]), re.M)}


def test_every_section_link_points_to_a_heading():
    notebooks = ROOT / "notebooks"
    missing, absent = [], set()
    for quiz, q in ALL_QUESTIONS:
        assert q.section, f"{quiz.id}/{q.id} has no section to revisit"
        file, _, anchor = q.section.partition("#")
        if not (notebooks / file).exists():
            absent.add(file)
        elif anchor not in _anchors(notebooks / file):
            missing.append(f"{quiz.id}/{q.id}: {q.section}")
    assert not missing, "section links without a heading: " + "; ".join(missing)
    assert not absent, f"notebooks not written yet: {sorted(absent)}"
