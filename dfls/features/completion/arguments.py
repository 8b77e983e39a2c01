"""An instruction's arguments: its flags and their values, ``--mount`` options, stage names,
base images and tags."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache

from dfls.features.completion.items import Item, Kind
from dfls.knowledge import image_catalog, images, reference, values
from dfls.model import Dockerfile, Instruction

_SIZE_DETAIL = {
    images.SizeClass.SDK: "SDK image (compilers, build tools)",
    images.SizeClass.FULL: "full image",
    images.SizeClass.SLIM: "slim image",
    images.SizeClass.MINIMAL: "minimal image, with a shell",
    images.SizeClass.DISTROLESS: "distroless: runtime only, no shell",
    images.SizeClass.EMPTY: "empty image",
    images.SizeClass.UNKNOWN: "image",
}


def _size(size: images.SizeClass, size_text: str | None) -> str:
    detail = _SIZE_DETAIL[size]
    return f"{detail}, {size_text}" if size_text else detail


def flags(keyword: str, given: Sequence[str], snippets: bool) -> Iterator[Item]:
    """The flags of ``keyword`` not already ``given`` (unless they may repeat)."""
    for name in reference.flag_names(keyword):
        key = reference.flag_key(keyword, name)
        assert key is not None
        if name in given and key not in values.REPEATABLE:
            continue
        entry = reference.FLAGS[key]
        choices = values.FLAG_VALUES.get(key)
        boolean = choices is not None and choices[0].value == "true"
        text = f"--{name}" if boolean else f"--{name}="
        snippet = None
        if snippets and name == "mount":
            kinds = ",".join(c.value for c in values.MOUNT_TYPES)
            snippet = f"--mount=type=${{1|{kinds}|}},target=${{2:path}}"
        elif snippets and choices and not boolean and len(choices) > 1:
            listed = ",".join(c.value.replace("$", "\\$") for c in choices)
            snippet = f"--{name}=${{1|{listed}|}}"
        yield Item(
            label=f"--{name}",
            kind=Kind.PROPERTY,
            text=text,
            detail=entry.summary.replace("`", ""),
            snippet=snippet,
            doc=("flag", keyword, name),
        )


def flag_values(
    dockerfile: Dockerfile, instruction: Instruction, keyword: str, name: str, typed: str
) -> Iterator[Item]:
    """The values of ``--name=`` (``typed`` is the value so far, for ``--mount``)."""
    if name == "from" and keyword == "COPY":
        yield from stages(dockerfile, instruction)
        return
    if name == "mount" and keyword == "RUN":
        yield from _mount(dockerfile, instruction, typed)
        return
    key = reference.flag_key(keyword, name)
    for choice in values.FLAG_VALUES.get(key, ()) if key else ():
        kind = Kind.VARIABLE if choice.value.startswith("$") else Kind.VALUE
        yield Item(choice.value, kind, choice.value, choice.summary)


def _mount(dockerfile: Dockerfile, instruction: Instruction, typed: str) -> Iterator[Item]:
    *done, current = typed.split(",")
    given: dict[str, str] = {}
    for part in done:
        key, _, value = part.partition("=")
        key = key.strip().lower()
        given[values.MOUNT_OPTION_ALIASES.get(key, key)] = value
    mount_type = given.get("type", "bind")
    if "=" in current:
        key = current.partition("=")[0].strip().lower()
        key = values.MOUNT_OPTION_ALIASES.get(key, key)
        if key == "from":
            yield from stages(dockerfile, instruction)
            return
        choices = values.MOUNT_VALUES.get(key, ())
        if key == "target" and mount_type == "cache":
            choices = values.CACHE_TARGETS
        for choice in choices:
            yield Item(choice.value, Kind.VALUE, choice.value, choice.summary)
        return
    options = values.MOUNT_TYPE_OPTIONS.get(mount_type, values.MOUNT_TYPE_OPTIONS["bind"])
    for option in ("type", *options):
        if option in given:
            continue
        choice = values.MOUNT_OPTIONS[option]
        bare = option in ("ro", "rw", "required")
        yield Item(option, Kind.PROPERTY, option if bare else option + "=", choice.summary)


def stages(dockerfile: Dockerfile, instruction: Instruction) -> Iterator[Item]:
    """The stages defined before the one ``instruction`` is in, by name (or index), each
    with its base image."""
    current = instruction.stage if instruction.stage is not None else len(dockerfile.stages)
    graph = dockerfile.stage_graph
    every = graph.memoized(("completion", "stages"), lambda: _stage_items(dockerfile))
    return (item for index, item in every if index < current)


def _stage_items(dockerfile: Dockerfile) -> tuple[tuple[int, Item], ...]:
    """An item for each stage that is the first of its name (kept with the stage graph)."""
    seen: set[str] = set()
    found = []
    for stage in dockerfile.stages:
        label = stage.name or str(stage.index)
        if label.lower() in seen:
            continue
        seen.add(label.lower())
        image = stage.image.text if stage.image else "?"
        detail = f"stage {stage.index} FROM {image}"
        item = Item(label, Kind.REFERENCE, label, detail, doc=("stage", str(stage.index)))
        found.append((stage.index, item))
    return tuple(found)


def base_images(dockerfile: Dockerfile, instruction: Instruction) -> Iterator[Item]:
    """After FROM: the earlier stages, then the images of the offline table."""
    yield from (i for i in stages(dockerfile, instruction) if not i.label.isdigit())
    yield from _image_items()


@cache
def _image_items() -> tuple[Item, ...]:
    return tuple(
        Item(
            image.name,
            Kind.MODULE,
            image.name,
            _size(image.size, image.size_text),
            doc=("image", image.name + (f":{image.tags[0]}" if image.tags else "")),
        )
        for image in image_catalog.catalog()
    )


def image_tags(repository: str) -> Iterator[Item]:
    """After ``FROM image:``: the table's tags for that image, with their size class."""
    for tag in image_catalog.tags(repository):
        yield Item(
            tag.tag,
            Kind.VALUE,
            tag.tag,
            _size(tag.size, tag.size_text),
            doc=("image", f"{repository}:{tag.tag}"),
        )
