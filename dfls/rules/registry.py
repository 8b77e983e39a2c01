"""The codes table: every rule, in order, listed once. Adding a rule = one line here.

Groups: DF1xx base images and stages, DF2xx RUN and package managers, DF3xx COPY/ADD and
the build context, DF4xx CMD/ENTRYPOINT/HEALTHCHECK, DF5xx users and secrets, DF6xx
instruction basics and style, DF9xx syntax problems.
"""

from __future__ import annotations

from functools import cache

from dfls.rules.api import Rule
from dfls.rules.df101_image_tag import ImageTag
from dfls.rules.df102_single_stage_sdk_build import SingleStageSdkBuild
from dfls.rules.df103_full_final_image import FullFinalImage
from dfls.rules.df104_copy_from_unknown_stage import CopyFromUnknownStage
from dfls.rules.df105_duplicate_stage_name import DuplicateStageName
from dfls.rules.df106_reserved_stage_name import ReservedStageName
from dfls.rules.df107_copy_whole_stage import CopyWholeStage
from dfls.rules.df108_shell_form_without_shell import ShellFormWithoutShell
from dfls.rules.df109_named_user_in_scratch import NamedUserInScratch
from dfls.rules.df110_undefined_var import UndefinedVar
from dfls.rules.df111_undefined_arg_in_from import UndefinedArgInFrom
from dfls.rules.df112_invalid_default_arg_in_from import InvalidDefaultArgInFrom
from dfls.rules.df113_stage_name_casing import StageNameCasing
from dfls.rules.df114_redundant_target_platform import RedundantTargetPlatform
from dfls.rules.df115_from_platform_flag_const import FromPlatformFlagConstant
from dfls.rules.df120_copy_from_image_tag import CopyFromImageTag
from dfls.rules.df121_other_build_targets import OtherBuildTargets
from dfls.rules.df201_apt_lists_not_removed import AptListsNotRemoved
from dfls.rules.df202_apt_install_recommends import AptInstallRecommends
from dfls.rules.df203_missing_assume_yes import MissingAssumeYes
from dfls.rules.df204_apt_instead_of_apt_get import AptInsteadOfAptGet
from dfls.rules.df205_pip_cache import PipCache
from dfls.rules.df206_apk_cache import ApkCache
from dfls.rules.df207_rpm_cache import RpmCache
from dfls.rules.df208_npm_cache import NpmCache
from dfls.rules.df209_cleanup_in_later_layer import CleanupInLaterLayer
from dfls.rules.df210_update_alone import UpdateAlone
from dfls.rules.df211_install_after_source_copy import InstallAfterSourceCopy
from dfls.rules.df212_consecutive_runs import ConsecutiveRuns
from dfls.rules.df213_cd_instead_of_workdir import CdInsteadOfWorkdir
from dfls.rules.df214_unpinned_package import UnpinnedPackage
from dfls.rules.df215_build_tools_in_final_image import BuildToolsInFinalImage
from dfls.rules.df216_dev_dependencies_in_final_image import DevDependenciesInFinalImage
from dfls.rules.df217_pipe_without_pipefail import PipeWithoutPipefail
from dfls.rules.df301_missing_dockerignore import MissingDockerignore
from dfls.rules.df302_dockerignore_incomplete import DockerignoreIncomplete
from dfls.rules.df303_copy_secret_file import CopySecretFile
from dfls.rules.df304_add_instead_of_copy import AddInsteadOfCopy
from dfls.rules.df305_add_url_without_checksum import AddUrlWithoutChecksum
from dfls.rules.df306_copy_ignored_file import CopyIgnoredFile
from dfls.rules.df401_shell_form_command import ShellFormCommand
from dfls.rules.df402_exec_form_not_json import ExecFormNotJson
from dfls.rules.df403_multiple_cmd_entrypoint import MultipleCmdEntrypoint
from dfls.rules.df404_healthcheck_tool_missing import HealthcheckToolMissing
from dfls.rules.df405_multiple_healthchecks import MultipleHealthchecks
from dfls.rules.df406_missing_healthcheck import MissingHealthcheck
from dfls.rules.df501_missing_user import MissingUser
from dfls.rules.df502_root_user import RootUser
from dfls.rules.df503_sudo_in_run import SudoInRun
from dfls.rules.df504_chown_after_copy import ChownAfterCopy
from dfls.rules.df505_secret_in_arg_env import SecretInArgOrEnv
from dfls.rules.df506_pipe_to_shell import PipeToShell
from dfls.rules.df601_maintainer_deprecated import MaintainerDeprecated
from dfls.rules.df602_relative_workdir import RelativeWorkdir
from dfls.rules.df603_unknown_instruction import UnknownInstruction
from dfls.rules.df604_instruction_casing import InstructionCasing
from dfls.rules.df605_legacy_key_value import LegacyKeyValue
from dfls.rules.df606_empty_continuation_line import EmptyContinuationLine
from dfls.rules.df607_from_as_casing import FromAsCasing
from dfls.rules.df608_unknown_flag import UnknownFlag
from dfls.rules.df610_expose_proto_casing import ExposeProtoCasing
from dfls.rules.df611_expose_invalid_format import ExposeInvalidFormat
from dfls.rules.df612_invalid_definition_description import InvalidDefinitionDescription
from dfls.rules.df900_syntax_error import SyntaxError_
from dfls.rules.df901_unknown_rule_in_pragma import UnknownRuleInPragma
from dfls.rules.df902_invalid_port import InvalidPort
from dfls.rules.df903_flag_missing_value import FlagMissingValue
from dfls.rules.df904_duplicate_flag import DuplicateFlag
from dfls.rules.df905_wrong_argument_count import WrongArgumentCount
from dfls.rules.df906_invalid_key_value import InvalidKeyValue
from dfls.rules.df907_missing_from import MissingFrom
from dfls.rules.df908_invalid_onbuild_trigger import InvalidOnbuildTrigger
from dfls.rules.df909_invalid_stage_name import InvalidStageName
from dfls.rules.df910_invalid_stop_signal import InvalidStopSignal

# Each group is kept in its own block so parallel additions do not collide.
# -- DF1xx base images and stages --
BASE_RULES: tuple[type[Rule], ...] = (
    ImageTag,
    SingleStageSdkBuild,
    FullFinalImage,
    CopyFromUnknownStage,
    DuplicateStageName,
    ReservedStageName,
    CopyWholeStage,
    ShellFormWithoutShell,
    NamedUserInScratch,
    UndefinedVar,
    UndefinedArgInFrom,
    InvalidDefaultArgInFrom,
    StageNameCasing,
    RedundantTargetPlatform,
    FromPlatformFlagConstant,
    CopyFromImageTag,
    OtherBuildTargets,
)
# -- DF2xx RUN and package managers --
RUN_RULES: tuple[type[Rule], ...] = (
    AptListsNotRemoved,
    AptInstallRecommends,
    MissingAssumeYes,
    AptInsteadOfAptGet,
    PipCache,
    ApkCache,
    RpmCache,
    NpmCache,
    CleanupInLaterLayer,
    UpdateAlone,
    InstallAfterSourceCopy,
    ConsecutiveRuns,
    CdInsteadOfWorkdir,
    UnpinnedPackage,
    BuildToolsInFinalImage,
    DevDependenciesInFinalImage,
    PipeWithoutPipefail,
)
# -- DF3xx COPY/ADD and build context --
COPY_RULES: tuple[type[Rule], ...] = (
    MissingDockerignore,
    DockerignoreIncomplete,
    CopySecretFile,
    AddInsteadOfCopy,
    AddUrlWithoutChecksum,
    CopyIgnoredFile,
)
# -- DF4xx CMD/ENTRYPOINT/HEALTHCHECK --
COMMAND_RULES: tuple[type[Rule], ...] = (
    ShellFormCommand,
    ExecFormNotJson,
    MultipleCmdEntrypoint,
    HealthcheckToolMissing,
    MultipleHealthchecks,
    MissingHealthcheck,
)
# -- DF5xx users and secrets --
SECURITY_RULES: tuple[type[Rule], ...] = (
    MissingUser,
    RootUser,
    SudoInRun,
    ChownAfterCopy,
    SecretInArgOrEnv,
    PipeToShell,
)
# -- DF6xx instruction basics and style --
BASICS_RULES: tuple[type[Rule], ...] = (
    MaintainerDeprecated,
    RelativeWorkdir,
    UnknownInstruction,
    InstructionCasing,
    LegacyKeyValue,
    EmptyContinuationLine,
    FromAsCasing,
    UnknownFlag,
    ExposeProtoCasing,
    ExposeInvalidFormat,
    InvalidDefinitionDescription,
)
# -- DF9xx syntax --
SYNTAX_RULES: tuple[type[Rule], ...] = (
    SyntaxError_,
    UnknownRuleInPragma,
    InvalidPort,
    FlagMissingValue,
    DuplicateFlag,
    WrongArgumentCount,
    InvalidKeyValue,
    MissingFrom,
    InvalidOnbuildTrigger,
    InvalidStageName,
    InvalidStopSignal,
)

ALL_RULES: tuple[type[Rule], ...] = (
    *BASE_RULES,
    *RUN_RULES,
    *COPY_RULES,
    *COMMAND_RULES,
    *SECURITY_RULES,
    *BASICS_RULES,
    *SYNTAX_RULES,
)


def _check_unique() -> None:
    seen: set[str] = set()
    for rule in ALL_RULES:
        for key in (rule.code, rule.name):
            if key in seen:
                raise RuntimeError(f"duplicate rule code or name {key!r}")
            seen.add(key)


_check_unique()
_BY_KEY: dict[str, type[Rule]] = {
    key: rule for rule in ALL_RULES for key in (rule.code.upper(), rule.name.lower())
}


def get(key: str) -> type[Rule] | None:
    """A rule by code (``DF101``, any case) or name (``latest-tag``)."""
    return _BY_KEY.get(key.upper()) or _BY_KEY.get(key.lower())


@cache
def select(selector: str) -> tuple[type[Rule], ...]:
    """Rules matching a selector: a code, a name, a code prefix like ``DF2``, or ``ALL``."""
    wanted = selector.strip()
    if wanted.upper() == "ALL":
        return ALL_RULES
    rule = get(wanted)
    if rule is not None:
        return (rule,)
    upper = wanted.upper()
    if upper.startswith("DF") and len(upper) < 5:
        return tuple(r for r in ALL_RULES if r.code.startswith(upper))
    return ()


@cache
def alias_map(tool: str) -> dict[str, tuple[str, ...]]:
    """Another tool's rule id (``DL3007``, ``JSONArgsRecommended``) -> our codes."""
    found: dict[str, list[str]] = {}
    for rule in ALL_RULES:
        for alias in rule.aliases.get(tool, ()):
            found.setdefault(alias.lower(), []).append(rule.code)
    return {k: tuple(v) for k, v in found.items()}
