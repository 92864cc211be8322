"""Two rules of docs/ARCHITECTURE.md that no off-the-shelf linter checks.

1. No Python or JavaScript module over 500 lines (migrations and data files aside).
2. In src/, an import inside a function says why on its line: `import x  # lazy: reason`.

`python tools/code_rules.py` prints each breach and exits 1 if there is one.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 500
CODE = ("*.py", "*.mjs", "*.js")
FOLDERS = ("src", "tests", "benchmarks", "tools")
SKIP_PARTS = {"migrations", "node_modules", "__pycache__"}


def code_files() -> Iterator[Path]:
    for folder in FOLDERS:
        for pattern in CODE:
            for path in (ROOT / folder).rglob(pattern):
                if not SKIP_PARTS.intersection(path.relative_to(ROOT).parts):
                    yield path


def long_modules() -> Iterator[str]:
    for path in code_files():
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_LINES:
            yield f"{path.relative_to(ROOT)}: {lines} lines (at most {MAX_LINES})"


def unexplained_lazy_imports(path: Path) -> Iterator[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    inside_functions = {
        inner.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in ast.walk(node)
        if isinstance(inner, ast.Import | ast.ImportFrom)
    }
    for lineno in sorted(inside_functions):
        if "# lazy:" not in lines[lineno - 1]:
            where = f"{path.relative_to(ROOT)}:{lineno}"
            yield f"{where}: an import inside a function without a '# lazy: reason' comment"


def breaches() -> list[str]:
    found = list(long_modules())
    for path in (ROOT / "src").rglob("*.py"):
        if not SKIP_PARTS.intersection(path.relative_to(ROOT).parts):
            found.extend(unexplained_lazy_imports(path))
    return sorted(set(found))


if __name__ == "__main__":
    problems = breaches()
    print("\n".join(problems) or "code rules: no breach")
    sys.exit(1 if problems else 0)
