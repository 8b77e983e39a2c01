"""dfls against Docker's build checks (``docker build --check``), one table.

Each case is a small Dockerfile (our own, written from the check's documentation and from
what BuildKit's implementation and test suite, ``frontend/dockerfile/dockerfile_check_test.go``
and ``dockerfile2llb/``, establish) and the lines BuildKit reports for it, in the lint
subrequest's semantics (every stage is checked, reachable from the target or not). The test
runs the rules that alias the check (``aliases["buildkit"]``) and asserts they report the
same instructions, the same number of times: the cases where BuildKit deliberately stays
quiet are here too. Where dfls differs on purpose, the case says what dfls reports and why.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dfls.engine import linting as engine
from dfls.engine.build_context import parse_dockerignore
from dfls.engine.config import Settings
from dfls.model import Dockerfile
from dfls.rules import buildkit, registry
from dfls.rules.api import BuildContext, Severity, Violation

CHECKS = buildkit.CHECKS
OUT_OF_SCOPE = buildkit.UNCOVERED


@dataclass(frozen=True)
class Case:
    check: str
    dockerfile: str
    lines: tuple[int, ...] = ()
    """1-based lines BuildKit reports (each finding once; the same line twice for two)."""
    dockerignore: str | None = None
    dfls_lines: tuple[int, ...] | None = None
    """What dfls reports where it differs from BuildKit on purpose (``why`` says why)."""
    why: str = ""
    instruction_skip: bool = False
    """Uses a ``# check=skip=`` comment right above an instruction (not the directive)."""

    @property
    def id(self) -> str:
        first = self.dockerfile.strip().splitlines()[-1][:30]
        return f"{self.check}:{first}"


CASES = (
    # StageNameCasing
    Case("StageNameCasing", "FROM alpine:3.20 AS BuildEnv\n", (1,)),
    Case("StageNameCasing", "FROM alpine:3.20 AS build_env\nFROM alpine:3.20 AS web2\n"),
    Case("StageNameCasing", "FROM alpine:3.20\n"),
    Case("StageNameCasing", "# check=skip=StageNameCasing\nFROM alpine:3.20 AS Web\n"),
    # FromAsCasing
    Case("FromAsCasing", "FROM alpine:3.20 as build\n", (1,)),
    Case("FromAsCasing", "from alpine:3.20 AS build\nfrom alpine:3.20 as web\n", (1,)),
    Case("FromAsCasing", "From alpine:3.20 as build\n"),  # no case to match: casing reports it
    Case("FromAsCasing", "FROM alpine:3.20 AS build\n"),
    # NoEmptyContinuation: BuildKit gives the instruction's last line
    Case("NoEmptyContinuation", "FROM alpine:3.20\nRUN echo a \\\n\n  && echo b\n", (4,)),
    Case("NoEmptyContinuation", "FROM alpine:3.20\nRUN echo a \\\n  && echo b\n"),
    # ConsistentInstructionCasing: the file's majority case, ties go to upper case
    Case("ConsistentInstructionCasing", "From alpine:3.20\nFROM alpine:3.20 AS b\n", (1,)),
    Case("ConsistentInstructionCasing", "FROM alpine:3.20\nrun echo\nRUN echo\n", (2,)),
    Case("ConsistentInstructionCasing", "from alpine:3.20\nRUN a\nrun b\n", (2,)),
    Case("ConsistentInstructionCasing", "FROM alpine:3.20\nrun a\nrun b\nrun c\n", (1,)),
    Case("ConsistentInstructionCasing", "from alpine:3.20\nRUN a\n", (1,)),
    Case("ConsistentInstructionCasing", "from alpine:3.20\ncopy a /a\ncopy b /b\n"),
    Case("ConsistentInstructionCasing", "FROM alpine:3.20\nRUN <<EOF\nenv\nEOF\n"),
    Case(
        "ConsistentInstructionCasing",
        "FROM alpine:3.20\nONBUILD run make\n",
        (),
        dfls_lines=(2,),
        why="BuildKit counts and checks ONBUILD but not the instruction it wraps; a `run` "
        "in an upper-case file is as inconsistent there as anywhere (DF604 Exceptions)",
    ),
    # DuplicateStageName
    Case("DuplicateStageName", "FROM alpine:3.20 AS app\nFROM alpine:3.20 AS app\n", (2,)),
    Case("DuplicateStageName", "FROM alpine:3.20 AS app1\nFROM alpine:3.20 AS app2\n"),
    Case("DuplicateStageName", "FROM alpine:3.20 AS App\nFROM alpine:3.20 AS app\n", (2,)),
    # ReservedStageName
    Case("ReservedStageName", "FROM alpine:3.20 AS context\nFROM alpine AS scratch\n", (1, 2)),
    Case("ReservedStageName", "FROM scratch\nFROM scratch AS app\n"),
    # JSONArgsRecommended: not once the stage or a stage it is built on sets SHELL
    Case("JSONArgsRecommended", "FROM alpine:3.20\nCMD echo hello\n", (2,)),
    Case("JSONArgsRecommended", "FROM alpine:3.20\nENTRYPOINT start.sh\n", (2,)),
    Case("JSONArgsRecommended", "FROM scratch\nCMD server\n", (2,)),
    Case("JSONArgsRecommended", 'FROM alpine:3.20\nCMD ["echo", "hello"]\n'),
    Case("JSONArgsRecommended", 'FROM alpine:3.20\nSHELL ["/bin/ash", "-c"]\nCMD run\n'),
    Case("JSONArgsRecommended", 'FROM scratch\nSHELL ["/bin/my-shell"]\nENTRYPOINT run\n'),
    Case(
        "JSONArgsRecommended",
        'FROM alpine:3.20 AS base\nSHELL ["/bin/ash", "-c"]\nFROM base\nCMD run\n',
    ),
    Case(
        "JSONArgsRecommended",
        'FROM alpine:3.20 AS base\nSHELL ["/bin/ash", "-c"]\nFROM base\nENTRYPOINT run\n',
    ),
    Case("JSONArgsRecommended", "# check=skip=JSONArgsRecommended\nFROM alpine\nCMD run\n"),
    Case(
        "JSONArgsRecommended",
        "FROM python:3.12-slim\nCMD exec gunicorn app:app\n",
        (2,),
        dfls_lines=(),
        why="`exec` makes the shell replace itself with the program, which becomes PID 1 "
        "and gets the signals: the advice of DF401's Exceptions, so not reported",
    ),
    # MaintainerDeprecated
    Case("MaintainerDeprecated", "FROM alpine:3.20\nMAINTAINER jane@example.org\n", (2,)),
    Case("MaintainerDeprecated", 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="j"\n'),
    # UndefinedArgInFrom: global ARGs and the predefined platform ARGs only
    Case("UndefinedArgInFrom", "ARG image=alpine:3.20\nFROM $image\n"),
    Case("UndefinedArgInFrom", "FROM --platform=$BUILDPLATFORM alpine:3.20\n"),
    Case("UndefinedArgInFrom", "ARG BUILDPLATFORM=linux/arm64\nFROM --platform=$BUILDPLATFORM a\n"),
    Case("UndefinedArgInFrom", "ARG SUFFIX\nFROM alpine${SUFFIX}\n"),
    Case("UndefinedArgInFrom", "ARG SUFFIX\nFROM alp${SUFFIX:-ine}\n"),
    Case("UndefinedArgInFrom", 'ARG SUFFIX=""\nFROM alpine${SUFFIX-@nope}\n'),
    Case("UndefinedArgInFrom", "FROM --platform=$BUILDPLATFROM alpine:3.20\n", (1,)),
    Case("UndefinedArgInFrom", "ARG MY_ARCH=arm64\nFROM --platform=linux/${MYARCH} alpine\n", (2,)),
    Case("UndefinedArgInFrom", "ARG tag=3.20\nFROM alpine:${tag}${flavor} AS b\n", (2,)),
    Case("UndefinedArgInFrom", "FROM alpine:3.20\nARG TAG=1\nFROM alpine:$TAG\n", (3,)),
    # WorkdirRelativePath
    Case("WorkdirRelativePath", "FROM alpine:3.20\nWORKDIR srv/\n", (2,)),
    Case("WorkdirRelativePath", "FROM alpine:3.20 AS a\nWORKDIR /srv\nFROM a\nWORKDIR app/\n"),
    # UndefinedVar: BuildKit's scoping
    Case("UndefinedVar", "FROM alpine:3.20\nARG name\nCOPY file${name} .\n"),
    Case("UndefinedVar", "FROM alpine:3.20 AS a\nARG src=app\nFROM a\nCOPY $src .\n"),
    Case("UndefinedVar", "FROM alpine:3.20\nRUN echo $HOME $anything\n"),
    Case("UndefinedVar", "FROM alpine:3.20\nCOPY $src .\nARG src=x\nRUN echo $src\n", (2,)),
    Case(
        "UndefinedVar",
        "FROM alpine:3.20\nARG DIR_LIB=lib/\nARG DIR_BIN=bin/\nCOPY $DIR_BINS .\n",
        (4,),
    ),
    Case("UndefinedVar", "FROM alpine:3.20\nENV PATH=$PTAH:/opt/bin\n", (2,)),
    Case("UndefinedVar", "FROM alpine:3.20\nENV PATH=$PATH:/opt/bin\n"),
    Case(
        "UndefinedVar", "FROM scratch AS one\nCOPY $a .\nFROM scratch AS two\nCOPY $b .\n", (2, 4)
    ),
    Case("UndefinedVar", "FROM alpine:3.20 AS base\nARG VERSION=$nope\n", (2,)),
    Case("UndefinedVar", "FROM python:3.12\nARG VERSION=$PYTHON_VERSION\n"),
    Case("UndefinedVar", "ARG GLOBAL=1\nFROM alpine:3.20\nCOPY $GLOBAL .\n", (3,)),
    Case("UndefinedVar", "ARG GLOBAL=1\nFROM alpine:3.20\nARG GLOBAL\nCOPY $GLOBAL .\n"),
    Case("UndefinedVar", "FROM alpine:3.20\nCOPY $TARGETARCH/app .\n", (2,)),
    Case("UndefinedVar", "FROM alpine:3.20\nARG TARGETARCH\nCOPY $TARGETARCH/app .\n"),
    Case("UndefinedVar", "FROM alpine:3.20\nENV A=1 B=$A\n", (2,)),
    Case("UndefinedVar", "FROM alpine:3.20\nENV A=1\nENV B=$A\nWORKDIR /$B\n"),
    Case("UndefinedVar", "FROM alpine:3.20\nCOPY ${missing:-default} .\n", (2,)),
    Case("UndefinedVar", "FROM alpine:3.20\nCMD echo $x\nEXPOSE $port\n"),
    Case("UndefinedVar", "FROM alpine:3.20\nCOPY <<EOF /a.conf\nport=$port\nEOF\n", (2,)),
    Case("UndefinedVar", "FROM alpine:3.20\nCOPY <<'EOF' /a.conf\nport=$port\nEOF\n"),
    # MultipleInstructionsDisallowed: the earlier, overridden one is reported
    Case(
        "MultipleInstructionsDisallowed",
        'FROM alpine:3.20\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\nCMD ["a"]\nCMD ["b"]\n'
        'HEALTHCHECK CMD ["a"]\nHEALTHCHECK CMD ["b"]\n',
        (2, 4, 6),
    ),
    Case(
        "MultipleInstructionsDisallowed",
        'FROM alpine:3.20\nCMD ["a"]\nHEALTHCHECK CMD ["a"]\nCOPY <<EOF /x\nhi\nEOF\n'
        'CMD ["b"]\nHEALTHCHECK CMD ["b"]\n',
        (2, 3),
    ),
    Case(
        "MultipleInstructionsDisallowed",
        'FROM alpine:3.20 AS a\nCMD ["a"]\nENTRYPOINT ["a"]\nFROM a\nCMD ["b"]\nENTRYPOINT ["b"]\n',
    ),
    # LegacyKeyValueFormat: every stage, reachable from the target or not
    Case("LegacyKeyValueFormat", "FROM alpine:3.20\nENV mode prod\nLABEL team web\n", (2, 3)),
    Case("LegacyKeyValueFormat", "FROM alpine:3.20\nENV mode=prod\nLABEL team=web\n"),
    Case(
        "LegacyKeyValueFormat",
        "FROM alpine:3.20 AS a\nFROM a AS b\nENV mode prod\nFROM a AS c\n",
        (3,),
    ),
    # RedundantTargetPlatform
    Case("RedundantTargetPlatform", "FROM --platform=$TARGETPLATFORM alpine:3.20\n", (1,)),
    Case("RedundantTargetPlatform", "FROM --platform=${TARGETPLATFORM} alpine:3.20\n", (1,)),
    Case("RedundantTargetPlatform", "FROM --platform=$BUILDPLATFORM alpine:3.20\n"),
    Case(
        "RedundantTargetPlatform",
        "# check=skip=RedundantTargetPlatform\nFROM --platform=$TARGETPLATFORM alpine\n",
    ),
    # SecretsUsedInArgOrEnv
    Case(
        "SecretsUsedInArgOrEnv",
        "FROM alpine:3.20\nARG DB_PASSWORD\nENV Api_Secret=x\nENV token=a secret=b\n"
        "ENV deploy_key=\nENV PUBLIC_KEY=\nARG TOKEN_FILE\nARG AUTH_VERSION\n",
        (2, 3, 4, 4, 5),
    ),
    Case(
        "SecretsUsedInArgOrEnv",
        "FROM alpine:3.20\nARG auth=basic\nENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\n",
        (2, 3),
        dfls_lines=(),
        why="BuildKit matches `auth` and `key` as whole words; dfls does not call an auth "
        "mode or an official image's public GPG key fingerprint a secret (DF505 Exceptions)",
    ),
    Case(
        "SecretsUsedInArgOrEnv",
        "FROM alpine:3.20 AS build\nARG NPM_TOKEN\nFROM alpine:3.20\nCOPY --from=build /a /a\n",
        (2,),
        dfls_lines=(),
        why="a build stage's ARGs are not in the shipped image's history; DF505 judges names "
        "in the stages that ship (a credential-shaped value is reported anywhere)",
    ),
    # InvalidDefaultArgInFrom
    Case("InvalidDefaultArgInFrom", "ARG TAG\nFROM alpine:$TAG\n", (2,)),
    Case("InvalidDefaultArgInFrom", "ARG IMAGE\nFROM $IMAGE\n", (2,)),
    Case("InvalidDefaultArgInFrom", 'ARG SFX="ine:"\nFROM alp${SFX}\n', (2,)),
    Case("InvalidDefaultArgInFrom", 'ARG TAG="3.20"\nFROM alpine:${TAG}\n'),
    Case("InvalidDefaultArgInFrom", 'ARG VARIANT=""\nFROM alpine:3.20${VARIANT}\n'),
    Case("InvalidDefaultArgInFrom", "ARG VARIANT\nFROM alpine:3.20${VARIANT}\n"),
    Case("InvalidDefaultArgInFrom", "FROM alpine AS base-linux\nFROM base-$TARGETOS\n"),
    # FromPlatformFlagConstDisallowed: not when the stage is named after the platform
    Case("FromPlatformFlagConstDisallowed", "FROM --platform=linux/arm64 alpine:3.20\n", (1,)),
    Case("FromPlatformFlagConstDisallowed", "FROM --platform=linux/arm64 alpine AS cc_arm64\n"),
    Case("FromPlatformFlagConstDisallowed", "FROM --platform=linux/arm64 alpine AS linux\n"),
    Case("FromPlatformFlagConstDisallowed", "FROM --platform=$BUILDPLATFORM alpine:3.20\n"),
    # CopyIgnoredFile
    Case(
        "CopyIgnoredFile",
        "FROM alpine:3.20\nCOPY app.conf /etc/\nADD app.conf /opt/\n",
        (2, 3),
        dockerignore="app.conf\n",
    ),
    Case(
        "CopyIgnoredFile",
        "# check=skip=CopyIgnoredFile\nFROM alpine:3.20\nCOPY app.conf /etc/\n",
        dockerignore="app.conf\n",
    ),
    Case(
        "CopyIgnoredFile",
        "FROM alpine:3.20 AS a\nCOPY app.conf /cache\nFROM a\nCOPY --from=a /cache /x\n",
        dockerignore="cache\n",
    ),
    Case("CopyIgnoredFile", "FROM alpine\nCOPY ./app.conf .\n", dockerignore="**\n!app.conf\n"),
    Case("CopyIgnoredFile", "FROM alpine:3.20\nCOPY . .\n", dockerignore="**\n!app.conf\n"),
    Case("CopyIgnoredFile", "FROM alpine:3.20\nCOPY . .\n", dockerignore=".*\n"),
    Case("CopyIgnoredFile", "FROM alpine:3.20\nCOPY . .\n", (2,), dockerignore="*\n"),
    Case("CopyIgnoredFile", "FROM alpine:3.20\nCOPY src/ /app/\n", (2,), dockerignore="src\n"),
    # InvalidDefinitionDescription: experimental, only with `# check=experimental=`
    Case(
        "InvalidDefinitionDescription",
        "# check=experimental=InvalidDefinitionDescription\n# the version\nARG V=1\n"
        "# Base the base\nFROM alpine AS base\n# a note\nARG A=1 B=2\n",
        (3, 5, 7),
    ),
    Case(
        "InvalidDefinitionDescription",
        "# check=experimental=InvalidDefinitionDescription\n# web serves\nFROM alpine AS Web\n",
    ),
    Case("InvalidDefinitionDescription", "# the version\nARG V=1\n# a note\nFROM alpine AS b\n"),
    Case(
        "InvalidDefinitionDescription",
        "# check=skip=all;experimental=InvalidDefinitionDescription\n# V the version\nARG V=1\n"
        "\n# base the base image\nFROM alpine AS base\n# B the b\nARG A=1 B=2\n#\nARG C=1\n"
        "# not a definition\nCOPY a /a\n",
    ),
    Case(
        "InvalidDefinitionDescription",
        "# check=experimental=all\n# a note\n\nARG V=1\n",
        (4,),
        dfls_lines=(),
        why="BuildKit's parser keeps a comment across an empty line (it reports line 4), "
        "but its documentation says an empty line separates a note from the instruction; "
        "dfls follows the documentation",
    ),
    # ExposeProtoCasing / ExposeInvalidFormat: one finding per port
    Case("ExposeProtoCasing", "FROM alpine:3.20\nEXPOSE 53/UDP 8080/Tcp 9000/tcp\n", (2, 2)),
    Case("ExposeProtoCasing", "FROM alpine:3.20\nEXPOSE 80 53/udp\n"),
    Case(
        "ExposeInvalidFormat",
        "FROM alpine:3.20\nEXPOSE 10.0.0.1:8080:80 [::1]:53:53/udp 9090:90 443\n",
        (2, 2, 2),
    ),
    Case("ExposeInvalidFormat", "FROM alpine:3.20\nEXPOSE 80/tcp 8000-8010\n"),
    # `# check=skip=` right above an instruction skips the checks for that one only
    *(
        Case(check, text, lines, instruction_skip=True)
        for check, text, lines in (
            ("JSONArgsRecommended", "FROM alpine\n# check=skip=JSONArgsRecommended\nCMD a\n", ()),
            (
                "MaintainerDeprecated",
                "FROM a:1\n# check=skip=MaintainerDeprecated\nMAINTAINER j\n",
                (),
            ),
            ("WorkdirRelativePath", "FROM a:1\n# check=skip=WorkdirRelativePath\nWORKDIR w/\n", ()),
            (
                "LegacyKeyValueFormat",
                "FROM a:1\n# check=skip=LegacyKeyValueFormat\nENV k v\nLABEL l v\n",
                (4,),
            ),
            (
                "SecretsUsedInArgOrEnv",
                "FROM a:1\n# check=skip=all // only here\nENV api_secret=x\nARG db_password\n",
                (4,),
            ),
        )
    ),
)


def _codes(check: str) -> tuple[str, ...]:
    return registry.alias_map("buildkit").get(check.lower(), ())


def _lint(case: Case) -> tuple[Dockerfile, list[Violation]]:
    dockerfile = Dockerfile.parse(case.dockerfile)
    context = BuildContext()
    if case.dockerignore is not None:
        context = BuildContext(known=True, dockerignore=parse_dockerignore(case.dockerignore))
    codes = _codes(case.check)
    rules = registry.select("ALL")
    # Experimental checks run with the default selection, so that the directive decides.
    experimental = any(r.experimental for r in rules if r.code in codes)
    settings = Settings() if experimental else Settings(select=codes)
    result = engine.lint(dockerfile, settings, context)
    assert not result.rule_errors, result.rule_errors
    return dockerfile, [v for v in result.violations if v.code in codes]


def _instruction_line(dockerfile: Dockerfile, line: int) -> int:
    """The first line (1-based) of the instruction at 0-based ``line``, or of the next one
    (a finding on the comment above an instruction belongs to it)."""
    for instruction in dockerfile.instructions:
        if instruction.last_line >= line:
            return instruction.line + 1
    return line + 1


@pytest.mark.parametrize("check", CHECKS)
def test_every_check_has_a_rule_or_a_reason(check: str) -> None:
    if check in OUT_OF_SCOPE:
        assert not _codes(check)
    else:
        assert _codes(check), f"no dfls rule aliases BuildKit's {check}"


def test_the_cli_says_why_a_check_has_no_rule() -> None:
    from dfls.cli.rules_command import unknown_rule

    message = unknown_rule("invalidbaseimageplatform")
    assert message.startswith("InvalidBaseImagePlatform is a BuildKit build check")
    assert "registry" in message
    assert "DF110" in unknown_rule("UndefinedVar")


def test_every_check_has_cases_and_names_are_buildkits() -> None:
    covered = {case.check for case in CASES}
    assert covered == set(CHECKS) - set(OUT_OF_SCOPE)
    aliased = {a for r in registry.ALL_RULES for a in r.aliases.get("buildkit", ())}
    assert aliased <= set(CHECKS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_dfls_reports_what_buildkit_reports(case: Case) -> None:
    dockerfile, found = _lint(case)
    got = sorted(_instruction_line(dockerfile, v.span.start.line) for v in found)
    expected = case.lines if case.dfls_lines is None else case.dfls_lines
    wanted = sorted(_instruction_line(dockerfile, line - 1) for line in expected)
    assert got == wanted, f"{case.check}: dfls {got}, expected {wanted}; {found}"
    if case.dfls_lines is not None:
        assert case.why and case.dfls_lines != case.lines


def test_experimental_check_can_be_turned_on_by_the_configuration() -> None:
    text = "# the version\nARG V=1\nFROM alpine:3.20\n"
    result = engine.lint(Dockerfile.parse(text), Settings(extend_select=("DF612",)))
    assert [v.code for v in result.violations if v.code == "DF612"] == ["DF612"]
    ignored = Settings(ignore=("DF612",))
    directive = "# check=experimental=all\n" + text
    found = engine.lint(Dockerfile.parse(directive), ignored).violations
    assert not [v for v in found if v.code == "DF612"]
    only = engine.lint(Dockerfile.parse(directive), Settings(select=("DF110",))).violations
    assert not [v for v in only if v.code == "DF612"]  # an explicit list is kept to
    assert [
        v.code for v in engine.lint(Dockerfile.parse(directive)).violations if v.code == "DF612"
    ]


def test_check_error_true_reports_the_checks_as_errors() -> None:
    text = "# check=error=true\nFROM alpine:3.20 AS Build\nRUN apt-get install -y x\n"
    violations = engine.lint(Dockerfile.parse(text), Settings(select=("DF113", "DF203"))).violations
    severities = {v.code: v.severity for v in violations}
    assert severities["DF113"] is Severity.ERROR  # StageNameCasing
    without = engine.lint(Dockerfile.parse(text.split("\n", 1)[1]), Settings(select=("DF113",)))
    assert without.violations[0].severity is Severity.STYLE
