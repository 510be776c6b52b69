"""The spec checks on their own, without a server."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from caucus_demo.fake_discord.message_payloads import normalize_components
from caucus_demo.fake_discord.validation import RouteMatch, Violation, ViolationKind, spec_validator


def matched(method: str, path: str) -> RouteMatch:
    route = spec_validator().match(method, path)
    assert isinstance(route, RouteMatch), route
    return route


def test_literal_segment_wins_over_a_parameter() -> None:
    assert matched("GET", "/users/@me").operation_id == "get_my_user"
    assert matched("GET", "/users/42").operation_id == "get_user"


def test_unknown_route_is_a_violation() -> None:
    result = spec_validator().match("GET", "/channels/1/nonsense")
    assert isinstance(result, Violation)
    assert result.kind is ViolationKind.UNKNOWN_ROUTE


def test_method_the_route_lacks_is_a_violation() -> None:
    result = spec_validator().match("PUT", "/users/@me")
    assert isinstance(result, Violation)
    assert result.kind is ViolationKind.UNKNOWN_METHOD
    assert "GET, PATCH" in result.message


def test_path_parameter_that_is_no_snowflake_is_rejected() -> None:
    result = spec_validator().match("POST", "/channels/None/messages")
    assert isinstance(result, Violation)
    assert result.kind is ViolationKind.INVALID_PATH_PARAMETER
    assert "channel_id='None'" in result.message


def test_the_quick_path_parameter_check_still_rejects_what_the_schema_does() -> None:
    """Path parameters are checked by a quick pattern test before the full validator (a load
    benchmark's thousands of requests); it must refuse what the schema refuses."""
    for path, name in (
        ("/channels/0123/messages", "channel_id='0123'"),  # a leading zero
        ("/channels/12a/messages", "channel_id='12a'"),
        ("/webhooks/1/" + "t" * 152_134, "webhook_token="),  # over maxLength
    ):
        result = spec_validator().match("POST", path)
        assert isinstance(result, Violation), path
        assert result.kind is ViolationKind.INVALID_PATH_PARAMETER
        assert name in result.message
    assert matched("POST", "/channels/0/messages").params == {"channel_id": "0"}


def test_invalid_body_names_operation_field_and_problem() -> None:
    route = matched("POST", "/channels/1/messages")
    violation = spec_validator().check_request_body(route, "/channels/1/messages", {"content": 5})
    assert violation is not None
    assert "create_message" in violation.message
    assert "$.content" in violation.message
    assert "is not of type 'string', 'null'" in violation.message


def test_union_error_points_into_the_variant_the_object_claims() -> None:
    path = "/applications/1/commands"
    route = matched("PUT", path)
    option = {"type": 7, "name": "where", "description": "d", "channel_types": [99]}
    body = [{"name": "go", "description": "d", "options": [option]}]
    violation = spec_validator().check_request_body(route, path, body)
    assert violation is not None
    assert "$[0].options[0].channel_types[0]" in violation.message


def test_documented_spec_gaps_are_accepted() -> None:
    # Integer snowflakes (discord.py's create_dm) and GUILD_MEDIA (16) in channel_types.
    dm = matched("POST", "/users/@me/channels")
    assert (
        spec_validator().check_request_body(dm, "/users/@me/channels", {"recipient_id": 7}) is None
    )
    option = {"type": 7, "name": "forum", "description": "d", "channel_types": [15, 16]}
    assert spec_validator().check_component("ApplicationCommandChannelOption", option) is None


def test_missing_required_body_is_checked_as_empty_object() -> None:
    route = matched("POST", "/guilds/1/scheduled-events")
    violation = spec_validator().check_request_body(route, "/guilds/1/scheduled-events", None)
    assert violation is not None


def test_response_check_reports_a_missing_required_field() -> None:
    route = matched("GET", "/users/@me")
    violation = spec_validator().check_response(route, "/users/@me", 200, {"id": "1"})
    assert violation is not None
    assert violation.kind is ViolationKind.INVALID_RESPONSE


def test_response_check_rejects_a_status_the_operation_never_returns() -> None:
    route = matched("DELETE", "/channels/1/messages/2")
    violation = spec_validator().check_response(route, "/channels/1/messages/2", 200, {})
    assert violation is not None
    assert "declares no 200 response" in violation.message


def test_a_stored_button_with_a_unicode_emoji_comes_back_as_discord_sends_it() -> None:
    """discord.py sends a Unicode emoji as {"name": ..., "id": null}; Discord gives it back with
    its name only, and the response schema refuses a null id."""
    sent = [
        {
            "type": 1,
            "components": [
                {
                    "type": 2,
                    "style": 2,
                    "label": "I've read it",
                    "custom_id": "caucus:read:1",
                    "emoji": {"name": "📖", "id": None},
                }
            ],
        }
    ]
    [row] = normalize_components(sent)
    [button] = row["components"]
    assert button["emoji"] == {"name": "📖"}
    assert sent[0]["components"][0]["emoji"] == {"name": "📖", "id": None}  # input untouched


CALLBACK_BODY = (
    "/paths/~1interactions~1%7Binteraction_id%7D~1%7Binteraction_token%7D~1callback"
    "/post/requestBody/content/application~1json/schema"
)
MESSAGE_BODY = "/paths/~1channels~1%7Bchannel_id%7D~1messages/post/requestBody/content/application~1json/schema"  # noqa: E501
_ROW = {
    "type": 1,
    "components": [
        {"type": 2, "style": 1, "label": "Vote", "custom_id": "caucus:vote:1"},
        {"type": 2, "style": 5, "label": "Read", "url": "https://example.org/"},
    ],
}
_SELECT_ROW = {
    "type": 1,
    "components": [
        {
            "type": 3,
            "custom_id": "caucus:pick",
            "options": [{"label": "A", "value": "a"}, {"label": "B", "value": "b"}],
        }
    ],
}
_MODAL = {
    "type": 9,
    "data": {
        "custom_id": "caucus:modal",
        "title": "Suggest",
        "components": [
            {
                "type": 1,
                "components": [
                    {"type": 4, "custom_id": "text", "style": 2, "label": "Prompt"},
                ],
            }
        ],
    },
}
# Valid bodies, and bodies broken the ways a shortcut could miss: a discriminator of the wrong
# JSON kind (True, 4.0, "4"), missing or unknown, an error deep inside the claimed variant, a
# component kind that belongs elsewhere, two variants at once.
CALLBACK_CASES = [
    {"type": 4, "data": {"content": "hello", "components": [_ROW, _SELECT_ROW]}},
    {"type": 4, "data": {"embeds": [{"title": "T", "fields": [{"name": "n", "value": "v"}]}]}},
    {"type": 5, "data": {"flags": 64}},
    {"type": 6},
    {"type": 7, "data": {"content": "edited", "components": []}},
    _MODAL,
    {"type": True, "data": {"content": "x"}},
    {"type": 4.0, "data": {"content": "x"}},
    {"type": "4", "data": {"content": "x"}},
    {"data": {"content": "no type"}},
    {"type": 99},
    {"type": 4, "data": {"content": 5}},
    {"type": 4, "data": {"components": [{"type": 1, "components": [{"type": 2, "style": 99}]}]}},
    {"type": 4, "data": {"components": [{"type": 4, "custom_id": "x", "style": 1}]}},
    {"type": 4, "data": {"components": [{"type": 1, "components": [{"type": True}]}]}},
    {"type": 9, "data": {"custom_id": "m", "title": "t", "components": [_ROW]}},
    {"type": 8, "data": {"choices": [{"name": "a", "value": 1.5}]}},
    [],
    None,
]
MESSAGE_CASES = [
    {"content": "hi", "components": [_ROW]},
    {"content": "hi", "allowed_mentions": {"parse": []}, "flags": 4},
    {"components": [{"type": 1, "components": [{"type": 2, "style": 4, "custom_id": 7}]}]},
    {"embeds": [{"color": "red"}]},
]


def _errors(validator: Any, instance: Any) -> list[tuple[str, list[Any], list[str]]]:
    return sorted(
        (e.message, list(e.absolute_path), sorted(c.message for c in e.context))
        for e in validator.iter_errors(instance)
    )


@pytest.mark.parametrize(
    ("pointer", "instance"),
    [(CALLBACK_BODY, case) for case in CALLBACK_CASES]
    + [(MESSAGE_BODY, case) for case in MESSAGE_CASES],
)
def test_union_shortcut_gives_plain_jsonschemas_verdict_and_errors(
    pointer: str, instance: Any
) -> None:
    validator = spec_validator()
    shortcut = validator._validator(pointer)
    assert type(shortcut) is not Draft202012Validator  # the shortcut is what runs
    assert _errors(shortcut, instance) == _errors(validator.plain_validator(pointer), instance)


def test_union_shortcut_cases_include_valid_and_invalid_bodies() -> None:
    # Without both kinds the comparison above could pass by always answering one way.
    plain = spec_validator().plain_validator(CALLBACK_BODY)
    verdicts = {plain.is_valid(case) for case in CALLBACK_CASES}
    assert verdicts == {True, False}
    assert sum(plain.is_valid(case) for case in CALLBACK_CASES) >= 5
