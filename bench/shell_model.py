"""Should dfls's hand-written shell model be replaced by tree-sitter-bash? The numbers.

    .venv/bin/python bench/shell_model.py [--show 20]

Over every script of every RUN (and shell-run heredoc) in tests/corpus, both ways:

1. The split: the simple commands ``dfls.model.shell.parse_commands`` finds, against the
   ``command`` nodes of tree-sitter-bash (``tree-sitter`` and ``tree-sitter-bash`` from
   PyPI, in the dev group), outside ``$(...)`` as dfls does. Compared by command name, and
   by every word as written. Disagreements are listed (``--show``).
2. The rules: every rule of dfls run over the corpus with ``parse_commands`` as it is, and
   with an adapter that builds the same ``Command`` values from tree-sitter's tree (its
   word values unquoted with ``shlex``); the findings that differ are listed.
3. Speed: parsing every script, both ways (best of 5).
4. Code: the lines of dfls/model/shell.py and dfls/model/words.py that the adapter would
   replace.

docs/shell-model.md has the results and the decision.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dfls.engine import linting  # noqa: E402 -- after the path
from dfls.engine.config import Settings  # noqa: E402
from dfls.knowledge.shells import stage_dialect  # noqa: E402
from dfls.model import Dockerfile, shell  # noqa: E402
from dfls.model.shell import Command, ShellWord  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
SKIP = {"command_substitution", "process_substitution", "heredoc_body", "string", "raw_string"}


def _parser() -> Any:
    try:
        import tree_sitter
        import tree_sitter_bash
    except ImportError:
        sys.exit("pip install tree-sitter tree-sitter-bash (the dev group has them)")
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))


def corpus() -> list[Dockerfile]:
    rows = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    paths = [CORPUS / row.split("\t", 1)[0] for row in rows if row.strip()]
    return [Dockerfile.parse(p.read_text(encoding="utf-8")) for p in paths if p.is_file()]


def scripts(files: list[Dockerfile]) -> list[tuple[str, int]]:
    """Every shell script (source, start) of every RUN, as the rules see them (not those of
    PowerShell and cmd stages, which neither parser is meant for)."""
    found: list[tuple[str, int]] = []
    for dockerfile in files:
        for instruction in dockerfile.instructions:
            if (
                instruction.keyword == "RUN"
                and instruction.exec_form is None
                and stage_dialect(dockerfile, instruction) is not None
            ):
                found.extend((s.source, s.start) for s in shell.scripts(instruction))
    return found


def _char_offsets(source: str) -> Callable[[int], int]:
    """UTF-8 byte offset -> code point offset."""
    if source.isascii():
        return lambda b: b
    table = [0] * (len(source.encode("utf-8")) + 1)
    position = 0
    for index, ch in enumerate(source):
        width = len(ch.encode("utf-8", "surrogatepass"))
        for k in range(width):
            table[position + k] = index
        position += width
    table[position] = len(source)
    return lambda b: table[b]


COMMANDS = ("command", "declaration_command", "unset_command")
OPERATORS = frozenset({"&&", "||", ";", ";;", "|", "|&", "&", "(", ")"})


def _walk(node: Any) -> Iterator[Any]:
    """The command nodes and operator tokens in text order (not inside ``$(...)``)."""
    if node.type in COMMANDS:
        yield node
        return
    if node.type in SKIP:
        return
    if node.child_count == 0 and node.type in OPERATORS:
        yield node
        return
    for child in node.children:
        yield from _walk(child)


def _unquoted(text: str) -> str:
    try:
        return "".join(shlex.split(text, posix=True)) if text else text
    except ValueError:
        return text


def tree_sitter_commands(parser: Any, source: str, start: int = 0) -> tuple[Command, ...]:
    """``parse_commands`` built from tree-sitter-bash's tree (the adapter)."""
    data = source[start:].encode("utf-8")
    tree = parser.parse(data)
    to_char = _char_offsets(source[start:])
    found: list[Command] = []
    operator = ""
    for node in _walk(tree.root_node):
        if node.type not in COMMANDS:
            operator = node.type
            continue
        assignments: list[ShellWord] = []
        words: list[ShellWord] = []
        for child in node.children:
            if child.type in ("file_redirect", "herestring_redirect", "heredoc_redirect"):
                continue
            if child.type in ("export", "local", "declare", "readonly", "typeset", "unset"):
                pass  # the keyword of a declaration_command is its first word
            text = child.text.decode("utf-8", "replace")
            word = ShellWord(
                text,
                _unquoted(text),
                start + to_char(child.start_byte),
                start + to_char(child.end_byte),
            )
            (assignments if child.type == "variable_assignment" else words).append(word)
        if words or assignments:
            found.append(Command(tuple(words), operator, tuple(assignments)))
            operator = "\n"  # until an operator token says otherwise
    return tuple(found)


def _names(commands: tuple[Command, ...]) -> list[str]:
    return [c.words[0].text for c in commands if c.words and c.words[0].text not in ("[", "[[")]


def _argv(commands: tuple[Command, ...]) -> list[tuple[str, ...]]:
    return [tuple(w.text for w in c.words) for c in commands if c.words and c.words[0].text != "["]


def compare_split(parser: Any, found: list[tuple[str, int]], show: int) -> None:
    same_names = same_words = 0
    shown = 0
    for source, start in found:
        ours = shell._parse_commands(source, start)
        theirs = tree_sitter_commands(parser, source, start)
        names_agree = _names(ours) == _names(theirs)
        same_names += names_agree
        same_words += _argv(ours) == _argv(theirs)
        if not names_agree and shown < show:
            shown += 1
            print(f"- {source[start:][:110]!r}")
            print(f"    dfls:        {_names(ours)}")
            print(f"    tree-sitter: {_names(theirs)}")
    total = len(found)
    print(f"\nscripts: {total}")
    print(f"same command names: {same_names} ({same_names / total:.1%})")
    print(f"same words (as written): {same_words} ({same_words / total:.1%})")


def compare_rules(parser: Any, files: list[Dockerfile], show: int) -> None:
    settings = Settings(select=("ALL",))

    def findings() -> Counter[tuple[int, str, int, str]]:
        found: Counter[tuple[int, str, int, str]] = Counter()
        for index, dockerfile in enumerate(files):
            fresh = Dockerfile.parse(dockerfile.text)  # nothing memoized from before
            for v in linting.lint(fresh, settings).violations:
                found[(index, v.code, v.span.start.line, v.message)] += 1
        return found

    shell.forget()
    ours = findings()
    original = shell.parse_commands
    shell.parse_commands = lambda source, start=0: tree_sitter_commands(parser, source, start)
    try:
        theirs = findings()
    finally:
        shell.parse_commands = original
        shell.forget()
    only_ours, only_theirs = ours - theirs, theirs - ours
    print(
        f"\nrule findings: {sum(ours.values())} with dfls's split, {sum(theirs.values())} with tree-sitter's"
    )
    print(
        f"only with dfls's split: {sum(only_ours.values())}; only with tree-sitter's: {sum(only_theirs.values())}"
    )
    by_code = Counter(k[1] for k in only_ours) + Counter(k[1] for k in only_theirs)
    print(f"differing findings by rule: {dict(by_code.most_common())}")
    for label, items in (("dfls only", only_ours), ("tree-sitter only", only_theirs)):
        for index, code, line, message in list(items)[:show]:
            print(f"  {label}: file {index} line {line + 1} {code}: {message[:90]}")


def speed(parser: Any, found: list[tuple[str, int]]) -> None:
    def best(run: Callable[[], object]) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        return min(times) * 1000

    ours = best(lambda: [shell._parse_commands(s, a) for s, a in found])
    trees = best(lambda: [parser.parse(s[a:].encode("utf-8")) for s, a in found])
    adapted = best(lambda: [tree_sitter_commands(parser, s, a) for s, a in found])
    print(f"\nparse every script: dfls {ours:.1f} ms; tree-sitter tree only {trees:.1f} ms;")
    print(f"tree-sitter + adapter to Command values {adapted:.1f} ms")


def lines_of_code() -> None:
    def count(path: Path, start: str | None = None, end: str | None = None) -> int:
        text = path.read_text(encoding="utf-8")
        if start:
            text = text[text.index(start) :]
        if end:
            text = text[: text.index(end)]
        return sum(1 for line in text.splitlines() if line.strip())

    model = ROOT / "dfls" / "model"
    split = count(model / "shell.py", "def _parse_commands", "def _unterminated")
    helpers = count(model / "shell.py", "def _is_assignment", "def scripts")
    total = count(model / "shell.py") + count(model / "words.py")
    print(
        f"\nlines (non-blank): shell.py + words.py {total}; the command split that tree-sitter"
        f" would replace {split} + {helpers} (quotes, parentheses); the adapter above is"
        f" about 45. words.py (Dockerfile words and flags, not shell) stays."
    )


def main(argv: list[str] | None = None) -> int:
    parser_ = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser_.add_argument("--show", type=int, default=15, help="disagreements to list")
    args = parser_.parse_args(argv)
    parser = _parser()
    files = corpus()
    found = scripts(files)
    compare_split(parser, found, args.show)
    speed(parser, found)
    compare_rules(parser, files, args.show)
    lines_of_code()
    return 0


if __name__ == "__main__":
    sys.exit(main())
