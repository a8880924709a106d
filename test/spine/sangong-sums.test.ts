/**
 * OCR'd one-row budget 三公 tables (B07) read back by their own sums (normalise/sangong-sums.ts):
 * two amounts OCR read as one cell ('160.00 266.80'), and headers whose group labels OCR lost
 * or glued together (two bare '小计' columns, '因公出国（境）费/小计'). A reading no sum
 * confirms is never loaded; one that overrules a header names it in a warning.
 */
import { describe, expect, it } from 'vitest';
import { cellAmounts, cellReadings, namedSlot } from '../../pipeline/normalise/sangong-sums.ts';
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
    expect(cellAmounts('1276.7 418.26')).toEqual(['1276.7', '418.26']);
    expect(cellAmounts('963.95.280.33')).toEqual(['963.95', '280.33']);
    expect(cellAmounts('857.3000.00')).toBeNull();
    expect(cellAmounts('237.')).toEqual(['237']);
    expect(cellReadings('9 707.57')).toEqual([['9 707.57'], ['707.57']]);
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
    // 公务接待费 printed before 因公出国: no print order has it there; the sums would also hold with 0.66 as 出国.
    const columns = ['合计', '公务接待费', '因公出国（境）费', '公务用车购置及运行维护费/小计'];
    const doc = b07(columns, [['5.86', '0.66', '4.70', '0.50']]);
    expect(loaded(doc)).toEqual({ 合计: '5.86', '因公出国（境）费': '4.70', 公务接待费: '0.66', 公务用车购置及运行维护费: '0.50' });
    expect(doc.findings.filter((x) => x.check_id === 'measure.by_sums')).toEqual([]);
  });

  it('reads Shanghai\'s order (公务接待费 before the 公务用车 group) by the columns\' own names', () => {
    const columns = ['“三公”经费预算数/合计', '因公出国（境）费', '公务接待费', '小计', '购置费', '运行费', '机关运行经费预算数'];
    const doc = b07(columns, [['12.30', '4.00', '2.30', '6.00', '1.50', '4.50', '229.43']]);
    expect(loaded(doc)).toEqual({ 合计: '12.30', '因公出国（境）费': '4.00', 公务接待费: '2.30', 公务用车购置及运行维护费: '6.00', 公务用车购置费: '1.50', 公务用车运行维护费: '4.50', 机关运行经费: '229.43' });
  });

  it('leaves 购置费 and 运行维护费 unread when a glued group header and the column\'s own cell name different ones', () => {
    // '公务用车购置公务用车运行' is two header cells run together; the leaf '维护费' says 运行, the group 购置.
    const columns = ['合计', '因公出国（境）费', '公务用车购置及运行维护费/小计', '公务用车购置及运行维护费/公务用车购置公务用车运行/费', '公务用车购置及运行维护费/公务用车购置公务用车运行/维护费', '公务接待费'];
    const doc = b07(columns, [['767.60', '199.25', '183.60', '', '183.60', '384.75']]);
    expect(loaded(doc)).toEqual({ 合计: '767.60', '因公出国（境）费': '199.25', 公务用车购置及运行维护费: '183.60', 公务接待费: '384.75' });
  });

  it('reads 决算 09 by the sums of both measures, a speck before an amount left out', () => {
    const columns = ['合计/预算数', '合计/决算数', '因公出国（境）费/预算数', '决算数', '小计/预算数', '决算数', '公务用车购置及运行维护费/公务用车购置费/预算数', '公务用车购置费/决算数', '公务用车运行维护费/预算数', '公务用车运行维护费/决算数', '公务接待费预算数', '决算数'];
    const row = ['9 707.57', '310.28', '137.39', '3.66', '521.79', '260.99', '393.26', '130.57', '128.53', '130.42', '48.39', '45.63'];
    const doc = normaliseTables([rawTable('09', { columns, rows: [row], method: 'ocr', title: '财政拨款“三公”经费支出决算表' })]);
    const got = Object.fromEntries(doc.facts.map((f) => [`${f.item_name} ${f.measure}`, f.value_text]));
    expect(got).toMatchObject({ '合计 年初预算数': '707.57', '合计 决算数': '310.28', '公务接待费 年初预算数': '48.39', '公务接待费 决算数': '45.63', '公务用车运行维护费 决算数': '130.42' });
    expect(doc.facts).toHaveLength(12);
  });

  it('reads 决算 09 printed with the items across and one row per measure (预算数, 决算数)', () => {
    const columns = ['项目', '合计', '因公出国（境）费', '公务用车购置及运行维护费/小计', '公务用车购置及运行维护费/公务用车购置费', '公务用车购置及运行维护费/公务用车运行维护费', '公务接待费'];
    const rows = [['预算数', '12.50', '4.00', '6.00', '0.00', '6.00', '2.50'], ['决算数', '10.20', '3.10', '5.30', '0.00', '5.30', '1.80']];
    for (const method of ['text', 'ocr'] as const) {
      const doc = normaliseTables([rawTable('09', { columns, rows, method, title: '财政拨款“三公”经费支出决算表' })]);
      const got = Object.fromEntries(doc.facts.map((f) => [`${f.item_name} ${f.measure}`, f.value_text]));
      expect(got).toMatchObject({ '合计 年初预算数': '12.50', '公务接待费 年初预算数': '2.50', '合计 决算数': '10.20', '公务用车运行维护费 决算数': '5.30' });
      expect(doc.facts).toHaveLength(12);
    }
  });

  it('loads no row of marks under a garbled 09 header (a seal\'s specks read as \'1\' and \'5\')', () => {
    // The header lost its items; by position the marks had been 用车 values and a right 合计 was 'repaired' to fit them.
    const columns = ['预算数', '合计/决算数', '预算数', '因公出国（境）费决算数', '预算数', '小计/决算数', '公务用车购置及运行费/预算数', '公务用车购置费决算数', '预算数', '公务用车运行费决算数', '预算数', '公务接待费决算数'];
    const rows = [['0.95', '', '', '', '', '', '', '', '', '', '0.95', ''], ['身', '', '快', '', '1', '', '5', '', '', '', '', '']];
    const doc = normaliseTables([rawTable('09', { columns, rows, method: 'ocr', title: '财政拨款“三公”经费支出决算表' })]);
    expect(doc.facts.map((f) => [f.item_name, f.value_text])).toEqual([['合计', '0.95'], ['公务接待费', '0.95']]);
    expect(doc.findings.some((f) => f.check_id === 'value.unreadable' && /reads only '1', '5'/.test(f.message))).toBe(true);
  });

  it('leaves out a cell no reading fits and reads the rest by the sums, the cell said unreadable', () => {
    // 6,546.14 read '6.54 6.14': two amounts that fit no place; without it 三公 = 出国 + 用车 + 接待 still holds.
    const columns = ['合计', '因公出国（境）费', '三公经费预算数公务接待费', '小计', '公务用车购置及运行费购置费', '运行费', '机关运行经费预算数'];
    const doc = b07(columns, [['526.54', '213.51', '159.16', '153.87', '', '153.87', '6.54 6.14']]);
    expect(loaded(doc)).toEqual({ 合计: '526.54', '因公出国（境）费': '213.51', 公务接待费: '159.16', 公务用车购置及运行维护费: '153.87', 公务用车运行维护费: '153.87' });
    expect(doc.findings.some((f) => f.check_id === 'value.unreadable' && f.severity === 'error' && /'6.54 6.14'/.test(f.message))).toBe(true);
  });

  it('leaves the text layer as printed', () => {
    const doc = b07(JIANGSU, [['2,382.02', '513.75', '160.00 266.80', '', '86.95', '271.02', '1,597.25']], 'text');
    expect(Object.keys(loaded(doc))).toEqual(['合计', '公务接待费']);
    expect(doc.findings.filter((x) => x.check_id === 'measure.by_sums')).toEqual([]);
  });

  it('places a text-layer row whose borderless header OCR-free parsing glued together', () => {
    // No rules: the group labels were joined onto the leaves (the text layer's values are exact).
    const columns = ['合计', '因公出国(境)费', '小计', '“三公”经费预算数公务用车购置及运行费购置费', '运行费', '公务接待费', '机关运行经费预算数'];
    const doc = normaliseTables([rawTable('B07', { columns, rows: [['7,380,900.00', '214,700.00', '5,444,100.00', '2,522,500.00', '2,921,600.00', '1,722,100.00', '87,049,800.00']], unit: '元', title: '部门“三公”经费和机关运行经费预算表' })]);
    expect(loaded(doc)).toEqual({ 合计: '7,380,900.00', '因公出国（境）费': '214,700.00', 公务用车购置及运行维护费: '5,444,100.00', 公务用车购置费: '2,522,500.00', 公务用车运行维护费: '2,921,600.00', 公务接待费: '1,722,100.00', 机关运行经费: '87,049,800.00' });
  });

  it('names a column by its lowest header cell', () => {
    expect(namedSlot('“三公”经费/公务用车购置及运行维护费购置费')).toBe('purchase');
    expect(namedSlot('公务用车购置及运行维护费/行维护费')).toBe('running');
    expect(namedSlot('因公出国/费')).toBe('abroad');
    expect(namedSlot('会议费培训费')).toBeNull();
    expect(namedSlot('因公出国（境）费/小计')).toBeNull();
  });
});
