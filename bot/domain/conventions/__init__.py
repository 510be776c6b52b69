"""Conventions: an agenda, line-numbered motions and their amendments (pure Python)."""
