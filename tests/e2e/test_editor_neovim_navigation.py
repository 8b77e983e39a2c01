"""Definition, references and rename in real Neovim 0.11 (headless), configured by the
shipped editors/neovim files: the renamed file is written and checked byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.editors import E2E, EDITORS, dfls_executable, need, run, scene
from tests.e2e.test_editor_neovim import NVIM, _nvim_version

pytestmark = pytest.mark.e2e

# Multi-byte characters before the names on line 3: UTF-8 (Neovim's encoding) columns differ
# from code points there.
TEXT = """\
ARG BASE=alpine:3.20
FROM ${BASE} AS build
ENV DIR=/srv
RUN echo "café 🐳" $DIR > ${DIR:-/tmp}/x
FROM build AS test
RUN --mount=type=bind,from=build,target=/m ls /m
FROM scratch
COPY --from=build $DIR /app
"""


def test_neovim_definition_references_and_rename(tmp_path: Path) -> None:
    need(_nvim_version().startswith("NVIM v0.11"), "nvim", "Neovim 0.11 is not in .venv")
    dfls_executable()
    setup = scene(tmp_path, text=TEXT)
    argv: list[str | Path] = [NVIM, "--headless", "-i", "NONE", "-n"]
    argv += ["-u", EDITORS / "neovim" / "init.lua"]
    argv += ["-c", f"luafile {E2E / 'neovim' / 'navigation.lua'}"]
    result = run(argv, setup.env, cwd=setup.workspace)
    report, context = setup.outcome(result)
    assert result.returncode == 0 and report.get("ok"), context

    assert report["offset_encoding"] == "utf-8", context
    assert report["rename_provider"] == {"prepareProvider": True}, context
    # (row 1-based, byte column): the ENV's DIR, the AS name of build
    assert report["definition_variable"] == [3, 4], context
    assert report["definition_stage"] == [2, 16], context
    refs = sorted((r["lnum"], r["col"]) for r in report["references"])
    assert refs == [(2, 17), (5, 6), (6, 28), (8, 13)], context  # 1-based rows and columns

    assert any("not a valid stage name" in str(m) for m in report["refused"]), context
    assert "\n".join(report["after_refused"]) + "\n" == TEXT

    expected_stage = TEXT.replace("build", "compile")
    assert "\n".join(report["after_stage"]) + "\n" == expected_stage, context
    expected = expected_stage.replace("ENV DIR=", "ENV ROOT=").replace(
        "$DIR > ${DIR:-/tmp}", "$ROOT > ${ROOT:-/tmp}"
    )
    # the scratch stage's $DIR is another variable: it stays
    assert "\n".join(report["after_variable"]) + "\n" == expected, context
    assert setup.dockerfile.read_bytes() == expected.encode("utf-8")
