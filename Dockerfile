# Multi-stage build: the wheel and the locked runtime dependencies are installed in a throwaway
# stage; the runtime image holds only the virtualenv and runs as a non-root user. The wheel
# carries the migrations and the seed corpus, so the image needs no source tree.
FROM python:3.11-slim AS build
ENV UV_PYTHON_DOWNLOADS=never UV_LINK_MODE=copy PIP_DISABLE_PIP_VERSION_CHECK=1
RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /src
# Dependencies first (their layer is reused until uv.lock changes), exactly as locked, by hash.
COPY pyproject.toml uv.lock README.md ./
RUN uv export --frozen --no-emit-project --no-dev --format requirements.txt \
        --output-file /tmp/requirements.txt \
    && python -m venv /venv \
    && uv pip install --no-cache --python /venv/bin/python --require-hashes \
        -r /tmp/requirements.txt
COPY alembic.ini ./
COPY migrations ./migrations
COPY seeds ./seeds
COPY bot ./bot
COPY cogs ./cogs
RUN uv build --wheel --out-dir /tmp/dist . \
    && uv pip install --no-cache --python /venv/bin/python --no-deps /tmp/dist/caucus-*.whl

FROM python:3.11-slim AS runtime
RUN useradd --create-home --uid 10001 caucus
COPY --from=build /venv /venv
WORKDIR /app
RUN mkdir -p /app/data && chown caucus:caucus /app/data
USER caucus
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 CAUCUS_CONFIG=/app/caucus.toml
VOLUME ["/app/data"]
# `caucus run` upgrades the schema before it connects to Discord; `db upgrade` first makes a
# failed migration visible as its own step in the logs.
CMD ["sh", "-c", "caucus db upgrade && exec caucus run"]
