"""Checks REST traffic against Discord's own OpenAPI description of HTTP API v10.

The spec (spec/openapi.json, MIT, from github.com/discord/discord-api-spec) is loaded once per
process; one JSON Schema validator is compiled per schema location and kept.

The spec's unions (anyOf/oneOf) are checked with a shortcut that gives plain jsonschema's
verdict much faster (union_shortcut.py).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match, relevance
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from caucus_demo.fake_discord.union_shortcut import UnionShortcut

SPEC_PATH = Path(__file__).parent / "spec" / "openapi.json"
_SPEC_URI = "urn:discord-api-spec"
_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch"})
_PARAMETER = re.compile(r"\{([^}]+)\}")
_MAX_MESSAGE = 400  # schema errors quote the whole instance; keep reports readable


class ViolationKind(Enum):
    UNKNOWN_ROUTE = "unknown route"
    UNKNOWN_METHOD = "method not allowed on this route"
    INVALID_PATH_PARAMETER = "invalid path parameter"
    INVALID_REQUEST_BODY = "invalid request body"
    INVALID_RESPONSE = "invalid response from the fake"
    UNSUPPORTED_BY_FAKE = "valid route the fake does not implement"
    FAKE_CRASHED = "the fake crashed on this request"


@dataclass(frozen=True)
class Violation:
    kind: ViolationKind
    method: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.method} {self.path}: {self.message}"


@dataclass(frozen=True)
class RouteMatch:
    template: str
    method: str
    operation_id: str
    params: dict[str, str]


@dataclass(frozen=True)
class _Template:
    template: str
    regex: re.Pattern[str]
    literal_segments: int
    methods: frozenset[str]


def _json_pointer(*parts: str | int) -> str:
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return quote("/" + "/".join(escaped), safe="/~")


def _compile_template(template: str, methods: frozenset[str]) -> _Template:
    pattern = "".join(
        f"(?P<{piece}>[^/]+)" if index % 2 else re.escape(piece)
        for index, piece in enumerate(_PARAMETER.split(template))
    )
    literal = sum(1 for segment in template.split("/") if segment and "{" not in segment)
    return _Template(template, re.compile(f"^{pattern}$"), literal, methods)


class SpecValidator:
    """Route matching and schema validation for one loaded spec."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self._spec = spec
        resource = Resource.from_contents(spec, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(_SPEC_URI, resource)
        self._validator_class = UnionShortcut(spec).validator_class()
        self._validators: dict[str, Draft202012Validator] = {}
        self._plain_checks: dict[int, Callable[[Any], bool] | None] = {}
        templates = [
            _compile_template(path, frozenset(m for m in item if m in _HTTP_METHODS))
            for path, item in spec["paths"].items()
        ]
        # Literal segments win over parameters: /users/@me before /users/{user_id}.
        self._templates = sorted(templates, key=lambda t: -t.literal_segments)

    def plain_validator(self, pointer: str) -> Draft202012Validator:
        """jsonschema's own validator for one schema location, without the union shortcut
        (what tests compare the shortcut against)."""
        return Draft202012Validator({"$ref": f"{_SPEC_URI}#{pointer}"}, registry=self._registry)

    def _validator(self, pointer: str) -> Draft202012Validator:
        validator = self._validators.get(pointer)
        if validator is None:
            schema = {"$ref": f"{_SPEC_URI}#{pointer}"}
            validator = self._validator_class(schema, registry=self._registry)
            self._validators[pointer] = validator
        return validator

    def _plainly_valid(self, schema: dict[str, Any], value: Any) -> bool:
        """A quick yes for the plain string schemas of path parameters (snowflakes, tokens):
        type, pattern and maxLength checked directly, which the full validator does a hundred
        times slower. False means "ask the full validator" (for its error message)."""
        key = id(schema)  # the spec's own objects, alive as long as this validator
        if key not in self._plain_checks:
            self._plain_checks[key] = self._plain_check(schema)
        check = self._plain_checks[key]
        return check is not None and check(value)

    def _plain_check(self, schema: dict[str, Any]) -> Callable[[Any], bool] | None:
        node, _ = self._follow(dict(schema))
        if node.get("type") != "string" or set(node) - {"type", "pattern", "maxLength", "format"}:
            return None
        pattern = re.compile(node["pattern"]) if "pattern" in node else None
        longest = node.get("maxLength")

        def check(value: Any) -> bool:
            return (
                isinstance(value, str)
                and (longest is None or len(value) <= longest)
                and (pattern is None or pattern.search(value) is not None)
            )

        return check

    def _first_error(self, pointer: str, instance: Any) -> str | None:
        errors = list(self._validator(pointer).iter_errors(instance))
        if not errors:
            return None
        error = _most_useful_error(errors)
        message = error.message
        if len(message) > _MAX_MESSAGE:
            message = message[: _MAX_MESSAGE // 2] + " ... " + message[-_MAX_MESSAGE // 2 :]
        return f"{message} (at {error.json_path})"

    def _follow(self, node: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
        """Resolves a local $ref (used by response objects) and returns the node and its path."""
        parts: tuple[str, ...] = ()
        while "$ref" in node:
            parts = tuple(node["$ref"].removeprefix("#/").split("/"))
            node = self._spec
            for part in parts:
                node = node[part]
        return node, parts

    def match(self, method: str, path: str) -> RouteMatch | Violation:
        """Finds the spec operation for `path` (relative to /api/v10) or says why there is none."""
        verb = method.lower()
        allowed_elsewhere: list[str] = []
        for template in self._templates:
            found = template.regex.match(path)
            if found is None:
                continue
            if verb not in template.methods:
                allowed_elsewhere.append(template.template)
                continue
            operation = self._spec["paths"][template.template][verb]
            route = RouteMatch(template.template, verb, operation["operationId"], found.groupdict())
            problem = self._check_path_parameters(route)
            return route if problem is None else problem
        if allowed_elsewhere:
            first = next(t for t in self._templates if t.template == allowed_elsewhere[0])
            methods = sorted(m.upper() for m in first.methods)
            return Violation(
                ViolationKind.UNKNOWN_METHOD,
                method,
                path,
                f"{allowed_elsewhere[0]} allows only {', '.join(methods)}",
            )
        return Violation(ViolationKind.UNKNOWN_ROUTE, method, path, "no path template matches")

    def _check_path_parameters(self, route: RouteMatch) -> RouteMatch | Violation:
        item = self._spec["paths"][route.template]
        for index, parameter in enumerate(item.get("parameters", [])):
            if parameter.get("in") != "path" or parameter["name"] not in route.params:
                continue
            pointer = _json_pointer("paths", route.template, "parameters", index, "schema")
            value = route.params[parameter["name"]]
            if self._plainly_valid(parameter["schema"], value):
                continue
            error = self._first_error(pointer, value)
            if error is not None:
                return Violation(
                    ViolationKind.INVALID_PATH_PARAMETER,
                    route.method.upper(),
                    route.template,
                    f"{parameter['name']}={route.params[parameter['name']]!r}: {error}",
                )
        return route

    def check_request_body(self, route: RouteMatch, path: str, body: Any) -> Violation | None:
        """Validates a JSON body (or multipart payload_json); `body` is None when none was sent."""
        operation = self._spec["paths"][route.template][route.method]
        request_body = operation.get("requestBody")
        if request_body is None:
            if body is None:
                return None
            return Violation(
                ViolationKind.INVALID_REQUEST_BODY,
                route.method.upper(),
                path,
                f"{route.operation_id} takes no request body, got {json.dumps(body)[:200]}",
            )
        if body is None:
            if not request_body.get("required", False):
                return None
            body = {}  # Discord reads a missing body as an empty object.
        pointer = _json_pointer(
            "paths", route.template, route.method, "requestBody", "content", "application/json"
        )
        error = self._first_error(pointer + "/schema", body)
        if error is None:
            return None
        return Violation(
            ViolationKind.INVALID_REQUEST_BODY,
            route.method.upper(),
            path,
            f"body does not match the {route.operation_id} request schema: {error}",
        )

    def check_response(
        self, route: RouteMatch, path: str, status: int, body: Any
    ) -> Violation | None:
        """Validates what the fake answered against the operation's declared responses."""
        responses = self._spec["paths"][route.template][route.method]["responses"]
        key = next(
            (k for k in (str(status), f"{str(status)[0]}XX", "default") if k in responses), None
        )

        def violation(message: str) -> Violation:
            return Violation(
                ViolationKind.INVALID_RESPONSE, route.method.upper(), path, f"{status}: {message}"
            )

        if key is None:
            return violation(f"{route.operation_id} declares no {status} response")
        response, ref_parts = self._follow(responses[key])
        schema_holder = response.get("content", {}).get("application/json")
        if schema_holder is None:
            return None if body is None else violation("the spec declares no body here")
        if body is None:
            return violation("the spec declares a JSON body, the fake sent none")
        if ref_parts:
            pointer = _json_pointer(*ref_parts, "content", "application/json", "schema")
        else:
            pointer = _json_pointer(
                "paths", route.template, route.method, "responses", key, "content",
                "application/json", "schema",
            )  # fmt: skip
        error = self._first_error(pointer, body)
        return None if error is None else violation(error)

    def check_component(self, schema_name: str, instance: Any) -> str | None:
        """Validates any object against a named schema in components/schemas."""
        return self._first_error(_json_pointer("components", "schemas", schema_name), instance)


def _is_wrong_variant(error: ValidationError, parent: ValidationError) -> bool:
    """An error saying a oneOf branch is for another kind ("type" is 7, not 1)."""
    return (
        error.validator in ("enum", "const")
        and len(error.path) == len(parent.path) + 1
        and error.path[-1] == "type"
    )


def _most_useful_error(errors: list[ValidationError]) -> ValidationError:
    """Descends oneOf/anyOf into the one branch meant for this object, when there is one.

    jsonschema's best_match often reports the first branch's discriminator ("7 is not one of
    [1]") for a union of option or component kinds; the branch whose "type" matches says more.
    """
    error = max(errors, key=relevance)
    while error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        plausible = [
            branch
            for branch in branches.values()
            if not any(_is_wrong_variant(sub, error) for sub in branch)
        ]
        if len(plausible) != 1:
            return best_match([error]) or error
        error = min(plausible[0], key=relevance)
    return error


# Where Discord's published spec is narrower than the API it describes, documented one by one.
def _allow_media_channel_type(spec: dict[str, Any]) -> None:
    """GUILD_MEDIA (16) is a channel type in Discord's docs, and discord.py lists it among a
    ForumChannel option's channel_types, but the spec's ChannelTypes enum lacks it."""
    channel_types = spec["components"]["schemas"]["ChannelTypes"]["oneOf"]
    if not any(option.get("const") == 16 for option in channel_types):
        channel_types.append({"title": "GUILD_MEDIA", "const": 16})


def _allow_integer_snowflakes(spec: dict[str, Any]) -> None:
    """The spec types snowflakes as decimal strings; Discord also accepts JSON integers in
    request bodies, and discord.py sends some (e.g. create_dm's recipient_id) that way."""
    schemas = spec["components"]["schemas"]
    as_string = schemas["SnowflakeType"]
    schemas["SnowflakeType"] = {
        "oneOf": [as_string, {"type": "integer", "minimum": 0, "maximum": 2**64 - 1}]
    }


SPEC_GAPS = (_allow_media_channel_type, _allow_integer_snowflakes)


@functools.cache
def spec_validator() -> SpecValidator:
    """The process-wide validator: the 1.2 MB spec is parsed once."""
    with SPEC_PATH.open(encoding="utf-8") as handle:
        spec = json.load(handle)
    for patch in SPEC_GAPS:
        patch(spec)
    return SpecValidator(spec)
