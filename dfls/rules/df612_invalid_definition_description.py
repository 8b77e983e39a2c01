"""DF612: a comment above an ARG or a named stage that is not its description
(BuildKit's experimental InvalidDefinitionDescription)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from dfls.model import Comment, Instruction, key_values
from dfls.model.document import comment_line
from dfls.rules.api import Rule, RuleContext, Severity, Violation


def description_comment(comments: tuple[Comment, ...], instruction: Instruction) -> Comment | None:
    """The comment that ``docker build --call=outline`` reads as the description of
    ``instruction``: the last of the comment lines right above it, unless an empty ``#``
    ends the block."""
    position = bisect_left(comments, instruction.line, key=comment_line)
    if not position:
        return None
    last = comments[position - 1]
    if last.span.start.line != instruction.line - 1 or not last.text:
        return None
    return last


class InvalidDefinitionDescription(Rule):
    """## What it does
    Checks that a comment directly above an `ARG` or a named stage (`FROM ... AS name`)
    starts with the name it describes: `# VERSION the release to build`.
    Experimental, as in BuildKit: off unless the file says
    `# check=experimental=InvalidDefinitionDescription` (or `all`), or the configuration
    selects it.

    ## Why is this bad?
    `docker build --call=outline` and `--call=targets` list build arguments and stages
    with the comment right above them as their description, when it begins with their
    name. A comment that does not is either a description in the wrong format or a note
    that will not show.

    ## Example
    ```dockerfile
    # check=experimental=InvalidDefinitionDescription
    # the version to build
    ARG VERSION=1.0
    FROM alpine:3.20
    ```

    Use instead:
    ```dockerfile
    # check=experimental=InvalidDefinitionDescription
    # VERSION the version to build
    ARG VERSION=1.0
    FROM alpine:3.20
    ```

    ## Exceptions
    A comment separated from the instruction by an empty line, or followed by an empty
    `#` line, is not a description, as BuildKit's documentation says. Instructions other
    than `ARG` and a named `FROM` are not checked.

    ## Fix safety
    No fix: the comment may be a description or a note.

    ## References
    - [Build descriptions](https://docs.docker.com/reference/cli/docker/buildx/build/#descriptions)
    - BuildKit InvalidDefinitionDescription
    """

    code = "DF612"
    name = "invalid-definition-description"
    severity = Severity.INFO
    enabled_by_default = False
    experimental = True
    aliases = {"buildkit": ("InvalidDefinitionDescription",)}

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        dockerfile = ctx.dockerfile
        comments = dockerfile.comments
        if not comments:
            return
        for instruction in dockerfile.by_keyword("ARG", "FROM"):
            names = self._names(instruction, ctx)
            if not names:
                continue
            comment = description_comment(comments, instruction)
            if comment is None or comment.text.split(" ")[0] in names:
                continue
            example = names[0] if len(names) == 1 else "<arg_key>"
            yield self.violation(
                comment.span,
                f"A comment right above {instruction.keyword} describes it when it starts "
                f"with its name: `# {example} <description>` (or add an empty line between)",
            )

    def _names(self, instruction: Instruction, ctx: RuleContext) -> list[str]:
        if instruction.keyword == "ARG":
            return [pair.key for pair in key_values(instruction, ctx.dockerfile.escape)]
        words = instruction.words
        if len(words) >= 3 and words[1].value.lower() == "as":
            return [words[2].value.lower()]  # BuildKit keeps stage names in lower case
        return []
