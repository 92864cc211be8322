"""Uploaded files at /media/ when the app server serves them (SERVE_MEDIA): readers get the
images of live, public articles, and nothing else; staff who can reach the admin (to preview
and choose images) get every image. A front server that serves /media/ itself skips this
check (docs/SECURITY.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views import static
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage

from broadsheet.newsroom.models import ArticlePage

# A "public" verdict is remembered this long: an unpublished article's images may be served
# for at most this many seconds more. A "not public" one is never remembered, so a newly
# published article's images show at once.
PUBLIC_IMAGE_SECONDS = 60


def serve(request: HttpRequest, path: str) -> FileResponse | HttpResponse:
    """The file at /media/<path> if it is an image this visitor may see, else 404."""
    image = image_for_path(path)
    if image is None:
        raise Http404
    user = request.user
    staff = user.is_active and user.has_perm("wagtailadmin.access_admin")
    if not staff and not image_is_public(image):
        raise Http404
    return static.serve(request, path, document_root=str(settings.MEDIA_ROOT))


def image_for_path(path: str) -> AbstractImage | None:
    """The image whose original (original_images/) or rendition (images/) is at `path`."""
    model = get_image_model()
    if path.startswith("original_images/"):
        return model.objects.filter(file=path).first()
    if path.startswith("images/"):
        rendition = (
            model.get_rendition_model().objects.filter(file=path).select_related("image").first()
        )
        return rendition.image if rendition is not None else None
    return None


def image_is_public(image: AbstractImage) -> bool:
    """Whether a live, public article shows the image (as its lead image or in its body)."""
    key = f"media:public:{image.pk}:{image.file.name}"
    if cache.get(key):
        return True
    articles = ArticlePage.objects.live().public()
    # The body is JSON; an image block stores the image's id as "image": <id>.
    in_body = rf'"image":\s*{int(image.pk)}\s*[,}}]'
    public = (
        articles.filter(lead_image=image).exists()
        or articles.annotate(body_json=Cast("body", TextField()))
        .filter(body_json__regex=in_body)
        .exists()
    )
    if public:
        cache.set(key, True, timeout=PUBLIC_IMAGE_SECONDS)
    return public
