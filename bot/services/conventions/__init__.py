"""Conventions: agenda, check-in, motions with amendments voted first, minutes."""
