#!/usr/bin/env bash
# The project's checks, in the order a failure is cheapest to read: style, types, layers, tests.
# Arguments go to pytest (both runs), e.g. `bash scripts/test.sh tests/test_model.py -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
ruff check src tests benchmarks scripts
ruff format --check src tests benchmarks scripts
mypy
lint-imports
python -m pytest -m "not spark" "$@"
# The Spark tests run in a process of their own: PySpark starts its Java gateway by forking
# the Python process, which is only safe before other tests have left threads running in it.
status=0
python -m pytest -m spark "$@" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 5 ]; then  # 5: the arguments selected no Spark test
  exit "$status"
fi
