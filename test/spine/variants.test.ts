/**
 * Layouts other producers use (fixtures in test/fixtures/variants, see its README): every truth
 * cell is read, or — where a layout loses one — the loss is flagged on its row or table, never
 * silent.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputCsv, removeTemps, runCli, tempDir } from '../helpers/cli.ts';
import { readCsv, score } from '../helpers/score.ts';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'variants');
const VARIANTS = readdirSync(DIR).filter((f) => f.endsWith('.pdf')).sort();

describe('layout variants', () => {
  let dir: string;
  let facts: Record<string, string>[];
  let reports: Record<string, string>[];
  let quality: Record<string, string>[];
  beforeAll(async () => {
    dir = tempDir('juesuan-variants-');
    await runCli(['run', ...VARIANTS.map((f) => join(DIR, f)), '--data-dir', dir, '--no-ocr']);
    facts = outputCsv(dir, 'facts');
    reports = outputCsv(dir, 'reports');
    quality = outputCsv(dir, 'quality');
  });
  afterAll(removeTemps);

  it.each(VARIANTS)('%s: every truth cell right, or flagged', (file) => {
    const report = reports.find((r) => r.file_name === file)!;
    expect(report, `${file} was not loaded`).toBeTruthy();
    const s = score(facts.filter((f) => f.report_id === report.report_id), readCsv(join(DIR, file.replace(/\.pdf$/, '.truth.csv'))));
    expect(s.wrong).toEqual([]);
    expect(s.extra).toEqual([]);
    expect(s.f1).toBeGreaterThanOrEqual(0.99);
    const flags = quality.filter((q) => q.report_id === report.report_id && ['error', 'warning'].includes(q.severity));
    for (const m of s.missing) {
      const [table, code, line, name] = m.key;
      const flagged = flags.some((q) => q.table_code === table && ((!q.item_code && !q.line_no && !q.item_name) || (q.item_code === code && q.line_no === line && (code || line ? true : q.item_name === name))));
      expect(flagged, `missing cell ${m.key.join('|')} is not flagged`).toBe(true);
    }
  });
});
