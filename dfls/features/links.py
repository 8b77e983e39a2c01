"""Document links: base images to their registry page, the ``# syntax=`` image, a
``COPY --from=`` image, URLs in ``ADD`` and in comments. Pure: spans in code points."""

from __future__ import annotations

import re
from typing import NamedTuple

from dfls.knowledge.registries import image_page
from dfls.model import Comment, Dockerfile, Instruction, Span, StageGraph
from dfls.model.stages import parse_image_ref

_URL = re.compile(r"https?://[^\s<>\"'`]+")
_TRAILING = ".,;:!?)]}>'\""


class Link(NamedTuple):
    span: Span
    target: str
    tooltip: str


def document_links(dockerfile: Dockerfile) -> list[Link]:
    """The links of the document, in order."""
    links: list[Link] = []
    syntax = dockerfile.directive("syntax")
    if syntax is not None and syntax.value:
        image = parse_image_ref(syntax.value, syntax.value, syntax.value_span)
        page = image_page(image)
        if page:
            links.append(Link(syntax.value_span, page, f"Open {image.repository}'s page"))
    for comment in dockerfile.comments:
        links += _urls(dockerfile, comment)
    graph = dockerfile.stage_graph
    for stage in dockerfile.stages:
        base = stage.image
        if base is not None and stage.parent is None:
            page = image_page(base)
            if page:
                links.append(Link(base.span, page, f"Open {base.resolved}'s page"))
    for instruction in dockerfile.instructions:
        if instruction.keyword in ("COPY", "ADD"):
            links += _copy_links(instruction, graph)
        if instruction.node.comments:
            for comment in instruction.comments:
                links += _urls(dockerfile, comment)
    links.sort(key=lambda link: link.span.start)
    return links


def _copy_links(instruction: Instruction, graph: StageGraph) -> list[Link]:
    """``COPY --from=<image>`` to the image's page; URLs that ``ADD`` downloads."""
    found: list[Link] = []
    source = instruction.flag("from")
    if source and source.value and source.value_span and graph.resolve(source.value) is None:
        image = parse_image_ref(source.value, source.value, source.value_span)
        page = image_page(image)
        if page:
            found.append(Link(source.value_span, page, f"Open {source.value}'s page"))
    if instruction.keyword == "ADD":
        for word in instruction.words:
            if _URL.fullmatch(word.value) and word.text == word.value:
                found.append(Link(word.span, word.value, "Open the URL"))
    return found


def _urls(dockerfile: Dockerfile, comment: Comment) -> list[Link]:
    if "://" not in comment.text:
        return []
    start = comment.span.start
    line = dockerfile.lines[start.line]
    found: list[Link] = []
    for match in _URL.finditer(line, start.character, comment.span.end.character):
        url = _trimmed(match.group())
        end = match.start() + len(url)
        found.append(Link(Span.on_line(start.line, match.start(), end), url, "Open the URL"))
    return found


def _trimmed(url: str) -> str:
    """``url`` without the punctuation that ends the sentence around it (a ``)`` stays
    when the URL opened one: ``https://en.wikipedia.org/wiki/Foo_(bar)``)."""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url
