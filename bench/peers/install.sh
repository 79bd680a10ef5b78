#!/usr/bin/env bash
# Installs the Python peers (NumPy, PyTorch) from Debian packages.
# Idempotent: re-running only refreshes the package index and confirms the packages.
#
# libopenblas0-pthread is named explicitly: python3-numpy only depends on "libblas3 |
# libblas.so.3", so with --no-install-recommends apt picks the netlib reference BLAS, which
# is an order of magnitude slower. Installing OpenBLAS switches the libblas.so.3 alternative
# to it, for NumPy and for PyTorch (Debian's torch also links libblas.so.3).
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends \
    python3 python3-numpy python3-torch python3-threadpoolctl libopenblas0-pthread jq

PY=/usr/bin/python3
echo "python: $($PY --version 2>&1)"
$PY -c 'import numpy; print("numpy:", numpy.__version__)'
$PY -c 'import torch; print("torch:", torch.__version__)'
$PY -c 'import threadpoolctl; print("threadpoolctl:", threadpoolctl.__version__)' || true
echo "jq: $(jq --version)"
echo "libblas.so.3 -> $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
