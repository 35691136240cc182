#!/usr/bin/env bash
# Trains MF on the authors' ML-100K split with every handcrafted and published loss, plus the
# MLP and NeuMF configs, and prints one JSON line per run (the figures of docs/results.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=$(mktemp -d)
for config in configs/train-mf-{bce,mse,hinge,focal,maxr,sumr,logmin}-ml100k.json configs/train-mlp-bce-ml100k.json configs/train-neumf-filmtrust.json; do
  node apps/cli/bin/recsearch.js train "$config" --json --set "output.runsDir=$runs" 2>/dev/null |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);const t=r.outcome.test;const secs=r.outcome.history.reduce((a,e)=>a+e.seconds,0);console.log(JSON.stringify({config:process.argv[1],loss:r.loss,epochs:r.outcome.epochs,bestEpoch:r.outcome.bestEpoch+1,trainSeconds:+secs.toFixed(2),test:Object.fromEntries(Object.entries(t).map(([k,v])=>[k,+v.toFixed(4)]))}))})' "$config"
done
