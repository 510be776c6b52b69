"""Services the cogs call: one transaction per interaction, domain rules inside.

Nothing here imports discord: cogs translate interactions into an Actor and plain arguments.
"""
