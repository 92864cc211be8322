"""The one reader-facing error: a refusal with an HTTP status, a code and a message.

Services raise a subclass (``CommentError``, ``SavedWordError``...); the JSON API turns any
of them into ``{"code": ..., "detail": ..., **extra}`` with one django-ninja exception
handler (``broadsheet.api``), and the no-JavaScript views show ``message`` on a page.
"""

from __future__ import annotations

from typing import Any


class ReaderError(Exception):
    """A request that cannot be carried out; ``message`` is written for the reader."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int = 400,
        retry_after: int | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.status = status
        self.retry_after = retry_after
        self.extra = {key: value for key, value in extra.items() if value not in (None, "")}

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "detail": self.message, **self.extra}
        if self.retry_after is not None:
            data["retry_after"] = self.retry_after
        return data

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}
