"""Model fixes found while writing the DF2xx (RUN and package manager) rules."""

from __future__ import annotations

import pytest

from dfls.model import parse
from dfls.model.shell import scripts


def _bodies(run: str) -> list[str]:
    instruction = parse(f"FROM a\n{run}").instructions[1]
    return [script.source for script in scripts(instruction)[1:]]


@pytest.mark.parametrize(
    ("run", "bodies"),
    [
        # The shell runs the body: it is the RUN's script, or a shell reads it.
        ("RUN <<EOF\napt-get update\nEOF\n", ["apt-get update\n"]),
        ("RUN --network=none <<-EOF\n\techo hi\n\tEOF\n", ["\techo hi\n"]),
        ("RUN bash <<EOF\necho hi\nEOF\n", ["echo hi\n"]),
        ("RUN sudo sh -e <<'EOF'\necho hi\nEOF\n", ["echo hi\n"]),
        # The body is data for another program, not a script.
        ("RUN cat <<EOF > /usr/local/bin/setup.sh\napt-get install foo\nEOF\n", []),
        ('RUN tee /etc/apt/apt.conf.d/x <<EOF\nAPT::Install-Recommends "0";\nEOF\n', []),
        ("RUN python3 <<EOF\nimport os\nEOF\n", []),
        # Two heredocs: only the one the shell reads is a script.
        ("RUN bash <<A && cat > /x <<B\necho a\nA\ndata\nB\n", ["echo a\n"]),
        # A marker at the start of a longer line is a redirection, not the script.
        ("RUN <<A cat > /x\necho a\nA\n", []),
    ],
)
def test_only_heredocs_a_shell_runs_are_scripts(run: str, bodies: list[str]) -> None:
    assert _bodies(run) == bodies
