#!/usr/bin/env python3
"""Aggregate score.py's per-report lines by degradation profile into a Markdown scorecard.

  scorecard.py SCORE_TXT [SCORE_TXT_WITHOUT_UNVERIFIED] [--alarms ALARMS_TXT]

Report file names are <source>--<profile>.pdf (make-scans.ts). The optional second file is
score.py's output on the same run with the ocr.* findings of validate removed, to show how many
errors only those flags catch. ALARMS_TXT is alarms.py's output on the same run: findings
(warning/error) and false alarms, i.e. findings on rows (or tables) whose cells were all read
right.
"""
import argparse, re
from collections import defaultdict

LINE = re.compile(r"^(\S+)--(\S+)\.pdf: .*?truth=(\d+) got=(\d+) ok=(\d+) wrong=(\d+) missing=(\d+) extra=(\d+) silent=(\d+)")
ALARM = re.compile(r"^(\S+)--(\S+)\.pdf: findings=(\d+) useful=(\d+) false=(\d+)")


def read(path, pattern=LINE):
    out = {}
    for line in open(path, encoding="utf-8"):
        m = pattern.match(line)
        if m:
            out[(m[1], m[2])] = [int(x) for x in m.groups()[2:]]
    return out


def f1(t, g, ok):
    p = ok / g if g else 0.0
    r = ok / t if t else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("score")
    ap.add_argument("base", nargs="?")
    ap.add_argument("--alarms")
    a = ap.parse_args()
    cur = read(a.score)
    base = read(a.base) if a.base else {}
    alarms = read(a.alarms, ALARM) if a.alarms else {}
    # per profile: truth got ok wrong missing extra silent | silent without ocr.* | findings false
    by = defaultdict(lambda: [0] * 10)
    n = defaultdict(int)
    for (src, prof), v in cur.items():
        acc = by[prof]
        n[prof] += 1
        for i, x in enumerate(v):
            acc[i] += x
        acc[7] += base.get((src, prof), v)[6] if base else 0
        al = alarms.get((src, prof), [0, 0, 0])
        acc[8] += al[0]
        acc[9] += al[2]
    rows = sorted(by.items())
    tot = [sum(v[i] for _, v in rows) for i in range(10)]
    print("| degradation | reports | cells | F1 | wrong | missing | extra | silent | silent w/o ocr.* flags | findings | false alarms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for prof, v in rows + [("**all**", tot)]:
        reps = n[prof] if prof in n else sum(n.values())
        without = str(v[7]) if base else "—"
        fa = (str(v[8]), str(v[9])) if alarms else ("—", "—")
        print(f"| {prof} | {reps} | {v[0]} | {f1(v[0], v[1], v[2]):.4f} | {v[3]} | {v[4]} | {v[5]} | {v[6]} | {without} | {fa[0]} | {fa[1]} |")


if __name__ == "__main__":
    main()
