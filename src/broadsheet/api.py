"""The JSON API (django-ninja): each app adds its router here; schema at /api/openapi.json."""

from django.http import HttpRequest, JsonResponse
from ninja import NinjaAPI

from broadsheet.core.errors import ReaderError
from broadsheet.lexicon.api import router as lexicon_router
from broadsheet.talk.api import router as talk_router

api = NinjaAPI(
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


api.add_router("/dictionary", lexicon_router)
api.add_router("/comments", talk_router)
