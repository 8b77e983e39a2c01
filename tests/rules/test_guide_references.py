"""Rule docs cite the guide they come from, *Writing good Dockerfiles*, by section."""

from __future__ import annotations

import re

from dfls.features import docs
from dfls.rules import registry

# The guide's section titles, as it writes them.
SECTIONS = frozenset(
    {
        "Multi-Stage Builds",
        "Distroless & Scratch Bases",
        "Non-Root Users",
        ".dockerignore",
        "Layer Ordering for Cache Efficiency",
        "Health Checks",
        "Signal Handling: The PID 1 Problem",
        "Reducing Image Size: Practical Techniques",
        "A Complete Production Dockerfile",
        "Common Pitfalls",
        "Key Takeaways",
    }
)
LINE = re.compile(r"^- Guide: \*Writing good Dockerfiles\*, (?:section|sections) (.+)$")


def _cited(code: str) -> list[str]:
    rule = registry.get(code)
    assert rule is not None
    references = docs.parse_docs(rule).sections["References"]
    cited: list[str] = []
    for line in references.splitlines():
        if "Guide" in line or "Writing good Dockerfiles" in line:
            match = LINE.match(line)
            assert match, f"{code}: {line!r} is not a guide reference"
            cited += re.findall(r'"([^"]+)"', match.group(1))
            assert cited, f"{code}: {line!r} names no section"
    return cited


def test_every_guide_reference_names_sections_of_the_guide() -> None:
    citing = {rule.code: _cited(rule.code) for rule in registry.ALL_RULES}
    for code, sections in citing.items():
        assert set(sections) <= SECTIONS, (code, sections)
    # The rules the guide backs cite it (regression: none named it, only "the guide").
    assert sum(1 for sections in citing.values() if sections) >= 25
    assert _cited("DF501") == ["Non-Root Users"]
    assert _cited("DF401") == ["Signal Handling: The PID 1 Problem"]
    # The guide argues against pinning every package: DF214 must not claim its backing.
    assert _cited("DF214") == []


def test_the_rules_page_names_the_guide() -> None:
    assert "*Writing good Dockerfiles*" in docs.render_reference().split("| code |")[0]
