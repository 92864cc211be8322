"""Images for the demo paper, drawn at load time: key-figure cards from `demo/figures.yaml`.

The demo needs real images so that the article page's responsive images (Wagtail renditions
in AVIF, WebP and JPEG at several widths) are exercised; nothing here is copied artwork. Each
card is drawn with Pillow's built-in scalable font and becomes a Wagtail image, set as an
article's lead image or inserted as an image block in its body.
"""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

from broadsheet.newsroom.models import ArticlePage

FIGURES_FILE = Path(__file__).resolve().parent / "demo" / "figures.yaml"
CARD_SIZE = (1600, 900)


def draw_card(title: str, figures: list[list[str]], colours: list[str]) -> bytes:
    """A PNG card: the title on top, then each (number, label) pair, large and small."""
    background, ink = colours
    card = PILImage.new("RGB", CARD_SIZE, background)
    draw = ImageDraw.Draw(card)
    margin = 96
    draw.text((margin, margin), title, fill=ink, font=ImageFont.load_default(size=56))
    draw.line((margin, 200, CARD_SIZE[0] - margin, 200), fill=ink, width=4)
    number_font, label_font = ImageFont.load_default(size=150), ImageFont.load_default(size=44)
    top = 260
    for number, label in figures:
        draw.text((margin, top), number, fill=ink, font=number_font)
        draw.text((margin + 10, top + 170), label, fill=ink, font=label_font)
        top += 290
    out = io.BytesIO()
    card.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _image_for(entry: dict):
    model = get_image_model()
    image = model.objects.filter(title=entry["title"]).first()
    if image is None:
        data = draw_card(entry["title"], entry["figures"], entry["colours"])
        name = f"{entry['slug']}-figures.png"
        image = model(title=entry["title"], file=ImageFile(io.BytesIO(data), name=name))
        image.save()
    return image


def add_demo_figures(path: Path = FIGURES_FILE) -> int:
    """Draw each card once and place it on its article; returns how many articles changed."""
    changed = 0
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        article = ArticlePage.objects.filter(slug=entry["slug"]).first()
        if article is None:
            continue
        image = _image_for(entry)
        if entry["place"] == "lead":
            if article.lead_image_id == image.pk:
                continue
            article.lead_image, article.lead_image_alt = image, entry["alt"]
        else:
            if any(b.block_type == "image" for b in article.body):
                continue
            block = {
                "image": image,
                "alt_text": entry["alt"],
                "caption": entry["caption"],
                "credit": entry["credit"],
            }
            article.body.insert(int(entry["position"]), ("image", block))
        article.save_revision().publish()
        changed += 1
    return changed
