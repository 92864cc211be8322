"""The demo newspaper, assembled from every app's own demo content."""

from __future__ import annotations

from wagtail import hooks

from broadsheet.newsroom.demo_paper import load_demo_newsroom
from broadsheet.newsroom.models import ArticlePage
from broadsheet.newsroom.services import ImportProblem
from broadsheet.newsroom.staff import ensure_staff_groups


def load_demo(*, force: bool = False, log=print) -> bool:
    """Load the demo newsroom and each app's demo content; skipped when articles exist.

    Apps add theirs with a `broadsheet_load_demo` hook: fn(log) -> None.
    """
    if ArticlePage.objects.exists() and not force:
        log("demo: articles already present, nothing loaded")
        return False
    results = load_demo_newsroom()
    problems = [r for r in results if isinstance(r, ImportProblem)]
    for problem in problems:
        log(f"demo: {problem}")
    ensure_staff_groups()
    for fn in hooks.get_hooks("broadsheet_load_demo"):
        fn(log)
    log(f"demo: {len(results) - len(problems)} articles published")
    if problems:
        raise ValueError(f"{len(problems)} demo article(s) could not be loaded")
    return True
