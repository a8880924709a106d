/**
 * Split 类/款/项 code columns under a harsh scan (issue 11, r13): a row whose 款/项 segment OCR
 * lost or read into its name reads its parent's code. The name says which child it is; a row
 * that says nothing is not filed under its parent's code (a second row of one code); a border
 * read as '1' beside a code, or a misread code run together with a name, does not make another code.
 */
import { describe, expect, it } from 'vitest';
import { codeParts } from '../../pipeline/normalise/codes.ts';
import type { TemplateTable } from '../../pipeline/types.ts';
import { factsOf, normaliseTables, rawTable } from '../helpers/tables.ts';

const ocr = (t: TemplateTable): TemplateTable => ({ ...t, rows: t.rows.map((r) => ({ ...r, method: 'ocr' as const })) });
const t05 = (rows: string[][]) => rawTable('05', { columns: ['科目编码', '科目名称', '本年支出合计'], rows });
const codes = (t: TemplateTable) => factsOf(normaliseTables([t]), '05').map((f) => [f.item_code, f.value_yuan]);

describe('a row that read its parent code', () => {
  it('takes the one child (or grandchild) whose reference name its name is, the code digits OCR mixed in taken out', () => {
    const rows = [
      ['210', '卫生健康支出', '0.64'],
      ['21011', '行政事业单位医疗', '0.64'],
      ['21011', '其他行政事业单位医99疗支出', '0.64'],
      ['208', '社会保障和就业支出', '0.51'],
      ['208', '055机关事业单位基本养老保险缴费支出', '0.51'],
    ];
    const doc = normaliseTables([ocr(t05(rows))]);
    expect(factsOf(doc, '05').map((f) => f.item_code)).toEqual(['210', '21011', '2101199', '208', '2080505']);
    expect(doc.findings.filter((f) => f.check_id === 'ocr.code_repaired').map((f) => f.item_code).sort()).toEqual(['2080505', '2101199']);
    // A text layer is read as printed.
    expect(codes(t05(rows))).toContainEqual(['21011', '6400.00']);
  });

  it('reads one misread character in a long name, but not in a short one, and never an ambiguous name', () => {
    const long = [['21015', '医疗保障管理事务', '1.00'], ['21015', '其他医疗保障管理事1 9务文出', '1.00']];
    expect(codes(ocr(t05(long))).map(([c]) => c)).toEqual(['21015', '2101599']);
    // '行政运行' names a child of many 款: under the 类 it is no one's.
    const ambiguous = [['201', '一般公共服务支出', '1.00'], ['201', '行政运行', '1.00']];
    expect(codes(ocr(t05(ambiguous))).map(([c]) => c)).toEqual(['201']);
  });
});

describe('a code OCR read into the middle of a wrapped name', () => {
  it('is the row\'s code when the name around it is that code\'s', () => {
    const rows = [['20805', '行政事业单位养老支出', '0.83'], ['', '机关事业单位基本养老保险2080505缴费支出', '0.51'], ['', '机关事业单位2080506缴费支出', '0.32']];
    const doc = normaliseTables([ocr(t05(rows))]);
    expect(factsOf(doc, '05').map((f) => [f.item_code, f.item_name])).toEqual([
      ['20805', '行政事业单位养老支出'],
      ['2080505', '机关事业单位基本养老保险缴费支出'],
      // The name is not 2080506's (机关事业单位职业年金缴费支出): left as read.
      [null, '机关事业单位2080506缴费支出'],
    ]);
  });
});

describe('two rows of one table that read one code', () => {
  it("keeps the code on the row its name names and loads the other row's values nowhere", () => {
    const rows = [['21011', '行政事业单位医疗', '42.86'], ['21011', '', '22.51'], ['21011', '', '10.06'], ['2101199', '其他行政事业单位医疗支出', '0.64']];
    const doc = normaliseTables([ocr(t05(rows))]);
    expect(factsOf(doc, '05').map((f) => [f.item_code, f.value_yuan])).toEqual([['21011', '428600.00'], ['2101199', '6400.00']]);
    expect(doc.findings.filter((f) => f.check_id === 'row.unkeyed' && f.message.includes('21011'))).toHaveLength(2);
    // A text layer is read as printed.
    expect(codes(t05(rows))).toHaveLength(4);
  });
});

describe('code cells OCR read with a border or run into the name', () => {
  const cells = (...texts: string[]) => texts.map((text, i) => ({ text, header: ['科目编码', '科目名称'][i] ?? '' }));

  it("reads a code with a border read as '1' after it", () => {
    expect(codeParts(cells('2080506 1', '机关事业单位职业年金缴费支出'), '', true).code).toBe('2080506');
  });

  it('takes the later of two codes run together only when the name is its own or the earlier is a code', () => {
    expect(codeParts(cells('12080502事业单位离退休'), '', true).code).toBe('2080502');
    expect(codeParts(cells('20805012080502事业单位离退休'), '', true).code).toBe('2080502');
    // '22110201' is 2210201 misread, not 201 一般公共服务支出: no code here (the name repairs it later).
    expect(codeParts(cells('22110201住房公积金'), '', true).code).toBeNull();
  });
});

describe('rows printing only their own 款 or 项 segment, OCR\'d', () => {
  const cells = (...texts: [string, string][]) => texts.map(([text, header]) => ({ text, header }));

  it('reads a segment cell with a border or a speck in it under the row above\'s code', () => {
    expect(codeParts(cells(['', '类'], ['105', '款'], ['', '项'], ['行政事业单位养老支出', '科目名称']), '2080109', true).code).toBe('20805');
    expect(codeParts(cells(['', '类'], ['', '款'], ['06!', '项'], ['机关事业单位职业年金缴费支出', '科目名称']), '2080505', true).code).toBe('2080506');
    // A text layer reads '105' as printed.
    expect(codeParts(cells(['', '类'], ['105', '款'], ['', '项'], ['行政事业单位养老支出', '科目名称']), '2080109', false).code).toBe('105');
  });

  it('reads a segment glued to the name when the code it makes is that name\'s', () => {
    expect(codeParts(cells(['', '类'], ['', '款'], ['', '项'], ['022事业单位医疗', '科目名称']), '2101101', true)).toEqual({ code: '2101102', name: '事业单位医疗' });
    expect(codeParts(cells(['', '类'], ['', '款'], ['', '项'], ['022行政运行', '科目名称']), '2101101', true).code).not.toBe('2101102');
  });
});

