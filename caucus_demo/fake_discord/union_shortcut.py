"""The shortcut for the spec's unions (anyOf/oneOf of message components, interaction
callbacks, channel types...): it gives plain jsonschema's verdict without its cost.

A branch whose `type` discriminator (or const, or JSON type) cannot match the instance is
skipped without descending into it, and only when the remaining branches do not settle the
question does the plain jsonschema keyword run (which also words the error exactly as before).
Plain jsonschema collects every error of every wrong branch; for an interaction callback that
was about 11 ms a request. validation.py builds its validators with `UnionShortcut`.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema._keywords import anyOf as _plain_any_of
from jsonschema._keywords import oneOf as _plain_one_of

_NO_VERDICT = object()


def _json_types(instance: Any) -> frozenset[str] | None:
    """The JSON Schema types `instance` certainly has, or None when unsure (floats: 1.0 is an
    integer to JSON Schema)."""
    if isinstance(instance, bool):
        return frozenset({"boolean"})
    if isinstance(instance, int):
        return frozenset({"integer", "number"})
    if isinstance(instance, str):
        return frozenset({"string"})
    if isinstance(instance, dict):
        return frozenset({"object"})
    if isinstance(instance, list):
        return frozenset({"array"})
    if instance is None:
        return frozenset({"null"})
    return None


def _certainly_unequal(instance: Any, value: Any) -> bool:
    """True only when JSON Schema equality surely fails: both strings, or both non-bool ints."""
    if isinstance(instance, str) and isinstance(value, str):
        return instance != value
    plain_int = (int,)
    if (
        isinstance(instance, plain_int)
        and isinstance(value, plain_int)
        and not isinstance(instance, bool)
        and not isinstance(value, bool)
    ):
        return bool(instance != value)
    return False


class UnionShortcut:
    """Decides cheaply and soundly that a union branch cannot match an instance."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self._spec = spec
        self._resolved: dict[int, tuple[Any, dict[str, Any]]] = {}

    def _resolve(self, branch: Any) -> dict[str, Any]:
        cached = self._resolved.get(id(branch))
        if cached is not None:
            return cached[1]
        node = branch
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#/"):
                break
            target: Any = self._spec
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        resolved = node if isinstance(node, dict) else {}
        self._resolved[id(branch)] = (branch, resolved)  # keeps `branch` alive: its id stays its
        return resolved

    def _value_rejected(self, schema: Any, value: Any) -> bool:
        if not isinstance(schema, dict):
            return False
        if "const" in schema and _certainly_unequal(value, schema["const"]):
            return True
        if "enum" in schema and all(_certainly_unequal(value, v) for v in schema["enum"]):
            return True
        declared = schema.get("type")
        if declared is not None:
            kinds = _json_types(value)
            wanted = {declared} if isinstance(declared, str) else set(declared)
            if kinds is not None and not kinds & wanted:
                return True
        return False

    def rejects(self, branch: Any, instance: Any) -> bool:
        schema = self._resolve(branch)
        if self._value_rejected(schema, instance):
            return True
        if isinstance(instance, dict):
            discriminator = schema.get("properties", {}).get("type")
            if "type" in instance:
                return self._value_rejected(self._resolve(discriminator), instance["type"])
            return "type" in schema.get("required", ())
        return False

    def verdict(self, validator: Any, branches: list[Any], instance: Any, *, one: bool) -> Any:
        """True (valid) when the branches left after the cheap rejections settle it, else
        _NO_VERDICT (the plain keyword decides and words the errors)."""
        valid = 0
        for index, branch in enumerate(branches):
            if self.rejects(branch, instance):
                continue
            if next(validator.descend(instance, branch, schema_path=index), None) is None:
                valid += 1
                if not one:
                    return True
        return True if one and valid == 1 else _NO_VERDICT

    def validator_class(self) -> Any:
        def any_of(validator: Any, any_of: Any, instance: Any, schema: Any) -> Any:
            if self.verdict(validator, any_of, instance, one=False) is True:
                return
            yield from _plain_any_of(validator, any_of, instance, schema)

        def one_of(validator: Any, one_of: Any, instance: Any, schema: Any) -> Any:
            if self.verdict(validator, one_of, instance, one=True) is True:
                return
            yield from _plain_one_of(validator, one_of, instance, schema)

        return validators.extend(Draft202012Validator, {"anyOf": any_of, "oneOf": one_of})
