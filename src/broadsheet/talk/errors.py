"""The comments app's refusals: a ReaderError that may name the policy clause it applies."""

from __future__ import annotations

from broadsheet.core.errors import ReaderError


class CommentError(ReaderError):
    """A refusal with an HTTP status, a machine code, a message and perhaps a policy clause.

    The API's one handler (broadsheet.api) turns it into JSON; ``clause`` travels in ``extra``.
    """

    @property
    def clause(self) -> str:
        return str(self.extra.get("clause", ""))
