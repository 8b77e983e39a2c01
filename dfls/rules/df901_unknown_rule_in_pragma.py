"""DF901: a `# dfls ignore=` pragma that names no rule.

The suppression pass (:mod:`dfls.engine.suppress`) finds these, as it resolves every name
a pragma gives against the registry anyway (a rule module cannot: the registry imports
every rule module). This module holds the rule's code, documentation and message.
"""

from __future__ import annotations

from collections.abc import Iterator

from dfls.model import Span
from dfls.rules.api import Rule, RuleContext, Severity, Violation


class UnknownRuleInPragma(Rule):
    """## What it does
    Checks that every code or name in a `# dfls ignore=...` or `# dfls global ignore=...`
    comment is a dfls rule (a code such as `DF201`, a name such as `apt-lists-not-removed`,
    a prefix such as `DF2`, or `ALL`).

    ## Why is this bad?
    A misspelled code suppresses nothing, silently: the finding it was meant to silence
    keeps showing up, or a typo like `DF2001` makes a reader believe a rule is off that is
    not. dfls ignores what it does not know, so say so where the pragma is written.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    # dfls ignore=DF9999
    RUN apk add --no-cache curl
    ```

    Use instead:
    ```dockerfile
    FROM alpine:3.20
    # dfls ignore=DF214
    RUN apk add --no-cache curl
    ```

    ## Exceptions
    The reason that may follow the codes (`# dfls ignore=DF401 because the shell is
    needed`: everything after a blank, `:` or `;`) is not a rule and is not checked.
    `# hadolint ignore=` comments are not checked: they are hadolint's, and name rules
    dfls may have no equivalent for. BuildKit's `# check=skip=` is not checked either.

    ## References
    - [hadolint: inline ignores](https://github.com/hadolint/hadolint#inline-ignores), the
      syntax dfls pragmas follow
    """

    code = "DF901"
    name = "unknown-rule-in-pragma"
    severity = Severity.WARNING

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        return iter(())  # reported by the suppression pass (see the module docstring)

    def unknown(self, span: Span, name: str, match: str | None) -> Violation:
        """The finding for ``name`` in the pragma at ``span``; ``match``: the rule code or
        name it most likely meant."""
        hint = f": did you mean `{match}`?" if match else ""
        return self.violation(
            span, f"unknown rule `{name}` in a dfls pragma: it suppresses nothing{hint}"
        )
