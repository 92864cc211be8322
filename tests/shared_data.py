"""The test data of ../shared, beside the checkout: read from there, never copied.

CI has the folder. A clone without it still passes `./run test`: a test that needs a file
from it is skipped with a message naming the missing path.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# $BROADSHEET_SHARED_DIR points elsewhere (a git worktree that has no ../shared beside it).
SHARED = Path(
    os.environ.get("BROADSHEET_SHARED_DIR") or Path(__file__).resolve().parents[1].parent / "shared"
)


def shared_path(*parts: str) -> Path:
    """The path of ../shared/<parts>, or skip the calling test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"needs the shared test data {path} (../shared/{'/'.join(parts)} beside "
            "the checkout), which is not there"
        )
    return path
