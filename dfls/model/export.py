"""The model as plain JSON data: the stable shape ``dfls inspect`` prints."""

from __future__ import annotations

from typing import Any

from dfls.model.document import Dockerfile
from dfls.model.instruction import Instruction
from dfls.model.nodes import Flag, Heredoc, Word
from dfls.model.stages import Stage
from dfls.model.text import Span

Json = dict[str, Any]


def _range(span: Span | None) -> Json | None:
    return span.to_json() if span is not None else None


def _word(word: Word) -> Json:
    return {"text": word.text, "value": word.value, "range": word.span.to_json()}


def _flag(flag: Flag) -> Json:
    return {
        "name": flag.name,
        "value": flag.value,
        "range": flag.span.to_json(),
        "nameRange": flag.name_span.to_json(),
        "valueRange": _range(flag.value_span),
    }


def _heredoc(heredoc: Heredoc) -> Json:
    return {
        "delimiter": heredoc.delimiter,
        "stripTabs": heredoc.strip_tabs,
        "quoted": heredoc.quoted,
        "range": heredoc.marker_span.to_json(),
        "bodyRange": _range(heredoc.body_span),
        "terminatorRange": _range(heredoc.terminator_span),
        "body": heredoc.body,
    }


def instruction_json(instruction: Instruction) -> Json:
    trigger = instruction.trigger
    exec_form = instruction.exec_form
    return {
        "keyword": instruction.keyword,
        "keywordText": instruction.keyword_text,
        "range": instruction.span.to_json(),
        "keywordRange": instruction.keyword_span.to_json(),
        "argumentsRange": _range(instruction.args_span),
        "arguments": instruction.args,
        "stage": instruction.stage,
        "flags": [_flag(f) for f in instruction.flags],
        "words": [_word(w) for w in instruction.words],
        "execForm": None if exec_form is None else [_word(w) for w in exec_form],
        "heredocs": [_heredoc(h) for h in instruction.heredocs],
        "comments": [{"text": c.text, "range": c.span.to_json()} for c in instruction.comments],
        "variables": [
            {"name": v.name, "range": v.span.to_json(), "modifier": v.modifier, "word": v.word}
            for v in instruction.variables
        ],
        "trigger": instruction_json(trigger) if trigger is not None else None,
    }


def _stage(stage: Stage) -> Json:
    image = stage.image
    return {
        "index": stage.index,
        "name": stage.name,
        "nameRange": _range(stage.name_span),
        "range": stage.span.to_json(),
        "platform": stage.platform.value if stage.platform else None,
        "parent": stage.parent,
        "image": None
        if image is None
        else {
            "text": image.text,
            "resolved": image.resolved,
            "registry": image.registry,
            "repository": image.repository,
            "tag": image.tag,
            "digest": image.digest,
            "range": image.span.to_json(),
        },
    }


def dockerfile_json(dockerfile: Dockerfile) -> Json:
    return {
        "escape": dockerfile.escape,
        "directives": [
            {
                "name": d.name,
                "value": d.value,
                "range": d.span.to_json(),
                "nameRange": d.name_span.to_json(),
                "valueRange": d.value_span.to_json(),
            }
            for d in dockerfile.directives
        ],
        "instructions": [instruction_json(i) for i in dockerfile.instructions],
        "comments": [{"text": c.text, "range": c.span.to_json()} for c in dockerfile.comments],
        "stages": [_stage(s) for s in dockerfile.stages],
        "problems": [
            {
                "message": p.message,
                "kind": p.kind,
                "severity": p.severity,
                "range": p.span.to_json(),
            }
            for p in dockerfile.problems
        ],
    }
