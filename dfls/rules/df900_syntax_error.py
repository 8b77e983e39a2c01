"""DF900: the model's syntax problems, as diagnostics."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.rules.api import Rule, RuleContext, Severity, Violation


class SyntaxError_(Rule):
    """## What it does
    Reports problems in the Dockerfile's syntax that the parser found: a heredoc that is
    never terminated, a parser directive that is repeated or has an invalid value, a line
    continuation at the very end of the file.

    ## Why is this bad?
    BuildKit refuses to build a file with an unterminated heredoc or an invalid
    directive, and a trailing continuation usually means a line was lost. These are
    found before any build runs.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    RUN <<EOF
    echo never ends
    ```

    Use instead:
    ```dockerfile
    FROM alpine:3.20
    RUN <<EOF
    echo ends
    EOF
    ```

    ## Exceptions
    None: BuildKit rejects or misreads these files. The severity depends on the problem:
    what BuildKit rejects (an unterminated heredoc, an invalid or repeated directive) is an
    error; a line continuation at the very end of the file is a warning, because BuildKit
    builds the file, but a line was probably lost. A `severity` setting for DF900 applies
    to both. Unknown rules in `# dfls ignore=` comments are DF901's.

    ## References
    - [Dockerfile reference: here-documents](https://docs.docker.com/reference/dockerfile/#here-documents)
    - [Dockerfile reference: parser directives](https://docs.docker.com/reference/dockerfile/#parser-directives)
    """

    code = "DF900"
    name = "syntax-error"
    severity = Severity.ERROR

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        for problem in ctx.dockerfile.problems:
            violation = self.violation(problem.span, problem.message)
            if problem.severity == "warning":
                violation = Violation(
                    violation.code,
                    violation.name,
                    violation.span,
                    violation.message,
                    Severity.WARNING,
                )
            yield violation
