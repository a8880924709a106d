import { Decimal } from 'decimal.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fact, NormalisedDoc, QualityFinding } from '../../pipeline/types.ts';
import { validate } from '../../pipeline/validate/index.ts';
import { metaPages, truthDoc } from './truth-doc.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/validate');
const EMPTY_NOTES = {
  '07': ['2. 当此表数据为空时，即本部门(单位)无政府性基金预算财政拨款收入、支出。'],
  '08': ['2. 当此表数据为空时，即本部门(单位)无国有资本经营预算财政拨款支出。'],
};

/** A truth file as a NormalisedDoc; 07 and 08 are printed empty in both public reports. */
function doc(seed: '000' | '001'): NormalisedDoc {
  return truthDoc(join(FIXTURES, `${seed}-v1.truth.csv`), {
    pages: metaPages(join(FIXTURES, `${seed}-v1.meta.json`)),
    tables_empty: ['07', '08'],
  });
}

type Where = Partial<Pick<Fact, 'table_code' | 'item_code' | 'line_no' | 'item_name' | 'measure'>>;

/** Add `delta` 元 to the one fact matching `where` (fails the test if not exactly one). */
function bump(d: NormalisedDoc, where: Where, delta: string): NormalisedDoc {
  const hits = d.facts.filter((f) => Object.entries(where).every(([k, v]) => f[k as keyof Fact] === v));
  expect(hits).toHaveLength(1);
  hits[0]!.value_yuan = new Decimal(hits[0]!.value_yuan!).plus(delta).toFixed(2);
  return d;
}

const errors = (fs: QualityFinding[]) => fs.filter((f) => f.severity === 'error');
/** Compact view of error findings for exact assertions: check, table, row, measure. */
const errorKeys = (fs: QualityFinding[]) =>
  errors(fs)
    .map((f) => [f.check_id, f.table_code, f.item_code ?? f.line_no ?? f.item_name, f.measure].join(' '))
    .sort();

describe('validate on the public truth files', () => {
  it.each(['000', '001'] as const)('%s unperturbed: no errors, status ok', (seed) => {
    const q = validate(doc(seed), { notes: EMPTY_NOTES });
    expect(errors(q.findings)).toEqual([]);
    expect(q.status).toBe('ok');
    expect(q.checks_run).toBeGreaterThan(150);
    expect(q.score).toBeGreaterThan(0.95);
    expect(q.checks_passed).toBeLessThanOrEqual(q.checks_run);
  });

  it('reports the printed rounding differences of 000 as info with expected/actual in 元', () => {
    const q = validate(doc('000'), { notes: EMPTY_NOTES });
    const f = q.findings.find((x) => x.check_id === 'lines.01' && x.line_no === 27);
    expect(f).toMatchObject({ severity: 'info', expected: '9404900.00', actual: '9405000.00', page: 4 });
    expect(f!.message).toContain('difference 100.00 元');
  });
});

describe('perturbed cells fire exactly the expected checks', () => {
  it('a 项 value in 05 → its 款 (sum.children) and its row (sum.row)', () => {
    const d = bump(doc('000'), { table_code: '05', item_code: '2101501', measure: '基本支出' }, '10000');
    const q = validate(d, { notes: EMPTY_NOTES });
    expect(errorKeys(q.findings)).toEqual(['sum.children 05 21015 基本支出', 'sum.row 05 2101501 本年支出合计']);
    const child = errors(q.findings).find((f) => f.check_id === 'sum.children')!;
    expect(child).toMatchObject({ expected: '5135100.00', actual: '5125100.00', page: 9 });
    expect(q.status).toBe('partial');
  });

  it('a 类 value in 02 → hierarchy, row and 合计 checks at that 类 and the 合计 row', () => {
    const d = bump(doc('001'), { table_code: '02', item_code: '210', measure: '财政拨款收入' }, '1000000');
    expect(errorKeys(validate(d).findings)).toEqual([
      'sum.children 02 210 财政拨款收入',
      'sum.row 02 210 本年收入合计',
      'sum.total 02 合计 财政拨款收入',
    ]);
  });

  it('an 01 expenditure line → lines.01 at line 58 and cross.01_03 at that line', () => {
    const d = bump(doc('001'), { table_code: '01', line_no: 40 }, '50000');
    expect(errorKeys(validate(d).findings)).toEqual(['cross.01_03 01 40 金额', 'lines.01 01 58 金额']);
  });

  it('an 01 income line → lines.01 at 27 and cross.01_02 at 02 合计', () => {
    const d = bump(doc('001'), { table_code: '01', line_no: 1 }, '50000');
    expect(errorKeys(validate(d).findings)).toEqual(['cross.01_02 02 合计 财政拨款收入', 'lines.01 01 27 金额']);
  });

  it('a 款 of 06 → sum.children at its 类', () => {
    const d = bump(doc('000'), { table_code: '06', item_code: '30101' }, '5000');
    const q = validate(d, { notes: EMPTY_NOTES });
    expect(errorKeys(q.findings)).toEqual(['sum.children 06 301 决算数']);
    expect(errors(q.findings)[0]!.page).toBe(10);
  });

  it('a 09 part → sum.09 at 公务用车购置及运行维护费 for that measure only', () => {
    const d = bump(doc('001'), { table_code: '09', item_name: '公务用车运行维护费', measure: '决算数' }, '1000');
    expect(errorKeys(validate(d).findings)).toEqual(['sum.09 09 公务用车购置及运行维护费 决算数']);
  });

  it('04 fund column by 类 → lines.04 and cross.04_05', () => {
    const d = bump(doc('001'), { table_code: '04', line_no: 41, measure: '一般公共预算财政拨款' }, '30000');
    expect(errorKeys(validate(d).findings)).toEqual([
      'cross.04_05 04 41 一般公共预算财政拨款',
      'lines.04 04 41 合计',
      'lines.04 04 59 一般公共预算财政拨款',
    ]);
  });

  it('06 人员经费合计 → cross.05_06 at 05 合计 基本支出', () => {
    const d = bump(doc('001'), { table_code: '06', item_name: '人员经费合计' }, '200000');
    expect(errorKeys(validate(d).findings)).toEqual(['cross.05_06 05 合计 基本支出']);
  });
});

describe('tolerance', () => {
  it('0.01 万元 per summed term is info, more is error', () => {
    const ok = bump(doc('001'), { table_code: '05', item_code: '2101501', measure: '基本支出' }, '100');
    expect(errors(validate(ok).findings)).toEqual([]);
    const bad = bump(doc('001'), { table_code: '05', item_code: '2101501', measure: '基本支出' }, '10000');
    expect(errors(validate(bad).findings).length).toBeGreaterThan(0);
  });

  it('in a 元 table the step is 0.01 元', () => {
    const d = doc('001');
    for (const f of d.facts) f.unit_as_printed = '元';
    // 001's 万元 data carries 0.01 万元 rounding; in 元 that is far beyond 0.01 元 per term.
    expect(errors(validate(d).findings).length).toBeGreaterThan(0);
  });
});

describe('presence', () => {
  it('a deleted table → table.missing (error), and checks needing it are skipped', () => {
    const d = doc('001');
    d.facts = d.facts.filter((f) => f.table_code !== '06');
    d.tables_found = d.tables_found.filter((t) => t !== '06');
    const q = validate(d, { notes: EMPTY_NOTES });
    expect(errorKeys(q.findings)).toEqual(['table.missing 06  ']);
    expect(q.status).toBe('partial');
    expect(q.findings.some((f) => f.check_id === 'cross.05_06')).toBe(false);
  });

  it('an empty 07 without a note → table.empty_unexplained; with a note or prose → none', () => {
    const unexplained = validate(doc('001')).findings.filter((f) => f.check_id === 'table.empty_unexplained');
    expect(unexplained.map((f) => [f.severity, f.table_code])).toEqual([['warning', '07'], ['warning', '08']]);
    const prose = [{ page: 20, lines: ['本部门2024年度没有使用政府性基金预算财政拨款安排的支出。', '2024年国有资本经营预算拨款支出0万元，占本年支出合计的0%。'] }];
    const q = validate(doc('001'), { text: prose });
    expect(q.findings.filter((f) => f.check_id === 'table.empty_unexplained')).toEqual([]);
    const noted = validate(doc('001'), { notes: EMPTY_NOTES });
    expect(noted.checks.find((c) => c.check_id === 'table.empty_unexplained')).toEqual({ check_id: 'table.empty_unexplained', run: 2, passed: 2 });
  });

  it('a report with no facts fails', () => {
    const d = doc('001');
    d.facts = [];
    d.tables_found = [];
    d.tables_empty = [];
    const q = validate(d);
    expect(q.status).toBe('failed');
    expect(q.score).toBe(0);
    expect(q.findings.filter((f) => f.check_id === 'table.missing')).toHaveLength(9);
  });
});

describe('headings and narrative', () => {
  it('a heading naming another year → meta.year_mismatch; prose comparing years does not', () => {
    const text = [
      { page: 4, lines: ['收入支出决算总表', '2024 年度', '金额单位：万元'] },
      { page: 5, lines: ['收入决算表', '2023 年度'] },
      { page: 6, lines: ['景德镇市医疗保障局2023年度部门决算'] },
      { page: 16, lines: ['2024年度收入总计2,984.80万元。与2023年度相比，减少19.83万元。'] },
    ];
    const q = validate(doc('001'), { notes: EMPTY_NOTES, text });
    const f = q.findings.filter((x) => x.check_id === 'meta.year_mismatch');
    expect(f.map((x) => [x.severity, x.page])).toEqual([['error', 5], ['error', 6]]);
    const clean = validate(doc('001'), { notes: EMPTY_NOTES, text: [text[0]!, text[3]!] });
    expect(clean.findings.filter((x) => x.check_id === 'meta.year_mismatch')).toEqual([]);
    expect(clean.checks.find((c) => c.check_id === 'meta.year_mismatch')).toMatchObject({ run: 1, passed: 1 });
  });

  function narrative(d: NormalisedDoc, value_yuan: string, value_text: string): Fact {
    const cell = d.facts.find((f) => f.table_code === '02' && f.item_name === '合计' && f.measure === '本年收入合计')!;
    return { ...cell, value_yuan, value_text, page: 16, method: 'narrative' };
  }

  it('a narrative total that disagrees → narrative.mismatch at the table cell', () => {
    const d = doc('001');
    d.narrative = [narrative(d, '29849000.00', '2,984.90万元')];
    const f = validate(d, { notes: EMPTY_NOTES }).findings.filter((x) => x.check_id === 'narrative.mismatch');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', table_code: '02', item_name: '合计', measure: '本年收入合计', expected: '29848000.00', actual: '29849000.00', page: 16 });
  });

  it('a narrative figure rounded coarser than the table agrees within its own precision', () => {
    const d = doc('001');
    d.narrative = [narrative(d, '29850000.00', '2,985万元')];
    const f = validate(d, { notes: EMPTY_NOTES }).findings.filter((x) => x.check_id === 'narrative.mismatch');
    expect(f.map((x) => x.severity)).toEqual(['info']);
  });
});
