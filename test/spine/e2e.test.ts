/**
 * End to end: `juesuan run` on the two sample reports into a fresh data dir. Every published
 * output exists, the facts equal the hand-checked truth cell for cell (F1 = 1, scored like
 * score.py), the report metadata is right, and DuckDB holds exact decimals.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, outputCsv, queryDb, removeTemps, runCli, tempDir, type CliResult } from '../helpers/cli.ts';
import { SAMPLES } from '../helpers/pages.ts';
import { readCsv, score } from '../helpers/score.ts';

const TRUTH = fileURLToPath(new URL('../fixtures/spine/truth/', import.meta.url));

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const REPORTS = [
  {
    sample: SAMPLES.jdz,
    truth: join(TRUTH, 'jingdezhen-ybj-2024.truth.csv'),
    meta: { department: '景德镇市医疗保障局', level: '部门', fiscal_year: '2024', report_kind: '决算', province: '江西省', city: '景德镇市', unit_as_printed: '万元', status: 'ok', pages: '30', ocr_pages: '0' },
  },
  {
    sample: SAMPLES.lc,
    truth: join(TRUTH, 'liaocheng-ybj-2024.truth.csv'),
    meta: { department: '聊城市医疗保障局', scope: '汇总', level: '部门', fiscal_year: '2024', report_kind: '决算', province: '山东省', city: '聊城市', unit_as_printed: '万元', status: 'ok', pages: '44', ocr_pages: '0' },
  },
].map((r) => ({ ...r, sha: sha256(r.sample), id: sha256(r.sample).slice(0, 16) }));

describe('juesuan run on the two sample reports', () => {
  let dir: string;
  let run: CliResult;

  beforeAll(async () => {
    dir = tempDir();
    run = await runCli(['run', SAMPLES.jdz, SAMPLES.lc, '--data-dir', dir]);
  });
  afterAll(removeTemps);

  it('exits 0 and prints a one-line summary on stdout', () => {
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toMatch(/^run \S+: 2 processed \(2 ok, 0 partial, 0 failed\), 0 unchanged, \d+ facts → /m);
  });

  it('writes every output of the contract', () => {
    const out = join(dir, 'output');
    const files = [
      'juesuan.duckdb',
      'csv/facts.csv', 'csv/reports.csv', 'csv/quality.csv',
      'parquet/facts.parquet', 'parquet/reports.parquet', 'parquet/quality.parquet',
      ...REPORTS.flatMap((r) => [`quality/${r.id}.json`, `quality/${r.id}.md`]),
    ];
    for (const f of files) {
      expect(existsSync(join(out, f)), f).toBe(true);
      expect(statSync(join(out, f)).size, f).toBeGreaterThan(0);
    }
  });

  it('publishes facts.csv with the columns of the contract', () => {
    const header = readFileSync(join(dir, 'output/csv/facts.csv'), 'utf8').split('\n')[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining([
      'report_id', 'table_code', 'table_name', 'item_code', 'item_name', 'item_level', 'line_no', 'measure',
      'value_yuan', 'quantity', 'quantity_unit', 'value_text', 'unit_as_printed', 'page', 'method', 'confidence',
    ]));
  });

  it.each(REPORTS.map((r) => [r.sample.split('/').pop()!, r] as const))('%s: facts equal the truth (F1 = 1)', (_name, r) => {
    const reports = outputCsv(dir, 'reports');
    const id = reports.find((x) => x.source_sha256 === r.sha)?.report_id;
    expect(id).toBe(r.id);
    const facts = outputCsv(dir, 'facts').filter((f) => f.report_id === id);
    const s = score(facts, readCsv(r.truth));
    expect({ wrong: s.wrong, missing: s.missing, extra: s.extra }).toEqual({ wrong: [], missing: [], extra: [] });
    expect(s.ok).toBe(s.truth);
    expect(s.truth).toBeGreaterThan(190);
    expect(s.f1).toBe(1);
  });

  it.each(REPORTS.map((r) => [r.meta.department, r] as const))('%s: reports.csv has the metadata', (_name, r) => {
    const row = outputCsv(dir, 'reports').find((x) => x.report_id === r.id);
    expect(row).toBeDefined();
    expect(row).toMatchObject({ ...r.meta, source_sha256: r.sha, file_name: r.sample.split('/').pop(), source_url: r.sample.split('/').pop() });
    expect(Number(row!.n_facts)).toBe(outputCsv(dir, 'facts').filter((f) => f.report_id === r.id).length);
    expect(row!.n_errors).toBe('0');
  });

  it('writes a quality log per report (JSON and Markdown)', () => {
    for (const r of REPORTS) {
      const q = JSON.parse(readFileSync(join(dir, 'output/quality', `${r.id}.json`), 'utf8'));
      expect(q.report_id).toBe(r.id);
      expect(q.status).toBe('ok');
      expect(Array.isArray(q.findings)).toBe(true);
      expect(readFileSync(join(dir, 'output/quality', `${r.id}.md`), 'utf8')).toContain(r.meta.department);
    }
  });

  it('stores value_yuan as DECIMAL(20,2) in DuckDB', async () => {
    const cols = await queryDb(dir, 'DESCRIBE facts');
    const type = (name: string) => cols.find((c) => c.column_name === name)?.column_type;
    expect(type('value_yuan')).toBe('DECIMAL(20,2)');
    expect(type('line_no')).toBe('INTEGER');
    expect(type('report_id')).toBe('VARCHAR');
  });

  it('holds exactly the facts of the CSV: same count, same sum to the fen', async () => {
    const csv = outputCsv(dir, 'facts');
    const csvSum = csv.reduce((s, f) => (f.value_yuan ? s.plus(f.value_yuan) : s), new Decimal(0));
    const [db] = await queryDb(dir, 'SELECT count(*) AS n, CAST(sum(value_yuan) AS VARCHAR) AS total FROM facts');
    expect(Number(db!.n)).toBe(csv.length);
    expect(new Decimal(String(db!.total)).equals(csvSum)).toBe(true);
    expect(csvSum.decimalPlaces()).toBeLessThanOrEqual(2);
    // Per report too: the sums are exact, not float-approximate.
    for (const r of REPORTS) {
      const [row] = await queryDb(dir, `SELECT CAST(sum(value_yuan) AS VARCHAR) AS total FROM facts WHERE report_id = '${r.id}'`);
      const mine = csv.filter((f) => f.report_id === r.id && f.value_yuan).reduce((s, f) => s.plus(f.value_yuan!), new Decimal(0));
      expect(String(row!.total)).toBe(mine.toFixed(2));
    }
  });

  it('writes Parquet files holding the same rows', async () => {
    const p = (t: string) => join(dir, 'output/parquet', `${t}.parquet`).replaceAll("'", "''");
    const [facts] = await queryDb(dir, `SELECT count(*) AS n, CAST(sum(value_yuan) AS VARCHAR) AS total FROM read_parquet('${p('facts')}')`);
    const [db] = await queryDb(dir, 'SELECT count(*) AS n, CAST(sum(value_yuan) AS VARCHAR) AS total FROM facts');
    expect(facts).toEqual(db);
    const [reports] = await queryDb(dir, `SELECT count(*) AS n FROM read_parquet('${p('reports')}')`);
    expect(Number(reports!.n)).toBe(2);
  });

  it("runs the README's example query (docs are tested)", async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const sql = /```sql\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(sql, 'README.md has a ```sql example').toBeTruthy();
    const rows = await queryDb(dir, sql!.replace(/^--.*$/gm, '').trim().replace(/;$/, ''));
    // 05 rows under 社会保障和就业支出 (208…) for both sample departments.
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.department))).toEqual(new Set(['景德镇市医疗保障局', '聊城市医疗保障局']));
    expect(rows.every((r) => String(r.item_code).startsWith('208'))).toBe(true);
  });
});
