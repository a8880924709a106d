/**
 * Inputs other than PDF go through the same parser: the seed text exports of reports 000 and
 * 001 must give exactly the facts of their PDFs (the truth files), seed 002 (tables lost, prose
 * only) must give narrative facts, an HTML page must give table facts, and every report's
 * metadata must be read from the report itself.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputCsv, removeTemps, runCli, tempDir } from '../helpers/cli.ts';
import { readCsv, score } from '../helpers/score.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const SEEDS = ['000_53625ed0fc2cf7a6.txt', '001_a0c01ccc9db781f0.txt', '002_d153db70119c4259.txt'];
const TRUTH: Record<string, string> = {
  '000_53625ed0fc2cf7a6.txt': join(FIXTURES, 'spine', 'truth', 'jingdezhen-ybj-2024.truth.csv'),
  '001_a0c01ccc9db781f0.txt': join(FIXTURES, 'spine', 'truth', 'liaocheng-ybj-2024.truth.csv'),
};

describe('text and HTML inputs through the whole pipeline', () => {
  let dir: string;
  let facts: Record<string, string>[];
  let reports: Record<string, string>[];
  let exit: number | null;

  beforeAll(async () => {
    dir = tempDir('juesuan-text-');
    const inputs = join(dir, 'inputs');
    mkdirSync(inputs);
    for (const f of SEEDS) copyFileSync(join(FIXTURES, 'textinput', f), join(inputs, f));
    copyFileSync(join(FIXTURES, 'textinput', 'portal-utf8.html'), join(inputs, 'portal.html'));
    const run = await runCli(['run', inputs, '--data-dir', dir]);
    exit = run.code;
    facts = outputCsv(dir, 'facts');
    reports = outputCsv(dir, 'reports');
  });
  afterAll(removeTemps);

  const reportOf = (file: string) => reports.find((r) => r.file_name === file)!;
  const factsOf = (file: string) => facts.filter((f) => f.report_id === reportOf(file).report_id);

  it('processes every input without a failed report', () => {
    expect(exit).toBe(0);
    expect(reports.map((r) => r.status)).not.toContain('failed');
  });

  it.each(Object.keys(TRUTH))('%s gives exactly the facts of its PDF (F1 = 1)', (file) => {
    const s = score(factsOf(file), readCsv(TRUTH[file]!));
    expect({ wrong: s.wrong, missing: s.missing, extra: s.extra }).toEqual({ wrong: [], missing: [], extra: [] });
    expect(s.f1).toBe(1);
  });

  it('reads the metadata of every report from the report itself', () => {
    const meta = (file: string) => {
      const r = reportOf(file);
      return [r.department, r.fiscal_year, r.report_kind, r.province, r.city, r.county];
    };
    expect(meta(SEEDS[0]!)).toEqual(['景德镇市医疗保障局', '2024', '决算', '江西省', '景德镇市', '']);
    expect(meta(SEEDS[1]!)).toEqual(['聊城市医疗保障局', '2024', '决算', '山东省', '聊城市', '']);
    expect(meta(SEEDS[2]!)).toEqual(['遂宁市安居区医疗保障局', '2024', '决算', '四川省', '遂宁市', '安居区']);
    expect(reportOf(SEEDS[1]!).scope).toBe('汇总');
  });

  it('seed 002 (tables lost) yields narrative facts: 14+ 项-level expenditures with 7-digit codes and the totals', () => {
    const f = factsOf(SEEDS[2]!);
    expect(f.length).toBeGreaterThan(0);
    expect(new Set(f.map((x) => x.method))).toEqual(new Set(['narrative']));
    const items = f.filter((x) => x.table_code === '05' && /^\d{7}$/.test(x.item_code ?? ''));
    expect(new Set(items.map((x) => x.item_code)).size).toBeGreaterThanOrEqual(14);
    // "本年收入合计829.13万元"
    expect(f.find((x) => x.table_code === '01' && x.line_no === '27')?.value_yuan).toBe('8291300.00');
  });

  it('an HTML page gives table facts with the same keys as a PDF', () => {
    const f = factsOf('portal.html');
    const cell = (table: string, key: Partial<Record<string, string>>, measure: string) =>
      f.find((x) => x.table_code === table && x.measure === measure && Object.entries(key).every(([k, v]) => x[k] === v))?.value_yuan;
    expect(cell('01', { line_no: '1' }, '金额')).toBe('9404900.00');
    expect(cell('01', { line_no: '39' }, '金额')).toBe('834500.00');
    expect(new Set(f.map((x) => x.method))).toEqual(new Set(['text']));
    expect(f.some((x) => x.table_code === '05')).toBe(true);
  });
});
