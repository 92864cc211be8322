"""JSON API endpoints of this app, mounted under /api/ by broadsheet.api."""

from ninja import Router

router = Router()
