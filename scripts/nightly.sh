#!/usr/bin/env bash
# Nightly run: fetch the manifest's reports and process them, never two runs at once.
#
#   DATA_DIR=/srv/juesuan MANIFEST=/srv/juesuan/manifest.csv scripts/nightly.sh [extra `run` flags]
#
# Environment:
#   DATA_DIR       holds raw/, staged/, output/, logs/ and the lock (default: the project root)
#   MANIFEST       CSV or JSON Lines list of sources (default: $DATA_DIR/manifest.csv)
#   LOG_KEEP_DAYS  run logs older than this are deleted (default: 30)
#   NODE           the node binary (default: node on PATH)
#
# Exit codes: those of `juesuan run` (0 ok, 1 error, 2 usage, 3 some reports failed),
# and 75 (EX_TEMPFAIL) when another run holds the lock, so a scheduler can tell "busy" from "broken".
set -uo pipefail

EXIT_USAGE=2
EXIT_LOCKED=75

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${DATA_DIR:-$ROOT}"
MANIFEST="${MANIFEST:-$DATA_DIR/manifest.csv}"
LOG_KEEP_DAYS="${LOG_KEEP_DAYS:-30}"
NODE="${NODE:-node}"

if [[ ! -f "$MANIFEST" ]]; then
  echo "nightly: manifest not found: $MANIFEST (set MANIFEST=/path/to/manifest.csv)" >&2
  exit $EXIT_USAGE
fi
mkdir -p "$DATA_DIR/logs" || exit 1

# The lock lives on fd 9, which the node process inherits: even if this script is killed, the
# lock stays held until the run itself has ended, so runs never overlap.
exec 9>>"$DATA_DIR/.nightly.lock"
if ! flock -n 9; then
  echo "nightly: another run holds $DATA_DIR/.nightly.lock; not starting" >&2
  exit $EXIT_LOCKED
fi

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
LOG="$DATA_DIR/logs/nightly-$stamp-$$.log"
{
  echo "# juesuan nightly started $stamp (pid $$)"
  echo "# manifest: $MANIFEST"
  echo "# data dir: $DATA_DIR"
} >>"$LOG"
ln -sfn "$(basename "$LOG")" "$DATA_DIR/logs/latest.log"

# Run in the background and wait, so a TERM from cron/systemd reaches the run and is logged.
NO_COLOR=1 "$NODE" "$ROOT/bin/juesuan.js" run --manifest "$MANIFEST" --data-dir "$DATA_DIR" "$@" >>"$LOG" 2>&1 &
child=$!
trap 'echo "# received a stop signal; stopping the run" >>"$LOG"; kill -TERM "$child" 2>/dev/null' TERM INT HUP
code=0
wait "$child" || code=$?
# A trapped signal interrupts `wait`; wait again for the run's own exit status.
while kill -0 "$child" 2>/dev/null; do
  code=0
  wait "$child" || code=$?
done

echo "# finished $(date -u +%Y%m%dT%H%M%SZ) with exit code $code" >>"$LOG"
find "$DATA_DIR/logs" -maxdepth 1 -name 'nightly-*.log' -type f -mtime +"$LOG_KEEP_DAYS" -delete 2>/dev/null || true

case "$code" in
  0) ;;
  3) echo "nightly: finished, but some reports failed; see $LOG" >&2 ;;
  *) echo "nightly: the run failed (exit $code); see $LOG" >&2 ;;
esac
exit "$code"
