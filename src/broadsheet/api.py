"""The JSON API (django-ninja): each app adds its router here; schema at /api/openapi.json."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Broadsheet API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _register_routers() -> None:
    from broadsheet.lexicon.api import router as lexicon_router
    from broadsheet.talk.api import router as talk_router

    api.add_router("/dictionary", lexicon_router)
    api.add_router("/comments", talk_router)


_register_routers()
