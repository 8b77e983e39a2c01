"""DF608: a flag the instruction does not accept, or a flag value BuildKit rejects."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dfls.knowledge.reference import BOOLEAN_FLAGS, NO_FLAG_PARSING, accepted_flags
from dfls.knowledge.spelling import close_match
from dfls.model import Flag, Instruction
from dfls.model.lexer import INSTRUCTIONS
from dfls.rules.api import (
    Edit,
    Fix,
    FixAvailability,
    InstructionRule,
    RuleContext,
    Severity,
    Violation,
)
from dfls.rules.instructions import flag_targets

_DURATION = re.compile(
    r"^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))*$"
)
_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_UNIT = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_SHORTEST = 1e-3
"""BuildKit's shortest HEALTHCHECK interval other than 0 (one millisecond)."""
_CHMOD = re.compile(r"^(?:[0-7]{3,4}|[ugoa]*[-+=][rwxXst]*(?:,[ugoa]*[-+=][rwxXst]*)*)$")
_NETWORKS = ("none", "host", "default")


class UnknownFlag(InstructionRule):
    """## What it does
    Checks the flags of every instruction (and of `ONBUILD` triggers): each must be one
    the instruction accepts (`FROM`, `COPY`, `ADD`, `RUN` and `HEALTHCHECK` have flags;
    the others have none), and the values with a simple syntax must be valid: durations
    of `HEALTHCHECK` (`30s`, `1m30s`, `500ms`; 0 or at least 1ms), its `--retries` (a
    whole number),
    `RUN --network` (`none`, `host`, `default`), `--chmod` (octal such as `755`, or
    symbolic such as `u+x`) and the switches `--link`, `--parents`, `--keep-git-dir` and
    `--unpack` (no value, `true` or `false`).

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
    Values with variables (`--interval=${INTERVAL}`) are not checked. `ARG` and
    `STOPSIGNAL` are not checked (BuildKit ignores their flags), nor `HEALTHCHECK NONE`
    (BuildKit does not read its flags). A flag without its value is DF903's, a repeated
    flag DF904's. Flags of newer or
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
    keywords = INSTRUCTIONS - NO_FLAG_PARSING

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        for target in flag_targets(instruction):
            yield from self._check_flags(target)

    def _check_flags(self, target: Instruction) -> Iterator[Violation]:
        accepted = accepted_flags(target.keyword)
        for flag in target.flags:
            if flag.name in accepted:
                problem = _bad_value(target.keyword, flag)
                if problem is not None:
                    yield self.violation(flag.value_span or flag.span, problem)
                continue
            yield self._unknown(target.keyword, flag, accepted)

    def _unknown(self, keyword: str, flag: Flag, accepted: frozenset[str]) -> Violation:
        if not accepted:
            return self.violation(flag.name_span, f"{keyword} takes no flags (`--{flag.name}`)")
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
    if not value or "$" in value:
        return None  # a missing value is DF903's
    name = flag.name
    if name in BOOLEAN_FLAGS:
        if value.lower() not in ("true", "false"):
            return f"`--{name}` is a switch: give no value, `true` or `false`, not `{value}`"
    elif keyword == "HEALTHCHECK" and name != "retries":
        if value != "0" and not _DURATION.match(value):
            return (
                f"`--{name}={value}` is not a duration: give a unit, e.g. `30s`, `1m30s`, `500ms`"
            )
        if 0 < _seconds(value) < _SHORTEST:
            return f"`--{name}={value}` is shorter than 1ms: BuildKit rejects it (0 means default)"
    elif keyword == "HEALTHCHECK":
        if not value.isdigit():
            return f"`--retries={value}` is not a whole number"
    elif name == "network" and value not in _NETWORKS:
        return f"`--network={value}` is not one of {', '.join(_NETWORKS)}"
    elif name == "chmod" and not _CHMOD.match(value):
        return f"`--chmod={value}` is not a mode: use octal such as `755` or `u+x`"
    return None


def _seconds(duration: str) -> float:
    """A Go duration (already matched by ``_DURATION``) in seconds."""
    return sum(float(number) * _UNIT[unit] for number, unit in _PART.findall(duration))
