"""Driving members' interactions and reading what the bot answered."""

from __future__ import annotations

import pytest
from discord.ext import commands

from caucus_demo.fake_discord import CallbackType, FakeDiscord, FakeUpload, InteractionTimeoutError
from tests.fake_discord.conftest import Scene


async def open_ballot(fake: FakeDiscord, scene: Scene) -> str:
    result = await fake.invoke_slash(
        scene.guild.id, scene.alice.id, "caucus vote open", {"title": "Q"}
    )
    assert result.message is not None
    return str(result.message["id"])


async def test_slash_command_gets_an_ephemeral_reply(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    result = await fake.invoke_slash(scene.guild.id, scene.bob.id, "caucus help")
    assert result.response_type is CallbackType.CHANNEL_MESSAGE
    assert result.content == "Caucus helps reading groups."
    assert result.ephemeral
    assert fake.messages_in(scene.text["id"]) == []  # ephemeral: not in the channel


async def test_options_arrive_typed_with_resolved_member_and_choice(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    options = {"text": "ab", "times": 2, "who": scene.alice.id, "tone": "loud"}
    result = await fake.invoke_slash(scene.guild.id, scene.bob.id, "caucus echo", options)
    embed = result.embeds[0]
    assert embed["description"] == "abab"
    assert [f["value"] for f in embed["fields"]] == ["alice", "loud"]
    assert not result.ephemeral


async def test_option_outside_choices_is_refused_before_sending(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    with pytest.raises(ValueError, match="not one of"):
        await fake.invoke_slash(
            scene.guild.id, scene.bob.id, "caucus echo", {"text": "a", "tone": "shrill"}
        )


async def test_unknown_subcommand_names_the_synced_ones(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    with pytest.raises(LookupError, match="'open'"):
        await fake.invoke_slash(scene.guild.id, scene.bob.id, "caucus vote close")


async def test_deferred_response_waits_for_the_edit(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    result = await fake.invoke_slash(scene.guild.id, scene.bob.id, "caucus slow")
    assert result.deferred
    assert result.content == "done thinking"
    followups = await result.wait_for_followups(1)
    assert followups[0]["content"] == "and one more thing"
    assert followups[0]["flags"] & 64


async def test_unanswered_interaction_times_out_with_a_clear_error(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    fake.actions.timeout = 0.2
    with pytest.raises(
        InteractionTimeoutError, match=r"/caucus silent\): the bot sent no response"
    ):
        await fake.invoke_slash(scene.guild.id, scene.bob.id, "caucus silent")


async def test_button_click_reaches_the_view(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    message_id = await open_ballot(fake, scene)
    result = await fake.click(message_id, "sample:vote", scene.bob.id)
    assert result.content == "vote counted for bob"
    assert result.ephemeral


async def test_button_opens_a_modal_whose_submission_reaches_on_submit(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    message_id = await open_ballot(fake, scene)
    opened = await fake.click(message_id, "sample:explain", scene.bob.id)
    assert opened.response_type is CallbackType.MODAL
    assert opened.modal is not None
    assert opened.modal["title"] == "Why?"
    submitted = await fake.submit_modal("sample:ballot", {"reason": "fairness"}, scene.bob.id)
    assert submitted.content == "reason=fairness note=-"


async def test_modal_submission_without_a_required_input_is_refused(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    message_id = await open_ballot(fake, scene)
    await fake.click(message_id, "sample:explain", scene.bob.id)
    with pytest.raises(ValueError, match="reason"):
        await fake.submit_modal("sample:ballot", {"note": "x"}, scene.bob.id)


async def test_thinking_defer_then_followup_fills_the_loading_message(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    message_id = await open_ballot(fake, scene)
    result = await fake.select(message_id, "sample:pick", ["green"], scene.bob.id)
    assert result.response_type is CallbackType.DEFERRED_CHANNEL_MESSAGE
    assert result.content == "picked green"
    assert result.ephemeral
    assert result.followups[0]["id"] == result.message["id"]  # type: ignore[index]


async def test_select_value_not_offered_is_refused(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    message_id = await open_ballot(fake, scene)
    with pytest.raises(ValueError, match="no options"):
        await fake.select(message_id, "sample:pick", ["blue"], scene.bob.id)


async def test_update_message_edits_the_ballot_and_disables_the_button(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    message_id = await open_ballot(fake, scene)
    result = await fake.click(message_id, "sample:close", scene.alice.id)
    assert result.response_type is CallbackType.UPDATE_MESSAGE
    assert fake.state.message(message_id)["content"] == "ballot closed"
    with pytest.raises(ValueError, match="disabled"):
        await fake.click(message_id, "sample:close", scene.alice.id)


async def test_attachment_option_is_resolved_for_the_bot(
    fake: FakeDiscord, bot: commands.Bot, scene: Scene
) -> None:
    upload = FakeUpload("minutes.txt", b"twelve bytes")
    result = await fake.invoke_slash(
        scene.guild.id, scene.bob.id, "caucus count", {"upload": upload}
    )
    assert result.content == "minutes.txt: 12 bytes"
