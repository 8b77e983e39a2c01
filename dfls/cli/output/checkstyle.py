"""``--format checkstyle``: Checkstyle XML (Jenkins warnings-ng, reviewdog, many CI tools).

Lines and columns from 1; severities error, warning, info (style counts as info). Control
characters in messages are shown as ``\x1b``-style escapes, text is escaped for XML
attributes, and any other character XML 1.0 cannot hold becomes U+FFFD.
"""

from __future__ import annotations

import re
from typing import TextIO
from xml.sax.saxutils import quoteattr

from dfls.cli.output import Report, printable
from dfls.rules.api import Severity

LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "info",
    Severity.STYLE: "info",
}
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def attribute(text: str) -> str:
    cleaned = _NOT_XML.sub("\ufffd", text)
    return quoteattr(cleaned, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def write(report: Report, out: TextIO) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n')
    for result in report.results:
        if not result.violations:
            continue
        out.write(f"  <file name={attribute(result.path)}>\n")
        for violation in result.violations:
            start = violation.span.start
            out.write(
                f'    <error line="{start.line + 1}" column="{start.character + 1}"'
                f' severity="{LEVELS[violation.severity]}"'
                f" message={attribute(printable(violation.message))}"
                f" source={attribute(f'dfls.{violation.code}.{violation.name}')}/>\n"
            )
        out.write("  </file>\n")
    out.write("</checkstyle>\n")
