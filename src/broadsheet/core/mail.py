"""Every e-mail the site sends goes out as a background job, never inside the request.

`QueuedEmailBackend` is settings.EMAIL_BACKEND: Django's `send_mail`, allauth's adapter,
Wagtail's moderation notices and talk's notices all reach it. Each message becomes one job
(`send_email`, queue "mail") holding the message as JSON; the worker rebuilds it
and hands it to settings.EMAIL_DELIVERY_BACKEND (SMTP unless set). A delivery that fails is
retried as every job is (core.background).
"""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks import task


def message_to_json(message: EmailMessage) -> dict[str, Any]:
    """The parts of a message a job can carry: addresses, text, alternatives, attachments."""
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):
            # A ready-made MIME part: carried as its bytes, attached as a file.
            attachment = (attachment.get_filename(), attachment.as_bytes(), None)
        name, content, mimetype = attachment
        raw = content.encode() if isinstance(content, str) else bytes(content)
        attachments.append([name, base64.b64encode(raw).decode(), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
        "content_subtype": message.content_subtype,
    }


def message_from_json(data: dict[str, Any]) -> EmailMultiAlternatives:
    """The message `message_to_json` described, ready for any e-mail backend."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data.get("content_subtype", "plain")
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for name, encoded, mimetype in data["attachments"]:
        message.attach(name, base64.b64decode(encoded), mimetype)
    return message


@task(queue_name="mail")
def send_email(message: dict[str, Any]) -> None:
    """Hand one queued message to the delivering backend (an error makes the job retry)."""
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
    connection.send_messages([message_from_json(message)])


class QueuedEmailBackend(BaseEmailBackend):
    """Enqueues each message as a `send_email` job instead of connecting to a mail server."""

    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            send_email.enqueue(message_to_json(message))
            count += 1
        return count
