"""DF608: a flag the instruction does not accept, or a flag value BuildKit rejects."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dfls.knowledge.spelling import close_match
from dfls.model import Flag, Instruction
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    InstructionRule,
    RuleContext,
    Severity,
    Violation,
)

FLAGS: dict[str, frozenset[str]] = {
    "FROM": frozenset({"platform"}),
    "COPY": frozenset({"from", "chown", "chmod", "link", "parents", "exclude"}),
    "ADD": frozenset({"chown", "chmod", "link", "checksum", "keep-git-dir", "unpack", "exclude"}),
    "RUN": frozenset({"mount", "network", "security"}),
    "HEALTHCHECK": frozenset({"interval", "timeout", "start-period", "start-interval", "retries"}),
}
_DURATION = re.compile(
    r"^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))*$"
)
_CHMOD = re.compile(r"^(?:[0-7]{3,4}|[ugoa]*[-+=][rwxXst]*(?:,[ugoa]*[-+=][rwxXst]*)*)$")
_NETWORKS = ("none", "host", "default")


class UnknownFlag(InstructionRule):
    """## What it does
    Checks the flags of `FROM`, `COPY`, `ADD`, `RUN` and `HEALTHCHECK` (and of those
    instructions as `ONBUILD` triggers): each must be one the instruction accepts, and the
    values with a simple syntax must be valid: durations of `HEALTHCHECK` (`30s`, `1m30s`,
    `500ms`), its `--retries` (a whole number), `RUN --network` (`none`, `host`,
    `default`) and `--chmod` (octal such as `755`, or symbolic such as `u+x`).

    ## Why is this bad?
    BuildKit rejects an unknown flag (`COPY --form=build`: "unknown flag: --form") and an
    invalid value (`HEALTHCHECK --interval=5`: a duration needs a unit), so the build
    fails at that line, often after minutes of earlier steps. Catching the typo in the
    editor saves the round trip.

    ## Example
    ```dockerfile
    FROM golang:1.22 AS build
    RUN go build -o /server .

    FROM gcr.io/distroless/static-debian12
    COPY --form=build /server /server
    HEALTHCHECK --interval=30 CMD ["/server", "-health"]
    ```

    Use instead:
    ```dockerfile
    FROM golang:1.22 AS build
    RUN go build -o /server .

    FROM gcr.io/distroless/static-debian12
    COPY --from=build /server /server
    HEALTHCHECK --interval=30s CMD ["/server", "-health"]
    ```

    ## Exceptions
    Values with variables (`--interval=${INTERVAL}`) are not checked. Flags of newer or
    experimental Dockerfile syntax that BuildKit does not document for these instructions
    are reported; suppress the finding if your `# syntax=` frontend accepts them.

    ## Fix safety
    Unsafe: when an accepted flag is one typo away (`--form`), the fix renames the flag.
    That is almost always what was meant, but it changes what the instruction does.

    ## References
    - [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
    - [Go duration syntax](https://pkg.go.dev/time#ParseDuration)
    """

    code = "DF608"
    name = "unknown-flag"
    severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES
    keywords = frozenset({*FLAGS, "ONBUILD"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        target = instruction.trigger if instruction.keyword == "ONBUILD" else instruction
        if target is None or target.keyword not in FLAGS:
            return
        accepted = FLAGS[target.keyword]
        for flag in target.flags:
            if flag.name in accepted:
                problem = _bad_value(target.keyword, flag)
                if problem is not None:
                    yield self.violation(flag.value_span or flag.span, problem)
                continue
            yield self._unknown(target.keyword, flag, accepted)

    def _unknown(self, keyword: str, flag: Flag, accepted: frozenset[str]) -> Violation:
        match = close_match(flag.name.lower(), sorted(accepted))
        known = ", ".join(f"--{name}" for name in sorted(accepted))
        if match is None:
            return self.violation(
                flag.name_span,
                f"{keyword} has no flag `--{flag.name}` (it accepts {known})",
            )
        return self.violation(
            flag.name_span,
            f"{keyword} has no flag `--{flag.name}`: did you mean `--{match}`?",
            Fix.unsafe(f"Use --{match}", Edit(flag.name_span, match)),
        )


def _bad_value(keyword: str, flag: Flag) -> str | None:
    value = flag.value
    if value is None or "$" in value:
        return None
    name = flag.name
    if keyword == "HEALTHCHECK" and name != "retries":
        if value != "0" and not _DURATION.match(value):
            return (
                f"`--{name}={value}` is not a duration: give a unit, e.g. `30s`, `1m30s`, `500ms`"
            )
    elif keyword == "HEALTHCHECK":
        if not value.isdigit():
            return f"`--retries={value}` is not a whole number"
    elif name == "network" and value not in _NETWORKS:
        return f"`--network={value}` is not one of {', '.join(_NETWORKS)}"
    elif name == "chmod" and not _CHMOD.match(value):
        return f"`--chmod={value}` is not a mode: use octal such as `755` or `u+x`"
    return None
