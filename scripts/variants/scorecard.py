#!/usr/bin/env python3
"""Aggregate score.py's per-report lines by degradation profile into a Markdown scorecard.

  scorecard.py SCORE_TXT [SCORE_TXT_WITHOUT_UNVERIFIED]

Report file names are <source>--<profile>.pdf (make-scans.ts). The optional second file is
score.py's output on the same run with the ocr.unverified findings removed, to show how many
errors only that flag catches.
"""
import re, sys
from collections import defaultdict

LINE = re.compile(r"^(\S+)--(\S+)\.pdf: .*?truth=(\d+) got=(\d+) ok=(\d+) wrong=(\d+) missing=(\d+) extra=(\d+) silent=(\d+)")


def read(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        m = LINE.match(line)
        if m:
            out[(m[1], m[2])] = [int(x) for x in m.groups()[2:]]
    return out


def f1(t, g, ok):
    p = ok / g if g else 0.0
    r = ok / t if t else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    cur = read(sys.argv[1])
    base = read(sys.argv[2]) if len(sys.argv) > 2 else {}
    by = defaultdict(lambda: [0] * 8)
    for (src, prof), v in cur.items():
        acc = by[prof]
        for i, x in enumerate(v):
            acc[i] += x
        acc[7] += base.get((src, prof), v)[6] - v[6] if base else 0
    rows = sorted(by.items())
    tot = [sum(v[i] for _, v in rows) for i in range(8)]
    print("| degradation | reports | cells | F1 | wrong | missing | extra | silent | silent w/o ocr.unverified |")
    print("|---|---|---|---|---|---|---|---|---|")
    n = defaultdict(int)
    for (src, prof) in cur:
        n[prof] += 1
    for prof, v in rows + [("**all**", tot)]:
        reps = n[prof] if prof in n else sum(n.values())
        extra = str(v[6] + v[7]) if base else "—"
        print(f"| {prof} | {reps} | {v[0]} | {f1(v[0], v[1], v[2]):.4f} | {v[3]} | {v[4]} | {v[5]} | {v[6]} | {extra} |")


if __name__ == "__main__":
    main()
