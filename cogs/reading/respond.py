"""`/respond`, `/responses`, `/prompt ...` and `/corpus add`: members answer, suggest prompts,
organizers curate and add documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserError
from bot.services.actors import Actor, guild_settings, require_organizer
from bot.services.extraction import check_upload
from bot.services.reading.responses import MAX_RESPONSE_CHARS, MODAL, THREAD, Response
from bot.ui.actors import actor_from
from bot.ui.format import ACCENT, NO_MENTIONS, clip
from bot.ui.views import CaucusModal
from cogs.reading.embeds import responses_embeds
from cogs.reading.selfcheck import SelfCheck

if TYPE_CHECKING:
    from bot.app import CaucusBot


# How an answer was given, in the words members use (never the storage name "modal").
HOW_ANSWERED = {MODAL: "with /respond", THREAD: "in the thread"}


class ResponseModal(CaucusModal):
    def __init__(
        self, cog: RespondCog, number: int, prompt: str | None, current: str | None = None
    ) -> None:
        super().__init__(title=clip(f"Session {number} response", 45))
        self.cog, self.number, self.prompt = cog, number, prompt
        self.answer: discord.ui.TextInput[ResponseModal] = discord.ui.TextInput(
            label=clip(prompt, 45) if prompt else "Your response",
            custom_id="answer",
            placeholder=clip(prompt, 100) if prompt else None,
            style=discord.TextStyle.paragraph,
            max_length=MAX_RESPONSE_CHARS,
            min_length=1,
            default=current,  # your answer so far: submitting replaces it
        )
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.cog.record(interaction, self.number, self.prompt, self.answer.value)


class RespondCog(commands.Cog):
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services

    @app_commands.command(name="respond", description="Answer a prompt of the current session")
    @app_commands.describe(
        prompt="Which prompt you answer (its number in the session thread)",
        withdraw="True: take back your answer to this prompt instead",
    )
    async def respond(
        self,
        interaction: discord.Interaction,
        prompt: app_commands.Range[int, 1, 4] | None = None,
        withdraw: bool = False,
    ) -> None:
        actor = actor_from(interaction)
        current = await self.services.plans.current(actor.guild_id)
        if not current.posted:
            raise UserError("No session is open yet; responses open when a session is posted.")
        prompt_text = None
        if prompt is not None:
            post = await self.services.posting.session_post(actor.guild_id, current.number)
            if prompt > len(post.prompts):
                raise UserError(f"Session {current.number} has {len(post.prompts)} prompts.")
            prompt_text = post.prompts[prompt - 1].text
        if withdraw:
            gone = await self.services.responses.withdraw(actor, current.number, prompt_text)
            await self._unpost(gone)
            await interaction.response.send_message("Your answer is withdrawn.", ephemeral=True)
            return
        mine = await self.services.responses.current_answer(actor, current.number, prompt_text)
        await interaction.response.send_modal(
            ResponseModal(self, current.number, prompt_text, mine)
        )

    async def record(
        self, interaction: discord.Interaction, number: int, prompt: str | None, text: str
    ) -> None:
        actor = actor_from(interaction)
        change = await self.services.responses.respond(actor, number, prompt, text)
        response = change.response
        if response.hidden:
            verb = "Changed" if change.replaced else "Saved"
            await interaction.response.send_message(
                f"{verb}. This group reads blind-first: everyone's answers are revealed together "
                "after the reveal time. Until then you can change it with `/respond`, or take it "
                "back with `/respond` and `withdraw: True`.",
                ephemeral=True,
            )
            return
        shown = await self._show(actor.guild_id, number, response)
        if change.replaced:
            text = "Your answer is changed." if shown else "Your answer is changed (saved)."
        else:
            text = "Your response is posted." if shown else "Your response is saved."
        if not shown:
            text += (
                " It could not be shown in the session thread right now; the organizers have "
                "been told, and `/responses` lists it."
            )
            await SelfCheck(self.bot).run(actor.guild_id)
        await interaction.response.send_message(text, ephemeral=True)

    async def _show(self, guild_id: int, number: int, response: Response) -> bool:
        """Post (or edit) the answer's message in the session thread; False if Discord refused
        or the thread is gone (the answer stays stored either way)."""
        try:
            if response.message_id is not None and response.channel_id is not None:
                thread = await self.bot.fetch_channel(response.channel_id)
                assert isinstance(thread, discord.Thread)
                message = await thread.fetch_message(response.message_id)
                await message.edit(embeds=responses_embeds([response], "Response"))
                return True
            info = await self.services.posting.session_state(guild_id, number)
            if info is None or info.thread_id is None:
                return False
            channel = self.bot.get_channel(info.thread_id) or await self.bot.fetch_channel(
                info.thread_id
            )
            if not isinstance(channel, discord.Thread):
                return False
            message = await channel.send(
                embeds=responses_embeds([response], "Response"), allowed_mentions=NO_MENTIONS
            )
            await self.services.responses.attach_message(response.id, channel.id, message.id)
            return True
        except discord.HTTPException:
            return False

    async def _unpost(self, response: Response) -> None:
        if response.message_id is None or response.channel_id is None:
            return
        try:
            thread = await self.bot.fetch_channel(response.channel_id)
            assert isinstance(thread, discord.Thread)
            await (await thread.fetch_message(response.message_id)).delete()
        except discord.HTTPException:
            pass  # already gone with its thread

    @app_commands.command(name="responses", description="Responses to a session")
    @app_commands.describe(session="Session number (default: the current one)")
    async def responses(
        self, interaction: discord.Interaction, session: app_commands.Range[int, 1] | None = None
    ) -> None:
        actor = actor_from(interaction)
        number = session or (await self.services.plans.current(actor.guild_id)).number
        found = await self.services.responses.for_session(actor.guild_id, number)
        if not found:
            await interaction.response.send_message(
                f"No visible responses to session {number} yet.", ephemeral=True
            )
            return
        lines = [
            f"**{r.author_name}** ({HOW_ANSWERED.get(r.source, 'answer')}): "
            f"{clip(' '.join(r.content.split()), 180)}"
            for r in found
        ]
        embed = discord.Embed(
            title=f"Responses to session {number} ({len(found)})",
            colour=ACCENT,
            description=clip("\n".join(lines), 4000),
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    # -- prompts ----------------------------------------------------------------------------

    prompt = app_commands.Group(name="prompt", description="Discussion prompts")

    @prompt.command(name="suggest", description="Suggest a discussion prompt for a document")
    async def suggest(
        self, interaction: discord.Interaction, document: str, text: str, section: str | None = None
    ) -> None:
        suggestion = await self.services.prompts.suggest(
            actor_from(interaction), document, section, text
        )
        await interaction.response.send_message(
            f"Thanks — suggestion #{suggestion.id} is waiting for an organizer.", ephemeral=True
        )

    @prompt.command(name="pending", description="Organizers: suggested prompts awaiting review")
    async def pending(self, interaction: discord.Interaction) -> None:
        actor = actor_from(interaction)
        self._require_organizer(actor)
        waiting = await self.services.prompts.pending(actor.guild_id)
        text = (
            "\n".join(
                f"**#{s.id}** ({s.document_id}{' / ' + s.section if s.section else ''}) "
                f"{clip(s.text, 200)}"
                for s in waiting
            )
            or "Nothing is waiting."
        )
        await interaction.response.send_message(
            clip(text, 2000), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @prompt.command(name="approve", description="Organizers: add a suggested prompt to the pool")
    async def approve(self, interaction: discord.Interaction, suggestion: int) -> None:
        decided = await self.services.prompts.decide(actor_from(interaction), suggestion, True)
        await interaction.response.send_message(f"Approved #{decided.id}.", ephemeral=True)

    @prompt.command(name="reject", description="Organizers: turn down a suggested prompt")
    async def reject(self, interaction: discord.Interaction, suggestion: int) -> None:
        decided = await self.services.prompts.decide(actor_from(interaction), suggestion, False)
        await interaction.response.send_message(f"Rejected #{decided.id}.", ephemeral=True)

    def _require_organizer(self, actor: Actor) -> None:
        require_organizer(actor, guild_settings(self.services.settings, actor.guild_id))

    # -- documents --------------------------------------------------------------------------

    corpus = app_commands.Group(name="corpus", description="The documents we read")

    @corpus.command(name="add", description="Organizers: add a .txt, .md, .pdf or .html document")
    @app_commands.describe(add_to_plan="Append it to the reading plan")
    async def add(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment,
        title: str,
        author: str,
        add_to_plan: bool = False,
    ) -> None:
        actor = actor_from(interaction)
        self._require_organizer(actor)
        # Refused by its metadata before a byte is downloaded; read in the sandbox's child.
        check_upload(file.filename, file.size, self.services.sandbox.limits)
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await file.read()
        document = await self.services.corpus.add_upload(
            actor,
            title=title,
            author=author,
            filename=file.filename,
            data=data,
            add_to_plan=add_to_plan,
        )
        if add_to_plan:
            await self.services.plans.sync(actor.guild_id)
        await interaction.followup.send(
            f"Added **{document.title}** (`{document.id}`): {len(document.sections)} sections, "
            f"{document.word_count:,} words" + (", appended to the plan." if add_to_plan else "."),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @corpus.command(name="list", description="Every document in the corpus")
    async def list_documents(self, interaction: discord.Interaction) -> None:
        actor = actor_from(interaction)
        corpus = await self.services.corpus.corpus(actor.guild_id)
        lines = [
            f"`{d.id}` **{clip(d.title, 80)}** — {d.author}, {d.word_count:,} words"
            for d in corpus.documents
        ]
        await interaction.response.send_message(
            clip("\n".join(lines), 2000), ephemeral=True, allowed_mentions=NO_MENTIONS
        )
