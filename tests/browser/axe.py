"""axe-core (from the npm registry, installed by ./run test into tools/axe) run inside a page."""

from __future__ import annotations

from pathlib import Path

AXE_JS = (
    Path(__file__).resolve().parents[2]
    / "tools"
    / "axe"
    / "node_modules"
    / "axe-core"
    / "axe.min.js"
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[dict]:
    """WCAG 2.2 A/AA violations on the page as it is now.

    The script is evaluated through the DevTools protocol, so the page's strict CSP (which
    forbids injected inline scripts, as it should) does not get in the way.
    """
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
