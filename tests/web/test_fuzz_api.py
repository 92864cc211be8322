"""The JSON API fuzzed from its own OpenAPI schema with schemathesis, in process (WSGI).

Twice: as an anonymous client, and as a logged-in reader with a commenter profile who sends
the CSRF token. Every operation gets valid and invalid (negative) data; then the stateful
phase follows OpenAPI links from the creating operations (post a comment, save a word) to
the ones that take their ids. Checks: no 5xx, every status code and body as the schema
declares. Bounded and derandomised (a fixed seed), so CI sees the same requests every run.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from broadsheet.api import api
from broadsheet.newsroom.models import ArticlePage
from broadsheet.talk.models import Commenter, ModerationSettings

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 15  # per operation and generation mode
STATEFUL_STEPS = 60
SEED = 20260901


def fuzz_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )


# --- the schema, with the links django-ninja does not emit ----------------------------------

CREATED_COMMENT = {"comment_id": "$response.body#/id"}
LINKS: dict[tuple[str, str], dict[str, dict]] = {
    # Posting a comment answers its id: edit, delete, recommend and report it, list its article.
    ("/api/comments/articles/{article_id}", "post"): {
        "EditComment": {
            "operationId": "broadsheet_talk_api_edit_comment",
            "parameters": CREATED_COMMENT,
        },
        "DeleteComment": {
            "operationId": "broadsheet_talk_api_delete_comment",
            "parameters": CREATED_COMMENT,
        },
        "RecommendComment": {
            "operationId": "broadsheet_talk_api_recommend",
            "parameters": CREATED_COMMENT,
        },
        "ReportComment": {
            "operationId": "broadsheet_talk_api_report",
            "parameters": CREATED_COMMENT,
        },
        "ListArticleComments": {
            "operationId": "broadsheet_talk_api_list_comments",
            "parameters": {"article_id": "$response.body#/article_id"},
        },
    },
    # Saving a word answers its id: remove it; look the same word up.
    ("/api/dictionary/my/words", "post"): {
        "DeleteWord": {
            "operationId": "broadsheet_lexicon_api_delete_word",
            "parameters": {"word_id": "$response.body#/id"},
        },
        "LookUpWord": {
            "operationId": "broadsheet_lexicon_api_lookup",
            "parameters": {"text": "$response.body#/headword"},
        },
    },
}


def fuzzable_schema(article_ids: list[int]) -> dict:
    """The API's schema with links added; article ids drawn from real ones and a missing one."""
    raw = copy.deepcopy(api.get_openapi_schema())
    for (path, method), links in LINKS.items():
        for status, answer in raw["paths"][path][method]["responses"].items():
            if str(status).startswith("2"):
                answer["links"] = links
    for operations in raw["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] in ("article_id", "article"):
                    parameter["schema"] = {"type": "integer", "enum": article_ids}
    # The service needs an idempotency key (this field or the Idempotency-Key header); without
    # one every post is a 400 and the fuzzer would never reach moderation or the later steps.
    comment_in = raw["components"]["schemas"]["CommentIn"]
    comment_in["required"] = ["text", "idempotency_key"]
    comment_in["properties"]["idempotency_key"] = {
        "type": "string",
        "minLength": 8,
        "maxLength": 64,
    }
    return raw


# --- the two clients ------------------------------------------------------------------------


@pytest.fixture
def wsgi_app() -> Iterator[Callable]:
    """Django's WSGI handler, keeping the test's database connection (as Django's Client does).

    close_old_connections would close the connection of the test's transaction (on
    PostgreSQL); it is disconnected at every call, since Django's test Client, used by the
    fixtures, connects it again after each of its own requests.
    """
    handler = WSGIHandler()

    def app(environ, start_response):
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        return handler(environ, start_response)

    yield app
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def schema(wsgi_app, article):
    config = ModerationSettings.load()
    config.hold_first_comments = 0
    config.save()
    draft = ArticlePage.objects.not_live().first()
    ids = [article.pk] + ([draft.pk] if draft else []) + [2**31 - 1]
    loaded = schemathesis.openapi.from_dict(fuzzable_schema(ids))
    loaded.app = wsgi_app
    return loaded


@pytest.fixture
def reader_call(django_user_model) -> dict[str, dict[str, str]]:
    """A logged-in reader with a commenter profile: session cookie, CSRF cookie and header."""
    user = django_user_model.objects.create_user(username="fuzzing-reader", email="f@example.org")
    Commenter.objects.create(
        user=user, display_name="Fuzzing Reader", accepted_policy_at=timezone.now()
    )
    client = Client()
    client.force_login(user)
    token = client.get("/api/dictionary/my/session").json()["csrf_token"]
    # Explicit cookies win over the ones schemathesis generates for the SessionAuth scheme.
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    return {"headers": {"X-CSRFToken": token}, "cookies": cookies}


def run_stateless(schema, call: dict[str, dict[str, str]]) -> dict[str, set[int]]:
    """Every operation in both modes; the failures of all of them are reported together.

    Returns the statuses each operation answered.
    """
    failures: list[str] = []
    statuses: dict[str, set[int]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @fuzz_settings(EXAMPLES)
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case):
                response = case.call(**call)
                statuses.setdefault(case.operation.label, set()).add(response.status_code)
                case.validate_response(response, checks=CHECKS, headers=call.get("headers"))

            try:
                check()
            except Unsatisfiable:
                continue  # no parameters to make invalid (negative mode of GET my/session)
            except (Exception, FailureGroup) as error:  # collected, reported below
                failures.append(f"{operation.label} ({mode.value}): {error}")
    assert not failures, "\n\n".join(failures)
    return statuses


def run_stateful(schema, call: dict[str, dict[str, str]]) -> None:
    class Machine(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return call

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, headers=call.get("headers"))

    Machine.run(
        settings=settings(
            fuzz_settings(STATEFUL_STEPS // 10), stateful_step_count=10, derandomize=True
        )
    )


def test_the_api_fuzzed_anonymously(schema):
    """No 5xx and no answer the schema does not declare, without a session."""
    run_stateless(schema, {})


def test_the_api_fuzzed_as_a_logged_in_reader(schema, reader_call):
    """The same as a reader who can comment and save words, sending the CSRF token."""
    statuses = run_stateless(schema, reader_call)
    # The session and the token were honoured: every operation that needs them answered
    # something past the login and CSRF checks (a 2xx, or a refusal by the service).
    secured = [
        f"{method.upper()} {path}"
        for path, operations in schema.raw_schema["paths"].items()
        for method, operation in operations.items()
        if operation.get("security")
    ]
    assert secured
    for label in secured:
        assert statuses[label] - {401, 403}, (label, statuses[label])


def test_the_api_fuzzed_statefully_as_a_logged_in_reader(schema, reader_call):
    """Sequences follow the links: a posted comment is edited, reported, deleted..."""
    run_stateful(schema, reader_call)
