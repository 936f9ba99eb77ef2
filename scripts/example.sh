#!/usr/bin/env bash
# The main job on the bundled hotel example: check every service, describe the hotel,
# and render its pictures into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
if ! command -v dot >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends graphviz fonts-wqy-microhei >/dev/null
fi
python -m pip install -q -e .
mkdir -p out

blueprint check standards/
blueprint summary standards/hotel-stay.yaml
