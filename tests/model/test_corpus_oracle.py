"""The real-world corpus: every file parses, and instruction boundaries match an oracle.

The oracle is the npm package dockerfile-ast (the parser of dockerfile-language-server-
nodejs), run once through ``tests/oracle/boundaries.js`` for every file. Where it and dfls
disagree and BuildKit (moby/buildkit frontend/dockerfile/parser/parser.go, the reference
for what a Dockerfile means) sides with dfls, the disagreement is listed below, file by
file and instruction by instruction, with the reason. Each listed disagreement must still
occur: a stale entry fails the test, so the list stays exact.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import pytest

from dfls.engine import sources
from dfls.model import Dockerfile
from dfls.model.export import dockerfile_json
from tests.conftest import CORPUS, ORACLE, corpus_files, require_tool, which_or_require

Boundary = tuple[str, int, int]  # keyword (upper case), first line, last line


class Disagreement(NamedTuple):
    """dfls finds ``ours`` where dockerfile-ast finds ``oracle`` (consecutive instructions)."""

    oracle: tuple[Boundary, ...]
    ours: tuple[Boundary, ...]
    reason: str


# An escaped escape character does not continue a line in BuildKit: its continuation
# regex is ([^\\])\\[ \t]*$|^\\[ \t]*$. dockerfile-ast continues any line ending in "\".
ESCAPED_ESCAPE = (
    "the line ends in an escaped backslash (\\\\), which BuildKit does not treat as a "
    "line continuation; dockerfile-ast does"
)

KNOWN_CORPUS_DISAGREEMENTS: dict[str, tuple[Disagreement, ...]] = {
    # BuildKit's own test file for exactly this: "ENV D This should not be appended to C".
    "moby__buildkit/frontend__dockerfile__parser__testfiles__trailing-backslash__Dockerfile": (
        Disagreement(
            oracle=(("ENV", 6, 7),),
            ours=(("ENV", 6, 6), ("ENV", 7, 7)),
            reason=ESCAPED_ESCAPE,
        ),
    ),
}


class Case(NamedTuple):
    name: str
    text: str
    disagreements: tuple[Disagreement, ...] = ()


# Hand-written cases where parsers are known to differ. Most agree; the rest are listed
# with BuildKit's reading.
CASES = (
    Case("heredoc", "RUN <<EOF\napt-get update\nEOF\nUSER app\n"),
    Case("heredoc-strip-tabs", "RUN <<-EOF\n\techo hi\n\tEOF\nUSER app\n"),
    Case("heredoc-quoted", "RUN cat <<'EOF'\n$x\nEOF\nUSER app\n"),
    Case("heredoc-two", "RUN <<A cat && <<B cat\na\nA\nb\nB\nUSER app\n"),
    Case("heredoc-copy", "COPY <<EOF /x\nbody\nEOF\nUSER app\n"),
    Case("heredoc-add", "ADD <<EOF /x\nbody\nEOF\nUSER app\n"),
    Case("heredoc-onbuild", "ONBUILD RUN <<EOF\nx\nEOF\nUSER app\n"),
    Case("heredoc-unterminated", "RUN <<EOF\nx\nUSER app\n"),
    Case("heredoc-after-continuation", "RUN --network=none \\\n    <<EOF\nmake\nEOF\nUSER app\n"),
    Case(
        "heredoc-strip-tabs-per-heredoc",
        "RUN <<-A cat && <<B cat\n\ta\n\tA\nb\n\tB\nB\nUSER app\n",
        (
            Disagreement(
                oracle=(("RUN", 0, 4), ("B", 5, 5)),
                ours=(("RUN", 0, 5),),
                reason="<<- strips tabs for its own heredoc only (BuildKit's Heredoc.Chomp); "
                "dockerfile-ast strips them for every heredoc of the instruction, so it ends "
                "<<B at a tab-indented B",
            ),
        ),
    ),
    Case(
        "heredoc-quoted-delimiter-with-blank",
        "RUN <<'E F'\nx\nE F\nUSER app\n",
        (
            Disagreement(
                oracle=(("RUN", 0, 0), ("X", 1, 1), ("E", 2, 2)),
                ours=(("RUN", 0, 2),),
                reason="BuildKit reads the word after << with its shell lexer, so 'E F' is "
                "one quoted word and a valid delimiter; dockerfile-ast sees no heredoc",
            ),
        ),
    ),
    Case("comment-in-continuation", "RUN a \\\n# c \\\n  b\nUSER app\n"),
    Case("blank-line-in-continuation", "RUN a \\\n\n  b\nUSER app\n"),
    Case("crlf", "FROM a\r\nRUN a \\\r\n b\r\nUSER app\r\n"),
    Case("lone-cr", "FROM a\rRUN a \\\r b\rUSER app\r"),
    Case("backtick-escape", "# escape=`\nRUN a `\n b\nRUN c \\\nUSER app\n"),
    Case("indented-directive", "  # escape=`\nRUN a `\n b\n"),
    Case("bom", "\ufeffFROM a\nRUN x\n"),
    Case("continuation-at-eof", "FROM a\nRUN x \\"),
    Case("escaped-blank-continues", "RUN a \\  \n b\nUSER x\n"),
    Case(
        "escaped-escape",
        "RUN a \\\\\nUSER app\n",
        (
            Disagreement(
                oracle=(("RUN", 0, 1),), ours=(("RUN", 0, 0), ("USER", 1, 1)), reason=ESCAPED_ESCAPE
            ),
        ),
    ),
    Case(
        "line-of-only-an-escape",
        "FROM a\n\\\nRUN x\nUSER app\n",
        (
            Disagreement(
                oracle=(("\\", 1, 1), ("RUN", 2, 2)),
                ours=(("RUN", 2, 2),),
                reason="BuildKit continues a line that is only the escape character into the "
                "next one (the ^\\\\[ \\t]*$ branch of its regex): one RUN instruction whose "
                "range dfls starts at the keyword; dockerfile-ast makes a '\\' instruction",
            ),
        ),
    ),
    Case(
        "unicode-blank-line",
        "FROM a\n\u00a0\nRUN x\n",
        (
            Disagreement(
                oracle=(("\u00a0", 1, 1),),
                ours=(),
                reason="BuildKit skips lines of unicode.IsSpace characters (a no-break space "
                "is one); dockerfile-ast only knows space and tab",
            ),
        ),
    ),
)


@pytest.fixture(scope="module")
def node() -> str:
    node = which_or_require("node", "node is not on PATH; the dockerfile-ast oracle needs it")
    if not (ORACLE / "node_modules" / "dockerfile-ast").is_dir():
        require_tool(
            "dockerfile-ast",
            f"{ORACLE}/node_modules is missing: run `cd tests/oracle && npm ci`",
        )
    return node


def oracle_boundaries(node: str, paths: Sequence[Path]) -> dict[str, list[Boundary]]:
    """dockerfile-ast's boundaries for every path, from one node process."""
    completed = subprocess.run(
        [node, str(ORACLE / "boundaries.js")],
        input=json.dumps([str(p) for p in paths]),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    found = json.loads(completed.stdout)
    return {
        path: [(b["keyword"], b["startLine"], b["endLine"]) for b in boundaries]
        for path, boundaries in found.items()
    }


def our_boundaries(text: str) -> list[Boundary]:
    return [
        (i.keyword, i.span.start.line, i.span.end.line) for i in Dockerfile.parse(text).instructions
    ]


def reconcile(
    oracle: list[Boundary], ours: list[Boundary], known: Sequence[Disagreement]
) -> Iterator[str]:
    """Apply the known disagreements to the oracle's answer; yield what still differs."""
    expected = list(oracle)
    for disagreement in known:
        wanted = list(disagreement.oracle)
        at = next(
            (i for i in range(len(expected)) if expected[i : i + len(wanted)] == wanted), None
        )
        if at is None:
            yield f"stale known disagreement, the oracle no longer says {wanted}"
            continue
        expected[at : at + len(wanted)] = disagreement.ours
    if expected != ours:
        yield f"dockerfile-ast (with known disagreements applied): {expected}\n  dfls: {ours}"


def read_like_node(path: Path) -> str:
    """The text node's readFileSync(path, "utf8") sees (invalid bytes become U+FFFD)."""
    return path.read_bytes().decode("utf-8", errors="replace")


@pytest.mark.corpus
def test_every_corpus_file_parses() -> None:
    for path in corpus_files():
        dockerfile = Dockerfile.parse(sources.read(path).text)
        data = dockerfile_json(dockerfile)  # touches every located view and the stages
        assert json.loads(json.dumps(data)) == data, path
        assert dockerfile.text == sources.read(path).text, path


@pytest.mark.corpus
def test_corpus_boundaries_agree_with_dockerfile_ast(node: str) -> None:
    files = corpus_files()
    oracle = oracle_boundaries(node, files)
    failures: list[str] = []
    for path in files:
        name = str(path.relative_to(CORPUS))
        known = KNOWN_CORPUS_DISAGREEMENTS.get(name, ())
        ours = our_boundaries(read_like_node(path))
        failures.extend(f"{name}: {m}" for m in reconcile(oracle[str(path)], ours, known))
    unknown = set(KNOWN_CORPUS_DISAGREEMENTS) - {str(p.relative_to(CORPUS)) for p in files}
    failures.extend(f"{name}: listed but not in the corpus" for name in sorted(unknown))
    assert not failures, "\n".join(failures)
    assert sum(len(v) for v in oracle.values()) > 1000  # the comparison really happened


def test_tricky_cases_agree_with_dockerfile_ast(node: str, tmp_path: Path) -> None:
    paths = []
    for case in CASES:
        path = tmp_path / f"{case.name}.Dockerfile"
        path.write_bytes(case.text.encode())
        paths.append(path)
    oracle = oracle_boundaries(node, paths)
    failures = [
        f"{case.name}: {message}"
        for case, path in zip(CASES, paths, strict=True)
        for message in reconcile(oracle[str(path)], our_boundaries(case.text), case.disagreements)
    ]
    assert not failures, "\n".join(failures)


def test_reconcile_reports_stale_and_remaining_differences() -> None:
    known = (Disagreement(oracle=(("RUN", 0, 1),), ours=(("RUN", 0, 0),), reason="r"),)
    assert list(reconcile([("RUN", 0, 1)], [("RUN", 0, 0)], known)) == []
    stale = list(reconcile([("RUN", 0, 0)], [("RUN", 0, 0)], known))
    assert len(stale) == 1
    assert stale[0].startswith("stale")
    assert len(list(reconcile([("RUN", 0, 0)], [("CMD", 0, 0)], ()))) == 1


def test_a_missing_tool_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DFLS_REQUIRE_ALL_TOOLS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="nodez: not installed"):
        require_tool("nodez", "not installed")
    monkeypatch.setenv("DFLS_REQUIRE_ALL_TOOLS", "1")
    with pytest.raises(pytest.fail.Exception, match="DFLS_REQUIRE_ALL_TOOLS=1"):
        require_tool("nodez", "not installed")
    with pytest.raises(pytest.fail.Exception, match="no-such-program-dfls"):
        which_or_require("no-such-program-dfls")
