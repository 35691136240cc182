#!/usr/bin/env bash
# Compiles and runs tools/scripts/gemm-ceiling/gemm-ceiling.c (gcc, -march=native) three times:
# the GMAC/s a C kernel of the wasm kernel's shape reaches on this CPU (see docs/benchmarks.md).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="$(mktemp)"
trap 'rm -f "$binary"' EXIT
gcc -O3 -march=native -o "$binary" "$here/gemm-ceiling/gemm-ceiling.c"
for run in 1 2 3; do "$binary"; done
