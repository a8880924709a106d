/**
 * No silent OCR errors (validate/verify.ts): an OCR'd cell is confirmed only by an identity that
 * holds exactly with ≥ 2 non-zero parts; every other OCR'd row, and a row OCR lost, is flagged.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalisedDoc } from '../../pipeline/types.ts';
import { validate } from '../../pipeline/validate/index.ts';
import { metaPages, truthDoc } from './truth-doc.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/validate');

function ocrDoc(): NormalisedDoc {
  const d = truthDoc(join(FIXTURES, '000-v1.truth.csv'), { pages: metaPages(join(FIXTURES, '000-v1.meta.json')), tables_empty: ['07', '08'] });
  for (const f of d.facts) f.method = 'ocr';
  return d;
}

const unverified = (d: NormalisedDoc, table: string) =>
  validate(d).findings.filter((f) => f.check_id === 'ocr.unverified' && f.table_code === table);

describe('ocr.unverified', () => {
  it('flags a chain of only children (221 → 22102 → 2210201), not rows an exact sum confirms', () => {
    const codes = unverified(ocrDoc(), '02').map((f) => f.item_code);
    expect(codes).toEqual(expect.arrayContaining(['22102', '2210201']));
    expect(codes).not.toContain('2101501'); // one of three children of 21015, which holds exactly
    expect(codes).not.toContain('21015');
  });

  it('flags the row of a cell OCR lost, naming the identity that misses it', () => {
    const d = ocrDoc();
    d.facts = d.facts.filter((f) => !(f.table_code === '02' && f.item_code === '2101102'));
    const lost = unverified(d, '02').find((f) => f.item_code === '2101102');
    expect(lost?.message).toMatch(/no value read for .*Σ/);
  });

  it('says when an unconfirmed cell was read under a seal (low confidence)', () => {
    const d = ocrDoc();
    for (const f of d.facts) if (f.table_code === '02' && f.item_code === '2210201') f.confidence = 0.5;
    const row = unverified(d, '02').find((f) => f.item_code === '2210201');
    expect(row?.message).toMatch(/confidence 0\.50: under a seal/);
    expect(unverified(d, '02').find((f) => f.item_code === '22102')?.message).not.toMatch(/seal/);
  });

  it('says a table keyed by printed names once for the table: a misread name leaves the printed row empty', () => {
    const d = ocrDoc();
    const template = d.facts.find((f) => f.table_code === '01')!;
    d.facts.push({ ...template, table_code: '10', item_code: null, line_no: null, item_name: '心般公务用车', measure: '数量', value_yuan: '3.00' });
    const table = unverified(d, '10').filter((f) => f.item_name === null && f.item_code === null);
    expect(table).toHaveLength(1);
    expect(table[0]!.message).toMatch(/keyed by printed names \(心般公务用车\) is confirmed by no identity/);
    // 三公 rows map onto the template's items: no table-level finding for 09.
    expect(unverified(d, '09').filter((f) => f.item_name === null && f.item_code === null && /printed names/.test(f.message))).toEqual([]);
  });

  it('says nothing about text-layer cells', () => {
    const d = truthDoc(join(FIXTURES, '000-v1.truth.csv'), { pages: metaPages(join(FIXTURES, '000-v1.meta.json')), tables_empty: ['07', '08'] });
    expect(validate(d).findings.filter((f) => f.check_id === 'ocr.unverified')).toEqual([]);
  });
});

describe('doubts an identity explains away', () => {
  const doubts = (d: NormalisedDoc, table: string) => validate(d).findings.filter((f) => f.check_id === 'ocr.doubt' && f.table_code === table);

  it('does not doubt a cell that another exact identity confirms', () => {
    const d = ocrDoc();
    const cell = d.facts.find((f) => f.table_code === '03' && f.item_code === '21015' && f.measure === '项目支出')!;
    cell.value_yuan = '2663900.00'; // misread (three digits: no repair): 21015 = Σ 项 fails for 项目支出
    const fs = validate(d).findings;
    expect(fs.some((f) => f.check_id === 'sum.children' && f.item_code === '21015' && f.severity === 'error')).toBe(true);
    const doubted = doubts(d, '03').map((f) => f.item_code);
    // 2101506's 基本 + 项目 = 本年支出合计 holds exactly: its 项目支出 is not the misread cell
    expect(doubted).not.toContain('2101506');
    // 2101501's row sum is off by rounding: nothing confirms it, so its row is still flagged
    expect(fs.some((f) => f.table_code === '03' && f.item_code === '2101501' && f.severity === 'warning')).toBe(true);
  });

  it('doubts cells read as 0.00 in a sum that falls short by a hundredth (a digit lost to zero)', () => {
    const d = ocrDoc();
    // 06 30216 培训费 0.01 万元 read as 0.00: 302 = Σ 款 is off by 100 元, within rounding
    const cell = d.facts.find((f) => f.table_code === '06' && f.item_code === '30216')!;
    expect(cell.value_yuan).toBe('100.00');
    [cell.value_yuan, cell.value_text] = ['0.00', '0.00'];
    const fs = validate(d).findings.filter((f) => f.table_code === '06' && f.severity !== 'info');
    // 302 has many 0.00 rows: one table-level doubt, not one per row
    expect(fs.filter((f) => f.check_id === 'ocr.doubt').map((f) => f.item_code)).toEqual([null]);
  });

  it('confirms the rows of a sum that misses exactly a row read under an unreadable code', () => {
    const d = ocrDoc();
    for (const f of d.facts) if (f.table_code === '06' && f.item_code === '30101') [f.item_code, f.item_name] = [null, '3O1O1基本工资'];
    const fs = validate(d).findings.filter((f) => f.table_code === '06');
    expect(fs.some((f) => f.check_id === 'ocr.row_unplaced')).toBe(true);
    const rowsFlagged = fs.filter((f) => ['ocr.doubt', 'ocr.unverified'].includes(f.check_id)).map((f) => f.item_code);
    expect(rowsFlagged).not.toContain('30102'); // 301 = Σ 款 + the unplaced row's 基本工资, exactly
    expect(fs.some((f) => f.check_id === 'ocr.unverified' && f.item_name === '3O1O1基本工资')).toBe(true);
  });
});
