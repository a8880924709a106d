#!/usr/bin/env bash
# Scan scorecard: render text-layer reports into degraded scans (make-scans.ts), read them all
# through OCR in one run, and score F1 and silent errors per degradation (scorecard.py).
#   bash scripts/variants/scan-scorecard.sh OUTDIR [SRC.pdf ...]
#   REUSE=1 bash scripts/variants/scan-scorecard.sh OUTDIR    re-score the scans already in OUTDIR/scans
#   ONLY_TRUTH=1 …  score only the tables each truth file holds (score.py --only-truth-tables: 部门预算
#     truth such as the 普陀 2025 budget's covers B02/B03/B05/B06/B07 only)
#   RESTAGE=1 bash scripts/variants/scan-scorecard.sh OUTDIR  no OCR: re-run parse → load on the
#     pages.json an earlier run staged in OUTDIR/data (RESTAGE=validate: validate and load only;
#     RESTAGE=none: score the run as it is), to measure parse or validate changes in seconds
# Without sources, makes the variant generator's base 000/001 (every profile) and three layout
# variants (clean200 and harsh only). Slow: ~4 s of OCR per table page; runs at nice 10.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=$(realpath -m "${1:-/tmp/scan-scorecard}"); shift || true
mkdir -p "$OUT/src" "$OUT/scans"
score=/work/shared/tools/score.py
only=${ONLY_TRUTH:+--only-truth-tables}
if [ -n "${REUSE:-}${RESTAGE:-}" ]; then
  echo "reusing $(ls "$OUT"/scans/*.pdf | wc -l) scans in $OUT/scans" >&2
elif [ $# -eq 0 ]; then
  nice -n 10 node --import tsx scripts/variants/make-variants.ts "$OUT/src" --only base,noborders,narrow,splitcodes --no-lo >/dev/null
  nice -n 10 node --import tsx scripts/variants/make-scans.ts "$OUT/scans" "$OUT/src/000-base.pdf" "$OUT/src/001-base.pdf"
  nice -n 10 node --import tsx scripts/variants/make-scans.ts "$OUT/scans" "$OUT/src/000-noborders.pdf" "$OUT/src/001-narrow.pdf" "$OUT/src/000-splitcodes.pdf" --only clean200,harsh
else
  nice -n 10 node --import tsx scripts/variants/make-scans.ts "$OUT/scans" "$@"
fi
if [ -n "${RESTAGE:-}" ]; then
  case "$RESTAGE" in validate) stages="validate load" ;; none) stages="" ;; *) stages="parse normalise validate load" ;; esac
  for s in $stages; do nice -n 10 node bin/juesuan.js "$s" --data-dir "$OUT/data" -q >>"$OUT/run.log" 2>&1 || true; done
else
rm -rf "$OUT/data"
# One run per report, in order (ORDER="name name …" picks and orders them): a long scorecard can
# be stopped at any point and the reports done so far still scored.
if [ -n "${ORDER:-}" ]; then scans=(); for n in $ORDER; do scans+=("$OUT/scans/$n.pdf"); done
else scans=("$OUT"/scans/*.pdf); fi
pairs=()
start=$(date +%s)
for pdf in "${scans[@]}"; do
  t0=$(date +%s)
  nice -n 10 node bin/juesuan.js run "$pdf" --data-dir "$OUT/data" -q >>"$OUT/run.log" 2>&1 || true
  pairs+=("$pdf" "${pdf%.pdf}.truth.csv")
  echo "$(basename "$pdf"): $(( $(date +%s) - t0 )) s" >>"$OUT/time.txt"
  python3 "$score" $only --out "$OUT/data/output" "${pairs[@]}" >"$OUT/score.txt" || true
done
echo "OCR runs: $(( $(date +%s) - start )) s for ${#scans[@]} reports" | tee -a "$OUT/time.txt"
fi
# Reports of this run (RESTAGE: those staged before), in order.
if [ -n "${RESTAGE:-}" ]; then
  if [ -n "${ORDER:-}" ]; then scans=(); for n in $ORDER; do scans+=("$OUT/scans/$n.pdf"); done
  else scans=(); for pdf in "$OUT"/scans/*.pdf; do
    grep -q "$(sha256sum "$pdf" | cut -c1-64)" "$OUT/data/output/csv/reports.csv" && scans+=("$pdf"); done; fi
  pairs=(); for pdf in "${scans[@]}"; do pairs+=("$pdf" "${pdf%.pdf}.truth.csv"); done
  python3 "$score" $only --out "$OUT/data/output" "${pairs[@]}" >"$OUT/score.txt" || true
fi
# The same run without validate's ocr.* flags (verify.ts, lost.ts): which errors only they report.
mkdir -p "$OUT/nounv/csv"
cp "$OUT"/data/output/csv/{facts,reports}.csv "$OUT/nounv/csv/"
grep -v -E ',ocr\.(unverified|row_lost|row_unplaced),' "$OUT/data/output/csv/quality.csv" >"$OUT/nounv/csv/quality.csv"
python3 "$score" $only --out "$OUT/nounv" "${pairs[@]}" >"$OUT/score-nounv.txt" || true
# Findings on rows read right (false alarms), and the silent errors listed.
python3 scripts/variants/alarms.py --score "$score" --out "$OUT/data/output" -v "${pairs[@]}" >"$OUT/alarms.txt" || true
python3 scripts/variants/scorecard.py "$OUT/score.txt" "$OUT/score-nounv.txt" --alarms "$OUT/alarms.txt" | tee "$OUT/scorecard.md"
