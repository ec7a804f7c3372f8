"""Content files are read with limits: a file that is far too big, or YAML aliases nested into a
"billion laughs", are refused in one line within a moment, and no message quotes more than a short
excerpt of what a file holds."""

import shutil
import subprocess
import sys
import time

import pytest

from course_lib import content
from course_lib.content import ContentError, load_content
from test_content import FIXTURES


def _problems(data_dir) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(data_dir)
    return caught.value.errors


def test_nested_yaml_aliases_are_refused_at_once(data_copy):
    shutil.copy(FIXTURES / "billion_laughs.yaml", data_copy / "quizzes" / "laughs.yaml")
    start = time.perf_counter()
    problems = _problems(data_copy)
    assert time.perf_counter() - start < 10  # before: 80 s, 3 GB, then MemoryError
    assert problems == ["data/quizzes/laughs.yaml: line 6: YAML aliases (*a) are not allowed in content files; "
                        "write the text out in full"]


def test_a_star_in_text_is_not_taken_for_an_alias(data_copy):
    quiz = (FIXTURES / "valid_quiz.yaml").read_text(encoding="utf-8")
    quiz = quiz.replace("title: ", "title: A **bold** claim, 5 * 3 and *emphasis* - ", 1)
    (data_copy / "quizzes" / "zz_stars.yaml").write_text(quiz, encoding="utf-8")
    assert load_content(data_copy).quiz("fixture-valid").title.startswith("A **bold** claim, 5 * 3")


def test_a_content_file_over_the_size_limit_is_refused_in_one_line(data_copy):
    big = data_copy / "question_bank.yaml"
    entry = "  - id: q{n}\n    text: A question that is asked\n    category: not-a-category\n"
    with open(big, "w", encoding="utf-8") as f:  # 3 MB, a wrong category in each of its 40,000 items
        f.write("questions:\n")
        for n in range(40_000):
            f.write(entry.format(n=n))
    assert big.stat().st_size > content.MAX_CONTENT_BYTES
    start = time.perf_counter()
    problems = _problems(data_copy)
    assert time.perf_counter() - start < 10
    assert problems == [f"data/question_bank.yaml: the file is {big.stat().st_size / 1e6:.1f} MB, more than a "
                        "content file can be (2 MB at most): is it the right file? Split it if it is"]


def test_a_file_with_thousands_of_problems_lists_fifty_and_counts_the_rest(data_copy):
    entry = "  - id: q{n}\n    text: A question\n    category: nope\n"
    (data_copy / "question_bank.yaml").write_text("questions:\n" + "".join(entry.format(n=n) for n in range(3000)),
                                                  encoding="utf-8")
    problems = _problems(data_copy)
    assert len(problems) == content.MAX_LINES_PER_FILE + 1
    assert problems[-1] == "data/question_bank.yaml: 2,950 more problems not listed (fix the ones above first)"


def test_a_message_quotes_only_a_short_excerpt_of_a_huge_value(data_copy):
    quiz = (FIXTURES / "valid_quiz.yaml").read_text(encoding="utf-8")
    huge = "X" * 1_000_000
    (data_copy / "quizzes" / "zz_huge.yaml").write_text(quiz.replace("id: fixture-valid", f"id: {huge}", 1),
                                                        encoding="utf-8")
    (line,) = [p for p in _problems(data_copy) if "zz_huge" in p]
    assert len(line) < 300 and "may only hold lower-case letters" in line and "XXXX" in line


def test_cli_validate_refuses_aliases_in_one_line(data_copy):
    shutil.copy(FIXTURES / "billion_laughs.yaml", data_copy / "quizzes" / "laughs.yaml")
    result = subprocess.run([sys.executable, "-m", "course_lib", "validate", str(data_copy)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "data/quizzes/laughs.yaml: line 6: YAML aliases (*a) are not allowed in content files; write the text out in full",
        "1 problem found."]
