# Multi-stage build: dependencies are built in a throwaway stage, the runtime image is slim and
# runs as a non-root user. The entrypoint applies pending migrations, then starts the bot.
FROM python:3.11-slim AS build
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends gcc libffi-dev \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
RUN python -m venv /venv && /venv/bin/pip install --no-cache-dir --upgrade pip \
    && /venv/bin/pip install --no-cache-dir .

FROM python:3.11-slim AS runtime
RUN useradd --create-home --uid 10001 caucus
COPY --from=build /venv /venv
WORKDIR /app
# Alembic and the corpus are read from the working directory at run time.
COPY alembic.ini ./
COPY migrations ./migrations
COPY seeds ./seeds
COPY bot ./bot
COPY cogs ./cogs
RUN mkdir -p /app/data && chown caucus:caucus /app/data
USER caucus
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 CAUCUS_CONFIG=/app/caucus.toml
VOLUME ["/app/data"]
# `caucus run` upgrades the schema before it connects to Discord; `db upgrade` first makes a
# failed migration visible as its own step in the logs.
CMD ["sh", "-c", "caucus db upgrade && exec caucus run"]
