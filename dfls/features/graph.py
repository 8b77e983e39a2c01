"""The stage graph of a Dockerfile as a picture: Mermaid, Graphviz DOT, or a few lines of
text (the hover on a ``FROM`` line).

Nodes are the stages and the external images they start from or copy from; edges are
``FROM`` (a stage built on an image or an earlier stage), ``COPY --from`` and
``RUN --mount=from=`` (files lent by another stage or an image). The target stage and
the stages that ship with it (the target and those it is built ``FROM``) are marked.
Everything comes from :class:`dfls.model.StageGraph`; this module only draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dfls.model import Dockerfile, Instruction, Stage

FROM = "FROM"
COPY = "COPY --from"
MOUNT = "RUN --mount"


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    stage: int | None
    """The stage's index; None for an external image."""
    shipped: bool = False
    target: bool = False


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def stage_label(stage: Stage) -> str:
    return stage.name if stage.name else f"stage {stage.index}"


def build(dockerfile: Dockerfile, target: str | None = None) -> Graph:
    """The graph of ``dockerfile`` for the build of ``target`` (the last stage without)."""
    stage_graph = dockerfile.stage_graph
    shipped = {stage.index for stage in stage_graph.shipped(target)}
    chosen = stage_graph.target(target)
    graph = Graph()
    images: dict[str, str] = {}

    def image_node(text: str) -> str:
        if text not in images:
            images[text] = f"i{len(images)}"
            graph.nodes.append(Node(images[text], text, None))
        return images[text]

    edges: set[Edge] = set()
    for stage in dockerfile.stages:
        node_id = f"s{stage.index}"
        is_target = chosen is not None and stage.index == chosen.index
        graph.nodes.append(
            Node(node_id, stage_label(stage), stage.index, stage.index in shipped, is_target)
        )
        parent = stage_graph.parent(stage)
        if parent is not None:
            graph.edges.append(Edge(f"s{parent.index}", node_id, FROM))
        elif stage.image is not None:
            graph.edges.append(Edge(image_node(stage.image.resolved), node_id, FROM))
        for kind, reference in _borrowed(stage):
            named = stage_graph.resolve(reference)
            source = f"s{named.index}" if named is not None else image_node(reference)
            edge = Edge(source, node_id, kind)
            if edge not in edges:
                edges.add(edge)
                graph.edges.append(edge)
    return graph


def _borrowed(stage: Stage) -> list[tuple[str, str]]:
    """What ``stage``'s instructions take files from: (edge kind, stage or image), in order."""
    found: list[tuple[str, str]] = []
    for instruction in stage.instructions:
        found += _references(instruction)
    return found


def _references(instruction: Instruction) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for flag in instruction.flags:
        name = flag.name.lower()
        if name == "from" and instruction.keyword in ("COPY", "ADD") and flag.value:
            found.append((COPY, flag.value))
        elif name == "mount" and instruction.keyword == "RUN" and flag.value:
            for part in flag.value.split(","):
                key, eq, value = part.partition("=")
                if eq and key.strip().lower() == "from" and value:
                    found.append((MOUNT, value))
    return found


# -- Mermaid ------------------------------------------------------------------------------


def mermaid(graph: Graph) -> str:
    out = ["flowchart LR"]
    for node in graph.nodes:
        text = _mermaid_text(_node_text(node))
        if node.stage is None:
            out.append(f'    {node.id}(["{text}"]):::image')
        else:
            style = ":::target" if node.target else ":::shipped" if node.shipped else ""
            out.append(f'    {node.id}["{text}"]{style}')
    for edge in graph.edges:
        if edge.kind == FROM:
            out.append(f"    {edge.source} --> {edge.target}")
        else:
            out.append(f'    {edge.source} -. "{edge.kind}" .-> {edge.target}')
    out.append("    classDef image fill:#f4f4f4,stroke:#999,color:#333")
    out.append("    classDef shipped stroke-width:3px")
    out.append("    classDef target stroke-width:3px,stroke-dasharray:0,fill:#e6f2ff")
    return "\n".join(out) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def _node_text(node: Node) -> str:
    if node.stage is None:
        return node.label
    words = [node.label]
    if node.target:
        words.append("(target)")
    elif node.shipped:
        words.append("(ships)")
    return " ".join(words)


# -- Graphviz -----------------------------------------------------------------------------


def dot(graph: Graph) -> str:
    out = ["digraph stages {", "    rankdir=LR;", '    node [shape=box, fontname="sans-serif"];']
    for node in graph.nodes:
        attributes = [f"label={_dot_text(_node_text(node))}"]
        if node.stage is None:
            attributes += ["shape=ellipse", "style=dashed"]
        elif node.shipped or node.target:
            attributes.append("penwidth=2")
            if node.target:
                attributes += ["style=filled", 'fillcolor="#e6f2ff"']
        out.append(f"    {node.id} [{', '.join(attributes)}];")
    for edge in graph.edges:
        if edge.kind == FROM:
            out.append(f"    {edge.source} -> {edge.target};")
        else:
            out.append(
                f"    {edge.source} -> {edge.target} [label={_dot_text(edge.kind)}, style=dashed];"
            )
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- hover --------------------------------------------------------------------------------

HOVER_LINES = 12


def summary(dockerfile: Dockerfile, stage_index: int, target: str | None = None) -> str | None:
    """The graph in a few lines of markdown, this stage in bold; None for a single stage."""
    stages = dockerfile.stages
    if len(stages) < 2 or not 0 <= stage_index < len(stages):
        return None
    graph = build(dockerfile, target)
    names = {node.id: node for node in graph.nodes}
    lines: list[str] = []
    for node in graph.nodes:
        if node.stage is None:
            continue
        incoming = [e for e in graph.edges if e.target == node.id]
        base = next((e for e in incoming if e.kind == FROM), None)
        text = f"**{node.label}**" if node.stage == stage_index else f"`{node.label}`"
        line = f"{_name(names, base.source)} → {text}" if base else text
        extras = [f"{_name(names, e.source)} ({e.kind})" for e in incoming if e.kind != FROM]
        if extras:
            line += ", files from " + ", ".join(extras)
        if node.target:
            line += " · target"
        elif node.shipped:
            line += " · ships"
        lines.append(line)
    if len(lines) > HOVER_LINES:
        more = len(lines) - HOVER_LINES
        lines = [*lines[:HOVER_LINES], f"… {more} more (`dfls graph` draws them all)"]
    return "**Stages**\n\n" + "  \n".join(lines)


def _name(nodes: dict[str, Node], node_id: str) -> str:
    node = nodes.get(node_id)
    return f"`{node.label}`" if node is not None else node_id
