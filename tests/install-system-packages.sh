#!/usr/bin/env bash
# Installs the Debian packages some tests use, when they are missing: redis-server (cluster
# membership for the scale-out tests) and libmujoco2.2.2 (the physics engine behind the robot
# environments). Those tests fail, never skip, when a package is missing, so the test command
# (./test.sh) runs this first. Exits non-zero with the package's name when it cannot install it.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
ldconfig -p 2>/dev/null | grep -q 'libmujoco\.so\.2\.2\.2' || missing+=(libmujoco2.2.2)
[ ${#missing[@]} -eq 0 ] && exit 0

as_root=()
[ "$(id -u)" -ne 0 ] && as_root=(sudo)
echo "installing system packages the tests use: ${missing[*]}"
if ! { "${as_root[@]}" apt-get update -qq && \
       DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    echo "could not install ${missing[*]} with apt-get; install them by hand (Debian/Ubuntu package names) and rerun" >&2
    exit 1
fi
