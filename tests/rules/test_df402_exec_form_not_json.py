from __future__ import annotations

import pytest

from tests.rules.helpers import assert_clean, assert_flags, findings, fixed


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("CMD ['python', 'app.py']", "uses single quotes"),
        ("ENTRYPOINT ['tini', '--']", "uses single quotes"),
        ("CMD ['serve']", "uses single quotes"),
        ("CMD [\"python\", 'app.py']", "uses single quotes"),
        ("cmd ['python','app.py']", "uses single quotes"),
        ("RUN ['apt-get', 'update']", "uses single quotes"),
        ("SHELL ['/bin/bash', '-c']", "uses single quotes"),
        ("HEALTHCHECK --interval=5s CMD ['/app', '-health']", "uses single quotes"),
        ("VOLUME ['/data']", "uses single quotes"),
        ("COPY --chown=app ['a b', '/app/']", "uses single quotes"),
        ("ENTRYPOINT [gunicorn, app:app]", "has unquoted elements"),
        ('CMD ["python", "app.py",]', "has a trailing comma"),
        ("CMD ['python', \\\n     'app.py']", "uses single quotes"),
        ("ONBUILD CMD ['python', 'app.py']", "uses single quotes"),
    ],
)
def test_flags(line: str, problem: str) -> None:
    (violation,) = assert_flags("DF402", f"FROM python:3.12-slim\n{line}\n")
    assert problem in violation.message


@pytest.mark.parametrize(
    "line",
    [
        'CMD ["python", "app.py"]',
        "CMD python app.py",
        "RUN [ -f /etc/app.conf ]",
        'RUN [ "$MODE" = prod ] && echo prod',
        "RUN [ '$MODE' ]",
        'RUN [ "a" ]',
        "RUN [[ -n x ]]",
        "CMD []",
        "HEALTHCHECK NONE",
        "RUN <<EOF\n['a', 'b']\nEOF",
        "# dfls ignore=DF402\nCMD ['python', 'app.py']",
    ],
)
def test_does_not_flag(line: str) -> None:
    assert_clean("DF402", f"FROM python:3.12-slim\n{line}\n")


def test_span_is_the_array() -> None:
    (violation,) = assert_flags("DF402", "FROM a:1\nHEALTHCHECK CMD ['a', 'b']\n")
    start, end = violation.span
    assert (start.line, start.character, end.character) == (1, 16, 26)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("CMD ['python', 'app.py']", 'CMD ["python", "app.py"]'),
        ("cmd ['serve']", 'cmd ["serve"]'),
        ('CMD ["a", \'say "hi"\']', 'CMD ["a", "say \\"hi\\""]'),
        ('CMD ["a", "b",]', 'CMD ["a", "b"]'),
        ("CMD ['a', \\\n    'b']", 'CMD ["a", "b"]'),
        (
            "HEALTHCHECK --retries=3 CMD ['/app', '-h']",
            'HEALTHCHECK --retries=3 CMD ["/app", "-h"]',
        ),
        ("ONBUILD RUN ['make']", 'ONBUILD RUN ["make"]'),
    ],
)
def test_fix_writes_json(before: str, after: str) -> None:
    assert fixed("DF402", f"FROM a:1\n{before}\n", unsafe=False) == f"FROM a:1\n{after}\n"


@pytest.mark.parametrize("line", ["CMD [python, app.py]", "CMD ['C:\\\\app', 'x']"])
def test_no_fix_when_the_strings_are_ambiguous(line: str) -> None:
    (violation,) = assert_flags("DF402", f"FROM a:1\n{line}\n")
    assert violation.fix is None


def test_shell_form_rule_defers_to_this_one() -> None:
    text = "FROM a:1\nCMD ['python', 'app.py']\n"
    assert findings("DF401", text) == []
    assert findings("DF402", text) != []


def test_windows_escape_file() -> None:
    text = "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ['cmd', '/S', `\n  '/C', 'echo hi']\n"
    assert fixed("DF402", text, unsafe=False) == (
        "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
        'CMD ["cmd", "/S", "/C", "echo hi"]\n'
    )
