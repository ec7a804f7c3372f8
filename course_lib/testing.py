"""Drive the course's widgets from Python, as a learner would, for tests.

Helpers act only through what a learner can reach: visible, enabled buttons and inputs. A
hidden or disabled control raises an error, so a test cannot do what the learner could not.
Views are reached through the parts they name by role (:class:`course_lib.widgets.View`:
``controls()`` and ``shows()``), never by guessing at their attributes::

    from course_lib import testing
    view = course.quiz("04-star", store=store)
    testing.answer(view, "star-order", ["situation", "task", "action", "result"])
    assert testing.feedback_text(view, "star-order").startswith("✓ Correct.")
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterator

import ipywidgets as w

from course_lib.widgets import View, is_shown as _shown


# --- any view ----------------------------------------------------------------------------------
def _part(parts: dict, role: str, view, kind: str):
    try:
        return parts[role]
    except KeyError:
        raise LookupError(f"{view!r} has no {kind} {role!r} ({kind}s: {', '.join(parts) or 'none'})") from None


def control(view: View, role: str):
    """The control ``view`` names ``role`` (e.g. "field:company", "date:interview", "answer")."""
    return _part(view.controls(), role, view, "control")


def shown(view: View, role: str):
    """The widget in which ``view`` shows ``role`` (e.g. "feedback", "status", "message")."""
    return _part(view.shows(), role, view, "part shown")


def keyed(view: View, role: str) -> dict:
    """The controls ``view`` names ``role:<key>``, by key (e.g. role "field": {"company": box, ...})."""
    return {r.removeprefix(f"{role}:"): c for r, c in view.controls().items() if r.startswith(f"{role}:")}


def shown_text(view: View, role: str) -> str:
    """The visible text of what ``view`` shows as ``role``."""
    return html_text(shown(view, role).value)


def walk(widget, *, visible_only: bool = True) -> Iterator:
    """Every widget in the tree under ``widget`` (skipping hidden parts unless asked)."""
    if visible_only and not _shown(widget):
        return
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child, visible_only=visible_only)


def find_button(widget, name: str) -> w.Button:
    """The one visible button named ``name`` under ``widget``."""
    found = [b for b in walk(widget) if isinstance(b, w.Button) and b.description == name]
    if len(found) != 1:
        names = sorted({b.description for b in walk(widget) if isinstance(b, w.Button)})
        raise LookupError(f"expected one visible button {name!r}, found {len(found)} (visible buttons: {names})")
    return found[0]


def press(widget, name: str) -> None:
    """Press the visible button ``name``, as a learner clicking it; a disabled one raises."""
    button = find_button(widget, name)
    if button.disabled:
        raise RuntimeError(f"the button {name!r} is disabled: a learner cannot press it")
    button.click()


def html_text(html: str) -> str:
    """Visible text of an HTML fragment: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(_html.unescape(re.sub(r"<[^>]+>", " ", html or "")).split())


def output_html(output: w.Output) -> str:
    """The HTML shown in an Output widget (its display outputs, joined)."""
    return "\n".join(o.get("data", {}).get("text/html", "") for o in output.outputs)


# --- quizzes -----------------------------------------------------------------------------------
def _position(quiz_widget, question_id: str) -> int:
    ids = [q.id for q in quiz_widget.session.quiz.questions]
    if question_id not in ids:
        raise LookupError(f"no question {question_id!r} in this quiz ({ids})")
    return ids.index(question_id)


def question_view(quiz_widget, question_id: str):
    return quiz_widget.view(_position(quiz_widget, question_id))


def go_to(quiz_widget, question_id: str | None) -> None:
    """Press Back/Next until ``question_id`` shows (None: the end-of-quiz summary)."""
    last = len(quiz_widget.session.quiz.questions) - 1
    target = last + 1 if question_id is None else _position(quiz_widget, question_id)
    for _ in range(last + 2):
        if quiz_widget.position == target:
            return
        nav = "Back" if quiz_widget.position > target else ("See your score" if quiz_widget.position == last else "Next")
        press(quiz_widget, nav)
    raise RuntimeError(f"could not reach {question_id!r} with Back and Next")


def _editable(view, widget) -> None:
    if widget.disabled:
        raise RuntimeError(f"question {view.question.id!r} is locked: its inputs are disabled")


def _choose_in(view, option_ids) -> None:
    """Choose options by id in one question view, like clicking them."""
    wanted = [option_ids] if isinstance(option_ids, str) else list(option_ids)
    kind = view.question.kind
    if kind == "ordering":
        raise TypeError("an ordering question is answered with set_order()")
    if kind in ("single", "true_false"):
        if len(wanted) > 1:
            raise ValueError("a radio button question takes one option")
        _editable(view, view.radios)
        view.radios.value = wanted[0] if wanted else None
        return
    unknown = [i for i in wanted if i not in view.checkboxes]
    if unknown:
        raise LookupError(f"no option {unknown} in question {view.question.id!r}")
    for oid, box in view.checkboxes.items():
        if box.value != (oid in wanted):
            _editable(view, box)
            box.value = oid in wanted


def _order_in(view, option_ids) -> None:
    """Put the steps of an ordering question view in this order, place by place."""
    if view.question.kind != "ordering":
        raise TypeError(f"question {view.question.id!r} is not an ordering question")
    for place, oid in zip(view.places, option_ids):
        if place.value != oid:
            _editable(view, place)
            place.value = oid


def _fill(view, response) -> None:
    (_order_in if view.question.kind == "ordering" else _choose_in)(view, response)


def choose(quiz_widget, question_id: str, option_ids) -> None:
    """Go to the question and choose options by id (one id, or a list), like clicking them."""
    go_to(quiz_widget, question_id)
    _choose_in(question_view(quiz_widget, question_id), option_ids)


def set_order(quiz_widget, question_id: str, option_ids) -> None:
    """Put the steps of an ordering question in this order, place by place through the dropdowns."""
    go_to(quiz_widget, question_id)
    _order_in(question_view(quiz_widget, question_id), option_ids)


def press_on(quiz_widget, question_id: str, name: str) -> None:
    """Go to the question and press its button ``name`` ("Check", "Try again", "Hint", ...)."""
    go_to(quiz_widget, question_id)
    press(question_view(quiz_widget, question_id).box, name)


def check(quiz_widget, question_id: str) -> None:
    press_on(quiz_widget, question_id, "Check")


def try_again(quiz_widget, question_id: str) -> None:
    press_on(quiz_widget, question_id, "Try again")


def hint(quiz_widget, question_id: str) -> None:
    press_on(quiz_widget, question_id, "Hint")


def answer(quiz_widget, question_id: str, response) -> str:
    """Choose (or order) and press Check; returns the feedback text shown."""
    go_to(quiz_widget, question_id)
    _fill(question_view(quiz_widget, question_id), response)
    check(quiz_widget, question_id)
    return feedback_text(quiz_widget, question_id)


def feedback_html(quiz_widget, question_id: str) -> str:
    return output_html(question_view(quiz_widget, question_id).feedback)


def feedback_text(quiz_widget, question_id: str) -> str:
    return html_text(feedback_html(quiz_widget, question_id))


def message_text(quiz_widget, question_id: str) -> str:
    """The gentle message under the buttons (e.g. 'Choose an answer first')."""
    return html_text(question_view(quiz_widget, question_id).message.value)


def hints_text(quiz_widget, question_id: str) -> str:
    return html_text(question_view(quiz_widget, question_id).hints.value)


def chosen(quiz_widget, question_id: str) -> tuple[str, ...]:
    """What the question's inputs show as chosen (ordering: the order)."""
    return question_view(quiz_widget, question_id).selected()


def progress_text(quiz_widget) -> str:
    return html_text(quiz_widget.progress.value)


def summary_html(quiz_widget) -> str:
    go_to(quiz_widget, None)
    return output_html(quiz_widget.summary)


def reveal(quiz_widget, code: str) -> str:
    """Type a reveal code and press Reveal answers; returns the message shown (empty on success)."""
    if not _shown(quiz_widget.reveal_row):
        raise RuntimeError("this quiz shows no reveal box (practice mode, or already revealed)")
    quiz_widget.reveal_code.value = code
    press(quiz_widget.reveal_row, "Reveal answers")
    return html_text(quiz_widget.reveal_message.value)


# --- review cards (the warm-up and review due) ------------------------------------------------------
def review_card(review_widget):
    """The card the warm-up or review shows now (None after the last): ``.key``, ``.question``."""
    view = review_widget.current()
    return None if view is None else view.session.card


def review_answer(review_widget, response) -> str:
    """Answer the card shown now and press Check; returns the feedback text shown."""
    view = review_widget.current()
    if view is None:
        raise RuntimeError("no card is shown: the review is over")
    _fill(view, response)
    press(view.box, "Check")
    return html_text(output_html(view.feedback))


def review_next(review_widget) -> None:
    """Press Next card (or Finish, on the last card)."""
    press(review_widget, "Finish" if review_widget.position == len(review_widget.cards) - 1 else "Next card")


# --- worksheets, the questions builder, the thank-you builder and the follow-up planner -------
# Each of these views names its text boxes "field:<id>": a worksheet's field ids, the questions
# builder's interviewer ids, and for the thank-you builder "company", "role" and "<n>:name",
# "<n>:discussed", "<n>:note" (n = 1, 2, ... per interviewer).
def _box(view, role: str, field_id: str, verb: str):
    """The box ``view`` names ``role:<field_id>``, if a learner could ``verb`` it (type in, tick)."""
    boxes = keyed(view, role)
    if not boxes:
        raise TypeError(f"{view!r} has no boxes to {verb}")
    if field_id not in boxes:
        raise LookupError(f"no box {field_id!r} to {verb} (boxes: {', '.join(boxes)})")
    box = boxes[field_id]
    if not _shown(box) or getattr(box, "box", box).disabled:
        raise RuntimeError(f"the box {field_id!r} is hidden or disabled: a learner cannot {verb} it")
    return box


def _text_box(view, field_id: str):
    return _box(view, "field", field_id, "type in")


def fill_field(view, field_id: str, text: str) -> str:
    """Type ``text`` into a box, as a learner would (it saves as typed); returns the line under it."""
    box = _text_box(view, field_id)
    box.box.value = text
    return saved_status(view, field_id)


def saved_status(view, field_id: str) -> str:
    """The line under a box, e.g. 'Saved · 12 words · 64 characters'."""
    return html_text(_text_box(view, field_id).status.value)


def tick(view, field_id: str, ticked: bool = True) -> str:
    """Tick (or untick) a step of a checklist worksheet, as a learner would; returns the line under
    the list, e.g. 'Saved · 3 of 10 done'."""
    _box(view, "tick", field_id, "tick").value = ticked
    return shown_text(view, "progress")


def checks_text(view, field) -> str:
    """The live feedback shown for a paraphrase (field id) or a thank-you note (interviewer number)."""
    return shown_text(view, f"feedback:{field}")


def set_dates(view, interview, decision=None) -> None:
    """Pick the interview date (and the decision date, where the view has one; None clears it)."""
    from course_lib.planner import as_date

    controls = view.controls()
    control(view, "date:interview").value = None if interview is None else as_date(interview)
    if "date:decision" in controls:
        controls["date:decision"].value = None if decision is None else as_date(decision)
    elif decision is not None:
        raise TypeError("this view has no decision date")


def shown_dates(view) -> dict:
    """The dates the follow-up planner shows: {"thank_you": date, "follow_up_1": date, ...}."""
    from datetime import date

    found = re.findall(r'data-kind="([a-z_0-9]+)" data-date="(\d{4}-\d{2}-\d{2})"', shown(view, "dates").value)
    return {kind: date.fromisoformat(day) for kind, day in found}


def calendar_file(view) -> str:
    """The .ics text behind the planner's download link ('' if no link is shown)."""
    import base64

    found = re.search(r'href="data:text/calendar;charset=utf-8;base64,([A-Za-z0-9+/=]+)"', shown(view, "download").value)
    return base64.b64decode(found.group(1)).decode("utf-8") if found else ""


def meet(view, interviewer_ids) -> None:
    """Tick exactly these interviewers in the questions builder."""
    ticks = keyed(view, "meet")
    unknown = set(interviewer_ids) - set(ticks)
    if unknown:
        raise LookupError(f"no interviewer {sorted(unknown)} (known: {', '.join(ticks)})")
    for iid, tick in ticks.items():
        if tick.value != (iid in interviewer_ids):
            tick.value = iid in interviewer_ids


def shown_questions(view) -> dict:
    """The questions the builder shows, {interviewer id: [question text, ...]}, read from the page."""
    found = {}
    for iid, items in re.findall(r'data-interviewer="([^"]+)".*?<ol>(.*?)</ol>', shown(view, "plan").value, re.S):
        found[iid] = [html_text(re.sub(r"<small>.*?</small>", "", li, flags=re.S))
                      for attrs, li in re.findall(r"<li([^>]*)>(.*?)</li>", items, re.S)
                      if "course-questions-empty" not in attrs]
    return found


# --- download links (the prep pack, results files) ---------------------------------------------
def downloads(html: str) -> dict[str, str]:
    """The files behind the download links in ``html``: {file name: text}."""
    import base64

    found = re.findall(r'<a download="([^"]+)" href="data:[^;,]+(?:;charset=utf-8)?;base64,([A-Za-z0-9+/=]*)"', html)
    return {_html.unescape(name): base64.b64decode(data).decode("utf-8") for name, data in found}


# --- number boxes ------------------------------------------------------------------------------
def type_number(widget, description: str, value) -> None:
    """Type ``value`` into the visible number box ``description`` and press Enter, as a learner does;
    values outside its range raise instead of being clamped silently."""
    found = [b for b in walk(widget) if isinstance(b, (w.BoundedIntText, w.BoundedFloatText))
             and b.description == description]
    if len(found) != 1:
        raise LookupError(f"expected one visible number box {description!r}, found {len(found)}")
    box = found[0]
    if box.disabled:
        raise RuntimeError(f"the box {description!r} is disabled: a learner cannot type in it")
    if not box.min <= value <= box.max:
        raise ValueError(f"{value} is outside the box's range {box.min}–{box.max}")
    box.value = value


# --- the STAR coach, the story bank and mock practice -----------------------------------------
# Their "answer" control is the coach's editor (free text or four guided boxes) in the coach and
# the story bank, and a text box in mock practice. Feedback waits for a pause in typing, so these
# helpers type and then let the pause pass at once (``flush``).
def _star_editor(view):
    from course_lib.star_widget import StoryEditor

    editor = control(view, "answer")
    if not isinstance(editor, StoryEditor):
        raise TypeError(f"{view!r} has one answer box, not the coach's editor with its guided boxes")
    return editor


def _type(box, text: str) -> None:
    if not _shown(box) or box.disabled:
        raise RuntimeError("that answer box is hidden or disabled: a learner cannot type in it")
    box.value = text


def type_answer(view, text: str) -> None:
    """Type ``text`` as the whole answer (free text in the coach or the story bank; the answer box
    in mock practice) and wait for the coach's reading."""
    answer = control(view, "answer")
    if isinstance(answer, w.Textarea):  # mock practice
        _type(answer, text)
        view.debouncer.flush()
        return
    if answer.mode.value != "free":
        raise RuntimeError("the coach shows the four guided boxes: use type_parts(), or switch to free text")
    _type(answer.free, text)
    answer.flush()


def type_parts(view, parts: dict) -> None:
    """Type into the guided boxes, e.g. {"situation": "...", "action": "..."}; others keep their text."""
    editor = _star_editor(view)
    if editor.mode.value != "guided":
        raise RuntimeError("the coach shows free text: switch_mode(view, 'guided') first")
    unknown = set(parts) - set(editor.boxes)
    if unknown:
        raise LookupError(f"no box {sorted(unknown)} (boxes: {', '.join(editor.boxes)})")
    for part, text in parts.items():
        _type(editor.boxes[part], text)
    editor.flush()


def switch_mode(view, mode: str) -> None:
    """Switch the answer between "free" text and the four "guided" boxes, as the toggle does."""
    editor = _star_editor(view)
    if mode not in ("free", "guided"):
        raise ValueError(f"mode is 'free' or 'guided', not {mode!r}")
    editor.mode.value = mode


def star_feedback_html(view) -> str:
    return shown(view, "feedback").value


def marked_sentences(view) -> list[tuple[str, str]]:
    """The answer as the coach marks it: [(label, sentence text), ...], label as the learner reads
    it ("Situation", "Task", "Action", "Result", "Other", or "S or T?" where two parts are close)."""
    answer = re.search(r'<div class="course-star-answer">(.*?)</div>', star_feedback_html(view), re.S)
    marked = []
    for piece in re.split(r'(?=<span class="course-star-sentence )', answer.group(1) if answer else ""):
        m = re.match(r'<span class="course-star-sentence[^>]*><span class="course-star-tag[^>]*>\d+ · '
                     r'(?:<span aria-hidden="true">)?(\w+|\w or \w\?)(?:</span><span class="course-star-spoken">[^<]*</span>)?</span>(.*)</span>',
                     piece, re.S)
        if m:
            body = re.sub(r'<span class="course-star-flag">.*?</span>|</?mark[^>]*>', "", m.group(2))
            marked.append((m.group(1), html_text(body)))
    return marked


def star_tips(view) -> list[str]:
    """The coach's tips, most important first."""
    return [html_text(t) for t in re.findall(r'<li class="course-star-tip"[^>]*>(.*?)</li>', star_feedback_html(view), re.S)]


def star_checklist(view) -> dict[str, str]:
    """The checklist as shown: {rule: "Done" / "To do"}."""
    found = re.findall(r'<li class="course-check"[^>]*>(.*?)</strong>', star_feedback_html(view), re.S)
    verdicts = (re.match(r"\W*(Done|To do|Not checked yet): (.*)", html_text(item)) for item in found)
    return {m.group(2): m.group(1) for m in verdicts if m}


def star_status(view) -> str:
    """The line under the answer, e.g. 'Draft saved · not yet in your story bank · 54 words · ...'."""
    return shown_text(view, "status")


def star_message(view) -> str:
    """What the view said after a button (e.g. 'Saved to your story bank as story 1.')."""
    return shown_text(view, "message")


def drill_comparison(view) -> dict[str, tuple[str, str]]:
    """The rewrite drill's BEFORE and AFTER as shown: {check: (verdict before, verdict after)}, each
    verdict "Done", "To do" or "Not checked yet"; {} before anything is written."""
    html = shown(view, "compare").value

    def side(name: str) -> dict[str, str]:
        found = re.search(rf'<div class="course-drill-{name}">(.*?)</ul>', html, re.S)
        items = re.findall(r'<li class="course-check"[^>]*>(.*?)</strong>', found.group(1) if found else "", re.S)
        verdicts = (re.match(r"\W*(Done|To do|Not checked yet): (.*)", html_text(item)) for item in items)
        return {m.group(2): m.group(1) for m in verdicts if m}

    before, after = side("before"), side("after")
    return {label: (verdict, after[label]) for label, verdict in before.items()}


def drill_summary(view) -> list[str]:
    """The lines above the rewrite drill's BEFORE and AFTER (the weakness, what moved, what is left)."""
    return [html_text(line) for line in re.findall(r'<li class="course-\w+" data-tone="\w+">(.*?)</li>',
                                                   shown(view, "compare").value, re.S)]


def choose_story(bank, number: int) -> None:
    """Pick the story numbered ``number`` (1, 2, ...) in the story bank's list."""
    choice = control(bank, "story")
    options = list(choice.options)
    if not 1 <= number <= len(options):
        raise LookupError(f"no story {number}: the bank lists {len(options)}")
    choice.value = options[number - 1][1]


def run_out_the_clock(mock) -> None:
    """Let mock practice's countdown reach zero (the view must use a clock the test controls)."""
    if mock.started_at is None:
        raise RuntimeError("press Start first")
    mock.started_at -= mock.seconds + 1
    mock.tick()


# --- the progress panel ------------------------------------------------------------------------
def choose_backup(panel, number: int) -> str:
    """Pick backup ``number`` (1 = the newest) in the progress panel's list; returns its line
    as shown (e.g. '25 November 2026, 14:05 · 7 answers · kept before a reset')."""
    if not _shown(panel.backups_box):
        raise RuntimeError("the panel lists no backups")
    options = list(panel.backup_choice.options)
    if not 1 <= number <= len(options):
        raise LookupError(f"no backup {number}: the panel lists {len(options)}")
    panel.backup_choice.value = options[number - 1][1]
    return options[number - 1][0]
