"""`/faction ...`: found, join, leave, show, list, edit, dissolve (by a vote of its members),
endorse a candidate (by a vote of its members), publish to the bulletin, propose for reading."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.factions import FactionDocumentKind
from bot.ui.actors import actor_from, member_actor
from bot.ui.format import NO_MENTIONS, clip
from cogs.factions.common import faction_names, member_ids, reply, text_of
from cogs.factions.effects import FactionEffects
from cogs.factions.embeds import faction_embed, founded_text, founding_text, list_embed
from cogs.factions.views import founding_view

if TYPE_CHECKING:
    from bot.app import CaucusBot

DOCUMENT_KINDS = [
    app_commands.Choice(name="Platform", value=FactionDocumentKind.PLATFORM.value),
    app_commands.Choice(name="Counter-proposal", value=FactionDocumentKind.COUNTER_PROPOSAL.value),
    app_commands.Choice(
        name="Reading suggestion", value=FactionDocumentKind.READING_SUGGESTION.value
    ),
]


class FactionCog(commands.GroupCog, group_name="faction", group_description="Open factions"):
    def __init__(self, bot: CaucusBot) -> None:
        self.bot = bot
        self.services = bot.services
        self.effects = FactionEffects(bot)

    async def cog_load(self) -> None:
        self.effects.register()

    # -- founding ------------------------------------------------------------------------------

    @app_commands.command(name="create", description="Found a faction with your co-founders")
    @app_commands.describe(
        name="The faction's name",
        description="One or two sentences about it",
        platform="Its platform (or attach it as a file)",
        platform_file="Its platform as a .txt, .md, .pdf or .html file",
        cofounder="A member founding it with you (they confirm with a button)",
        cofounder2="Another co-founder",
        cofounder3="Another co-founder",
    )
    async def create(
        self,
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, 100],
        description: app_commands.Range[str, 0, 300] = "",
        platform: str | None = None,
        platform_file: discord.Attachment | None = None,
        cofounder: discord.Member | None = None,
        cofounder2: discord.Member | None = None,
        cofounder3: discord.Member | None = None,
    ) -> None:
        actor = actor_from(interaction)
        membership = self.services.factions.membership

        async def authorize() -> None:
            membership.check_may_create(actor)

        text = await text_of(interaction, platform, platform_file, "platform", authorize)
        named = [m for m in (cofounder, cofounder2, cofounder3) if m is not None]
        result = await self.services.factions.membership.create(
            actor,
            name=name,
            description=description,
            platform=text,
            co_founders=[member_actor(m, actor.guild_id) for m in named],
        )
        if interaction.response.is_done():  # deferred privately while the file was read
            await interaction.followup.send(
                f"Your platform file was read ({len(text):,} characters).", ephemeral=True
            )
        if result.founded:
            await reply(interaction, founded_text(result.faction), allowed_mentions=NO_MENTIONS)
            await self.effects.discord.sync(result.faction)
            return
        await reply(
            interaction,
            founding_text(result.faction),
            view=founding_view(result.faction.id),
            allowed_mentions=discord.AllowedMentions(users=True, roles=False, everyone=False),
        )

    # -- joining and leaving ---------------------------------------------------------------------

    @app_commands.command(name="join", description="Join a faction (membership is public)")
    @app_commands.autocomplete(name=faction_names)
    async def join(self, interaction: discord.Interaction, name: str) -> None:
        stored = await self.services.factions.membership.join(actor_from(interaction), name)
        await interaction.response.send_message(
            f"You joined **{clip(stored.name, 80)}** ({stored.faction.size} members).",
            ephemeral=True,
        )
        await self.effects.discord.sync(stored)

    @app_commands.command(name="leave", description="Leave a faction")
    @app_commands.autocomplete(name=faction_names)
    async def leave(self, interaction: discord.Interaction, name: str) -> None:
        result = await self.services.factions.membership.leave(actor_from(interaction), name)
        text = f"You left **{clip(result.faction.name, 80)}**."
        if result.dissolved:
            text += " You were its last member, so it is dissolved."
        await interaction.response.send_message(text, ephemeral=True)
        await self.effects.discord.sync(result.faction)

    # -- looking up ------------------------------------------------------------------------------

    @app_commands.command(name="show", description="A faction's members, platform and channel")
    @app_commands.autocomplete(name=faction_names)
    async def show(self, interaction: discord.Interaction, name: str) -> None:
        actor = actor_from(interaction)
        stored = await self.services.factions.membership.get(actor.guild_id, name)
        await interaction.response.send_message(
            embed=faction_embed(stored), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="list", description="Every faction with its number of members")
    async def list_factions(self, interaction: discord.Interaction) -> None:
        actor = actor_from(interaction)
        factions = await self.services.factions.membership.live(actor.guild_id)
        await interaction.response.send_message(embed=list_embed(factions), ephemeral=True)

    # -- editing ---------------------------------------------------------------------------------

    @app_commands.command(name="edit", description="Change your faction's description or platform")
    @app_commands.autocomplete(name=faction_names)
    async def edit(
        self,
        interaction: discord.Interaction,
        name: str,
        description: app_commands.Range[str, 0, 300] | None = None,
        platform: str | None = None,
        platform_file: discord.Attachment | None = None,
    ) -> None:
        actor = actor_from(interaction)
        membership = self.services.factions.membership
        new_platform = None
        if platform is not None or platform_file is not None:

            async def authorize() -> None:
                await membership.check_may_edit(actor, name)

            new_platform = await text_of(
                interaction, platform, platform_file, "platform", authorize
            )
        stored = await membership.edit(actor, name, description=description, platform=new_platform)
        await reply(interaction, f"**{clip(stored.name, 80)}** is updated.", ephemeral=True)

    # -- member votes ----------------------------------------------------------------------------

    @app_commands.command(name="dissolve", description="Call a vote of the members on dissolving")
    @app_commands.autocomplete(name=faction_names)
    async def dissolve(self, interaction: discord.Interaction, name: str) -> None:
        votes = self.services.factions.votes
        vote = await votes.call_dissolution(actor_from(interaction), name)
        votes.arm(vote)
        await interaction.response.send_message(
            f"Vote F{vote.id} on dissolving **{clip(name, 80)}** is open to its "
            f"{vote.electorate_size} members.",
            ephemeral=True,
        )
        await self.effects.post_vote(vote, name, interaction.channel)  # type: ignore[arg-type]

    @app_commands.command(name="endorse", description="Call a vote of the members on endorsing")
    @app_commands.autocomplete(name=faction_names)
    @app_commands.describe(election="The election's number", candidate="The candidate")
    async def endorse(
        self, interaction: discord.Interaction, name: str, election: int, candidate: discord.Member
    ) -> None:
        votes = self.services.factions.votes
        vote = await votes.call_endorsement(actor_from(interaction), name, election, candidate.id)
        votes.arm(vote)
        await interaction.response.send_message(
            f"Vote F{vote.id}: should **{clip(name, 80)}** endorse {candidate.display_name}? "
            f"Open to its {vote.electorate_size} members.",
            ephemeral=True,
        )
        await self.effects.post_vote(vote, name, interaction.channel)  # type: ignore[arg-type]

    # -- the bulletin ----------------------------------------------------------------------------

    @app_commands.command(name="publish", description="Publish a document in your faction's name")
    @app_commands.autocomplete(name=faction_names)
    @app_commands.choices(kind=DOCUMENT_KINDS)
    @app_commands.describe(
        name="Your faction",
        kind="Platform, counter-proposal or reading suggestion",
        title="The document's title",
        text="Its text (or attach a file)",
        file="Its text as a .txt, .md, .pdf or .html file",
    )
    async def publish(
        self,
        interaction: discord.Interaction,
        name: str,
        kind: app_commands.Choice[str],
        title: app_commands.Range[str, 1, 120],
        text: str | None = None,
        file: discord.Attachment | None = None,
    ) -> None:
        actor = actor_from(interaction)
        bulletin = self.services.factions.bulletin

        async def authorize() -> None:
            await bulletin.check_may_publish(actor, name)

        body = await text_of(interaction, text, file, "document", authorize)
        document = await bulletin.publish(
            actor,
            name,
            kind=FactionDocumentKind(kind.value),
            title=title,
            text=body,
        )
        await reply(
            interaction,
            f"**{clip(document.document.title, 100)}** is in the bulletin as B{document.id}. "
            f"Propose it for the reading plan with `/faction propose document:{document.id}`.",
            ephemeral=True,
        )

    @app_commands.command(name="propose", description="Propose a bulletin document for reading")
    @app_commands.describe(document="The bulletin document's number (B…)")
    async def propose(self, interaction: discord.Interaction, document: int) -> None:
        result = await self.services.factions.bulletin.propose(
            actor_from(interaction), document, member_ids(interaction)
        )
        title = result.document.document.title
        if result.vote is None:
            text = f"B{document} is proposed; the organizers decide (`/proposal decide`)."
            await interaction.response.send_message(text, ephemeral=True)
            return
        await interaction.response.send_message(
            f"B{document} is proposed; all {result.vote.electorate_size} members vote on it "
            f"(vote F{result.vote.id}).",
            ephemeral=True,
        )
        await self.effects.post_vote(result.vote, title, interaction.channel)  # type: ignore[arg-type]
