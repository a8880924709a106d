# Columns, panels and first rows of one parsed table (run inside OUTDIR): show-table.py REPORT_ID TABLE [N]
import json,sys
rid,code=sys.argv[1],sys.argv[2]
n=int(sys.argv[3]) if len(sys.argv)>3 else 8
d=json.load(open(f'data/staged/{rid}/tables.json'))
for t in d['tables']:
  if t['table_code']!=code: continue
  print('title',t['title'],'pages',t['pages'],'unit',t['unit_as_printed'])
  print('columns:');[print('  ',json.dumps(c,ensure_ascii=False)) for c in t['columns']]
  print('panels:',json.dumps(t['panels'],ensure_ascii=False)[:600])
  print('rows',len(t['rows']))
  for r in t['rows'][:n]: print('  ',json.dumps(r,ensure_ascii=False)[:400])
  print('notes',t['notes'])
