"""`/reading ...`: the schedule, catch-up, search, organizer adjustments, reminder opt-in.

Also listens to session threads so members' messages are recorded as responses.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import UserError
from bot.services.actors import guild_settings
from bot.ui.actors import actor_from
from bot.ui.format import ACCENT, NO_MENTIONS, clip, timestamp
from cogs.reading.embeds import (
    chunk_lines,
    config_change_lines,
    schedule_embed,
    search_embed,
)
from cogs.reading.jobs import ReadingJobs
from cogs.reading.views import progress_text

if TYPE_CHECKING:
    from bot.app import CaucusBot

log = logging.getLogger(__name__)


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2026-12-10.") from None


def parse_local_datetime(day: str, time: str) -> dt.datetime:
    """A wall time (naive), or, when the time carries an offset ("02:30+01:00", to choose one
    of the two readings of a time the clocks repeat), that instant. Which instants are allowed
    is the service's rule (bot.domain.local_time)."""
    try:
        clock = dt.time.fromisoformat(time.strip())
    except ValueError:
        raise UserError(
            f"{time!r} is not a time; use HH:MM, e.g. 19:30 (or 01:30+01:00 with its offset)."
        ) from None
    return dt.datetime.combine(parse_date(day), clock)


class ReadingCog(commands.GroupCog, group_name="reading", group_description="The reading program"):
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services
        self.jobs = ReadingJobs(bot)

    async def cog_load(self) -> None:
        self.jobs.register()

    # -- catch-up -------------------------------------------------------------------------

    @app_commands.command(name="schedule", description="The next reading sessions")
    async def schedule(self, interaction: discord.Interaction) -> None:
        actor = actor_from(interaction)
        upcoming = await self.services.plans.upcoming(actor.guild_id, limit=6)
        await interaction.response.send_message(embed=schedule_embed(upcoming), ephemeral=True)

    @app_commands.command(name="current", description="The session we are reading now")
    async def current(self, interaction: discord.Interaction) -> None:
        actor = actor_from(interaction)
        info = await self.services.plans.current(actor.guild_id)
        embed = schedule_embed([info], title="Current session")
        if info.thread_id:
            embed.description = f"Discussion: <#{info.thread_id}>"
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="excerpt", description="Read a section of a document")
    @app_commands.describe(
        document="Document id (see /reading search or /caucus help)",
        section="Section number, from 1",
    )
    async def excerpt(
        self, interaction: discord.Interaction, document: str, section: app_commands.Range[int, 1]
    ) -> None:
        actor = actor_from(interaction)
        doc = await self.services.corpus.document(actor.guild_id, document)
        if section > len(doc.sections):
            raise UserError(f"{doc.title} has {len(doc.sections)} sections.")
        part = doc.sections[section - 1]
        text = "\n\n".join(p.text for p in part.paragraphs)
        embed = discord.Embed(
            title=clip(f"{doc.title} — {part.title}", 256),
            colour=ACCENT,
            description=clip(text, 4000),
        )
        embed.set_footer(text=f"{doc.author} · {part.word_count:,} words")
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @excerpt.autocomplete("document")
    async def _document_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        corpus = await self.services.corpus.corpus(interaction.guild_id)
        return [
            app_commands.Choice(name=clip(d.title, 100), value=d.id)
            for d in corpus.documents
            if current.lower() in d.title.lower() or current.lower() in d.id
        ][:25]

    @app_commands.command(
        name="calendar", description="The upcoming sessions as a calendar file (.ics)"
    )
    async def calendar(self, interaction: discord.Interaction) -> None:
        actor = actor_from(interaction)
        ics = await self.services.calendar.ics(actor.guild_id)
        await interaction.response.send_message(
            "Open the file to add the reading sessions to your calendar. Run "
            "`/reading calendar` again after a change: the same events are updated, not doubled.",
            file=discord.File(io.BytesIO(ics.encode()), filename="reading-sessions.ics"),
            ephemeral=True,
        )

    @app_commands.command(name="progress", description="How many have read a session")
    @app_commands.describe(
        session="Session number (default: the current one)",
        show_name="Show your name to everyone as having read it (default: hidden)",
    )
    async def progress(
        self,
        interaction: discord.Interaction,
        session: app_commands.Range[int, 1] | None = None,
        show_name: bool | None = None,
    ) -> None:
        actor = actor_from(interaction)
        number = session or (await self.services.plans.current(actor.guild_id)).number
        if show_name is None:
            found = await self.services.progress.progress(actor, number)
        else:
            found = await self.services.progress.show_name(actor, number, show_name)
        await interaction.response.send_message(
            progress_text(found), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="search", description="Search the whole corpus")
    async def search(self, interaction: discord.Interaction, query: str) -> None:
        actor = actor_from(interaction)
        hits = await self.services.corpus.search(actor.guild_id, query)
        await interaction.response.send_message(embed=search_embed(query, hits), ephemeral=True)

    # -- organizer adjustments ------------------------------------------------------------

    @app_commands.command(name="skip", description="Organizers: skip the session on a date")
    @app_commands.describe(date="The session's local date, YYYY-MM-DD")
    async def skip(self, interaction: discord.Interaction, date: str) -> None:
        plan = await self.services.plans.skip(actor_from(interaction), parse_date(date))
        await self._changed(interaction, f"Skipped {date}; later sessions move a week.", plan)

    @app_commands.command(name="pause", description="Organizers: pause the plan from a date")
    async def pause(self, interaction: discord.Interaction, date: str) -> None:
        plan = await self.services.plans.pause(actor_from(interaction), parse_date(date))
        await self._changed(interaction, f"Paused from {date}.", plan)

    @app_commands.command(name="resume", description="Organizers: resume a paused plan on a date")
    async def resume(self, interaction: discord.Interaction, date: str) -> None:
        plan = await self.services.plans.resume(actor_from(interaction), parse_date(date))
        await self._changed(interaction, f"Resumed on {date}.", plan)

    @app_commands.command(name="reschedule", description="Organizers: move one session")
    @app_commands.describe(
        session="Session number", date="New local date, YYYY-MM-DD", time="New local time, HH:MM"
    )
    async def reschedule(
        self,
        interaction: discord.Interaction,
        session: app_commands.Range[int, 1],
        date: str,
        time: str,
    ) -> None:
        when = parse_local_datetime(date, time)
        plan = await self.services.plans.reschedule(actor_from(interaction), session, when)
        moved = plan.session(session)
        await self._changed(
            interaction, f"Session {session} moved to {timestamp(moved.starts_at)}.", plan
        )

    @app_commands.command(
        name="post-missed", description="Organizers: post now a session that was missed"
    )
    @app_commands.describe(session="Number of the missed session")
    async def post_missed(
        self, interaction: discord.Interaction, session: app_commands.Range[int, 1]
    ) -> None:
        actor = actor_from(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        job = await self.services.plans.post_missed(actor, session)
        await self.services.scheduler.run_one(job)
        state = await self.services.posting.session_state(actor.guild_id, session)
        if state is not None and state.posted and state.thread_id:
            text = f"Session {session} is posted late: <#{state.thread_id}>."
        else:
            text = (
                f"Session {session} could not be posted yet; Caucus keeps trying. "
                "`/caucus health` lists what is wrong."
            )
        await interaction.followup.send(text, ephemeral=True)
        guild = guild_settings(self.services.settings, actor.guild_id)
        await self._tell_organizers(
            guild.channels.log,
            [f"{interaction.user.mention}: posted missed session {session} late."],
        )

    async def _tell_organizers(self, channel_id: int, lines: list[str]) -> None:
        log = self.bot.get_channel(channel_id)
        if isinstance(log, discord.abc.Messageable):
            for chunk in chunk_lines(lines):
                await log.send(chunk, allowed_mentions=NO_MENTIONS)

    async def _changed(self, interaction: discord.Interaction, text: str, plan: object) -> None:
        actor = actor_from(interaction)
        upcoming = await self.services.plans.upcoming(actor.guild_id, limit=4)
        await interaction.response.send_message(
            text, embed=schedule_embed(upcoming), ephemeral=True
        )
        guild = guild_settings(self.services.settings, actor.guild_id)
        log = self.bot.get_channel(guild.channels.log)
        if isinstance(log, discord.abc.Messageable):
            await log.send(f"{interaction.user.mention}: {text}", allowed_mentions=NO_MENTIONS)

    # -- reminders ------------------------------------------------------------------------

    @app_commands.command(name="remind", description="Turn session reminders by DM on or off")
    async def remind(self, interaction: discord.Interaction, setting: bool) -> None:
        await self.services.reminders.set(actor_from(interaction), setting)
        state = "on: I'll DM you before each session" if setting else "off"
        await interaction.response.send_message(f"Reminders are {state}.", ephemeral=True)

    # -- recording thread messages ----------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if (
            message.author.bot
            or message.guild is None
            or not isinstance(message.channel, discord.Thread)
        ):
            return
        blind = await self.services.responses.blind_session_of_thread(
            message.guild.id, message.channel.id
        )
        if blind is not None:
            await self._keep_blind(message, blind)
            return
        reply_to = message.reference.message_id if message.reference else None
        await self.services.responses.record_thread_message(
            message.guild.id,
            message.channel.id,
            message.id,
            message.author.id,
            message.author.display_name,
            message.content,
            reply_to,
            message.created_at,
        )

    async def _keep_blind(self, message: discord.Message, number: int) -> None:
        """A message in a blind-first thread before the reveal (the thread is locked, so only
        someone who may manage threads gets here): remove it at once, give the text back
        privately, and point to /respond. It is never stored or shown to anyone else."""
        try:
            await message.delete()
        except discord.HTTPException:
            log.warning("could not remove a message from blind-first session %d", number)
        with contextlib.suppress(discord.HTTPException):
            # DMs closed: the text is lost to them, but it was never shown to anyone else.
            await message.author.send(
                f"Session {number} is blind-first: nobody sees anyone's answer before the "
                "reveal, so your message was removed from the thread. Answer with `/respond` "
                "(you can change or withdraw it until the reveal). Your text:\n>>> "
                + clip(message.content, 1800),
                allowed_mentions=NO_MENTIONS,
            )

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        content = payload.data.get("content")
        if content is not None:
            edited = payload.data.get("edited_timestamp")
            at = dt.datetime.fromisoformat(edited) if edited else self.services.clock.now()
            await self.services.responses.edit_message(payload.message_id, content, at)

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        await self.services.responses.delete_message(payload.message_id)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        # Owned by the bot: a shutdown right after the ready event stops it and waits for it.
        async with self.bot.owned_work():
            await self._after_ready()

    async def _after_ready(self) -> None:
        for guild in self.services.settings.guilds:
            await self.jobs.selfcheck.run(guild.id)
            # Every process syncs every guild: a shard whose process is down still needs its
            # jobs in the database, for the lease holder that takes it over. The review also
            # audits a config edit and re-plans what is not posted yet around what is.
            try:
                review = await self.services.config_changes.review(guild.id)
            except UserError as exc:  # e.g. no start date yet: tell organizers, go on
                await self._tell_organizers(guild.channels.log, [exc.message])
                continue
            if review.changed:
                await self._tell_organizers(guild.channels.log, config_change_lines(review))
