"""Helpers behind the second-interview course.

Notebook cells call into this package: ``import course_lib as course`` then, for example,
``course.quiz("02-purpose")``. Importing it is nearly free: every name below is loaded from
its module on first use, so pandas, matplotlib, pydantic and ipywidgets are only imported
when a cell needs them.
"""

from importlib import import_module

__version__ = "0.1.0"

# public name -> "module:attribute". One table, so a notebook's vocabulary is visible in one place.
_EXPORTS = {
    "course_map": "course_lib.overview:course_map",
    "load_content": "course_lib.content:load_content",
    "ContentError": "course_lib.content:ContentError",
    "open_store": "course_lib.progress:open_store",
    "worksheet": "course_lib.worksheet_widget:worksheet",
    "questions_builder": "course_lib.questions_widget:questions_builder",
    "thank_you_builder": "course_lib.planner_widget:thank_you_builder",
    "follow_up_planner": "course_lib.planner_widget:follow_up_planner",
    "quiz": "course_lib.quiz_widget:quiz",
    "course_scores": "course_lib.quiz_widget:course_scores",
    "warm_up": "course_lib.review_widget:warm_up",
    "review_due": "course_lib.review_widget:review_due",
    "reveal_codes": "course_lib.quizzes:reveal_codes",
    "progress_info": "course_lib.progress:progress_info",
    "progress_panel": "course_lib.progress_widget:progress_panel",
    "prep_pack": "course_lib.export_widget:prep_pack",
    "class_report": "course_lib.classroom:roll_up",
    "class_chart": "course_lib.classroom:class_chart",
    "class_table": "course_lib.gradebook:learner_table",
    "show_chart": "course_lib.charts:show_chart",
    "funnel_explorer": "course_lib.funnel_widget:funnel_explorer",
    "projector_deck": "course_lib.deck_widget:projector_deck",
    "workshop_agenda": "course_lib.agenda:workshop_agenda",
    "workshop_materials": "course_lib.agenda:workshop_materials",
    "statistics_table": "course_lib.stats:statistics_table",
    "analyze": "course_lib.star:analyze",
    "star_coach": "course_lib.star_widget:star_coach",
    "story_bank": "course_lib.star_widget:story_bank",
    "mock_practice": "course_lib.star_widget:mock_practice",
    "star_examples": "course_lib.star_widget:star_examples",
    "track_picker": "course_lib.track_widget:track_picker",
    "join_room": "course_lib.room_widget:join_room",
    "room_projector": "course_lib.room_projector_widget:room_projector",
    "rewrite_drills": "course_lib.drill_widget:rewrite_drills",
    "model_answers": "course_lib.model_answer_widget:model_answers",
    "model_thank_you_note": "course_lib.model_answer_widget:model_thank_you_note",
    "worked_example": "course_lib.candidate_widget:worked_example",
}


def __getattr__(name):
    try:
        target = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'course_lib' has no attribute {name!r}") from None
    module_name, attr = target.split(":")
    value = getattr(import_module(module_name), attr)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
