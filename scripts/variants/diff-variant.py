# Per-cell diff of one variant (run inside OUTDIR): diff-variant.py 000-noborders
import sys
exec(open('/work/shared/tools/score.py').read().split('def main')[0])
name=sys.argv[1]
reports={r['file_name'] if 'file_name' in r else '':r for r in read('data/output/csv/reports.csv')}
rid=[r['report_id'] for r in read('data/output/csv/reports.csv') if r['source_url'].endswith('/'+name+'.pdf')][0]
truth={key(r):dec(r['value_yuan']) for r in read(f'{name}.truth.csv')}
truth={k:v for k,v in truth.items() if v}
facts=[r for r in read('data/output/csv/facts.csv') if r['report_id']==rid]
got={key(r):(dec(r['value_yuan']),r['page'],r['value_text']) for r in facts if dec(r['value_yuan'])}
q=[r for r in read('data/output/csv/quality.csv') if r['report_id']==rid and r['severity'] in('error','warning')]
flagged={rowkey(key(x)) for x in q}
print(name,rid)
for k,v in truth.items():
    if k not in got: print('  MISSING',k,v,'flag' if rowkey(k) in flagged else 'SILENT')
    elif got[k][0]!=v: print('  WRONG',k,v,got[k],'flag' if rowkey(k) in flagged else 'SILENT')
for k,v in got.items():
    if k not in truth: print('  EXTRA',k,v,'flag' if rowkey(k) in flagged else 'SILENT')
