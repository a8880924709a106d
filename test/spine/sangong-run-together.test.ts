/**
 * A horizontal 三公 table whose OCR misread a cell ('0.5O') or read columns into one cell
 * ('0.50 0.50 0.67') used to drop it without a word: the rows it held were missing silently.
 * Now the cell is a value.unreadable error like in every other table.
 */
import { describe, expect, it } from 'vitest';
import { normaliseTables, rawTable } from '../helpers/tables.ts';

describe('horizontal 三公 tables', () => {
  it('say which cell is no number instead of dropping it', () => {
    const columns = ['合计/预算数', '因公出国（境）费/预算数', '公务用车购置及运行维护费/小计/预算数', '公务接待费/预算数'];
    const doc = normaliseTables([rawTable('09', { columns, rows: [['5.86', '4.70', '0.5O', '']] })]);
    const unreadable = doc.findings.filter((f) => f.check_id === 'value.unreadable');
    expect(unreadable.map((f) => [f.severity, f.table_code, f.item_name])).toEqual([['error', '09', '公务用车购置及运行维护费']]);
    expect(doc.facts.map((f) => f.item_name)).toEqual(['合计', '因公出国（境）费']);
  });

  it('say a cell holding several amounts for the whole table, not for one item', () => {
    const columns = ['合计/预算数', '因公出国（境）费/预算数', '公务用车购置及运行维护费/小计/预算数', '公务接待费/预算数'];
    const doc = normaliseTables([rawTable('09', { columns, rows: [['5.86', '4.70', '0.50 0.50 0.67', '']] })]);
    const [f] = doc.findings.filter((x) => x.check_id === 'value.unreadable');
    expect(f).toMatchObject({ severity: 'error', table_code: '09', item_name: null });
  });

  it('load one reading per cell: a lone OCR\'d value in a second row (a seal) is reported, not loaded beside the first', () => {
    const columns = ['合计/预算数', '因公出国（境）费/预算数', '公务用车购置及运行维护费/小计/预算数', '公务接待费/预算数'];
    const rows = [['5.86', '4.70', '0.50', '0.66'], ['', '', '6', '']];
    const doc = normaliseTables([rawTable('09', { columns, rows, method: 'ocr' })]);
    expect(doc.facts.filter((f) => f.item_name === '公务用车购置及运行维护费').map((f) => f.value_text)).toEqual(['0.50']);
    const [f] = doc.findings.filter((x) => x.check_id === 'value.unreadable');
    expect(f).toMatchObject({ severity: 'warning' });
    expect(f!.message).toMatch(/reads only '6'.*not loaded/);
    // A second reading with decimals is said on its cell: the row with more values stays.
    const twice = normaliseTables([rawTable('09', { columns, rows: [rows[0]!, ['', '', '6.00', '']], method: 'ocr' })]);
    expect(twice.facts.filter((x) => x.item_name === '公务用车购置及运行维护费').map((x) => x.value_text)).toEqual(['0.50']);
    const [g] = twice.findings.filter((x) => x.check_id === 'value.unreadable');
    expect(g).toMatchObject({ severity: 'warning', item_name: '公务用车购置及运行维护费', measure: '年初预算数' });
    expect(g!.message).toMatch(/twice, '0.50' and '6.00'/);
    // The text layer's rows are what was printed: nothing is dropped there.
    expect(normaliseTables([rawTable('09', { columns, rows })]).facts).toHaveLength(5);
  });

  it('take a bare 小计 beside 会议费/培训费 for the 三公 total when OCR lost the 三公 above it, not the grand 合计', () => {
    const columns = ['合计', '小计', '因公出国（境）费', '公务用车购置及运行维护费/小计', '公务接待费', '会议费', '培训费'];
    const rows = [['2,382.02', '513.75', '160.00', '266.80', '86.95', '271.02', '1,597.25']];
    const doc = normaliseTables([rawTable('B07', { columns, rows, method: 'ocr' })]);
    const total = doc.facts.filter((f) => f.item_name === '合计');
    expect(total.map((f) => f.value_text)).toEqual(['513.75']);
  });
});
