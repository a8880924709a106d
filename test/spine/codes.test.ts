/**
 * Subject codes through the normalise stage: however a report prints the code (whole, spaced,
 * split over 类/款/项 columns, with a blank 类 inherited from the row above, glued to the
 * name), the fact carries the full digits-only code, its level, and the cleaned name.
 */
import { describe, expect, it } from 'vitest';
import { factsOf, normaliseTables, rawTable } from '../helpers/tables.ts';

/** Table 05 with one value column, so each row gives one fact. */
function table05(labelColumns: string[], rows: string[][]) {
  const columns = [...labelColumns, '本年支出合计'];
  return normaliseTables([rawTable('05', { columns, rows })]);
}

/** item_code, item_level and item_name of each fact, in row order. */
function codes(labelColumns: string[], rows: string[][]) {
  return factsOf(table05(labelColumns, rows), '05').map((f) => [f.item_code, f.item_level, f.item_name]);
}

describe('subject codes', () => {
  it('reads whole codes and gives each its level by length (3 类, 5 款, 7 项)', () => {
    const doc = table05(
      ['项目/科目编码', '项目/科目名称'],
      [
        ['', '合计', '940.49'],
        ['208', '社会保障和就业支出', '83.45'],
        ['20805', '行政事业单位养老支出', '83.45'],
        ['2080505', '机关事业单位基本养老保险缴费支出', '51.43'],
      ],
    );
    expect(factsOf(doc, '05')).toEqual([
      { table_code: '05', item_code: null, item_name: '合计', item_level: null, line_no: null, measure: '本年支出合计', value_yuan: '9404900.00' },
      { table_code: '05', item_code: '208', item_name: '社会保障和就业支出', item_level: '类', line_no: null, measure: '本年支出合计', value_yuan: '834500.00' },
      { table_code: '05', item_code: '20805', item_name: '行政事业单位养老支出', item_level: '款', line_no: null, measure: '本年支出合计', value_yuan: '834500.00' },
      { table_code: '05', item_code: '2080505', item_name: '机关事业单位基本养老保险缴费支出', item_level: '项', line_no: null, measure: '本年支出合计', value_yuan: '514300.00' },
    ]);
  });

  it('joins a code spaced out in one cell (201 06 01)', () => {
    expect(codes(['科目编码', '科目名称'], [['201 06 01', '行政运行', '1.00'], ['201 06', '财政事务', '1.00']])).toEqual([
      ['2010601', '项', '行政运行'],
      ['20106', '款', '财政事务'],
    ]);
  });

  it('joins a code split over 类 | 款 | 项 columns', () => {
    const cols = ['科目编码/类', '科目编码/款', '科目编码/项', '科目名称'];
    expect(
      codes(cols, [
        ['201', '', '', '一般公共服务支出', '3.00'],
        ['201', '06', '', '财政事务', '2.00'],
        ['201', '06', '01', '行政运行', '1.00'],
      ]),
    ).toEqual([
      ['201', '类', '一般公共服务支出'],
      ['20106', '款', '财政事务'],
      ['2010601', '项', '行政运行'],
    ]);
  });

  it('inherits a blank 类 (or 类 and 款) from the row above', () => {
    const cols = ['科目编码/类', '科目编码/款', '科目编码/项', '科目名称'];
    expect(
      codes(cols, [
        ['208', '', '', '社会保障和就业支出', '9.00'],
        ['', '05', '', '行政事业单位养老支出', '8.00'],
        ['', '', '05', '机关事业单位基本养老保险缴费支出', '5.00'],
        ['', '', '06', '机关事业单位职业年金缴费支出', '3.00'],
        ['', '11', '', '行政事业单位医疗', '1.00'],
        ['', '11', '01', '行政单位医疗', '1.00'],
      ]),
    ).toEqual([
      ['208', '类', '社会保障和就业支出'],
      ['20805', '款', '行政事业单位养老支出'],
      ['2080505', '项', '机关事业单位基本养老保险缴费支出'],
      ['2080506', '项', '机关事业单位职业年金缴费支出'],
      ['20811', '款', '行政事业单位医疗'],
      ['2081101', '项', '行政单位医疗'],
    ]);
  });

  it('inherits through a row that prints a code but no value', () => {
    const cols = ['科目编码/类', '科目编码/款', '科目编码/项', '科目名称'];
    expect(
      codes(cols, [
        ['210', '', '', '卫生健康支出', ''],
        ['', '15', '', '医疗保障管理事务', ''],
        ['', '', '01', '行政运行', '443.22'],
      ]),
    ).toEqual([['2101501', '项', '行政运行']]);
  });

  it('ignores the 类/款/项 sub-header words when they reach the body', () => {
    const cols = ['科目编码/类', '科目编码/款', '科目编码/项', '科目名称'];
    expect(codes(cols, [['类', '款', '项', '', ''], ['221', '02', '01', '住房公积金', '45.02']])).toEqual([['2210201', '项', '住房公积金']]);
  });

  it('splits a code glued to its name, in the code or the name column', () => {
    expect(
      codes(
        ['科目编码', '科目名称'],
        [
          ['', '2080505机关事业单位基本养老保险缴费支出', '1.00'],
          ['2101101行政单位医疗', '', '1.00'],
          ['', '210 卫生健康支出', '1.00'],
        ],
      ),
    ).toEqual([
      ['2080505', '项', '机关事业单位基本养老保险缴费支出'],
      ['2101101', '项', '行政单位医疗'],
      ['210', '类', '卫生健康支出'],
    ]);
  });

  it('splits a code glued to its name in a single 项目 column', () => {
    expect(codes(['项目'], [['合计', '2.00'], ['2210201 住房公积金', '2.00']])).toEqual([
      [null, null, '合计'],
      ['2210201', '项', '住房公积金'],
    ]);
  });

  it('removes whitespace from names (wrapped labels, spaced characters)', () => {
    expect(codes(['科目编码', '科目名称'], [['2101599', '其他医疗保障 管理事务支出', '1.00'], ['', '合 计', '1.00']])).toEqual([
      ['2101599', '项', '其他医疗保障管理事务支出'],
      [null, null, '合计'],
    ]);
  });

  it('keys a 合计 row by name: item_code NULL, item_name 合计, wherever the label sits', () => {
    const doc = normaliseTables([
      rawTable('02', {
        columns: ['项目/科目编码', '项目/科目名称', '本年收入合计', '财政拨款收入', '其他收入'],
        rows: [
          ['合计', '', '940.50', '940.49', '0.01'],
          ['208', '社会保障和就业支出', '83.45', '83.45', '0.00'],
        ],
      }),
      rawTable('03', {
        columns: ['项目/科目编码', '项目/科目名称', '本年支出合计', '基本支出', '项目支出'],
        rows: [['', '合计', '940.49', '685.21', '255.28']],
      }),
    ]);
    const totals = doc.facts.filter((f) => f.item_code === null).map((f) => [f.table_code, f.item_name, f.item_level, f.line_no, f.measure, f.value_yuan]);
    expect(totals).toEqual([
      ['02', '合计', null, null, '本年收入合计', '9405000.00'],
      ['02', '合计', null, null, '财政拨款收入', '9404900.00'],
      ['02', '合计', null, null, '其他收入', '100.00'],
      ['03', '合计', null, null, '本年支出合计', '9404900.00'],
      ['03', '合计', null, null, '基本支出', '6852100.00'],
      ['03', '合计', null, null, '项目支出', '2552800.00'],
    ]);
    // A printed 0.00 is a fact too (the contract: one row per non-empty cell).
    expect(doc.facts.filter((f) => f.item_code === '208').map((f) => [f.measure, f.value_yuan])).toEqual([
      ['本年收入合计', '834500.00'],
      ['财政拨款收入', '834500.00'],
      ['其他收入', '0.00'],
    ]);
  });

  it('skips blank and dash cells, and rows without any value', () => {
    const doc = table05(['科目编码', '科目名称'], [['208', '社会保障和就业支出', '—'], ['20805', '行政事业单位养老支出', ''], ['2080505', '机关事业单位基本养老保险缴费支出', '1.00']]);
    expect(factsOf(doc, '05').map((f) => f.item_code)).toEqual(['2080505']);
  });
});

describe('table 06 (经济分类)', () => {
  const columns = [
    '人员经费/科目编码', '人员经费/科目名称', '人员经费/决算数',
    '公用经费/科目编码', '公用经费/科目名称', '公用经费/决算数',
    '公用经费/科目编码', '公用经费/科目名称', '公用经费/决算数',
  ];
  const doc = normaliseTables([
    rawTable('06', {
      columns,
      rows: [
        ['301', '工资福利支出', '627.94', '', '', '', '', '', ''],
        ['30101', '基本工资', '150.84', '', '', '', '', '', ''],
        ['30108', '机关事业单位基本养老保险缴费', '63.56', '', '', '', '', '', ''],
        ['', '人员经费合计', '628.18', '', '', '', '', '', ''],
        ['', '', '', '302', '商品和服务支出', '53.05', '', '', ''],
        ['', '', '', '30201', '办公费', '3.38', '', '', ''],
        ['', '', '', '', '', '', '310', '资本性支出', '3.98'],
        ['', '', '', '', '', '', '31002', '办公设备购置', '3.98'],
        ['', '', '', '', '', '', '', '公用经费合计', '57.03'],
      ],
    }),
  ]);

  it('splits the three panels into rows keyed by 经济分类 code, with no item_level', () => {
    expect(factsOf(doc, '06').map((f) => [f.item_code, f.item_level, f.item_name, f.measure, f.value_yuan])).toEqual([
      ['301', null, '工资福利支出', '决算数', '6279400.00'],
      ['30101', null, '基本工资', '决算数', '1508400.00'],
      ['30108', null, '机关事业单位基本养老保险缴费', '决算数', '635600.00'],
      [null, null, '人员经费合计', '决算数', '6281800.00'],
      ['302', null, '商品和服务支出', '决算数', '530500.00'],
      ['30201', null, '办公费', '决算数', '33800.00'],
      ['310', null, '资本性支出', '决算数', '39800.00'],
      ['31002', null, '办公设备购置', '决算数', '39800.00'],
      [null, null, '公用经费合计', '决算数', '570300.00'],
    ]);
  });

  it('finds the panels from the column labels like the parser does', () => {
    const t = rawTable('06', { columns, rows: [] });
    expect(t.panels).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
  });

  it('joins 经济分类 codes split over 类 | 款 columns', () => {
    const d = normaliseTables([
      rawTable('06', {
        columns: ['科目编码/类', '科目编码/款', '科目名称', '决算数'],
        rows: [
          ['301', '', '工资福利支出', '2.00'],
          ['301', '01', '基本工资', '1.00'],
          ['', '02', '津贴补贴', '1.00'],
        ],
      }),
    ]);
    expect(factsOf(d, '06').map((f) => [f.item_code, f.item_level])).toEqual([
      ['301', null],
      ['30101', null],
      ['30102', null],
    ]);
  });

  it('flags a code the reference does not know, and a name that does not fit its code', () => {
    const d = normaliseTables([
      rawTable('05', {
        columns: ['科目编码', '科目名称', '本年支出合计'],
        rows: [
          ['2999901', '不存在的科目', '1.00'],
          ['2101501', '住房公积金', '1.00'],
        ],
      }),
    ]);
    expect(d.findings.map((f) => [f.check_id, f.severity, f.item_code])).toEqual([
      ['code.unknown', 'warning', '2999901'],
      ['code.name_mismatch', 'warning', '2101501'],
    ]);
  });
});
