"""DF101: base images without a pinned tag."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from dfls.rules.api import Rule, RuleContext, RuleOptions, Severity, Violation, option

_FLOATING = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Options(RuleOptions):
    strictness: Literal["latest", "major"] = option(
        "latest",
        '`"latest"` flags only a missing tag and `latest`; `"major"` also flags a bare '
        "major version such as `python:3` or `node:20`.",
    )


class ImageTag(Rule):
    """## What it does
    Checks that every `FROM` names its base image with a specific tag (or a digest):
    not no tag, not `latest`, and (with `strictness = "major"`) not a bare major version
    like `python:3`.

    ## Why is this bad?
    An untagged image means `latest`, and `latest` (or `python:3`) moves whenever the
    publisher releases. The same Dockerfile then builds a different image next week, with
    a different runtime and different vulnerabilities, and a cached build and a fresh one
    disagree. Pinning to a version such as `python:3.12.3-slim` makes builds reproducible;
    you upgrade deliberately by editing the tag.

    ## Example
    ```dockerfile
    FROM python:latest
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12.3-slim
    ```

    ## Exceptions
    `scratch` has no tags. Stages built `FROM` an earlier stage are not images. Images
    named through a build argument (`FROM ${BASE}`) are checked with the argument's default.

    ## References
    - [Dockerfile reference: FROM](https://docs.docker.com/reference/dockerfile/#from)
    - hadolint DL3006 (untagged) and DL3007 (latest)
    - Guide: *Writing good Dockerfiles*, section "Common Pitfalls"
    """

    code = "DF101"
    name = "image-tag"
    severity = Severity.WARNING
    aliases = {"hadolint": ("DL3006", "DL3007")}
    options_type = Options

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        strict = ctx.options_as(Options).strictness == "major"
        for stage in ctx.dockerfile.stages:
            image = stage.image
            if image is None or image.is_scratch or stage.parent is not None:
                continue
            if image.has_variables or image.digest:
                continue
            if image.tag is None:
                yield self.violation(
                    image.span,
                    f"`{image.text}` has no tag, so it means `latest`: pin a version",
                )
            elif image.tag == "latest":
                yield self.violation(image.span, f"`{image.text}` floats: pin a version")
            elif strict and _FLOATING.match(image.tag):
                yield self.violation(
                    image.span,
                    f"`{image.text}` follows every {image.tag}.x release: pin a minor version",
                )
