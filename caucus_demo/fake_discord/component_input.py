"""What a member may put into a select menu or a modal, checked as the Discord client would."""

from __future__ import annotations

from typing import Any

from caucus_demo.fake_discord.interactions import walk_components
from caucus_demo.fake_discord.state import Payload

_TEXT_INPUT = 4


def check_select_values(component: Payload, values: list[Any]) -> None:
    low, high = component.get("min_values", 1), component.get("max_values", 1)
    if not low <= len(values) <= high:
        raise ValueError(f"select {component['custom_id']!r} takes {low}..{high} values")
    if component["type"] == 3:
        allowed = [o["value"] for o in component.get("options", [])]
        wrong = [v for v in values if v not in allowed]
        if wrong:
            raise ValueError(f"select {component['custom_id']!r} has no options {wrong}: {allowed}")


def modal_submission(modal: Payload, fields: dict[str, str | list[str]]) -> list[Payload]:
    """Mirrors the modal's layout, filling each input with the member's value."""
    inputs = {
        c["custom_id"]: c for c in walk_components(modal.get("components", [])) if "custom_id" in c
    }
    unknown = sorted(set(fields) - set(inputs))
    if unknown:
        raise ValueError(f"modal {modal['custom_id']!r} has no inputs {unknown}: {sorted(inputs)}")
    missing = [
        cid
        for cid, c in inputs.items()
        if c["type"] == _TEXT_INPUT and c.get("required", True) and cid not in fields
    ]
    if missing:
        raise ValueError(f"modal {modal['custom_id']!r} needs the required inputs {missing}")

    def fill(component: Payload) -> Payload | None:
        if component["type"] == 1:
            inner = [f for f in (fill(c) for c in component["components"]) if f is not None]
            return {"type": 1, "components": inner}
        if component["type"] == 18:
            inner_component = fill(component["component"])
            return None if inner_component is None else {"type": 18, "component": inner_component}
        custom_id = component.get("custom_id")
        if custom_id is None:
            return None
        value = fields.get(custom_id, "" if component["type"] == _TEXT_INPUT else [])
        key = "value" if component["type"] == _TEXT_INPUT else "values"
        return {"type": component["type"], "custom_id": custom_id, key: value}

    return [f for f in (fill(c) for c in modal.get("components", [])) if f is not None]
