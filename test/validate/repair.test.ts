/**
 * Identity repair beyond one slip (validate/repair.ts, misread.ts): a cell whose reading lost a
 * thousands group, a repeated digit or its decimal point is set to the value its identity needs
 * only when every other cell of that identity is confirmed; each repair stays a warning.
 */
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Fact, NormalisedDoc } from '../../pipeline/types.ts';
import { validate } from '../../pipeline/validate/index.ts';
import { likelySlip, misreadCost, SLIP_COST, slipNeedsGuard, wholeTables } from '../../pipeline/validate/misread.ts';
import { COLUMNS_05 as columns, copiedAcrossPages, normaliseTables, rawTable } from '../helpers/tables.ts';
import { metaPages, truthDoc } from './truth-doc.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/validate');

/**
 * The fixture report read by OCR, printed in whole 元. The fixture was printed in 万元: its own
 * rounding (尾数) leaves a few sums a hundred 元 off, which repair takes for misreads; those
 * cells are set to the values that make every identity exact.
 */
function ocrDoc(): NormalisedDoc {
  const d = truthDoc(join(FIXTURES, '000-v1.truth.csv'), { pages: metaPages(join(FIXTURES, '000-v1.meta.json')), tables_empty: ['07', '08'], unit: '元' });
  for (const f of d.facts) f.method = 'ocr';
  validate(d);
  for (const f of d.facts) f.value_text = f.value_yuan ?? f.value_text;
  return d;
}

const cell = (d: NormalisedDoc, table: string, code: string, measure: string): Fact =>
  d.facts.find((f) => f.table_code === table && f.item_code === code && f.measure === measure)!;

function misread(f: Fact, text: string): void {
  f.value_text = text;
  f.value_yuan = new Decimal(text.replace(/[,\s]/g, '')).toFixed(2); // '80,000 9' reads as 800009, as in facts.ts
}

describe('misreadCost', () => {
  // Misreads measured on harsh scans of real whole-元 and two-decimal reports: reading, printed value, cost.
  it.each([
    ['4,212,00', '4212300', SLIP_COST.digitLost],
    ['9,220', '9220200', 1.25],
    ['8,882.99', '8882399', SLIP_COST.pointForComma + SLIP_COST.digitLost],
    ['119383', '119385303', 1.5],
    ['166.00', '1666600', 1.25],
    ['95.00', '9500', SLIP_COST.pointForComma],
    ['100.00', '100000', 1],
    ['350864', '3508644', SLIP_COST.repeatCollapsed],
    ['87080', '877080', SLIP_COST.repeatCollapsed],
    ['633000', '1633000', SLIP_COST.leadingOneLost],
    ['2940050000', '29400500.00', SLIP_COST.pointLost],
  ])('%s for %s costs %s', (text, printed, cost) => {
    expect(misreadCost(text, new Decimal(printed))?.cost).toBe(cost);
  });
  it.each([
    ['8.82', '8882399'], // too little of it read
    ['1005000', '1607500'],
    ['1,234', '5678123'],
    ['500', '1500000'],
    ['4,212,300', '4212300'], // no slip at all
  ])('%s is no reading of %s', (text, printed) => {
    expect(misreadCost(text, new Decimal(printed))).toBeNull();
  });
});

describe('repair beyond one slip', () => {
  it('restores a lost thousands group when the identity rests on confirmed cells, as a warning', () => {
    const d = ocrDoc();
    const x = cell(d, '03', '2101506', '项目支出');
    misread(x, '1,309'); // printed 1,309,900
    expect(validate(ocrDoc()).findings.filter((f) => f.check_id === 'ocr.repaired')).toEqual([]);
    const repaired = validate(d).findings.filter((f) => f.check_id === 'ocr.repaired');
    expect(x.value_yuan).toBe('1309900.00');
    expect(repaired).toHaveLength(1);
    expect(repaired[0]).toMatchObject({ severity: 'warning', table_code: '03', item_code: '2101506', measure: '项目支出', expected: '1309900.00' });
    expect(repaired[0]!.message).toMatch(/a run of 3 digits lost/);
  });

  it('restores a collapsed repeated digit and a point read for a comma', () => {
    const d = ocrDoc();
    const a = cell(d, '03', '2101506', '基本支出'); // 760,200
    const b = cell(d, '03', '2101501', '基本支出'); // 4,332,500
    misread(a, '76.20'); // '760,200': a 0 lost, a 0 read once, the comma read as a point
    misread(b, '43,325'); // two 0 of the last group lost
    validate(d);
    expect([a.value_yuan, b.value_yuan]).toEqual(['760200.00', '4332500.00']);
  });

  it('takes cells read as zero for what they are in a row with one non-zero part', () => {
    const d = ocrDoc();
    // 21011 = Σ its four 项 exactly (the fixture's 万元 rounding left it 100 元 off), so each
    // child's 基本支出 is confirmed; 2101101's own row has one non-zero part: 合计 = 基本 + 0.
    for (const m of ['本年支出合计', '基本支出']) misread(cell(d, '03', '21011', m), '428500');
    const total = cell(d, '03', '2101101', '本年支出合计'); // 225,100
    if (!d.facts.some((f) => f.table_code === '03' && f.item_code === '2101101' && f.measure === '项目支出')) d.facts.push({ ...total, measure: '项目支出', value_text: '0', value_yuan: '0.00' });
    misread(total, '2,251'); // its last group's 00 lost
    validate(d);
    expect(total.value_yuan).toBe('225100.00');
  });

  it('does not repair when another cell of the identity is itself unconfirmed', () => {
    const d = ocrDoc();
    d.facts = d.facts.filter((f) => f.table_code === '03' && f.item_code === '2101506');
    misread(cell(d, '03', '2101506', '本年支出合计'), '2,170,100'); // wrong, and confirmed by nothing
    const x = cell(d, '03', '2101506', '项目支出');
    misread(x, '1,409'); // would be "1,409,900", the value the wrong total asks for
    const fs = validate(d).findings;
    expect(x.value_yuan).toBe('1409.00');
    expect(fs.filter((f) => f.check_id === 'ocr.repaired')).toEqual([]);
    expect(fs.some((f) => f.severity !== 'info' && f.item_code === '2101506' && f.table_code === '03')).toBe(true);
  });
});

describe('a repair beside an identity that failed before it', () => {
  it('stands when another identity it takes part in still fails for another reason, which stays flagged', () => {
    const d = ocrDoc();
    misread(cell(d, '03', '210', '基本支出'), '5,567,500'); // = Σ 款 (the fixture's 万元 rounding left it 100 元 off)
    const x = cell(d, '03', '210', '本年支出合计'); // printed 8,120,300: Σ 款 and 基本 + 项目 both say so
    misread(x, '812,030'); // a repeated 0 read once
    const line40 = d.facts.find((f) => f.table_code === '01' && f.line_no === 40)!;
    misread(line40, '9,999,999'); // 01 line 40 = 03 210 fails whatever 210 reads
    const fs = validate(d).findings;
    expect(x.value_yuan).toBe('8120300.00');
    expect(fs.filter((f) => f.check_id === 'ocr.repaired').map((f) => f.item_code)).toEqual(['210']);
    expect(fs.some((f) => f.check_id === 'cross.01_03' && f.severity === 'error')).toBe(true);
  });

  it('stands when its column sum holds a second misread cell that cannot be repaired', () => {
    const d = ocrDoc();
    const x = cell(d, '03', '2101101', '基本支出'); // printed 225,100 = its row's 本年支出合计
    misread(x, '225,100 9'); // a rule beside the cell read as a digit
    const y = cell(d, '03', '2101102', '基本支出');
    misread(y, '7'); // 100,600 under a seal: no reading of it
    const fs = validate(d).findings;
    expect([x.value_yuan, y.value_yuan]).toEqual(['225100.00', '7.00']);
    expect(fs.some((f) => f.check_id === 'sum.children' && f.item_code === '21011' && f.measure === '基本支出')).toBe(true);
  });
});

describe('what is left of a value two identities agree on', () => {
  const rows = [
    ['208', '社会保障和就业支出', '1,234,567.00', '734,567.00', '500,000.00'],
    ['20805', '行政事业单位养老支出', '12.45', '734,567.00', '500,000.00'], // a fold took most of it
    ['2080505', '机关事业单位基本养老保险缴费支出', '1,000,000.00', '600,000.00', '400,000.00'],
    ['2080506', '机关事业单位职业年金缴费支出', '234,567.00', '134,567.00', '100,000.00'],
  ];
  async function total(keep: string[]) {
    const doc = normaliseTables([rawTable('05', { columns, rows: rows.filter((r) => keep.includes(r[0]!)), unit: '元', method: 'ocr' })]);
    const q = validate(doc);
    return { value: doc.facts.find((f) => f.item_code === '20805' && f.measure === '本年支出合计')?.value_yuan, q };
  }

  it('is taken for it in a table printed in 元, the repair saying so', async () => {
    const { value, q } = await total(['208', '20805', '2080505', '2080506']);
    expect(value).toBe('1234567.00');
    expect(q.findings.find((f) => f.check_id === 'ocr.repaired' && f.item_code === '20805')?.message).toMatch(/what is left of that value/);
  });

  it('is not taken on one identity alone', async () => {
    const { value } = await total(['20805']); // only 基本 + 项目 asks for it
    expect(value).toBe('12.45');
  });
});

describe('a parent printed over its only child', () => {
  it('takes the same repair as its child when both were read alike', () => {
    const d = ocrDoc();
    // 21099 = its only 项 2109999 (13,800): read alike as 138,000 in both, a 0 too many.
    const parent = cell(d, '03', '21099', '本年支出合计');
    const child = cell(d, '03', '2109999', '本年支出合计');
    for (const f of [parent, child]) misread(f, '138,000');
    // The child's row has no other cell, so nothing but its parent asks for its repair.
    d.facts = d.facts.filter((f) => !(f.table_code === '03' && f.item_code === '2109999' && f.measure === '基本支出'));
    validate(d);
    expect([parent.value_yuan, child.value_yuan]).toEqual(['13800.00', '13800.00']);
  });
});

describe('one-slip repairs that could absorb another cell\'s error', () => {
  it.each([
    ['1,710,700', '1110700.00', true], // a digit changed
    ['48,800', '84800.00', true], // two digits swapped
    ['7,000', '57000.00', true], // a digit invented in front
    ['418,800', '4188000.00', false], // a repeated 0 read once
    ['633,000', '1633000.00', false], // the leading 1 lost
    ['82,585,000', '2585000.00', false], // a digit read too many
    ['7 57.78', '57.78', false], // a stray digit glued on
    ['812030000', '8120300.00', false], // the point lost
  ])('%s → %s needs the guard: %s', (text, value, want) => expect(slipNeedsGuard(text, value)).toBe(want));

  it('of two cells that could each be the misread one, takes the likelier slip', () => {
    // a child '106,000' under its parent '1,106,000': the child lost its leading 1 (a border),
    // the parent did not invent one
    expect(likelySlip('106,000', '1106000.00')).toBe(true);
    expect(likelySlip('1,106,000', '106000.00')).toBe(false);
    expect(likelySlip('2940050000', '29400500.00')).toBe(true);
  });

  it('knows the tables printed in whole 元 from their OCR\'d readings', () => {
    const d = ocrDoc();
    for (const f of d.facts) if (f.table_code === '05') f.value_text = Number(f.value_yuan).toLocaleString('en');
    for (const f of d.facts) if (f.table_code === '03') f.value_text = Number(f.value_yuan).toFixed(2);
    const whole = wholeTables(d.facts);
    expect(whole.has('05')).toBe(true);
    expect(whole.has('03')).toBe(false);
  });

  it('takes a table too small to tell as whole 元 when every table that can tell is, in its unit', () => {
    const f = (table: string, text: string, unit = '元'): Fact => ({ table_code: table, method: 'ocr', value_text: text, unit_as_printed: unit }) as Fact;
    const big = (t: string) => ['4,212,300', '1,633,000', '9,500', '100,000', '877,080'].map((s) => f(t, s));
    const small = [f('09', '10.20'), f('09', '132,200')];
    expect([...wholeTables([...big('02'), ...big('03'), ...small])].sort()).toEqual(['02', '03', '09']);
    expect([...wholeTables([...big('02'), ...small])].sort()).toEqual(['02']);
    expect([...wholeTables([...big('02'), ...big('03'), f('09', '1.02', '万元'), f('09', '0.20', '万元')])].sort()).toEqual(['02', '03']);
  });
});

describe('cells read alike in two tables on two pages', () => {
  it('count as confirmed: a reading beyond one slip is repaired from the identity they complete', () => {
    const doc = normaliseTables(copiedAcrossPages('8,8399.00'));
    const q = validate(doc);
    expect(doc.facts.find((f) => f.table_code === 'B04' && f.item_code === '221' && f.measure === '合计')?.value_yuan).toBe('8882399.00');
    expect(q.findings.filter((f) => f.check_id === 'ocr.repaired').map((f) => f.item_code)).toEqual(['221']);
  });
});


describe('two cells of one identity, each a leading 1 lost', () => {
  function run(confidences: [number, number]) {
    const rows = [
      ['302', '商品和服务支出', '245.00'],
      ['30201', '办公费', '34.00'],
      ['30229', '福利费', '11.00'],
      ['30299', '其他商品和服务支出', '100.00'],
    ];
    const doc = normaliseTables([rawTable('06', { columns: ['科目编码', '科目名称', '决算数'], rows, method: 'ocr' })]);
    const cell = (code: string) => doc.facts.find((f) => f.item_code === code)!;
    [cell('30201').confidence, cell('30229').confidence] = confidences;
    const q = validate(doc);
    return { cell, repaired: q.findings.filter((f) => f.check_id === 'ocr.repaired').map((f) => f.item_code) };
  }

  it('repairs the one OCR was less sure of', () => {
    const { cell, repaired } = run([0.98, 0.41]);
    expect(repaired).toEqual(['30229']);
    expect([cell('30201').value_yuan, cell('30229').value_yuan]).toEqual(['340000.00', '1110000.00']);
  });

  it('repairs neither when OCR was about as sure of both', () => {
    const { cell, repaired } = run([0.95, 0.9]);
    expect(repaired).toEqual([]);
    expect([cell('30201').value_yuan, cell('30229').value_yuan]).toEqual(['340000.00', '110000.00']);
  });
});
