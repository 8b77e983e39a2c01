from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, fixed


@pytest.mark.parametrize(
    "text",
    [
        "FROM alpine:3.20\nCMD python app.py\n",
        "FROM alpine:3.20\nentrypoint gunicorn app:app\n",
        "FROM alpine:3.20\nCMD python \\\n    app.py\n",
    ],
)
def test_flags(text: str) -> None:
    assert_flags("DF401", text)


@pytest.mark.parametrize(
    "text",
    [
        'FROM alpine:3.20\nCMD ["python", "app.py"]\n',
        "FROM alpine:3.20\n# dfls ignore=shell-form-command\nCMD python app.py\n",
        "FROM alpine:3.20\nRUN echo hi\n",
        # Meant as exec form but not JSON: DF402 reports it precisely.
        "FROM alpine:3.20\nCMD ['python', 'app.py']\n",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert_clean("DF401", text)


def test_fix_converts_simple_commands() -> None:
    assert fixed("DF401", "FROM a:1\nCMD python -m app --port 80\n") == (
        'FROM a:1\nCMD ["python", "-m", "app", "--port", "80"]\n'
    )


@pytest.mark.parametrize("command", ["python $APP", "a && b", "echo 'hi there'", "run *.py"])
def test_no_fix_when_the_shell_is_needed(command: str) -> None:
    (violation,) = assert_flags("DF401", f"FROM a:1\nCMD {command}\n")
    assert violation.fix is None


def test_fix_keeps_non_ascii_characters_readable() -> None:
    assert fixed("DF401", "FROM a:1\nCMD python café.py\n") == (
        'FROM a:1\nCMD ["python", "café.py"]\n'
    )
