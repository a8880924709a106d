#!/usr/bin/env python3
"""False alarms and silent errors of a run, per report: the other half of score.py's silence.

  alarms.py --score SCORE_PY --out OUTPUT_DIR PDF TRUTH_CSV [PDF TRUTH_CSV ...] [-v]

A finding (severity warning or error) is *useful* when the row it names (table + item_code /
line_no / item_name, as score.py matches them) holds a wrong, missing or extra cell, or, for a
table-level finding (no row named), when its table holds one; otherwise it is a *false alarm*:
it sends a reviewer to numbers that were read right. Prints one line per report
(`NAME.pdf: findings=N useful=U false=F`), with -v the false alarms by check and the silent
errors, and a total line. Keys, zero handling and 09's budget columns are score.py's own
(imported from SCORE_PY), so the two scripts always agree on what is an error.
"""
import argparse, hashlib, importlib.util, sys
from collections import Counter


def load_score(path):
    spec = importlib.util.spec_from_file_location("score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def report(s, pdf, truth_csv, facts, quality, by_sha, verbose):
    rid = by_sha.get(hashlib.sha256(open(pdf, "rb").read()).hexdigest())
    truth = {s.key(r): s.dec(r["value_yuan"]) for r in s.read(truth_csv)}
    truth = {k: v for k, v in truth.items() if v not in (None, 0)}
    raw = set(truth)
    truth = s.collapse_09(truth, raw)
    got = {}
    for r in facts:
        if r["report_id"] == rid and s.table(r.get("table_code")) in s.TABLES:
            v = s.dec(r.get("value_yuan"))
            if v not in (None, 0):
                got[s.key(r)] = v
    got = s.collapse_09(got, raw)
    bad = {k: ("wrong" if k in got else "missing") for k, v in truth.items() if got.get(k) != v}
    bad.update({k: "extra" for k in got if k not in truth})
    bad_rows = {s.rowkey(k) for k in bad}
    bad_tables = {k[0] for k in bad}
    found = [q for q in quality if q.get("report_id") == rid and s.norm(q.get("severity")).lower() in ("error", "warning")]
    useful, false = 0, Counter()
    flagged_rows, flagged_tables = set(), set()
    for q in found:
        k = s.rowkey(s.key(q))
        table_level = not (k[1] or k[2] or k[3])
        (flagged_tables if table_level else flagged_rows).add(k[0] if table_level else k)
        if (k[0] in bad_tables) if table_level else (k in bad_rows):
            useful += 1
        else:
            false[q.get("check_id")] += 1
    silent = sorted(k for k in bad if s.rowkey(k) not in flagged_rows and k[0] not in flagged_tables)
    name = pdf.rsplit("/", 1)[-1]
    print(f"{name}: findings={len(found)} useful={useful} false={sum(false.values())} silent={len(silent)}")
    if verbose:
        for cid, n in false.most_common():
            print(f"    false {cid} {n}")
        for k in silent:
            print(f"    silent {bad[k]} {k} truth={truth.get(k)} got={got.get(k)}")
    return len(found), useful, sum(false.values()), len(silent)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--score", default="/work/shared/tools/score.py")
    ap.add_argument("--out", required=True)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("pairs", nargs="+")
    a = ap.parse_args()
    if len(a.pairs) % 2:
        ap.error("give PDF TRUTH_CSV pairs")
    s = load_score(a.score)
    facts = s.read(f"{a.out}/csv/facts.csv")
    reports = s.read(f"{a.out}/csv/reports.csv")
    quality = s.read(f"{a.out}/csv/quality.csv")
    by_sha = {s.norm(r.get("source_sha256")).lower(): r["report_id"] for r in reports}
    tot = [0, 0, 0, 0]
    for pdf, truth_csv in zip(a.pairs[::2], a.pairs[1::2]):
        for i, x in enumerate(report(s, pdf, truth_csv, facts, quality, by_sha, a.verbose)):
            tot[i] += x
    print(f"findings={tot[0]} useful={tot[1]} false={tot[2]} silent={tot[3]}")


if __name__ == "__main__":
    sys.exit(main())
