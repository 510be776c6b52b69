# Sourced by the other scripts: make sure .venv holds exactly what uv.lock pins (the project,
# editable, with its `dev` extra), then put .venv/bin first on PATH. Does not change directory:
# relative paths given to the scripts stay relative to where the caller stands.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${CAUCUS_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
UV_VERSION="0.13.8"

# uv: the one on PATH when it is the pinned version, else a private copy (installed by pip once).
caucus_uv() {
  if command -v uv >/dev/null 2>&1 && [ "$(uv --version | cut -d' ' -f2)" = "$UV_VERSION" ]; then
    command -v uv
    return
  fi
  local tool="$ROOT/.cache/uv-$UV_VERSION"
  if [ ! -x "$tool/bin/uv" ]; then
    "$PYTHON" -m venv "$tool" >&2
    "$tool/bin/python" -m pip install --quiet "uv==$UV_VERSION" >&2
  fi
  echo "$tool/bin/uv"
}

export UV_PROJECT_ENVIRONMENT="$VENV" UV_PYTHON="$PYTHON" UV_PYTHON_DOWNLOADS=never
export UV_LINK_MODE="${UV_LINK_MODE:-copy}"
STAMP="$VENV/.caucus-installed"
WANT="$(cat "$ROOT/pyproject.toml" "$ROOT/uv.lock" | sha256sum | cut -d' ' -f1)"
if [ -z "${CAUCUS_NO_SYNC:-}" ] && { [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; }; then
  # --locked: fail, rather than re-resolve, when pyproject.toml and uv.lock disagree.
  "$(caucus_uv)" sync --project "$ROOT" --locked --extra dev --quiet >&2
  echo "$WANT" > "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
