#!/usr/bin/env python3
"""Sanity check of rendered variants: text items that cross a vertical ruling line (cell overflow).
   overflow.py DATA_DIR  -> one line per offending item."""
import csv, json, sys, glob, os
data = sys.argv[1]
names = {r['report_id']: os.path.basename(r['source_url']) for r in csv.DictReader(open(f'{data}/output/csv/reports.csv'))}
for f in sorted(glob.glob(f'{data}/staged/*/pages.json')):
    d = json.load(open(f))
    n = 0
    for p in d['pages']:
        vs = [r for r in p.get('rules', []) if abs(r['x0'] - r['x1']) < 0.01]
        for it in p['items']:
            y = it['y'] + it['h'] / 2
            for r in vs:
                if r['y0'] <= y <= r['y1'] and it['x'] + 1 < r['x0'] < it['x'] + it['w'] - 1:
                    n += 1
                    if n <= 5: print(f"{names.get(d['report_id'])} p{p['page']} {it['str']!r} x={it['x']:.1f}-{it['x']+it['w']:.1f} rule x={r['x0']:.1f}")
                    break
    if n: print(f"{names.get(d['report_id'])}: {n} items cross a vertical rule")
