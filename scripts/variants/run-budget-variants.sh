#!/usr/bin/env bash
# Generate the budget variants, run the pipeline on them (text layer only) and score each one:
# cells (score_cells.py) and canonical B tables (score.py --only-truth-tables).
#   bash scripts/variants/run-budget-variants.sh OUTDIR [make-budget-variants args...]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/budget-variants}; shift || true
nice -n 10 node --import tsx scripts/variants/make-budget-variants.ts "$OUT" "$@"
rm -rf "$OUT/data"
cells=(); truth=(); pdfs=()
while IFS=$'\t' read -r id _; do
  pdf="$OUT/$id.pdf"; pdfs+=("$pdf")
  cells+=("$pdf" "${pdf%.pdf}.cells.csv")
  [ -f "${pdf%.pdf}.truth.csv" ] && truth+=("$pdf" "${pdf%.pdf}.truth.csv")
done <"$OUT/variants.tsv"
nice -n 10 node bin/juesuan.js run "${pdfs[@]}" --data-dir "$OUT/data" --no-ocr --concurrency 1 >"$OUT/run.log" 2>&1 || echo "pipeline exit $?" >&2
{ echo "== cells"; python3 /work/shared/tools/score_cells.py --out "$OUT/data/output" "${cells[@]}" || true
  echo "== canonical B tables"; python3 /work/shared/tools/score.py --only-truth-tables --out "$OUT/data/output" "${truth[@]}" || true
} | tee "$OUT/score.txt"
