#!/usr/bin/env bash
# Generate the variants, run the pipeline on them (text layer only) and score each one.
#   bash scripts/variants/run-variants.sh OUTDIR [make-variants args...]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/variants}; shift || true
node --import tsx scripts/variants/make-variants.ts "$OUT" "$@"
rm -rf "$OUT/data"
pairs=()
for pdf in "$OUT"/*.pdf; do pairs+=("$pdf" "${pdf%.pdf}.truth.csv"); done
node bin/juesuan.js run "$OUT"/*.pdf --data-dir "$OUT/data" --no-ocr --concurrency 1 >"$OUT/run.log" 2>&1 || echo "pipeline exit $?" >&2
python3 /work/shared/tools/score.py --out "$OUT/data/output" "${pairs[@]}" | tee "$OUT/score.txt" || true
