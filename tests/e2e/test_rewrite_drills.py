"""The rewrite drills (notebook 04) in the app view: a drill picked from the list shows its weak
answer; the worked rewrite typed into the coach's editor moves checks from "to do" to "done", and
BEFORE and AFTER say so side by side, in words; the worked rewrite shows behind its button; the
rewrite comes back with a new kernel. The page keeps one outline of headings and passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import axe
from course_ui import FEEDBACK_TIMEOUT_MS
from notebook_ui import VoilaPage, wait_until_live

from course_lib import drills
from course_lib.markup import unwrap

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


def test_a_rewrite_moves_checks_from_to_do_to_done_side_by_side(page, voila, artifacts):
    app = VoilaPage(page, voila.url, "e2e/drills.ipynb").open()
    wait_until_live(app)
    drill = next(d for d in drills.load() if d.weakness == "no-result")
    expected = drills.compare(drill, unwrap(drill.rewrite))
    panel = app.root.locator(".course-drills")
    panel.get_by_label("Drill").select_option(label=drills.title(drill))
    expect(panel.locator(".course-drill-question")).to_have_text(drill.question, timeout=FEEDBACK_TIMEOUT_MS)
    editor = panel.locator(".course-drill-editor .course-star-free textarea")
    expect(editor).to_have_value(unwrap(drill.weak_answer))  # the box starts from the weak answer

    editor.fill(unwrap(drill.rewrite))
    compare = panel.locator(".course-drill-compare")
    expect(panel.locator(".course-star-status")).to_contain_text("Rewrite saved", timeout=FEEDBACK_TIMEOUT_MS)
    expect(compare.locator(".course-drill-moved")).to_have_count(len(expected.moved), timeout=FEEDBACK_TIMEOUT_MS)
    before, after = compare.locator(".course-drill-before"), compare.locator(".course-drill-after")
    for row in expected.rows:  # each check, with its verdict in words on both sides
        expect(before.locator(".course-check", has_text=row.label)).to_contain_text(f"{row.before.verdict}: {row.label}")
        expect(after.locator(".course-check", has_text=row.label)).to_contain_text(f"{row.after.verdict}: {row.label}")
    moved = after.locator(".course-check", has_text="Result has a number")
    expect(moved).to_contain_text("(moved to done)")
    expect(before.locator(".course-check", has_text="Result has a number")).to_have_attribute("data-passed", "false")
    expect(moved).to_have_attribute("data-passed", "true")
    expect(compare.locator(".course-drill-summary")).to_contain_text("is fixed: the coach no longer flags it")

    worked = panel.locator(".course-drill-worked")
    expect(worked).to_be_hidden()
    panel.get_by_role("button", name="Show a worked rewrite").click()
    expect(worked).to_contain_text("Why each change helps", timeout=FEEDBACK_TIMEOUT_MS)
    expect(panel.get_by_role("button", name="Hide the worked rewrite")).to_be_visible()
    app.screenshot(artifacts / "voila" / "drills.png")
    assert not axe.outline_problems(page), axe.outline_problems(page)
    axe.expect_no_failures(axe.audit(app, "app view rewrite drills, before and after"))

    again = VoilaPage(page, voila.url, "e2e/drills.ipynb").open()  # a new kernel on the same store
    wait_until_live(again)
    panel = again.root.locator(".course-drills")
    panel.get_by_label("Drill").select_option(label=drills.title(drill))
    expect(panel.locator(".course-drill-editor .course-star-free textarea")).to_have_value(
        unwrap(drill.rewrite), timeout=FEEDBACK_TIMEOUT_MS)
    expect(panel.locator(".course-star-status")).to_contain_text("kept from your last visit")
