#!/usr/bin/env bash
# Score the pipeline against the truth files in ../shared (when that folder exists):
#   npm run score          text-layer PDFs: public v1 reports and the real report
#   npm run score -- ocr   the scanned (image-only) v5 reports, through OCR (slow: ~3 min)
#   npm run score -- txt   the seed text exports of reports 000 and 001
# Prints score.py's per-report lines and summary; exits non-zero below F1 1.0 (text) / 0.98 (OCR)
# or when a wrong cell went unflagged.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="$(cd "$root/../shared" 2>/dev/null && pwd)" || { echo "../shared not found: nothing to score against" >&2; exit 0; }
mode="${1:-text}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
pairs=()
case "$mode" in
  text)
    for p in "$shared"/corpus/public/*-v1.pdf "$shared"/corpus/real/*.pdf; do pairs+=("$p" "${p%.pdf}.truth.csv"); done
    min=1.0 ;;
  ocr)
    for p in "$shared"/corpus/public/*-v5.pdf; do pairs+=("$p" "${p%.pdf}.truth.csv"); done
    min=0.98 ;;
  txt)
    pairs=("$shared"/seeds/000_*.txt "$shared/corpus/public/000-v1.truth.csv" "$shared"/seeds/001_*.txt "$shared/corpus/public/001-v1.truth.csv")
    min=1.0 ;;
  *) echo "usage: score.sh [text|ocr|txt]" >&2; exit 2 ;;
esac
sources=()
for ((i = 0; i < ${#pairs[@]}; i += 2)); do sources+=("${pairs[i]}"); done
node "$root/bin/juesuan.js" run "${sources[@]}" --data-dir "$out" -q >"$out/run.log" 2>&1 || true
python3 "$shared/tools/score.py" --out "$out/output" --min-f1 "$min" --max-silent 0 "${pairs[@]}"
