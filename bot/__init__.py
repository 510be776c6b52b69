"""Caucus: a Discord bot for political reading groups and the decisions that grow out of them."""

__version__ = "0.1.0"
