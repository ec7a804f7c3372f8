"""The quiz widget, driven from Python through course_lib.testing as a learner would use it."""

import json

import ipywidgets as w
import pytest

from course_lib import testing
from course_lib.content import load_content
from course_lib.quizzes import reveal_code
from course_lib.quiz_widget import course_scores, quiz

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def content():
    return load_content()


def star(store, content, **kw):
    return quiz("04-star", store=store, content=content, **kw)


def wrong_option(question):
    return next(o for o in question.options if o.id not in question.answer)


def test_the_panel_is_easy_to_find_and_its_text_form_is_stable(store, content):
    view = star(store, content)
    assert repr(view) == "Quiz: Behavioural questions and STAR (6 questions)"
    assert {"course-widget", "course-quiz", "course-quiz-04-star"} <= set(view._dom_classes)
    testing.answer(view, "we-or-i", "say-i")
    assert repr(view) == "Quiz: Behavioural questions and STAR (6 questions)"  # learner data never shows
    names = {b.description for b in testing.walk(view, visible_only=False) if isinstance(b, w.Button)}
    assert {"Check", "Try again", "Hint", "Show the answer", "Back", "Next"} <= names


def test_progress_reads_n_of_m_and_moves_with_next_and_back(store, content):
    view = star(store, content)
    assert testing.progress_text(view) == "Question 1 of 6 · 0 answered"
    testing.press(view, "Next")
    testing.press(view, "Next")
    assert testing.progress_text(view) == "Question 3 of 6 · 0 answered"
    testing.press(view, "Back")
    assert testing.progress_text(view).startswith("Question 2 of 6")
    testing.go_to(view, "star-order")
    with pytest.raises(RuntimeError, match="disabled"):
        testing.press(view, "Back")  # nothing before the first question


def test_a_wrong_answer_shows_its_explanation(store, content):
    view = star(store, content)
    q = content.quiz("04-star").questions[2]  # false-star, single choice
    bad = wrong_option(q)
    text = testing.answer(view, q.id, bad.id)
    assert text.startswith("✗ Not quite.")
    assert bad.explanation.split(".")[0] in text
    right = next(o for o in q.options if o.id in q.answer)
    assert right.explanation.split(".")[0] not in text  # the answer is not given away yet
    assert testing.feedback_html(view, q.id).count("course-section-link") == 1


def test_a_right_answer_is_marked_correct_in_words(store, content):
    view = star(store, content)
    text = testing.answer(view, "action-core", "false")
    assert text.startswith("✓ Correct.")
    assert "course-good" in testing.feedback_html(view, "action-core")


def test_check_with_nothing_chosen_is_a_gentle_message(store, content):
    view = star(store, content)
    testing.check(view, "we-or-i")
    assert testing.message_text(view, "we-or-i") == "Choose an answer first, then press Check."
    assert testing.feedback_text(view, "we-or-i") == ""
    assert store.load("quiz:04-star", "we-or-i") is None  # nothing counted as an attempt
    testing.choose(view, "we-or-i", "fine")
    assert testing.message_text(view, "we-or-i") == ""  # the message goes once they choose


def test_multiple_select_gives_partial_credit_in_the_widget(store, content):
    view = quiz("02-purpose", store=store, content=content)
    text = testing.answer(view, "fit-means", ["values"])
    assert text.startswith("◐ Partly right.") and "1 of the 3 right options" in text
    assert "2 more right options to find" in text


def test_ordering_dropdowns_swap_so_the_order_stays_complete(store, content):
    view = star(store, content)
    order = testing.chosen(view, "star-order")
    assert sorted(order) == ["action", "result", "situation", "task"]
    places = testing.question_view(view, "star-order").places
    assert [p.description for p in places] == ["Place 1", "Place 2", "Place 3", "Place 4"]
    places[0].value = order[1]  # putting a step in place 1 swaps it with the step that was there
    assert testing.chosen(view, "star-order") == (order[1], order[0], *order[2:])
    text = testing.answer(view, "star-order", ["situation", "task", "result", "action"])
    assert "moving 1 step would fix it" in text
    testing.set_order(view, "star-order", ["situation", "task", "action", "result"])
    assert testing.feedback_text(view, "star-order") == ""  # a changed answer waits for Check
    testing.check(view, "star-order")
    assert testing.feedback_text(view, "star-order").startswith("✓ Correct.")
    assert store.load("quiz:04-star", "star-order")["attempts"][0]["score"] == pytest.approx(2 / 3)


def test_try_again_hint_and_show_the_answer(store, content):
    view = star(store, content)
    q = content.quiz("04-star").questions[2]
    testing.hint(view, q.id)
    assert testing.hints_text(view, q.id).startswith(f"Hint 1 of {len(q.hints)}:")
    assert testing.question_view(view, q.id).hint.disabled  # only one hint for this question
    testing.answer(view, q.id, wrong_option(q).id)
    testing.try_again(view, q.id)
    assert testing.chosen(view, q.id) == () and testing.feedback_text(view, q.id) == ""
    testing.answer(view, q.id, wrong_option(q).id)
    testing.press_on(view, q.id, "Show the answer")
    shown = testing.feedback_text(view, q.id)
    assert all(o.explanation.split(".")[0] in shown for o in q.options)


def test_answers_and_feedback_come_back_in_a_new_widget(store, content):
    first = star(store, content)
    testing.answer(first, "we-or-i", "fine")
    testing.choose(first, "answer-length", "two-minutes")  # chosen, not yet checked
    testing.hint(first, "star-order")
    again = star(store, content)  # as after a kernel restart: a new widget on the same store
    assert testing.chosen(again, "we-or-i") == ("fine",)
    assert testing.feedback_text(again, "we-or-i") == testing.feedback_text(first, "we-or-i") != ""
    assert testing.chosen(again, "answer-length") == ("two-minutes",)
    assert testing.feedback_text(again, "answer-length") == ""
    assert testing.hints_text(again, "star-order").startswith("Hint 1")
    assert testing.progress_text(again).endswith("1 answered")
    assert [o.id for o in testing.question_view(again, "we-or-i").session.options(
        testing.question_view(again, "we-or-i").question)] == [
        v for _, v in testing.question_view(first, "we-or-i").radios.options]  # same shuffled order


def test_the_summary_names_questions_to_revisit_with_links(store, content):
    view = star(store, content)
    testing.answer(view, "we-or-i", "fine")
    testing.answer(view, "we-or-i", "say-i")  # right the second time: still worth revisiting
    testing.answer(view, "action-core", "false")
    html = testing.summary_html(view)
    assert testing.progress_text(view) == "Your score · 2 of 6 answered"
    assert "First-try score: 1 of 2 (50 %)" in testing.html_text(html)
    revisit = html.split("To revisit")[1].split("Not answered yet")[0]
    assert 'href="#Four-habits-of-a-strong-answer"' in revisit and "Sam answers" in revisit
    assert "Put the four parts" in html.split("Not answered yet")[1]


def test_workshop_mode_takes_one_answer_and_holds_feedback_until_revealed(store, content):
    view = star(store, content, mode="workshop")
    assert "Feedback appears when your facilitator reveals the answers." in testing.html_text(view.heading.value)
    assert not [b for b in testing.walk(view) if isinstance(b, w.Button) and b.description == "Hint"]
    testing.answer(view, "we-or-i", "fine")
    assert testing.feedback_text(view, "we-or-i").startswith("Your answer is saved.")
    assert "Not quite" not in testing.feedback_text(view, "we-or-i")
    with pytest.raises(RuntimeError, match="locked"):
        testing.choose(view, "we-or-i", "say-i")
    with pytest.raises(RuntimeError, match="disabled"):
        testing.check(view, "we-or-i")
    assert "facilitator reveals" in testing.html_text(testing.summary_html(view))
    assert testing.reveal(view, "") == "Type the code your facilitator gives, then press Reveal answers."
    assert "not this quiz's reveal code" in testing.reveal(view, HOSTILE)
    assert HOSTILE not in view.reveal_message.value
    assert testing.reveal(view, reveal_code("04-star")) == ""
    for shown in (view, star(store, content, mode="workshop")):  # the heading says so, now and on re-run
        assert "your facilitator has revealed the answers" in testing.html_text(shown.heading.value)
        assert "Feedback appears when" not in testing.html_text(shown.heading.value)
    assert testing.feedback_text(view, "we-or-i").startswith("✗ Not quite.")
    assert "“Sam answers" not in testing.feedback_text(view, "we-or-i")
    assert "Your choice" in testing.feedback_text(view, "we-or-i")
    again = star(store, content, mode="workshop")  # the reveal is kept
    assert testing.feedback_text(again, "we-or-i").startswith("✗ Not quite.")
    with pytest.raises(RuntimeError, match="no reveal box"):
        testing.reveal(again, "x")


def test_the_mode_can_come_from_the_environment(store, content, monkeypatch):
    monkeypatch.setenv("COURSE_QUIZ_MODE", "workshop")
    view = star(store, content)
    assert view.session.mode == "workshop" and testing._shown(view.reveal_row)
    monkeypatch.setenv("COURSE_QUIZ_MODE", "nonsense")
    with pytest.raises(ValueError, match="COURSE_QUIZ_MODE is 'nonsense'"):
        star(store, content)


def hostile_content(tmp_path):
    data = tmp_path / "data"
    (data / "quizzes").mkdir(parents=True)
    long_text = "😀 שלום " * 12_000  # about 100 KB with emoji and right-to-left text
    quiz_data = {"id": "hostile", "title": HOSTILE, "notebook": "01_what_it_means.ipynb", "questions": [
        {"id": "h1", "kind": "single", "prompt": HOSTILE + long_text, "answer": "a", "hints": [HOSTILE],
         "explanation": "<script>alert(1)</script>",
         "options": [{"id": "a", "text": HOSTILE, "explanation": HOSTILE},
                     {"id": "b", "text": long_text, "explanation": long_text}]},
        {"id": "h2", "kind": "multiple", "prompt": "?", "answer": ["a"],
         "options": [{"id": "a", "text": HOSTILE, "explanation": HOSTILE},
                     {"id": "b", "text": "<b>bold</b>", "explanation": "<script>x</script>"}]},
    ]}
    (data / "quizzes" / "hostile.yaml").write_text(json.dumps(quiz_data, ensure_ascii=False), encoding="utf-8")
    return load_content(data)


def test_hostile_content_and_learner_text_show_as_text(tmp_path, store):
    content = hostile_content(tmp_path)
    view = quiz("hostile", store=store, content=content, mode="workshop")
    testing.answer(view, "h1", "b")
    testing.reveal(view, reveal_code("hostile"))
    testing.answer(view, "h2", ["a", "b"])
    everything = [x.value for x in testing.walk(view, visible_only=False) if isinstance(x, w.HTML)]
    everything += [testing.output_html(o) for o in testing.walk(view, visible_only=False) if isinstance(o, w.Output)]
    everything.append(testing.summary_html(view))
    joined = "\n".join(everything)
    assert "<img" not in joined and "<script" not in joined and "<b>bold" not in joined
    assert "&lt;img src=x onerror=alert(1)&gt;" in joined
    assert "(2 questions)" in repr(view) and "<img" in repr(view)  # plain text, never rendered as HTML
    # radio labels are set as plain text by the browser, so they carry the text unchanged
    labels = {label for label, _ in testing.question_view(view, "h1").radios.options}
    assert labels == {o.text for o in content.quiz("hostile").questions[0].options}


def test_course_scores_follow_the_answers_given_in_the_same_notebook(store, content):
    panel = course_scores(store=store, content=content)
    assert repr(panel) == "Your quiz scores across the course"
    assert {"course-widget", "course-scores"} <= set(panel._dom_classes)
    assert "No quiz answers yet" in testing.output_html(panel.table)
    testing.answer(star(store, content), "we-or-i", "fine")  # no button pressed
    html = testing.output_html(panel.table)
    assert "You answered 1 of" in html and "04_star_method.ipynb#Four-habits-of-a-strong-answer" in html
    assert repr(panel) == "Your quiz scores across the course"
    store.reset(confirm=True)
    assert "No quiz answers yet" in testing.output_html(panel.table)


def test_course_scores_read_answers_from_another_notebook_when_asked(store, content):
    from course_lib.progress import Store

    panel = course_scores(store=store, content=content)
    other_tab = Store(store.path)  # another notebook's kernel, with its own connection
    try:
        testing.answer(star(other_tab, content), "we-or-i", "fine")
    finally:
        other_tab.close()
    assert "No quiz answers yet" in testing.output_html(panel.table)  # not announced across kernels
    testing.press(panel, "Update my scores")
    assert "You answered 1 of" in testing.output_html(panel.table)


def test_the_saved_choice_is_marked_on_the_question_so_a_page_can_wait_for_it(store, content):
    quiz_id, q = next((z.id, q) for z in content.quizzes.values() for q in z.questions if q.kind == "multiple")
    view = quiz(quiz_id, store=store, content=content)
    box = testing.question_view(view, q.id).box
    assert not [c for c in box._dom_classes if c.startswith("course-chosen-")]
    picked = [o.id for o in q.options[:2]]
    testing.choose(view, q.id, picked)
    assert sorted(c for c in box._dom_classes if c.startswith("course-chosen-")) == sorted(
        f"course-chosen-{oid}" for oid in picked)
    testing.choose(view, q.id, picked[:1])
    assert [c for c in box._dom_classes if c.startswith("course-chosen-")] == [f"course-chosen-{picked[0]}"]
    assert "course-quiz-question" in box._dom_classes
