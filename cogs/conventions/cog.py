"""`/convention ...`: create a convention and its agenda, check in, propose and co-sign
amendments, move the agenda on, show the agenda and texts, file minority reports, post the
minutes. Thin: parse, call bot/services/conventions, render (render.py), post (posts.py).
The amendment and minority-report commands are in amendments.py."""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.conventions.agenda import ConventionState, ItemKind
from bot.domain.conventions.errors import ConventionError
from bot.domain.conventions.text import corpus_text
from bot.errors import NotFound, UserError
from bot.scheduling import Job, RetryLater
from bot.services.actors import guild_settings
from bot.services.conventions.records import CLOCK_JOBS
from bot.services.voting.records import VoteInfo
from bot.ui.actors import actor_from
from bot.ui.format import NO_MENTIONS, clip
from cogs.conventions.amendments import AmendmentCommands
from cogs.conventions.common import acting, which_convention
from cogs.conventions.posts import ConventionPosts
from cogs.conventions.render import ACCENT, agenda_embed, show_description, text_messages
from cogs.factions.common import member_ids, reply, text_of
from cogs.votes.jobs import VoteJobs
from cogs.votes.parsing import parse_opening

if TYPE_CHECKING:
    from bot.app import CaucusBot

ITEM_KINDS = [app_commands.Choice(name=k.value, value=k.value) for k in ItemKind]


class DiscordDesk:
    """Convention votes open and close through the votes machinery: announced, counted and
    published like any vote, with the check-in roll (cogs/votes/jobs.py)."""

    def __init__(self, jobs: VoteJobs) -> None:
        self.jobs = jobs

    async def open(self, guild_id: int, vote_id: int) -> VoteInfo:
        return await self.jobs.open_vote(guild_id, vote_id)

    async def close(self, guild_id: int, vote_id: int) -> VoteInfo | None:
        return await self.jobs.close_vote(guild_id, vote_id)


class ConventionsCog(
    commands.GroupCog, group_name="convention", group_description="Conventions: agenda, motions"
):
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services
        self.posts = ConventionPosts(bot)
        self.desk = DiscordDesk(VoteJobs(bot))

    async def cog_load(self) -> None:
        for kind in CLOCK_JOBS:
            self.services.scheduler.register(kind, self.on_clock, grace=dt.timedelta(days=30))

    async def on_clock(self, job: Job) -> None:
        """The convention's schedule: the agenda posted at its start, items opened and closed
        at their times, the last item closed and the minutes posted at its end."""
        guild = self.bot.get_guild(job.guild_id)
        if guild is None:
            raise RetryLater(
                f"guild {job.guild_id} is not available",
                cause="Discord did not tell Caucus about the server yet",
            )
        role = guild.get_role(guild_settings(self.services.settings, guild.id).roles.member)
        membership = 0 if role is None else sum(1 for m in role.members if not m.bot)
        convention_id = int(job.payload["convention_id"])
        position = job.payload.get("position")
        step = await self.services.convention_chair.on_clock(
            job.guild_id,
            job.kind,
            convention_id,
            None if position is None else int(position),
            membership,
            self.desk,
        )
        # Posting is idempotent (the outbox): a rerun after a crash sends only what is missing.
        view = (
            step.convention
            if step is not None
            else await self.services.conventions.view(job.guild_id, convention_id)
        )
        await self.posts.publish(view)
        if view.convention.state is ConventionState.CLOSED:
            await self.posts.minutes(
                view, await self.services.conventions.minutes(job.guild_id, convention_id)
            )

    # -- the chair -------------------------------------------------------------------------

    @app_commands.command(name="create", description="Create a convention (its chair)")
    @app_commands.describe(
        title="The convention's name",
        hours="How long it lasts, in hours (default 8)",
        starts="When it starts, YYYY-MM-DD HH:MM server time (default: now)",
    )
    async def create(
        self,
        interaction: discord.Interaction,
        title: app_commands.Range[str, 1, 200],
        hours: app_commands.Range[float, 0.5, 336.0] = 8.0,
        starts: str | None = None,
    ) -> None:
        actor = actor_from(interaction)
        now = self.services.clock.now()
        zone = guild_settings(self.services.settings, actor.guild_id).zone
        begins = parse_opening(starts, zone, now) if starts else now
        await interaction.response.defer(ephemeral=True, thinking=True)
        view = await self.services.conventions.create(
            actor,
            title,
            begins,
            begins + dt.timedelta(hours=hours),
            channel_id=interaction.channel_id,
        )
        await self.posts.publish(view)
        await interaction.followup.send(
            f"Convention #{view.convention.id} **{clip(view.convention.title, 150)}** is "
            "created; its agenda is pinned here. Add items with `/convention item`, and move "
            "on with `/convention next`.",
            ephemeral=True,
        )

    @app_commands.command(name="item", description="Add an item to the agenda (its chair)")
    @app_commands.describe(
        kind="Motion, document, election or report",
        title="The item's title",
        text="Motions, documents, reports: the text (or attach it as a file)",
        file="The text as a .txt, .md, .pdf or .html file",
        vote="Elections: the election's vote number (/vote create, kind: election)",
        bulletin="The text of a faction's bulletin document instead: its number (see /bulletin)",
        document="The text of a reading document instead (its id; see /reading search)",
        section="With document: only this section, numbered from 1 (default: all of it)",
        opens="When the item opens by itself, YYYY-MM-DD HH:MM server time (default: by next)",
        closes="When it closes by itself, YYYY-MM-DD HH:MM server time (default: by next)",
        convention="The convention's number (default: the one under way)",
    )
    @app_commands.choices(kind=ITEM_KINDS)
    async def item(
        self,
        interaction: discord.Interaction,
        kind: app_commands.Choice[str],
        title: app_commands.Range[str, 1, 200],
        text: str | None = None,
        file: discord.Attachment | None = None,
        vote: int | None = None,
        bulletin: int | None = None,
        document: str | None = None,
        section: app_commands.Range[int, 1] | None = None,
        opens: str | None = None,
        closes: str | None = None,
        convention: int | None = None,
    ) -> None:
        actor, cid = await acting(self.services, interaction, convention)
        now = self.services.clock.now()
        zone = guild_settings(self.services.settings, actor.guild_id).zone
        open_at = parse_opening(opens, zone, now) if opens else None
        close_at = parse_opening(closes, zone, now) if closes else None

        async def authorize() -> None:
            await self.services.conventions.view(actor.guild_id, cid)

        if sum(x is not None for x in (text or None, file, bulletin, document)) > 1:
            raise UserError(
                "Give the text, a file, a bulletin document or a reading document: one of them."
            )
        if section is not None and document is None:
            raise UserError("A section is of a reading document: give the document too.")
        if bulletin is not None:
            stored = await self.services.factions.bulletin.get(actor.guild_id, bulletin)
            body = stored.document.text
        elif document is not None:
            doc = await self.services.corpus.document(actor.guild_id, document)
            try:
                body = corpus_text(doc, section)
            except ConventionError as error:
                raise UserError(error.message) from None
        else:
            body = await text_of(interaction, text, file, "text", authorize)
        entry = await self.services.conventions.add_item(
            actor, cid, ItemKind(kind.value), title, body, vote, open_at, close_at
        )
        view = await self.services.conventions.view(actor.guild_id, cid)
        await self.posts.publish(view)
        if entry.item.vote_id is not None:
            info = await self.services.voting.votes.get(actor.guild_id, entry.item.vote_id)
            await self.posts.election_notice(view, entry.item.position, info)
        lines = f" ({len(entry.lines)} numbered lines)" if entry.item.kind.has_text else ""
        await reply(
            interaction,
            f"Item {entry.item.position} is on the agenda: {clip(entry.item.title, 150)}{lines}.",
            ephemeral=True,
        )

    @app_commands.command(
        name="next", description="Close the vote in progress and move the agenda on (its chair)"
    )
    @app_commands.describe(convention="The convention's number (default: the one under way)")
    async def next(self, interaction: discord.Interaction, convention: int | None = None) -> None:
        actor, cid = await acting(self.services, interaction, convention)
        await interaction.response.defer(ephemeral=True, thinking=True)
        membership = len(member_ids(interaction))
        step = await self.services.convention_chair.next(actor, cid, membership, self.desk)
        await self.posts.publish(step.convention)
        if step.convention.convention.state is ConventionState.CLOSED:
            await self.posts.minutes(
                step.convention, await self.services.conventions.minutes(actor.guild_id, cid)
            )
        await interaction.followup.send(
            clip("\n".join(step.events) or "Nothing to do.", 2000),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(name="minutes", description="Post the convention's minutes file")
    @app_commands.describe(convention="The convention's number (default: the newest)")
    async def minutes(
        self, interaction: discord.Interaction, convention: int | None = None
    ) -> None:
        actor = actor_from(interaction)
        cid = convention
        if cid is None:
            recent = await self.services.conventions.recent(actor.guild_id)
            if not recent:
                raise NotFound("There is no convention in this server yet.")
            cid = recent[0].id
        await interaction.response.defer(thinking=True)
        minutes = await self.services.conventions.minutes(actor.guild_id, cid)
        files = [discord.File(io.BytesIO(minutes.markdown.encode()), filename=minutes.name)]
        files += [
            discord.File(io.BytesIO(text.encode()), filename=name)
            for name, text in sorted(minutes.tally_files.items())[:9]
        ]
        await interaction.followup.send(
            f"The minutes of convention #{cid}, with the ballot files of its counted votes.",
            files=files,
            allowed_mentions=NO_MENTIONS,
        )

    @item.autocomplete("document")
    async def _document_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        corpus = await self.services.corpus.corpus(interaction.guild_id)
        wanted = current.lower()
        return [
            app_commands.Choice(name=clip(d.title, 100), value=d.id)
            for d in corpus.documents
            if wanted in d.title.lower() or wanted in d.id
        ][:25]

    # -- members ---------------------------------------------------------------------------

    @app_commands.command(name="checkin", description="Check in to the convention to vote")
    @app_commands.describe(convention="The convention's number (default: the one under way)")
    async def checkin(
        self, interaction: discord.Interaction, convention: int | None = None
    ) -> None:
        cid = await which_convention(self.services, interaction, convention)
        view, new = await self.services.conventions.check_in(actor_from(interaction), cid)
        await interaction.response.send_message(
            (
                f"You are checked in to **{clip(view.convention.title, 150)}** "
                f"({len(view.checkins)} members checked in). You are on the roll of every "
                "vote of the convention that opens from now on."
            )
            if new
            else "You were already checked in.",
            ephemeral=True,
        )
        await self.posts.publish(view)

    @app_commands.command(name="show", description="The agenda and where the convention is")
    @app_commands.describe(convention="The convention's number (default: the one under way)")
    async def show(self, interaction: discord.Interaction, convention: int | None = None) -> None:
        actor, cid = await acting(self.services, interaction, convention)
        view = await self.services.conventions.view(actor.guild_id, cid)
        embed = agenda_embed(view)
        details = discord.Embed(title="Items", colour=ACCENT, description=show_description(view))
        await interaction.response.send_message(embeds=[embed, details], ephemeral=True)

    @app_commands.command(name="text", description="An item's text with line numbers")
    @app_commands.describe(
        item="The item's number on the agenda",
        amended="Show the text with the amendments carried so far (default: as moved)",
        convention="The convention's number (default: the one under way)",
    )
    async def text(
        self,
        interaction: discord.Interaction,
        item: int,
        amended: bool = False,
        convention: int | None = None,
    ) -> None:
        actor, cid = await acting(self.services, interaction, convention)
        entry = (await self.services.conventions.view(actor.guild_id, cid)).item(item)
        if entry is None or not entry.item.kind.has_text:
            raise NotFound(f"Item {item} is not a motion or document of this convention.")
        lines = entry.current_lines if amended else entry.lines
        which = "with the amendments carried so far" if amended else "as moved"
        messages = text_messages(f"**Item {item}: {entry.item.title}**, {which}:", lines)
        await interaction.response.send_message(messages[0], ephemeral=True)
        for page in messages[1:]:
            await interaction.followup.send(page, ephemeral=True)

    # The members' amendment commands (amendments.py), last in the group as they always were:
    # assigned here rather than inherited, since discord.py lists a base's commands first and
    # the order is part of the synced command payload (and its hash).
    amend = AmendmentCommands.amend
    cosign = AmendmentCommands.cosign
    minority = AmendmentCommands.minority
