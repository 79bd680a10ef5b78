#!/usr/bin/env bash
# The test command: installs the system packages the tests need (tests/install-system-packages.sh),
# then runs `dotnet test` with the arguments given.
set -euo pipefail
cd "$(dirname "$0")"
bash tests/install-system-packages.sh
exec dotnet test "$@"
