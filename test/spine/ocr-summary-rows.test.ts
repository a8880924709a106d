/**
 * Rows of OCR'd two-sided summary tables keyed by printed names (budget B01/B04, Jiangsu and
 * Shanghai wordings): a name whose ordinal or first stroke OCR lost is read back to the printed
 * name, numbered as its neighbours are; a column of margin marks is no side of the table; the
 * expenditure side's one amount column is 合计 when OCR split a blank column off it; the cells
 * run together by a grid that lost its rules send the table to the text reading.
 */
import { describe, expect, it } from 'vitest';
import { panelsOf } from '../../pipeline/canon.ts';
import { codeParts } from '../../pipeline/normalise/codes.ts';
import { nearestName, parseLabel, repairedLabel } from '../../pipeline/normalise/labels.ts';
import { relabelByContent, type Column } from '../../pipeline/parse/columns.ts';
import type { Line } from '../../pipeline/parse/lines.ts';
import { chooseTables } from '../../pipeline/parse/readings.ts';
import { parse } from '../../pipeline/parse/index.ts';
import { tableSpec } from '../../pipeline/templates/index.ts';
import type { ExtractedDoc, ParsedDoc, RawTable, TemplateTable, TextItem } from '../../pipeline/types.ts';
import { factsOf, normaliseTables, rawTable } from '../helpers/tables.ts';

const names = tableSpec('B04')!.row_names!;
const income = { own: names.income, other: names.expenditure };
const expenditure = { own: names.expenditure, other: names.income };
const ocr = (t: TemplateTable): TemplateTable => ({ ...t, rows: t.rows.map((r) => ({ ...r, method: 'ocr' as const })) });

describe('printed names of OCR-read summary rows', () => {
  it('reads an ordinal and its mark', () => {
    expect(parseLabel('二、项目支出')).toEqual({ kind: 'han', number: 2, mark: '、', body: '项目支出' });
    expect(parseLabel('1.一般公共预算')).toMatchObject({ kind: 'arabic', number: 1, body: '一般公共预算' });
    expect(parseLabel('一般公共预算')).toMatchObject({ kind: 'han', number: 1, mark: '' });
    expect(parseLabel('2019年')).toMatchObject({ kind: null, body: '2019年' });
  });

  it('finds the one listed name within a misread', () => {
    expect(nearestName('般公共预算', names.income)).toBe('一般公共预算');
    expect(nearestName('本支出', names.expenditure)).toBe('基本支出');
    expect(nearestName('一般公共预算资', names.income)).toBeNull(); // 一般公共预算 and …资金 equally close
    expect(nearestName('支出', names.expenditure)).toBeNull(); // too short to tell
  });

  it('gives back a lost ordinal from the numbered rows around it, and a lost first stroke', () => {
    const side = ['一般公共预算', '二、政府性基金预算', '收入合计'];
    expect(repairedLabel(side, 0, income)).toBe('一、一般公共预算');
    expect(repairedLabel(['一一般公共预算', '二、政府性基金预算'], 0, income)).toBe('一、一般公共预算');
    expect(repairedLabel(['般公共预算', '二、政府性基金预算'], 0, income)).toBe('一、一般公共预算');
    expect(repairedLabel(['基本支出', '二、项目支出', '三、单位预留机动经费'], 0, expenditure)).toBe('一、基本支出');
    // Sub-items (1. 2.) under 一、 are numbered by the Arabic rows around them.
    expect(repairedLabel(['一、财政拨款', '1.般公共预算', '2.政府性基金预算'], 1, income)).toBe('1.一般公共预算');
    expect(repairedLabel(['当年支出小', '结转下年资金'], 0, expenditure)).toBe('当年支出小计');
    // Numerals lost, their marks left: numbered by the first row and the numbered row below.
    const marks = ['、基本支出', '、项目支出', '三、单位预留机动经费'];
    expect([0, 1].map((i) => repairedLabel(marks, i, expenditure))).toEqual(['一、基本支出', '二、项目支出']);
    expect(repairedLabel(['般公共预算', '、政府性基金预算'], 0, income)).toBe('一、一般公共预算');
    // A speck read before a numbered row's numeral ('金二、') does not hide its number.
    expect(repairedLabel(['财政拨款', '1.一般公共预算', '金二、财政专户管理资', '三、其他资金'], 0, income)).toBe('一、财政拨款');
    expect(parseLabel('金二、财政专户管理资金')).toMatchObject({ kind: 'han', number: 2, body: '财政专户管理资金' });
  });

  it('leaves a name as read when nothing says otherwise', () => {
    expect(repairedLabel(['一、基本支出', '二、项目支出'], 0, expenditure)).toBeNull(); // as printed
    expect(repairedLabel(['收入合计'], 0, income)).toBeNull();
    // Totals take no ordinal; a row alone has no neighbours to number it.
    expect(repairedLabel(['一般公共预算'], 0, income)).toBeNull();
    // The other side's name read in a panel taken for this side stays the other side's.
    expect(repairedLabel(['当年收入小计'], 0, expenditure)).toBeNull();
    expect(repairedLabel(['不是名称的行'], 0, expenditure)).toBeNull();
  });
});

describe('OCR-read summary tables through normalise', () => {
  const columns = ['收入/项目名称', '收入/金额', '支出/项目名称', '支出/支出用途', '支出/金额'];
  const rows = [
    ['一般公共预算', '24,169.74', '基本支出', '', '15,844.04'],
    ['二、政府性基金预算', '', '二、项目支出', '', '4,335.30'],
    ['', '', '三、单位预留机动经费', '', '3,990.40'],
    ['收入合计', '24,169.74', '支出合计', '', '24,169.74'],
  ];

  it('files B04 rows under their printed names, the expenditure amount as 合计, each repair a warning', () => {
    const doc = normaliseTables([ocr(rawTable('B04', { title: '财政拨款收支预算总表', columns, rows }))]);
    expect(factsOf(doc, 'B04').map((f) => [f.item_name, f.measure, f.value_yuan])).toEqual([
      ['一、一般公共预算', '预算数', '241697400.00'],
      ['收入总计', '预算数', '241697400.00'],
      ['一、基本支出', '合计', '158440400.00'],
      ['二、项目支出', '合计', '43353000.00'],
      ['三、单位预留机动经费', '合计', '39904000.00'],
      ['支出总计', '合计', '241697400.00'],
    ]);
    const repaired = doc.findings.filter((f) => f.check_id === 'ocr.label_repaired');
    expect(repaired.map((f) => [f.item_name, f.severity])).toEqual([
      ['一、一般公共预算', 'warning'],
      ['一、基本支出', 'warning'],
    ]);
    // A text layer prints what it prints.
    const text = normaliseTables([rawTable('B04', { title: '财政拨款收支预算总表', columns, rows })]);
    expect(factsOf(text, 'B04').map((f) => f.item_name)).toContain('一般公共预算');
  });

  it('takes no column of margin marks for the income side', () => {
    const marked = ocr(rawTable('B04', { title: '财政拨款收支预算总表', columns: ['须', ...columns], rows: [['1'], ...rows.map((r) => ['', ...r])] }));
    const facts = factsOf(normaliseTables([marked]), 'B04');
    expect(facts.find((f) => f.value_yuan === '241697400.00' && f.measure === '预算数')?.item_name).toBe('一、一般公共预算');
    expect(facts.filter((f) => f.item_name === '收入总计')).toHaveLength(1);
  });

  it('reads a total printed across both expenditure panels, read into an amount column, as the row label', () => {
    const cols = ['收入/项目名称', '收入/金额', '支出/功能科目名称', '支出/功能分类/金额', '支出/支出用途', '支出/支出用途'];
    const t = ocr(rawTable('B01', { title: '收支预算总表', columns: cols, rows: [['当年收入小计', '24,169.74', '', '当年支出小计', '', '24,169.74']] }));
    const doc = normaliseTables([t]);
    expect(factsOf(doc, 'B01').map((f) => [f.item_name, f.measure, f.value_yuan])).toEqual([
      ['当年收入小计', '预算数', '241697400.00'],
      ['当年支出小计', '预算数', '241697400.00'],
    ]);
    expect(doc.findings.filter((f) => f.check_id === 'value.unreadable')).toEqual([]);
  });

  it('names a 类 row whose ordinal mark OCR misread', () => {
    const t = ocr(rawTable('B01', { title: '收支预算总表', columns: ['收入/项目名称', '收入/金额', '支出/项目名称', '支出/金额'], rows: [['', '', '八.社会保障和就业支出', '1,890.27']] }));
    expect(factsOf(normaliseTables([t]), 'B01').map((f) => f.item_code)).toEqual(['208']);
  });
});

describe('margin marks and cells run together (parse)', () => {
  const item = (str: string, x: number, y: number, w = str.length * 9): TextItem => ({ str, x, y, w, h: 9, conf: 0.9 });
  const page = (extra: TextItem[]): ExtractedDoc => ({
    report_id: 'r',
    kind: 'pdf',
    ocr_pages: [1],
    warnings: [],
    pages: [{
      page: 1, width: 595, height: 842, method: 'ocr', route: 'no-text-layer', confidence: 0.9, rules: [],
      items: [
        item('财政拨款收支预算总表', 200, 40), item('单位：万元', 480, 60),
        item('项目名称', 100, 80), item('金额', 200, 80), item('项目名称', 300, 80), item('金额', 430, 80),
        item('一、一般公共预算', 80, 100), item('24,169.74', 190, 100, 45), item('一、基本支出', 290, 100), item('15,844.04', 420, 100, 45),
        item('二、政府性基金预算', 80, 120), item('二、项目支出', 290, 120), item('8,325.70', 420, 120, 45),
        item('收入合计', 90, 140), item('24,169.74', 190, 140, 45), item('支出合计', 300, 140), item('24,169.74', 420, 140, 45),
        ...extra,
      ],
    }],
  });

  it('reads a pen mark in the margin as no column', () => {
    const columnsOf = (d: ExtractedDoc) => parse(d).tables.find((t) => t.table_code === 'B04')!.columns.length;
    expect(columnsOf(page([item('0', 6, 82, 4), item('1', 10, 130, 4)]))).toBe(columnsOf(page([])));
  });

  it("reads a speck above the header read as '1.' as no first row: the header stays the header", () => {
    const table = parse(page([item('1.', 59, 70, 6)])).tables.find((t) => t.table_code === 'B04')!;
    expect(table.columns).toContain('项目名称');
    expect(table.rows.some((r) => r.cells.includes('项目名称'))).toBe(false);
  });

  it('takes a table from the text reading when the grid ran its cells together', () => {
    const t = (code: string, cells: string[][]): RawTable => ({ id: 't01', table_code: code, title: 'B01', label: null, pages: [1], unit_as_printed: null, columns: ['a', 'b'], panels: [[0, 1]], rows: cells.map((c) => ({ page: 1, cells: c, method: 'ocr', confidence: 0.9 })), empty: false, notes: [] });
    const grid: ParsedDoc = { report_id: 'r', tables: [t('B01', [['一、财政拨款24,169.74一般公共服务支出', ''], ['当年收入小计24,169.74当年支出小计', '']])], text: [], warnings: [] };
    const text: ParsedDoc = { ...grid, tables: [t('B01', [['一、财政拨款', '24,169.74'], ['当年收入小计', '24,169.74']])] };
    // Validation alone prefers the grid: fewer values, so fewer per-value findings.
    const judge = (p: ParsedDoc) => new Map([['B01', p === grid ? { findings: 3, values: 2 } : { findings: 4, values: 2 }]]);
    expect(chooseTables(grid, text, judge).fromText).toEqual(['B01']);
    // A label glued before its value alone ('办公费7.96') is normalise's to read: no swap.
    const glued: ParsedDoc = { ...grid, tables: [t('B01', [['办公费7.96', ''], ['印刷费3.00', '']])] };
    expect(chooseTables(glued, text, judge).fromText).toEqual([]);
  });
});

describe('split 类/款/项 codes read by OCR', () => {
  const cells = (...texts: string[]) => texts.map((text, i) => ({ text, header: ['类', '款', '科目名称'][i] ?? '' }));

  it('reads a code cell through the borders and rules OCR read into it', () => {
    expect(codeParts(cells('[22102', '住房改革支出'), '', true)).toEqual({ code: '22102', name: '住房改革支出' });
    expect(codeParts(cells('1.20801', '人力资源和社会保障管理事务'), '', true).code).toBe('20801');
    expect(codeParts(cells('121099', '其他卫生健康支出'), '', true).code).toBe('21099');
    // Not a code of the reference: kept as read; and a text layer is read as printed.
    expect(codeParts(cells('[99999', 'x'), '', true).code).toBeNull();
    expect(codeParts(cells('[22102', '住房改革支出'), '').code).toBeNull();
  });

  it('takes the 款/项 segments OCR glued to the name after a code', () => {
    expect(codeParts(cells('20805', '06机关事业单位职业年金缴费支出'), '', true)).toEqual({ code: '2080506', name: '机关事业单位职业年金缴费支出' });
    expect(codeParts(cells('21099', '99.其他卫生健康支出'), '', true).code).toBe('2109999');
    expect(codeParts(cells('208', '01:09社会保险经办机构'), '', true).code).toBe('2080109');
    expect(codeParts(cells('20805', '06机关事业单位职业年金缴费支出'), '')).toEqual({ code: '20805', name: '06机关事业单位职业年金缴费支出' });
  });

  it("reads a header '收入' over a column of amounts as the end of a wrapped word, not a label column", () => {
    const line = (cs: [string, number][]): Line => ({ page: 1, y: 0, h: 9, text: '', method: 'ocr', cells: cs.map(([text, x0]) => ({ text, x0, x1: x0 + 40, y: 0, h: 9, conf: 0.9 })) });
    const cols: Column[] = [{ x0: 0, x1: 90, label: '科目名称' }, { x0: 100, x1: 190, label: '本年收入「财政拨款/合计' }, { x0: 200, x1: 290, label: '本年收入「财政拨款/收入' }];
    const body = ['83.45', '51.43', '32.01'].map((v) => line([['行政运行', 0], [v, 110], [v, 210]]));
    relabelByContent(cols, body);
    expect(cols.map((c) => c.label)).toEqual(['科目名称', '本年收入「财政拨款/合计', '本年收入「财政拨款/财政拨款收入']);
    expect(panelsOf(cols)).toEqual([[0, 1, 2]]);
  });

  it("reads a bare '收入' over amounts with no group read above it as an amount column whose header was cut", () => {
    const line = (cs: [string, number][]): Line => ({ page: 1, y: 0, h: 9, text: '', method: 'ocr', cells: cs.map(([text, x0]) => ({ text, x0, x1: x0 + 40, y: 0, h: 9, conf: 0.9 })) });
    const cols: Column[] = [{ x0: 0, x1: 90, label: '科目名称' }, { x0: 100, x1: 190, label: '合计' }, { x0: 200, x1: 290, label: '收入' }];
    relabelByContent(cols, ['83.45', '51.43', '32.01'].map((v) => line([['行政运行', 0], [v, 110], [v, 210]])));
    expect(cols[2]!.label).toBe('…收入');
    expect(panelsOf(cols)).toEqual([[0, 1, 2]]);
  });

  it("reads a '支出' group word between amount columns as no label column, and a '支出' over amounts among specks as amounts", () => {
    const line = (cs: [string, number][]): Line => ({ page: 1, y: 0, h: 9, text: '', method: 'ocr', cells: cs.map(([text, x0]) => ({ text, x0, x1: x0 + 40, y: 0, h: 9, conf: 0.9 })) });
    const cols = (): Column[] => [{ x0: 0, x1: 90, label: '项目（按功能分类）' }, { x0: 100, x1: 190, label: '合计' }, { x0: 200, x1: 290, label: '支出' }, { x0: 300, x1: 390, label: '一般公共预算财政拨款' }];
    const stray = cols();
    relabelByContent(stray, ['83.45', '812.03', '45.02'].map((v) => line([['八、社会保障和就业支出', 0], [v, 110], ['一', 210], [v, 310]])));
    expect(panelsOf(stray)).toEqual([[0, 1, 2, 3]]);
    // The 合计 amounts under the '支出' word (its header cell shifted), specks among them.
    const shifted = cols();
    relabelByContent(shifted, ['83.45', '812.03', '一', '45.02', '上-.'].map((v) => line([['八、社会保障和就业支出', 0], [v, 210], ['1.00', 310]])));
    expect(shifted[2]!.label).toBe('…支出');
    expect(panelsOf(shifted)).toEqual([[0, 1, 2, 3]]);
  });
});

describe('codes read from split columns run together', () => {
  const t05 = (rows: string[][]) => ocr(rawTable('05', { columns: ['科目编码', '科目名称', '合计'], rows }));

  it("files a row under the one code of its printed name within two digits of what OCR read", () => {
    const rows = [['208', '社会保障和就业支出', '2.00'], ['20805', '行政事业单位养老支出', '2.00'], ['', '200505机关事业单位基本养老保险缴费支出', '1.00'], ['20501', '行政单位离退休', '1.00']];
    const doc = normaliseTables([t05(rows)]);
    expect(factsOf(doc, '05').map((f) => [f.item_code, f.item_name])).toEqual([
      ['208', '社会保障和就业支出'],
      ['20805', '行政事业单位养老支出'],
      ['2080505', '机关事业单位基本养老保险缴费支出'],
      ['2080501', '行政单位离退休'],
    ]);
    expect(doc.findings.filter((f) => f.check_id === 'ocr.code_repaired').map((f) => f.item_code).sort()).toEqual(['2080501', '2080505']);
  });

  it('keeps a code whose name is its own, and one no near code names', () => {
    const doc = normaliseTables([t05([['2080501', '行政单位离退休', '1.00'], ['20501', '不是科目名称', '1.00']])]);
    expect(factsOf(doc, '05').map((f) => f.item_code)).toEqual(['2080501', '20501']);
  });

  it('reads an OCR column of codes and names run together as the label column', () => {
    const line = (texts: [string, number][]): Line => ({ page: 1, y: 0, h: 9, text: '', method: 'ocr', cells: texts.map(([text, x0]) => ({ text, x0, x1: x0 + 30, y: 0, h: 9, conf: 0.9 })) });
    const cols: Column[] = [{ x0: 0, x1: 90, label: '项目/科目名称/类款项' }, { x0: 100, x1: 190, label: '合计' }];
    const body = [line([['201', 0], ['05!', 30], ['统计信息事务', 50], ['22.83', 110]]), line([['201', 0], ['05', 30], ['01', 45], ['行政运行', 60], ['22.83', 110]]), line([['合计', 10], ['45.66', 110]])];
    relabelByContent(cols, body);
    expect(cols[0]!.label).toBe('项目/科目名称/类款项/科目名称');
  });
});
