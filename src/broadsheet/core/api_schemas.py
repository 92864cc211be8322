"""What every JSON API router shares: a ReaderError as the schema shows it, bounded row ids.

`ErrorOut` is the body `broadsheet.api` answers for every refusal (a ReaderError, and
django-ninja's own 401, 403 and 422 turned into the same shape). `RowId` is a path or query
id: a positive integer the database can hold, so an id of 30 digits is a 422, never a 500.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema

# The largest integer SQLite and PostgreSQL's bigint store; Django passes larger ones through
# to the driver, which raises (OverflowError on SQLite) and turned into a 500.
MAX_ROW_ID = 2**63 - 1

RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]


class ErrorOut(Schema):
    code: str = Field(description="invalid | not_found | login_required | forbidden | ...")
    detail: str = Field(description="A message for the reader, in their language.")
    retry_after: int | None = Field(None, description="Seconds to wait (429, also Retry-After)")
    errors: list[dict[str, Any]] | None = Field(
        None, description="Which fields were invalid (422): location, message, type."
    )
