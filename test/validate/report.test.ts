import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS, qualityJson, renderQualityMarkdown, summarise, validate } from '../../pipeline/validate/index.ts';
import { metaPages, truthDoc } from './truth-doc.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/validate');
const ROOT = join(import.meta.dirname, '../..');

function perturbed() {
  const d = truthDoc(join(FIXTURES, '001-v1.truth.csv'), { pages: metaPages(join(FIXTURES, '001-v1.meta.json')), tables_empty: ['07', '08'] });
  const f = d.facts.find((x) => x.table_code === '06' && x.item_code === '30101')!;
  f.value_yuan = '9999999.00';
  return { d, q: validate(d) };
}

describe('quality log renderings', () => {
  it('Markdown names the status, each check, and each finding with row, measure, expected/actual/diff and page', () => {
    const { d, q } = perturbed();
    const md = renderQualityMarkdown(d, q);
    expect(md).toContain('status: **partial**');
    expect(md).toMatch(/\| `sum\.children` \| .* \| \d+ \| \d+ \| 1 \| 1 \| 0 \| \d+ \|/);
    const row = md.split('\n').find((l) => l.startsWith('| error | 06 | 301 工资福利支出 | 决算数 |'));
    expect(row).toBeDefined();
    expect(row).toContain('| 10 |'); // page of table 06 in 001-v1
    expect(md).toContain('### `table.empty_unexplained`');
  });

  it('JSON carries the report, counts and per-check tallies', () => {
    const { d, q } = perturbed();
    const j = qualityJson(d, q) as { counts: Record<string, number>; checks: { check_id: string; run: number; error: number }[]; findings: unknown[] };
    expect(j.counts.error).toBe(1);
    expect(j.checks.find((c) => c.check_id === 'sum.children')).toMatchObject({ error: 1 });
    expect(j.findings).toHaveLength(q.findings.length);
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });

  it('the run summary counts reports by status and findings by check and severity', () => {
    const { q } = perturbed();
    const s = summarise([q, { ...q, report_id: 'b', status: 'ok', findings: [] }]);
    expect(s.split('\n')[0]).toMatch(/^quality: 2 reports: 1 ok, 1 partial, 0 failed; \d+ of \d+ checks held/);
    expect(s).toMatch(/sum\.children\s+1\s+0\s+\d+/);
    expect(s).toMatch(/table\.empty_unexplained\s+0\s+2\s+0/);
  });

  it('docs/quality.md documents every check id', () => {
    const doc = readFileSync(join(ROOT, 'docs/quality.md'), 'utf8');
    for (const id of CHECK_IDS) expect(doc, id).toContain(`\`${id}\``);
  });
});
