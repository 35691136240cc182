#!/usr/bin/env bash
# Memory over a long AutoLossGen search (issue 5: "memory flat over a 30-minute search").
# Runs Phase I of configs/autolossgen-mf-ml100k.json for MINUTES (default 30) with an unbounded
# candidate budget, samples the process's resident memory every 15 s and (through
# tools/scripts/heap-probe.js) its live heap after a full collection, and writes
# bench-results/memory-soak-<time>.json with the samples and a summary.
#   usage: bash tools/scripts/memory-soak.sh [minutes] [seed]
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes="${1:-30}"
seed="${2:-1}"
runs="$(mktemp -d /tmp/recsearch-soak.XXXXXX)"
samples="$runs/rss.csv"
heap="$runs/heap.csv"
mkdir -p bench-results

HEAP_PROBE_FILE="$heap" node --expose-gc --require ./tools/scripts/heap-probe.js apps/cli/bin/recsearch.js run configs/autolossgen-mf-ml100k.json \
  --set "seed=$seed" \
  --set 'phases=[{"name":"search"}]' \
  --set budget.candidates=100000000 \
  --set "budget.wallTimeSeconds=$((minutes * 60))" \
  --set "output.runsDir=$runs" >"$runs/stdout.txt" 2>"$runs/stderr.txt" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' INT TERM

start=$(date +%s)
echo "seconds,rss_kib,candidates" >"$samples"
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo "")
  checkpoint=$(ls "$runs"/*/checkpoint.json 2>/dev/null | head -1 || true)
  candidates=$([ -n "$checkpoint" ] && grep -o '"candidates": *[0-9]*' "$checkpoint" | head -1 | tr -dc 0-9 || echo 0)
  [ -n "$rss" ] && echo "$(( $(date +%s) - start )),$rss,$candidates" >>"$samples"
  sleep 15
done
wait "$pid"

node - "$samples" "$minutes" "$heap" <<'EOF'
const fs = require('node:fs');
const os = require('node:os');
const [file, minutes, heapFile] = process.argv.slice(2);
const rows = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
const mib = (kib) => kib / 1024;
// Least-squares slope of RSS after the first five minutes (warm-up: data, caches, JIT).
const settled = rows.filter(([s]) => s >= 300);
const n = settled.length;
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const sx = mean(settled.map(([s]) => s / 60));
const sy = mean(settled.map(([, r]) => mib(r)));
const slope = settled.reduce((acc, [s, r]) => acc + (s / 60 - sx) * (mib(r) - sy), 0) / settled.reduce((acc, [s]) => acc + (s / 60 - sx) ** 2, 0);
const at = (minute, table = rows) => table.reduce((best, row) => (Math.abs(row[0] - minute * 60) < Math.abs(best[0] - minute * 60) ? row : best));
const heap = fs.existsSync(heapFile) ? fs.readFileSync(heapFile, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number)) : [];
const summary = {
  machine: `${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  minutes: Number(minutes),
  candidates: rows[rows.length - 1][2],
  rssMiB: Object.fromEntries([1, 5, 10, 15, 20, 25, 30].filter((m) => m <= Number(minutes)).map((m) => [`${m} min`, Math.round(mib(at(m)[1]))])),
  peakMiB: Math.round(mib(Math.max(...rows.map(([, r]) => r)))),
  liveHeapMiBAfterFullGc: heap.length ? Object.fromEntries([1, 5, 10, 15, 20, 25, 30].filter((m) => m <= Number(minutes)).map((m) => [`${m} min`, Number(mib(at(m, heap)[1]).toFixed(1))])) : null,
  slopeMiBPerMinuteAfter5: Number.isFinite(slope) ? Number(slope.toFixed(3)) : null,
  samples: n,
};
const out = `bench-results/memory-soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
fs.writeFileSync(out, JSON.stringify({ summary, rows, heap }, null, 2));
console.log(JSON.stringify(summary, null, 2));
console.log(`written: ${out}`);
EOF
