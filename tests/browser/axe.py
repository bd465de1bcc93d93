"""axe-core (npm, package.json) run in the test browser only: the pages never load it themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}


def axe_violations(page: Any) -> list[str]:
    """The WCAG 2.x A/AA rules the page breaks, as 'rule-id: target' lines (empty when it passes)."""
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
    page.evaluate(AXE.read_text())
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values:
                ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
            return result.violations.flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ')));
        }"""
    )
    return [str(line) for line in found]


def scrolls_sideways(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))
