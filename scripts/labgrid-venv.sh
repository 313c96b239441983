#!/usr/bin/env bash
# Creates (or refreshes) the venv the labgrid integration is tested and benchmarked in: the package
# from integrations/labgrid with labgrid and pytest-embedded pinned to the ranges it is tested with.
#
# usage: scripts/labgrid-venv.sh VENV_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${1:?usage: scripts/labgrid-venv.sh VENV_DIR}
# The ranges integrations/labgrid/pyproject.toml declares; the suite ran green with labgrid 26.0.1 and pytest-embedded 2.9.3.
pins=("labgrid>=26.0,<27" "pytest-embedded>=2.9,<3" "pytest>=8,<10")
if ! "$venv/bin/python" -c 'import labgrid_esp_prov, pytest_embedded, labgrid' 2>/dev/null; then
    echo "Creating $venv (labgrid-esp-prov, ${pins[*]})"
    rm -rf "$venv"
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check "${pins[@]}" "$root/integrations/labgrid"
