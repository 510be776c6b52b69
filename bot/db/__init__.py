"""Persistence: SQLAlchemy 2 models, the engine, and repositories that return domain objects."""
