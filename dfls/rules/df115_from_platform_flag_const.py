"""DF115: FROM --platform with a constant value (BuildKit's FromPlatformFlagConstDisallowed)."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.references import parse_platform
from dfls.model import Instruction
from dfls.rules.api import InstructionRule, RuleContext, Severity, Violation


class FromPlatformFlagConstant(InstructionRule):
    """## What it does
    Checks for `FROM --platform=` with a fixed platform (`linux/amd64`) instead of a
    variable such as `$BUILDPLATFORM`.

    ## Why is this bad?
    A fixed platform pins the stage to one architecture whatever the build asks for:
    `docker buildx build --platform linux/arm64` still pulls the amd64 image, and the
    result runs under emulation or not at all. Use `--platform=$BUILDPLATFORM` for a stage
    that cross-compiles, and leave the flag out for stages that should follow the target.

    ## Example
    ```dockerfile
    FROM --platform=linux/amd64 golang:1.22 AS build
    ```

    Use instead:
    ```dockerfile
    FROM --platform=$BUILDPLATFORM golang:1.22 AS build
    ```

    ## Exceptions
    As BuildKit: a stage whose name contains the platform's OS or architecture
    (`FROM --platform=linux/amd64 ubuntu AS build-amd64`) is built for that platform on
    purpose, and is not reported. Values with variables are not constant.

    ## Fix safety
    No fix: whether the stage should follow the build or the target platform is the
    author's choice.

    ## References
    - [Multi-platform builds](https://docs.docker.com/build/building/multi-platform/)
    - BuildKit FromPlatformFlagConstDisallowed
    """

    code = "DF115"
    name = "from-platform-flag-const"
    severity = Severity.WARNING
    aliases = {"buildkit": ("FromPlatformFlagConstDisallowed",)}
    keywords = frozenset({"FROM"})

    def check_instruction(self, instruction: Instruction, ctx: RuleContext) -> Iterator[Violation]:
        flag = instruction.flag("platform")
        if flag is None or not flag.value or "$" in flag.value:
            return
        platform = parse_platform(flag.value)
        if platform is None:
            return
        words = instruction.words
        name = words[2].value if len(words) >= 3 and words[1].value.lower() == "as" else ""
        if any(part and part in name for part in platform):
            return
        yield self.violation(
            flag.span,
            f"`--platform={flag.value}` is a constant: use `$BUILDPLATFORM` or "
            "`$TARGETPLATFORM`, or name the stage after the platform",
        )
