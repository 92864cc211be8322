"""The JSON API (django-ninja): each app adds its router here; schema at /api/openapi.json.

Every refusal has one JSON shape, `{"code", "detail", ...}` (core.api_schemas.ErrorOut): a
service's ReaderError, and django-ninja's own answers (no session 401, CSRF 403, invalid
input 422) and an unknown /api/ path (404) turned into ReaderErrors for the one handler.
The schema documents those on every operation (`BroadsheetAPI.get_openapi_schema`), so a
client, and the schemathesis fuzzing in tests/web/test_fuzz_api.py, may rely on it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from broadsheet.core.api_schemas import ErrorOut
from broadsheet.core.errors import ReaderError
from broadsheet.lexicon.api import router as lexicon_router
from broadsheet.talk.api import router as talk_router


class BroadsheetAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """The schema, with the errors django-ninja itself answers declared where they occur."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["components"]["schemas"].setdefault("ErrorOut", ErrorOut.model_json_schema())
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                statuses = []
                parameters = operation.get("parameters", [])
                if parameters or operation.get("requestBody"):
                    statuses.append(("422", "Invalid input"))
                if any(p["in"] == "path" for p in parameters):
                    statuses.append(("404", "No such object (or a malformed id in the path)"))
                if operation.get("security"):
                    statuses += [("401", "Not logged in"), ("403", "Missing or wrong CSRF token")]
                for status, description in statuses:
                    operation["responses"].setdefault(
                        status, {"description": description, "content": error}
                    )
        return schema


api = BroadsheetAPI(
    title="Broadsheet API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(ReaderError)
def reader_error(request: HttpRequest, error: ReaderError) -> JsonResponse:
    """Every refusal a service raises becomes the same JSON shape (docs/API.md)."""
    response = JsonResponse(error.as_dict(), status=error.status)
    for name, value in error.headers().items():
        response[name] = value
    return response


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, error: ValidationError) -> JsonResponse:
    where = ", ".join(".".join(str(part) for part in e.get("loc", ())) for e in error.errors[:5])
    errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in error.errors[:20]]
    message = _("The request is not valid: %(where)s.") % {"where": where or _("the request body")}
    return reader_error(request, ReaderError("invalid", message, status=422, errors=errors))


@api.exception_handler(AuthenticationError)
def login_required(request: HttpRequest, error: AuthenticationError) -> JsonResponse:
    return reader_error(request, ReaderError("login_required", _("Log in first."), status=401))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> JsonResponse:
    """django-ninja's other refusals; the one it raises itself is the failed CSRF check (403)."""
    if error.status_code == 403:
        message = _("The form has expired: reload the page and try again.")
        return reader_error(request, ReaderError("forbidden", message, status=403))
    return reader_error(request, ReaderError("invalid", str(error), status=error.status_code))


@csrf_exempt  # it changes nothing: an unsafe method gets the same 404 as a safe one
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any /api/ path no operation matches (a non-numeric id, say): JSON, not the HTML 404."""
    return reader_error(
        request, ReaderError("not_found", _("There is no such address."), status=404)
    )


api.add_router("/dictionary", lexicon_router)
api.add_router("/comments", talk_router)
