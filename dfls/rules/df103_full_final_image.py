"""DF103: the shipped image is based on a full SDK or distribution image."""

from __future__ import annotations

from collections.abc import Iterator

from dfls.knowledge.builds import shipped_build
from dfls.knowledge.images import ImageInfo, SizeClass, classify, slim_reference
from dfls.model import ImageRef
from dfls.rules.api import Edit, Fix, FixAvailability, Rule, RuleContext, Severity, Violation


class FullFinalImage(Rule):
    """## What it does
    Checks the base image of the shipped stage: a full SDK image (`golang`, `rust`,
    `maven`, a JDK, `dotnet/sdk`) or a full distribution or language image (`python:3.12`,
    `node:20`, `debian:12`) when a slimmer variant exists.

    ## Why is this bad?
    The full images carry compilers, headers and tools that a running application does not
    use. The guide's figures: `python:3.12` is about 1 GB while `python:3.12-slim` is about
    150 MB; `golang:1.22` is about 800 MB while `alpine:3.19` is about 7 MB. Larger images
    mean slower pulls, CI runs and scaling, higher registry costs, and more packages that
    can carry vulnerabilities. Use the `-slim` (or `-alpine`) tag of the same image for
    interpreted languages, and a build stage plus a `scratch`, distroless or `alpine`
    final stage for compiled ones.

    ## Example
    ```dockerfile
    FROM python:3.12
    COPY requirements.txt .
    RUN pip install --no-cache-dir -r requirements.txt
    CMD ["python", "main.py"]
    ```

    Use instead:
    ```dockerfile
    FROM python:3.12-slim
    COPY requirements.txt .
    RUN pip install --no-cache-dir -r requirements.txt
    CMD ["python", "main.py"]
    ```

    ## Exceptions
    Build stages are not checked; only the target stage (and the stages it is built `FROM`).
    An image with no tag, `latest`, or a tag that comes from a build argument is left to
    DF101. `ubuntu` has no slim tag and is not flagged. A single-stage image that also
    compiles is reported by DF102 instead. Alpine variants use musl instead of glibc, so
    some Python wheels must be compiled there: prefer `-slim` unless you have tested
    `-alpine`.

    ## Fix safety
    Unsafe: the fix swaps in the `-slim` tag of the same image (`python:3.12` becomes
    `python:3.12-slim`, `eclipse-temurin:21-jdk` becomes `eclipse-temurin:21-jre`). The slim
    image lacks compilers, headers and tools such as `curl`, so a later `RUN` that needs
    them, or a `pip install` that builds from source, can fail. No fix is offered when the
    reference has a digest.

    ## References
    - [Docker Hub: python image variants](https://hub.docker.com/_/python)
    - [Distroless images](https://github.com/GoogleContainerTools/distroless)
    - Guide: *Writing good Dockerfiles*, section "Reducing Image Size: Practical Techniques"
    """

    code = "DF103"
    name = "full-final-image"
    severity = Severity.WARNING
    fix_availability = FixAvailability.SOMETIMES

    def check(self, ctx: RuleContext) -> Iterator[Violation]:
        chain = ctx.shipped_stages()
        if not chain:
            return
        image = chain[0].image
        if image is None or "$" in image.text or image.tag in (None, "latest"):
            return
        info = classify(image)
        if not info.size.is_large or info.slimmer is None:
            return
        if shipped_build(chain) is not None:
            return  # DF102 gives the better advice: split the build from the runtime
        yield self.violation(image.span, _message(image, info), _fix(image))


def _message(image: ImageRef, info: ImageInfo) -> str:
    kind = "an SDK image" if info.size is SizeClass.SDK else "a full image"
    size = f" ({info.size_text})" if info.size_text else ""
    if info.slim:
        slim_size = f" ({info.slim_size_text})" if info.slim_size_text else ""
        return f"`{image.text}` is {kind}{size}: ship on {info.slimmer}{slim_size} instead"
    return f"`{image.text}` is {kind}{size} in the shipped stage: use {info.slimmer}"


def _fix(image: ImageRef) -> Fix | None:
    slim = slim_reference(image)
    if slim is None or image.digest:
        return None
    return Fix.unsafe(f"Use `{slim}`", Edit(image.span, slim))
