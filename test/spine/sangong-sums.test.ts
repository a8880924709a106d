/**
 * OCR'd one-row budget 三公 tables (B07) read back by their own sums (normalise/sangong-sums.ts):
 * two amounts OCR read as one cell ('160.00 266.80'), and headers whose group labels OCR lost
 * or glued together (two bare '小计' columns, '因公出国（境）费/小计'). A reading no sum
 * confirms is never loaded; one that overrules a header names it in a warning.
 */
import { describe, expect, it } from 'vitest';
import { cellAmounts, namedSlot } from '../../pipeline/normalise/sangong-sums.ts';
import { normaliseTables, rawTable } from '../helpers/tables.ts';

const JIANGSU = ['合计', '小计', '因公出国（境）费', '公务用车购置及运行维护费/小计', '公务接待费', '会议费', '培训费'];
const TITLE = '“三公”经费、会议费、培训费支出预算表';

function b07(columns: string[], rows: string[][], method: 'ocr' | 'text' = 'ocr') {
  return normaliseTables([rawTable('B07', { columns, rows, method, title: TITLE })]);
}
const loaded = (doc: ReturnType<typeof b07>) => Object.fromEntries(doc.facts.map((f) => [f.item_name, f.value_text]));

describe('三公 rows read by their sums', () => {
  it('splits a cell OCR read from two columns when the sums confirm it', () => {
    const doc = b07(JIANGSU, [['2,382.02', '513.75', '160.00 266.80', '', '86.95', '271.02', '1,597.25']]);
    expect(loaded(doc)).toEqual({ 合计: '513.75', '因公出国（境）费': '160.00', 公务用车购置及运行维护费: '266.80', 公务接待费: '86.95' });
    const [f] = doc.findings.filter((x) => x.check_id === 'measure.by_sums');
    expect(f).toMatchObject({ severity: 'info' });
    expect(f!.message).toMatch(/two amounts split/);
    expect(doc.findings.filter((x) => x.check_id === 'value.unreadable')).toEqual([]);
  });

  it('loads no split that no sum confirms: the cell stays unreadable', () => {
    const doc = b07(JIANGSU, [['2,382.02', '513.75', '160.00 266.81', '', '86.95', '271.02', '1,597.25']]);
    expect(Object.keys(loaded(doc))).toEqual(['合计', '公务接待费']);
    expect(doc.findings.some((x) => x.check_id === 'value.unreadable' && x.severity === 'error')).toBe(true);
  });

  it('splits amounts glued without a space', () => {
    expect(cellAmounts('90.01277.91405.71')).toEqual(['90.01', '277.91', '405.71']);
    expect(cellAmounts('940 49')).toEqual(['940 49']);
    expect(cellAmounts('1,469.73 363.38')).toEqual(['1,469.73', '363.38']);
    expect(cellAmounts('9.5O')).toBeNull();
  });

  it('places the 小计 columns of a header whose group labels OCR lost', () => {
    const columns = ['合计', '小计', '因公出国（境费', '小计', '公务用车购置及运行维护费/公务用车购置费', '公务用车购置及运行维护费/公务用车运行维护费', '公务接待费', '会议费', '培训费'];
    const doc = b07(columns, [['1276.7', '418.26', '80', '237', '', '237', '101.26', '158.44', '700']]);
    expect(loaded(doc)).toEqual({ 合计: '418.26', '因公出国（境）费': '80', 公务用车购置及运行维护费: '237', 公务用车运行维护费: '237', 公务接待费: '101.26' });
  });

  it('leaves out an item the sums read two ways (购置费 or 运行维护费), with a warning', () => {
    const columns = ['合计', '因公出国（境）费', '公务用车购置及运行维护费', '1', '公务接待费'];
    const doc = b07(columns, [['526.54', '213.51', '153.87', '153.87', '159.16']]);
    expect(loaded(doc)).toMatchObject({ 合计: '526.54', 公务用车购置及运行维护费: '153.87', 公务接待费: '159.16' });
    expect(loaded(doc)).not.toHaveProperty('公务用车购置费');
    expect(loaded(doc)).not.toHaveProperty('公务用车运行维护费');
    const warned = doc.findings.filter((x) => x.check_id === 'measure.unknown' && x.severity === 'warning').map((x) => x.item_name);
    expect(warned.sort()).toEqual(['公务用车购置费', '公务用车运行维护费']);
  });

  it('never overrules a column\'s own header: a table printing its items in another order keeps its reading', () => {
    // 公务接待费 printed before 公务用车: the sums would also hold with 0.66 as 用车 and 0.50 as 接待.
    const columns = ['合计', '因公出国（境）费', '公务接待费', '公务用车购置及运行维护费/小计'];
    const doc = b07(columns, [['5.86', '4.70', '0.66', '0.50']]);
    expect(loaded(doc)).toEqual({ 合计: '5.86', '因公出国（境）费': '4.70', 公务接待费: '0.66', 公务用车购置及运行维护费: '0.50' });
    expect(doc.findings.filter((x) => x.check_id === 'measure.by_sums')).toEqual([]);
  });

  it('leaves the text layer as printed', () => {
    const doc = b07(JIANGSU, [['2,382.02', '513.75', '160.00 266.80', '', '86.95', '271.02', '1,597.25']], 'text');
    expect(Object.keys(loaded(doc))).toEqual(['合计', '公务接待费']);
    expect(doc.findings.filter((x) => x.check_id === 'measure.by_sums')).toEqual([]);
  });

  it('names a column by its lowest header cell', () => {
    expect(namedSlot('“三公”经费/公务用车购置及运行维护费购置费')).toBe('purchase');
    expect(namedSlot('公务用车购置及运行维护费/行维护费')).toBe('running');
    expect(namedSlot('因公出国/费')).toBe('abroad');
    expect(namedSlot('会议费培训费')).toBeNull();
    expect(namedSlot('因公出国（境）费/小计')).toBeNull();
  });
});
