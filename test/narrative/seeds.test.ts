import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractNarrative } from '../../pipeline/normalise/narrative.ts';
import type { Fact } from '../../pipeline/types.ts';
import { FIXTURES, factKey, readTruth, seedProse } from './helpers.ts';

const run = (seed: string) => extractNarrative(seedProse(seed), { report_id: 'r', fiscal_year: 2024 });

/** Seed 002's 项 statements (its 一般公共预算财政拨款支出决算具体情况), coded by hand from the reference. */
const SEED002_XIANG: [string, string][] = [
  ['2080108', '30000.00'], ['2080109', '28900.00'], ['2080199', '300000.00'], ['2080505', '339700.00'],
  ['2089999', '15100.00'], ['2101101', '95700.00'], ['2101102', '9300.00'], ['2101103', '26900.00'],
  ['2101501', '2973400.00'], ['2101504', '40000.00'], ['2101550', '135700.00'], ['2101599', '321300.00'],
  ['2130599', '3738500.00'], ['2210201', '236800.00'],
];

describe('extractNarrative on seed 002 (a report whose tables were lost)', () => {
  const facts = run('002_d153db70119c4259.txt');
  const value = (key: string) => facts.find((f) => factKey(f) === key)?.value_yuan;

  it('reads all 14 项-level expenditure statements with their 7-digit codes', () => {
    const xiang = facts.filter((f) => f.item_level === '项');
    expect(xiang.map((f) => [f.item_code, f.value_yuan]).sort()).toEqual(SEED002_XIANG);
    for (const f of xiang) expect(f).toMatchObject({ table_code: '05', measure: '本年支出合计' });
  });

  it('reads the report-level totals', () => {
    expect(value('01||27||金额')).toBe('8291300.00');
    expect(value('01||58||金额')).toBe('8291300.00');
    expect(value('04||32||金额')).toBe('8291300.00');
    expect(value('04||64||合计')).toBe('8291300.00');
    expect(value('05|||合计|基本支出')).toBe('3861500.00');
    expect(value('06|||人员经费合计|决算数')).toBe('3438400.00');
    expect(value('06|||公用经费合计|决算数')).toBe('423100.00');
    expect(value('09|||合计|决算数')).toBe('3000.00');
    expect(value('09|||公务接待费|决算数')).toBe('3000.00');
  });

  it('marks every fact as narrative with the value as printed', () => {
    for (const f of facts) {
      expect(f).toMatchObject({ report_id: 'r', method: 'narrative', confidence: 0.9, quantity: null });
      expect(['万元', '元']).toContain(f.unit_as_printed);
      expect(f.value_text).toMatch(/^\d[\d,]*(\.\d+)?$/);
    }
  });

  it('does not read the performance-evaluation appendix (收入总额, 预算执行数…)', () => {
    // e.g. "2024年度收入总额829.13万元" and project budgets such as 373.85 under 绩效 headings.
    expect(facts.every((f) => f.table_code !== '01' || [1, 27, 31, 58, 62].includes(f.line_no!))).toBe(true);
  });

  it('matches the reviewed golden file', () => {
    const golden = join(FIXTURES, 'seed002.golden.json');
    // UPDATE_GOLDEN=1 rewrites the file; review the diff before committing it.
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, JSON.stringify(facts, null, 1) + '\n');
    expect(facts).toEqual(JSON.parse(readFileSync(golden, 'utf8')) as Fact[]);
  });
});

/**
 * Seeds 000 and 001 print their tables too: every narrative fact must agree with the table
 * truth. A fact may be absent from the truth only where the printed cell is empty (the prose
 * says 0) or the template row is not printed at all (listed here with the reason).
 */
const NOT_PRINTED: Record<string, string[]> = {
  // 000 prints its table 03 合计 row empty.
  '000': ['03|||合计|基本支出', '03|||合计|项目支出'],
  // 001's table 09 has no 国内接待费 column.
  '001': ['09|||国内接待费|决算数'],
};

describe.each([
  ['000', '000_53625ed0fc2cf7a6.txt', '000-v1.truth.csv', 33],
  ['001', '001_a0c01ccc9db781f0.txt', '001-v1.truth.csv', 41],
])('extractNarrative on seed %s agrees with its tables', (id, seed, truthFile, minAgreeing) => {
  const facts = run(seed);
  const truth = readTruth(truthFile);

  it('has no fact that contradicts the truth', () => {
    const wrong = facts.filter((f) => truth.has(factKey(f)) && truth.get(factKey(f)) !== f.value_yuan);
    expect(wrong).toEqual([]);
  });

  it(`finds at least ${minAgreeing} facts that the tables confirm`, () => {
    expect(facts.filter((f) => truth.get(factKey(f)) === f.value_yuan).length).toBeGreaterThanOrEqual(minAgreeing);
  });

  it('leaves out of the truth only zeros of empty cells and rows the tables do not print', () => {
    const unconfirmed = facts.filter((f) => !truth.has(factKey(f)) && f.value_yuan !== '0.00').map(factKey);
    expect(unconfirmed.sort()).toEqual([...(NOT_PRINTED[id] ?? [])].sort());
  });
});
