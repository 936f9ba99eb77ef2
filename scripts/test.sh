#!/usr/bin/env bash
# The project's checks, in the order a failure is cheapest to read: style, types, layers, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ruff check src tests benchmarks scripts
ruff format --check src tests benchmarks scripts
mypy
lint-imports
python -m pytest "$@"
