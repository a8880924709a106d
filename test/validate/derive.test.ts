/**
 * OCR'd cells read as no number (validate/derive.ts): filled in from the identities that pin
 * them down when the digits read appear in the value, logged as ocr.repaired; otherwise left
 * unread with their value.unreadable error.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fact, NormalisedDoc, QualityFinding } from '../../pipeline/types.ts';
import { validate } from '../../pipeline/validate/index.ts';
import { COLUMNS_05 as columns, normaliseTables, rawTable, validateTable } from '../helpers/tables.ts';
import { metaPages, truthDoc } from './truth-doc.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/validate');

/** The OCR'd truth report with one cell turned unreadable: `text` is what OCR read there. */
function withUnread(pick: (f: Fact) => boolean, text: (printed: string) => string): { doc: NormalisedDoc; cell: Fact } {
  const doc = truthDoc(join(FIXTURES, '000-v1.truth.csv'), { pages: metaPages(join(FIXTURES, '000-v1.meta.json')), tables_empty: ['07', '08'] });
  for (const f of doc.facts) f.method = 'ocr';
  const cell = doc.facts.find(pick)!;
  doc.facts = doc.facts.filter((f) => f !== cell);
  const printed = (Number(cell.value_yuan) / 10000).toFixed(2);
  const unread = { ...cell, value_yuan: null, value_text: text(printed) };
  doc.unread_ocr = [unread];
  const finding: QualityFinding = { report_id: cell.report_id, check_id: 'value.unreadable', severity: 'error', table_code: cell.table_code, item_code: cell.item_code, line_no: cell.line_no, item_name: cell.item_name, measure: cell.measure, expected: null, actual: null, page: cell.page, message: 'not a number' };
  doc.findings.push(finding);
  return { doc, cell };
}

/** A 款 row's total: Σ its 项 rows, 基本 + 项目 and its 类 row all pin it down. */
const parentTotal = (f: Fact) => f.table_code === '05' && f.item_code === '20805' && f.measure === '本年支出合计';

describe('deriveUnreadable', () => {
  it('fills in a cell whose reading lost a digit to a seal, from the identity that gives it', () => {
    const { doc, cell } = withUnread(parentTotal, (p) => `${p.slice(0, 2)}C${p.slice(3)}`);
    const q = validate(doc);
    const filled = doc.facts.find((f) => f.table_code === '05' && f.item_code === '20805' && f.measure === '本年支出合计');
    expect(filled?.value_yuan).toBe(cell.value_yuan);
    expect(filled!.confidence).toBeLessThanOrEqual(0.5);
    const repaired = q.findings.filter((f) => f.check_id === 'ocr.repaired' && f.item_code === '20805');
    expect(repaired).toHaveLength(1);
    expect(repaired[0]!.severity).toBe('warning');
    expect(q.findings.filter((f) => f.check_id === 'value.unreadable')).toEqual([]);
  });

  it('takes a reading that ends in two decimals as complete: an identity giving more digits has a misread term', () => {
    const { doc } = withUnread(parentTotal, () => '83,45');
    // Upstream misreads make both identities give 833.45 万元, which contains 8-3-4-5 in order.
    const set = (code: string, measure: string, yuan: string) => (doc.facts.find((f) => f.table_code === '05' && f.item_code === code && f.measure === measure)!.value_yuan = yuan);
    set('2080505', '本年支出合计', '8014400.00');
    set('20805', '基本支出', '8334500.00');
    validate(doc);
    expect(doc.facts.find(parentTotal)).toBeUndefined();
  });

  it('leaves a cell unread when the digits read are not in the value the identity gives', () => {
    const { doc } = withUnread(parentTotal, () => '97,531.0C');
    const q = validate(doc);
    expect(doc.facts.find((f) => f.table_code === '05' && f.item_code === '20805' && f.measure === '本年支出合计')).toBeUndefined();
    expect(q.findings.filter((f) => f.check_id === 'value.unreadable' && f.item_code === '20805')).toHaveLength(1);
    expect(q.findings.filter((f) => f.check_id === 'ocr.repaired')).toEqual([]);
  });
});

describe('a row whose only reading is no number', () => {
  it('is named by the sums of its parent and its children, which fill it in', () => {
    const rows = [
      ['221', '住房保障支出', '2,122.38', '2,122.38', ''],
      ['22102', '住房改革支出', '2.12 2.38', '', ''],
      ['2210201', '住房公积金', '572.56', '572.56', ''],
      ['2210202', '提租补贴', '1,549.82', '1,549.82', ''],
    ];
    const { q, cell } = validateTable('05', { columns, rows, method: 'ocr' });
    expect(cell('22102', '本年支出合计')?.value_yuan).toBe('21223800.00');
    expect(q.findings.filter((f) => f.check_id === 'value.unreadable')).toEqual([]);
  });
});

describe('cells that fill each other in turn', () => {
  it('fills a 类 cell from its 款 once the 款 cell is filled from its own row and 项 rows', () => {
    const rows = [
      ['208', '社会保障和就业支出', '83,4S0.0C', '', ''],
      ['20805', '行政事业单位养老支出', '83,45O.00', '83,450.00', ''],
      ['2080505', '机关事业单位基本养老保险缴费支出', '50,000.00', '50,000.00', ''],
      ['2080506', '机关事业单位职业年金缴费支出', '33,450.00', '33,450.00', ''],
    ];
    const { cell } = validateTable('05', { columns, rows, unit: '元', method: 'ocr' });
    const total = (code: string) => cell(code, '本年支出合计')?.value_yuan;
    expect([total('20805'), total('208')]).toEqual(['83450.00', '83450.00']);
  });
});

describe('what normalise keeps for validate to fill in', () => {
  it('keeps OCR cells read as no number and stray digits of a two-decimal table, with their measure', async () => {
    const rows = [
      ['208', '社会保障和就业支出', '83.45', '83.45', ''],
      ['20805', '行政事业单位养老支出', '83.45', '83.4S.', ''],
      ['2080505', '机关事业单位基本养老保险缴费支出', '51', '51.43', ''],
      ['2080506', '机关事业单位职业年金缴费支出', '32.02', '32.02', ''],
    ];
    const t = rawTable('05', { columns, rows });
    const ocr = { ...t, rows: t.rows.map((r) => ({ ...r, method: 'ocr' as const })) };
    const doc = normaliseTables([ocr]);
    expect((doc.unread_ocr ?? []).map((f) => [f.item_code, f.measure, f.value_text, f.value_yuan])).toEqual([
      ['20805', '基本支出', '83.4S.', null],
      ['2080505', '本年支出合计', '51', null],
    ]);
    validate(doc);
    // 51 → 51.43 (基本 + 项目 and Σ 项 agree exactly); '83.4S.' → 83.45.
    const filled = doc.facts.filter((f) => ['20805', '2080505'].includes(f.item_code!) && f.confidence! <= 0.5);
    expect(filled.map((f) => [f.item_code, f.measure, f.value_yuan])).toEqual([
      ['20805', '基本支出', '834500.00'],
      ['2080505', '本年支出合计', '514300.00'],
    ]);
    expect(normaliseTables([t]).unread_ocr).toBeUndefined();
  });
});

describe('unreadable cells of a row whose code OCR misread', () => {
  it('move with the row to its repaired code, so validate can fill them in', async () => {
    const rows = [
      ['210', '卫生健康支出', '782,164.00', '782,164.00', ''],
      ['21001', '行政事业单位医疗', '782,164.00', '782,164:00', ''], // 21011 with a 1 read as 0
    ];
    const doc = normaliseTables([rawTable('05', { columns, rows, unit: '元', method: 'ocr' })]);
    expect((doc.unread_ocr ?? []).map((f) => [f.item_code, f.measure])).toEqual([['21011', '基本支出']]);
    expect(doc.findings.filter((f) => f.check_id === 'value.unreadable').map((f) => f.item_code)).toEqual(['21011']);
    validate(doc);
    expect(doc.facts.find((f) => f.item_code === '21011' && f.measure === '基本支出')?.value_yuan).toBe('782164.00');
  });
});

describe('cells of a table printed in 元 that identities agree on exactly', () => {
  const rows = (basic20899: string) => [
    ['208', '社会保障和就业支出', '884,512.00', '884,512.00', ''],
    ['20805', '行政事业单位养老支出', '834,512.00', '8', ''], // a seal left one digit of 834,512.00
    ['2080505', '机关事业单位基本养老保险缴费支出', '514,312.00', '514,312.00', ''],
    ['2080506', '机关事业单位职业年金缴费支出', '320,200.00', '320,200.00', ''],
    ['20899', '其他社会保障和就业支出', '50,000.00', basic20899, ''],
  ];
  async function run(basic20899: string, unit: string) {
    const t = rawTable('05', { columns, rows: rows(basic20899), unit, method: 'ocr' });
    const doc = normaliseTables([t]);
    const q = validate(doc);
    return { doc, q, cell: doc.facts.find((f) => f.item_code === '20805' && f.measure === '基本支出') };
  }

  it('are filled in from what little OCR read: the identities pin the value down', async () => {
    const { cell, q } = await run('50,000.00', '元');
    expect(cell?.value_yuan).toBe('834512.00');
    expect(q.findings.filter((f) => f.check_id === 'ocr.repaired').map((f) => f.item_code)).toEqual(['20805']);
  });

  it('are filled in when two agree and a third has a misread cell of its own, which stays flagged', async () => {
    const { cell, q } = await run('7.00', '元'); // 20899 基本 misread: Σ 款 of 208 asks for 884,505.00
    expect(cell?.value_yuan).toBe('834512.00');
    expect(q.findings.some((f) => f.check_id === 'sum.row' && f.item_code === '20899')).toBe(true);
  });

  it('are filled in when a speck read beside the amount is left out of the reading (whole 元)', async () => {
    const whole = rows('50,000').map((r) => r.map((c) => c.replace(/\.00$/, '')));
    whole[1]![3] = '834,512 9'; // a rule beside the cell read as a 9
    const doc = normaliseTables([rawTable('05', { columns, rows: whole, unit: '元', method: 'ocr' })]);
    expect((doc.unread_ocr ?? []).map((f) => f.value_text)).toEqual(['834,512 9']);
    validate(doc);
    expect(doc.facts.find((f) => f.item_code === '20805' && f.measure === '基本支出')?.value_yuan).toBe('834512.00');
  });

  it('are not filled in from one digit in 万元, where each printed cell is rounded', async () => {
    const { cell } = await run('50,000.00', '万元');
    expect(cell).toBeUndefined();
  });
});

describe('deriveUnreadable in tables of whole 元', () => {
  /** A table 05 printed in whole 元 ('4,212,300'), every cell read by OCR; 20805 本年支出合计 read as `text`. */
  function whole(text: string): { doc: NormalisedDoc; key: (f: Fact) => boolean } {
    const rows = [
      ['208', 4212300, 1633000, 2579300],
      ['20805', 4212300, 1633000, 2579300],
      ['2080505', 4000000, 1500000, 2500000],
      ['2080506', 212300, 133000, 79300],
    ] as const;
    const csv = ['table_code,item_code,line_no,item_name,measure,value_yuan'];
    for (const [code, ...v] of rows) ['本年支出合计', '基本支出', '项目支出'].forEach((m, k) => csv.push(`05,${code},,,${m},${v[k]}.00`));
    const path = join(mkdtempSync(join(tmpdir(), 'derive-')), 'whole.truth.csv');
    writeFileSync(path, csv.join('\n') + '\n');
    const doc = truthDoc(path, { unit: '元' });
    for (const f of doc.facts) Object.assign(f, { method: 'ocr', value_text: Number(f.value_yuan).toLocaleString('en') });
    const key = (f: Fact) => f.table_code === '05' && f.item_code === '20805' && f.measure === '本年支出合计';
    const cell = doc.facts.find(key)!;
    doc.facts = doc.facts.filter((f) => f !== cell);
    doc.unread_ocr = [{ ...cell, value_yuan: null, value_text: text }];
    return { doc, key };
  }
  it("fills '4,212.30' (a separator read as the point, a digit lost): its two 'decimals' are no proof its digits are complete", () => {
    const { doc, key } = whole('4,212.30');
    validate(doc);
    expect(doc.facts.find(key)?.value_yuan).toBe('4212300.00');
  });
  it('never fills in cents: 4,212,300.01 is no value of the table', () => {
    const { doc, key } = whole('4,212,3001');
    validate(doc);
    expect(doc.facts.find(key)).toBeUndefined();
  });
});
