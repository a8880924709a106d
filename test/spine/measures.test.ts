/**
 * Column header → canonical measure (measureFor), table 09's budget column, and the national
 * template's 行次 for tables 01 and 04 (templateLine), alone and through the normalise stage.
 */
import { describe, expect, it } from 'vitest';
import { columnRole } from '../../pipeline/canon.ts';
import { JUESUAN_2024 } from '../../pipeline/templates/index.ts';

const TABLES = JUESUAN_2024.tables;
import { measureFor, resolveBudgetMeasure } from '../../pipeline/normalise/measures.ts';
import { sideOfLine, templateLine } from '../../pipeline/normalise/template.ts';
import { factsOf, normaliseTables, rawTable } from '../helpers/tables.ts';

describe('measureFor: header wording → canonical measure', () => {
  const cases: [table: string, header: string, measure: string][] = [
    // 01: one value column per side, printed 金额 or 决算数.
    ['01', '收入/金额', '金额'],
    ['01', '收入/决算数', '金额'],
    ['01', '支出/决算数', '金额'],
    ['01', '本年决算数', '金额'],
    // 02
    ['02', '本年收入合计', '本年收入合计'],
    ['02', '合计', '本年收入合计'],
    ['02', '小计', '本年收入合计'],
    ['02', '本年收入', '本年收入合计'],
    ['02', '本年收入/合计', '本年收入合计'],
    ['02', '财政拨款收入', '财政拨款收入'],
    ['02', '本年收入/财政拨款', '财政拨款收入'],
    ['02', '上级补助收入', '上级补助收入'],
    ['02', '事业收入', '事业收入'],
    ['02', '经营收入', '经营收入'],
    ['02', '附属单位上缴收入', '附属单位上缴收入'],
    ['02', '其他收入', '其他收入'],
    // 03
    ['03', '本年支出合计', '本年支出合计'],
    ['03', '合计', '本年支出合计'],
    ['03', '小计', '本年支出合计'],
    ['03', '本年支出', '本年支出合计'],
    ['03', '本年支出/合计', '本年支出合计'],
    ['03', '本年支出/基本支出', '基本支出'],
    ['03', '项目支出', '项目支出'],
    ['03', '上缴上级支出', '上缴上级支出'],
    ['03', '经营支出', '经营支出'],
    ['03', '对附属单位补助支出', '对附属单位补助支出'],
    // 04: income side 金额, expenditure side 合计 + one column per fund.
    ['04', '收入/金额', '金额'],
    ['04', '收入/决算数', '金额'],
    ['04', '支出/合计', '合计'],
    ['04', '支出/小计', '合计'],
    ['04', '支出/决算数/合计', '合计'],
    ['04', '支出/一般公共预算财政拨款', '一般公共预算财政拨款'],
    ['04', '支出/政府性基金预算财政拨款', '政府性基金预算财政拨款'],
    ['04', '支出/国有资本经营预算财政拨款', '国有资本经营预算财政拨款'],
    // 05: 本年支出合计 is also printed 小计 / 合计.
    ['05', '本年支出合计', '本年支出合计'],
    ['05', '小计', '本年支出合计'],
    ['05', '合计', '本年支出合计'],
    ['05', '本年支出/小计', '本年支出合计'],
    ['05', '本年支出/合计', '本年支出合计'],
    ['05', '决算数/合计', '本年支出合计'],
    ['05', '本年支出/基本支出', '基本支出'],
    ['05', '本年支出/项目支出', '项目支出'],
    // 06: 决算数, also printed 金额.
    ['06', '决算数', '决算数'],
    ['06', '金额', '决算数'],
    ['06', '人员经费/决算数', '决算数'],
    ['06', '公用经费/金额', '决算数'],
    // 07
    ['07', '年初结转和结余', '年初结转和结余'],
    ['07', '年初结余', '年初结转和结余'],
    ['07', '本年收入', '本年收入'],
    ['07', '本年收入合计', '本年收入'],
    ['07', '本年支出/小计', '本年支出合计'],
    ['07', '本年支出/合计', '本年支出合计'],
    ['07', '本年支出', '本年支出合计'],
    ['07', '本年支出/基本支出', '基本支出'],
    ['07', '本年支出/项目支出', '项目支出'],
    ['07', '年末结转和结余', '年末结转和结余'],
    ['07', '年末结余', '年末结转和结余'],
    // 08
    ['08', '本年支出合计', '本年支出合计'],
    ['08', '小计', '本年支出合计'],
    ['08', '合计', '本年支出合计'],
    ['08', '本年支出/合计', '本年支出合计'],
    ['08', '基本支出', '基本支出'],
    ['08', '项目支出', '项目支出'],
    // 09: 预算数 alone stays unresolved here (see resolveBudgetMeasure).
    ['09', '年初预算数', '年初预算数'],
    ['09', '全年预算数', '全年预算数'],
    ['09', '调整后预算数', '全年预算数'],
    ['09', '预算数', '预算数'],
    ['09', '合计/预算数', '预算数'],
    ['09', '决算数', '决算数'],
    ['09', '因公出国(境)费/决算数', '决算数'],
    // 基本支出 split into 人员经费 | 公用经费 (some provinces): the group's 小计 is 基本支出.
    ['05', '本年支出/基本支出/小计', '基本支出'],
    ['05', '本年支出/基本支出/人员经费', '人员经费'],
    ['05', '本年支出/基本支出/公用经费', '公用经费'],
    ['03', '基本支出/合计', '基本支出'],
    ['03', '基本支出/人员经费', '人员经费'],
    // 10: quantities.
    ['10', '决算数', '决算数'],
    ['10', '数量', '决算数'],
  ];

  it.each(cases)('%s %s → %s', (table, header, measure) => {
    expect(columnRole(header)).toBe('value');
    expect(measureFor(table, header)).toBe(measure);
  });

  it('maps only to the measures the contract (or its documented extension) lists for the table (09: plus the unresolved 预算数)', () => {
    for (const [table, header] of cases) {
      const m = measureFor(table, header)!;
      expect([...TABLES[table]!.measures, ...(TABLES[table]!.extra_measures ?? []), ...(table === '09' ? ['预算数'] : [])]).toContain(m);
    }
  });

  it.each([
    ['项目/科目编码', 'label'],
    ['项目/科目代码', 'label'],
    ['项目/支出功能分类科目编码', 'label'],
    ['科目名称', 'label'],
    ['项目', 'label'],
    ['支出/项目(按功能分类)', 'label'],
    ['科目编码/类', 'label'],
    ['科目编码/款', 'label'],
    ['科目编码/项', 'label'],
    ['收入/行次', 'line'],
    ['栏次', 'line'],
    ['', 'empty'],
  ])('%j is a %s column, not a measure', (header, role) => {
    expect(columnRole(header)).toBe(role);
    for (const t of Object.keys(TABLES)) if (role !== 'empty') expect(measureFor(t, header)).toBeNull();
  });

  it('returns null for a header it does not know (the value is reported, not guessed)', () => {
    expect(measureFor('05', '其他')).toBeNull();
    expect(measureFor('02', '备注')).toBeNull();
  });
});

describe('table 09: which budget a single 预算数 column is', () => {
  it.each([
    [[], '年初预算数'],
    [['注：本表反映部门本年度“三公”经费支出预决算情况。'], '年初预算数'],
    [['其中,预算数为“三公”经费全年预算数,反映按规定程序调整', '后的预算数'], '全年预算数'],
    [['预算数为调整后预算数'], '全年预算数'],
    [['预算数为年初预算数'], '年初预算数'],
    // Both named (a table with both columns): no single column to resolve, stays 年初.
    [['年初预算数为年初部门预算数;全年预算数为调整后的预算数'], '年初预算数'],
  ] as [string[], string][])('%j → %s', (notes, measure) => {
    expect(resolveBudgetMeasure(notes)).toBe(measure);
  });

  const columns = ['项目', '预算数', '决算数'];
  const rows = [
    ['合计', '5.86', '5.86'],
    ['因公出国(境)费', '4.70', '4.70'],
    ['公务用车购置及运行维护费', '0.50', '0.50'],
    ['其中:公务用车购置费', '', ''],
    ['公务用车运行维护费', '0.50', '0.50'],
    ['公务接待费', '0.67', '0.67'],
  ];
  const budget = (doc: ReturnType<typeof normaliseTables>) =>
    [...new Set(factsOf(doc, '09').map((f) => f.measure))].sort();

  it('follows the table note through normalise', () => {
    const doc = normaliseTables([rawTable('09', { columns, rows, notes: ['注:预算数为“三公”经费全年预算数。'] })]);
    expect(budget(doc)).toEqual(['全年预算数', '决算数']);
    expect(factsOf(doc, '09').map((f) => [f.item_name, f.measure, f.value_yuan])).toEqual([
      ['合计', '全年预算数', '58600.00'],
      ['合计', '决算数', '58600.00'],
      ['因公出国（境）费', '全年预算数', '47000.00'],
      ['因公出国（境）费', '决算数', '47000.00'],
      ['公务用车购置及运行维护费', '全年预算数', '5000.00'],
      ['公务用车购置及运行维护费', '决算数', '5000.00'],
      ['公务用车运行维护费', '全年预算数', '5000.00'],
      ['公务用车运行维护费', '决算数', '5000.00'],
      ['公务接待费', '全年预算数', '6700.00'],
      ['公务接待费', '决算数', '6700.00'],
    ]);
  });

  it("follows the report's prose when the table has no note, else 年初预算数", () => {
    expect(budget(normaliseTables([rawTable('09', { columns, rows })], ['“三公”经费全年预算数为5.86万元，支出决算为5.86万元。']))).toEqual(['全年预算数', '决算数']);
    expect(budget(normaliseTables([rawTable('09', { columns, rows })]))).toEqual(['决算数', '年初预算数']);
  });

  it('keeps both budget columns where both are printed', () => {
    const doc = normaliseTables([
      rawTable('09', { columns: ['项目', '行次', '年初预算数', '全年预算数', '决算数'], rows: [['一、“三公”经费支出', '1', '13.22', '1.02', '1.02']] }),
    ]);
    expect(factsOf(doc, '09').map((f) => [f.item_name, f.line_no, f.measure, f.value_yuan])).toEqual([
      ['合计', null, '年初预算数', '132200.00'],
      ['合计', null, '全年预算数', '10200.00'],
      ['合计', null, '决算数', '10200.00'],
    ]);
  });
});

describe('templateLine: 行次 of table 01', () => {
  it.each([
    ['income', '一、一般公共预算财政拨款收入', 1],
    ['income', '一般公共预算财政拨款', 1],
    ['income', '二、政府性基金预算财政拨款收入', 2],
    ['income', '三、国有资本经营预算财政拨款收入', 3],
    ['income', '四、上级补助收入', 4],
    ['income', '五、事业收入', 5],
    ['income', '六、经营收入', 6],
    ['income', '七、附属单位上缴收入', 7],
    ['income', '八、其他收入', 8],
    ['income', '本年收入合计', 27],
    ['income', '使用非财政拨款结余(含专用结余)', 28],
    ['income', '年初结转和结余', 29],
    ['income', '总计', 31],
    ['income', '总 计', 31],
    ['expenditure', '一、一般公共服务支出', 32],
    ['expenditure', '二、外交支出', 33],
    ['expenditure', '七、文化旅游体育与传媒支出', 38],
    ['expenditure', '文化体育与传媒支出', 38],
    ['expenditure', '八、社会保障和就业支出', 39],
    ['expenditure', '九、卫生健康支出', 40],
    ['expenditure', '医疗卫生与计划生育支出', 40],
    ['expenditure', '卫生健康', 40],
    ['expenditure', '十九、住房保障支出', 50],
    ['expenditure', '二十三、其他支出', 54],
    ['expenditure', '二十六、抗疫特别国债安排的支出', 57],
    ['expenditure', '本年支出合计', 58],
    ['expenditure', '结余分配', 59],
    ['expenditure', '年末结转和结余', 60],
    ['expenditure', '总计', 62],
  ] as ['income' | 'expenditure', string, number][])('%s %s → %i', (side, label, line) => {
    expect(templateLine('01', side, label)).toBe(line);
    expect(sideOfLine('01', line)).toBe(side);
  });

  it('reads through one misread character of a class name and OCR junk before the ordinal', () => {
    expect(templateLine('01', 'expenditure', '一、一舱公共服务支出')).toBe(32);
    expect(templateLine('01', 'expenditure', '入、社会保障和就业支出')).toBe(39);
    expect(templateLine('01', 'expenditure', '-十九、住房保障支出')).toBe(50);
    // The ordinal's 、 lost, and one character doubled.
    expect(templateLine('01', 'expenditure', '八社会保保障和就业支出')).toBe(39);
    expect(templateLine('01', 'expenditure', '十九住房保障支出')).toBe(50);
    // Two misreads, but the printed ordinal names the same class; without it, no guess.
    expect(templateLine('01', 'expenditure', '九、卫金健康文出')).toBe(40);
    expect(templateLine('01', 'expenditure', '二十二、灾害防治及应急管埋文出')).toBe(53);
    expect(templateLine('01', 'expenditure', '卫金健康文出')).toBeNull();
    expect(templateLine('01', 'expenditure', '八、卫金健康文出')).toBeNull();
    // Two edits of a long name (a quarter of it) still name its class; of a short one, no guess.
    expect(templateLine('01', 'expenditure', '一舱公共服务去出')).toBe(32);
    expect(templateLine('01', 'expenditure', '一般公股公共服务支出')).toBe(32);
    expect(templateLine('01', 'expenditure', '外交文去')).toBeNull();
  });

  it('has no line for a blank or unknown label', () => {
    expect(templateLine('01', 'income', '')).toBeNull();
    expect(templateLine('01', 'income', '其他')).toBeNull();
    expect(templateLine('01', 'expenditure', '不存在的支出')).toBeNull();
  });
});

describe('templateLine: 行次 of table 04', () => {
  it.each([
    ['income', '一、一般公共预算财政拨款', false, 1],
    ['income', '二、政府性基金预算财政拨款', false, 2],
    ['income', '三、国有资本经营预算财政拨款', false, 3],
    ['income', '本年收入合计', false, 27],
    ['income', '年初财政拨款结转和结余', false, 28],
    ['income', '年初结转和结余', false, 28],
    // After 年初财政拨款结转和结余 the three fund names repeat as lines 29–31.
    ['income', '一、一般公共预算财政拨款', true, 29],
    ['income', '一般公共预算财政拨款', true, 29],
    ['income', '政府性基金预算财政拨款', true, 30],
    ['income', '国有资本经营预算财政拨款', true, 31],
    ['income', '总计', true, 32],
    ['expenditure', '一、一般公共服务支出', false, 33],
    ['expenditure', '八、社会保障和就业支出', false, 40],
    ['expenditure', '九、卫生健康支出', false, 41],
    ['expenditure', '十九、住房保障支出', false, 51],
    ['expenditure', '二十六、抗疫特别国债安排的支出', false, 58],
    ['expenditure', '本年支出合计', false, 59],
    ['expenditure', '年末财政拨款结转和结余', false, 60],
    ['expenditure', '总计', false, 64],
  ] as ['income' | 'expenditure', string, boolean, number][])('%s %s (after opening: %s) → %i', (side, label, after, line) => {
    expect(templateLine('04', side, label, after)).toBe(line);
    expect(sideOfLine('04', line)).toBe(side);
  });
});

describe('行次 through normalise', () => {
  const income04 = ['收入/项目', '收入/金额'];
  const spend04 = ['支出/项目(按功能分类)', '支出/合计', '支出/一般公共预算财政拨款'];

  it('reads the printed 行次 when there is one', () => {
    const doc = normaliseTables([
      rawTable('01', {
        columns: ['收入/项目', '收入/行次', '收入/金额', '支出/项目(按功能分类)', '支出/行次', '支出/金额'],
        rows: [
          ['一、一般公共预算财政拨款收入', '1', '940.49', '', '', ''],
          ['', '', '', '九、卫生健康支出', '40', '812.03'],
          // A 行次 that disagrees with the template wins: it is what the report prints.
          ['', '', '', '本年支出合计', '57', '940.49'],
        ],
      }),
    ]);
    expect(factsOf(doc, '01').map((f) => [f.line_no, f.item_name, f.measure, f.value_yuan])).toEqual([
      [1, '一、一般公共预算财政拨款收入', '金额', '9404900.00'],
      [40, '九、卫生健康支出', '金额', '8120300.00'],
      [57, '本年支出合计', '金额', '9404900.00'],
    ]);
  });

  it("uses the template's line where 04 prints no 行次, incl. the fund lines after 年初结转和结余", () => {
    const doc = normaliseTables([
      rawTable('04', {
        columns: [...income04, ...spend04],
        rows: [
          ['一、一般公共预算财政拨款', '2,984.80', '', '', ''],
          ['二、政府性基金预算财政拨款', '0.00', '', '', ''],
          ['本年收入合计', '2,984.80', '', '', ''],
          ['年初财政拨款结转和结余', '0.10', '', '', ''],
          ['一、一般公共预算财政拨款', '0.10', '', '', ''],
          ['二、政府性基金预算财政拨款', '0.00', '', '', ''],
          ['总计', '2,984.90', '', '', ''],
          ['', '', '九、卫生健康支出', '2,420.25', '2,420.25'],
          ['', '', '本年支出合计', '2,984.80', '2,984.80'],
          ['', '', '年末财政拨款结转和结余', '0.10', '0.10'],
          ['', '', '总计', '2,984.90', '2,984.90'],
        ],
      }),
    ]);
    expect(factsOf(doc, '04').map((f) => [f.line_no, f.measure, f.value_yuan])).toEqual([
      [1, '金额', '29848000.00'],
      [2, '金额', '0.00'],
      [27, '金额', '29848000.00'],
      [28, '金额', '1000.00'],
      [29, '金额', '1000.00'],
      [30, '金额', '0.00'],
      [32, '金额', '29849000.00'],
      [41, '合计', '24202500.00'],
      [41, '一般公共预算财政拨款', '24202500.00'],
      [59, '合计', '29848000.00'],
      [59, '一般公共预算财政拨款', '29848000.00'],
      [60, '合计', '1000.00'],
      [60, '一般公共预算财政拨款', '1000.00'],
      [64, '合计', '29849000.00'],
      [64, '一般公共预算财政拨款', '29849000.00'],
    ]);
  });

  // BUG (pipeline/normalise/facts.ts, tableFacts): `afterOpening` is only set when rowKey()
  // returns a key, and rowKey() returns null for a row without a value in the panel. So when
  // 04's 年初财政拨款结转和结余 row is blank (or '—') and the report prints no 行次, the fund
  // rows below it are numbered 1–3 instead of 29–31: they collide with lines 1–3 (duplicate
  // contract keys, the opening-balance values land on the income lines).
  // Input: rows [一般公共预算财政拨款 | 2,984.80], [年初财政拨款结转和结余 | ''],
  // [一般公共预算财政拨款 | 0.00]. Expected line_no [1, 29]; actual [1, 1].
  it('numbers the fund lines after a blank 年初财政拨款结转和结余 row 29–31', () => {
    const doc = normaliseTables([
      rawTable('04', {
        columns: [...income04, ...spend04],
        rows: [
          ['一、一般公共预算财政拨款', '2,984.80', '', '', ''],
          ['年初财政拨款结转和结余', '', '', '', ''],
          ['一、一般公共预算财政拨款', '0.00', '', '', ''],
        ],
      }),
    ]);
    expect(factsOf(doc, '04').map((f) => f.line_no)).toEqual([1, 29]);
  });

  it('keys 01/04 by line_no only: item_code is always NULL', () => {
    const doc = normaliseTables([
      rawTable('04', { columns: [...income04, ...spend04], rows: [['', '', '208 社会保障和就业支出', '1.00', '1.00']] }),
    ]);
    expect(factsOf(doc, '04').map((f) => [f.item_code, f.line_no])).toEqual([
      [null, 40],
      [null, 40],
    ]);
  });
});
