/**
 * The national 部门决算 template (公开01–10表, 2022–2024 editions): what each table is called,
 * which measures its columns hold, how its rows are keyed, the 行次 numbering of the two-sided
 * tables 01 and 04, and the identities that check a report. See docs/data-contract.md.
 */
import { CLASS_ORDER, SANGONG_SUMS } from './classes.ts';
import type { MeasureRule, ReportTemplate, TableSpec } from './types.ts';

const EXPENDITURE_TOTAL: MeasureRule[] = [
  [/年初.*结转.*结余|年初结余/, '年初结转和结余'],
  // Some provinces split 基本支出 into 人员经费 | 公用经费: kept as measures of their own.
  [/人员经费/, '人员经费'],
  [/公用经费/, '公用经费'],
  [/年末.*结转.*结余|年末结余/, '年末结转和结余'],
  [/基本支出/, '基本支出'],
  [/项目支出/, '项目支出'],
  [/^本年收入(合计)?$|^收入$/, '本年收入'],
  [/合计|小计|^本年支出$|^支出$/, '本年支出合计'],
];

const M02 = ['本年收入合计', '财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入'];
const M03 = ['本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'];
const M05 = ['本年支出合计', '基本支出', '项目支出'];
const M07 = ['年初结转和结余', '本年收入', '本年支出合计', '基本支出', '项目支出', '年末结转和结余'];
const M09 = ['年初预算数', '全年预算数', '决算数'];
const FUNDS_04 = ['一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'];
const PERSON_PUBLIC = ['人员经费', '公用经费'];

/** 行次 layout of table 01 (收入支出决算总表). */
export const LINES_01 = {
  incomeFirst: 1,
  incomeLast: 26,
  incomeTotal: 27, // 本年收入合计
  /** 28 使用非财政拨款结余, 29 年初结转和结余, 30 spare line. */
  carriedIn: [28, 29, 30],
  grandIncome: 31, // 总计
  expenditureFirst: 32,
  expenditureLast: 57,
  expenditureTotal: 58, // 本年支出合计
  /** 59 结余分配, 60 年末结转和结余, 61 spare line. */
  carriedOut: [59, 60, 61],
  grandExpenditure: 62, // 总计
};

/** 行次 layout of table 04 (财政拨款收入支出决算总表). */
export const LINES_04 = {
  incomeFirst: 1,
  incomeLast: 26,
  incomeTotal: 27, // 本年收入合计
  carriedIn: 28, // 年初财政拨款结转和结余
  carriedInParts: [29, 30, 31], // 一般公共预算 / 政府性基金 / 国有资本经营
  grandIncome: 32, // 总计
  expenditureFirst: 33,
  expenditureLast: 58,
  expenditureTotal: 59, // 本年支出合计
  /** 60 年末财政拨款结转和结余; 61–63 its parts where a template prints them as lines. */
  carriedOut: [60, 61, 62, 63],
  grandExpenditure: 64, // 总计
};

const TABLES: Record<string, TableSpec> = {
  '01': {
    table_code: '01',
    table_name: '收入支出决算总表',
    measures: ['金额'],
    keyed_by: 'line_no',
    titles: ['收入支出决算总表', '收支决算总表'],
    measure_rules: [[/金额|决算数|决算$|数$/, '金额']],
    layouts: [[['金额']]],
    lines: {
      expenditure_start: LINES_01.expenditureFirst,
      grand_income: LINES_01.grandIncome,
      grand_expenditure: LINES_01.grandExpenditure,
      named: [
        [/一般公共预算财政拨款(收入)?$/, 1],
        [/政府性基金预算财政拨款(收入)?$/, 2],
        [/国有资本经营预算财政拨款(收入)?$/, 3],
        [/上级补助收入$/, 4],
        [/事业收入$/, 5],
        [/经营收入$/, 6],
        [/附属单位上缴收入$/, 7],
        [/其他收入$/, 8],
        [/本年收入合计$/, 27],
        [/使用非财政拨款结余/, 28],
        [/年初结转和结余$/, 29],
        [/本年支出合计$/, 58],
        [/结余分配$/, 59],
        [/年末结转和结余$/, 60],
      ],
    },
  },
  '02': {
    table_code: '02',
    table_name: '收入决算表',
    measures: M02,
    keyed_by: 'item_code',
    classification: 'function',
    titles: ['收入决算表'],
    measure_rules: [
      [/财政拨/, '财政拨款收入'],
      [/上级补/, '上级补助收入'],
      [/事业收/, '事业收入'],
      [/经营收/, '经营收入'],
      [/附属单/, '附属单位上缴收入'],
      [/其他收/, '其他收入'],
      [/合计|小计|^本年收入$/, '本年收入合计'],
    ],
    layouts: [[M02]],
  },
  '03': {
    table_code: '03',
    table_name: '支出决算表',
    measures: M03,
    extra_measures: PERSON_PUBLIC,
    keyed_by: 'item_code',
    classification: 'function',
    titles: ['支出决算表'],
    measure_rules: [
      [/人员经费/, '人员经费'],
      [/公用经费/, '公用经费'],
      [/基本支出/, '基本支出'],
      [/项目支出/, '项目支出'],
      [/上缴上级/, '上缴上级支出'],
      [/经营支/, '经营支出'],
      [/附属单位/, '对附属单位补助支出'],
      [/合计|小计|^本年支出$/, '本年支出合计'],
    ],
    layouts: [[M03, M03.slice(0, 3)]],
  },
  '04': {
    table_code: '04',
    table_name: '财政拨款收入支出决算总表',
    measures: ['金额', '合计', ...FUNDS_04],
    keyed_by: 'line_no',
    titles: ['财政拨款收入支出决算总表', '财政拨款收支决算总表'],
    measure_rules: [
      [/一般公共预算|公共预算/, FUNDS_04[0]!],
      [/政府性基金|基金预算/, FUNDS_04[1]!],
      [/国有资本|资本经营/, FUNDS_04[2]!],
      [/合计|小计/, '合计'],
      [/金额|决算数|决算$/, '金额'],
    ],
    layouts: [[['金额']], [['合计', ...FUNDS_04]]],
    income_measure: '金额',
    lines: {
      expenditure_start: LINES_04.expenditureFirst,
      grand_income: LINES_04.grandIncome,
      grand_expenditure: LINES_04.grandExpenditure,
      named: [
        [/本年收入合计$/, 27],
        [/年初财政拨款结转和结余$|年初结转和结余$/, 28],
        [/本年支出合计$/, 59],
        [/年末财政拨款结转和结余$|年末结转和结余$/, 60],
      ],
      fund_lines: {
        patterns: [/一般公共预算财政拨款(收入)?$/, /政府性基金预算财政拨款(收入)?$/, /国有资本经营预算财政拨款(收入)?$/],
        first: 1,
        after_opening: 29,
      },
    },
  },
  '05': {
    table_code: '05',
    table_name: '一般公共预算财政拨款支出决算表',
    measures: M05,
    extra_measures: PERSON_PUBLIC,
    keyed_by: 'item_code',
    classification: 'function',
    titles: ['一般公共预算财政拨款支出决算表', '一般公共预算财政拨款支出决算明细表', '一般公共预算支出决算表'],
    measure_rules: EXPENDITURE_TOTAL,
    layouts: [[M05]],
  },
  '06': {
    table_code: '06',
    table_name: '一般公共预算财政拨款基本支出决算表',
    measures: ['决算数'],
    keyed_by: 'item_code',
    classification: 'economic',
    titles: ['一般公共预算财政拨款基本支出决算表', '一般公共预算财政拨款基本支出决算明细表', '基本支出决算明细表', '一般公共预算基本支出决算表'],
    measure_rules: [[/决算数|金额|决算$|^合计$/, '决算数']],
    layouts: [[['决算数']]],
  },
  '07': {
    table_code: '07',
    table_name: '政府性基金预算财政拨款收入支出决算表',
    measures: M07,
    extra_measures: PERSON_PUBLIC,
    keyed_by: 'item_code',
    classification: 'function',
    subject: /政府性基金/,
    titles: ['政府性基金预算财政拨款收入支出决算表', '政府性基金预算财政拨款支出决算表', '政府性基金预算财政拨款收支决算表'],
    measure_rules: EXPENDITURE_TOTAL,
    layouts: [[M07]],
  },
  '08': {
    table_code: '08',
    table_name: '国有资本经营预算财政拨款支出决算表',
    measures: M05,
    // Shanghai prints 08 like 07 (收入支出 with 年初/年末结转和结余).
    extra_measures: ['年初结转和结余', '本年收入', '年末结转和结余', ...PERSON_PUBLIC],
    keyed_by: 'item_code',
    classification: 'function',
    subject: /国有资本经营/,
    titles: ['国有资本经营预算财政拨款支出决算表', '国有资本经营预算财政拨款收入支出决算表', '国有资本经营预算财政拨款收支决算表'],
    measure_rules: EXPENDITURE_TOTAL,
    layouts: [[M05, M07]],
  },
  '09': {
    table_code: '09',
    table_name: '财政拨款“三公”经费支出决算表',
    measures: M09,
    keyed_by: 'item_name',
    sangong: true,
    resolve_budget: true,
    subject: /三公/,
    titles: ['三公经费支出决算表', '三公经费财政拨款支出决算表', '三公经费决算表'],
    // 2019–2021 templates: 一般公共预算财政拨款“三公”经费、会议费、培训费支出决算表 (公开07表).
    title_patterns: [/三公经费[、和及]?会议费[、和及]?培训费(支出)?决算表$/],
    measure_rules: [
      [/年初预算/, '年初预算数'],
      [/全年预算|调整后预算/, '全年预算数'],
      [/^预算数?$|预算数$/, '预算数'],
      [/决算/, '决算数'],
    ],
    layouts: [[M09, ['预算数', '决算数']]],
  },
  '10': {
    table_code: '10',
    table_name: '国有资产占用情况表',
    measures: ['决算数'],
    keyed_by: 'item_name',
    quantities: true,
    titles: ['国有资产占用情况表'],
    measure_rules: [[/决算数|数量|合计|金额|^数$/, '决算数']],
    layouts: [[['决算数']]],
  },
};

const TOTAL_ROW = '合计';
const SPENT = '本年支出合计';

export const JUESUAN_2024: ReportTemplate = {
  family: 'juesuan-2024',
  report_kind: '决算',
  kind_words: /决算/,
  level_words: { 部门: /部门(?:综合|财务)?(?:收支|收入|支出)?决算/, 单位: /单位(?:综合|财务)?(?:收支|收入|支出)?决算/ },
  tables: TABLES,
  required: ['01', '02', '03', '04', '05', '06', '07', '08', '09'],
  identities: {
    function_tables: ['02', '03', '05', '07', '08'],
    economic_tables: ['06'],
    total_row: TOTAL_ROW,
    row_sums: [
      { table: '02', total: M02[0]!, parts: M02.slice(1) },
      { table: '03', total: M03[0]!, parts: M03.slice(1) },
      { table: '05', total: SPENT, parts: ['基本支出', '项目支出'] },
      { table: '07', total: SPENT, parts: ['基本支出', '项目支出'] },
      { table: '08', total: SPENT, parts: ['基本支出', '项目支出'] },
    ],
    row_balances: [
      {
        table: '07',
        target: '年末结转和结余',
        terms: [
          { measure: '年初结转和结余', sign: 1 },
          { measure: '本年收入', sign: 1 },
          { measure: SPENT, sign: -1 },
        ],
      },
    ],
    sangong: { table: '09', sums: SANGONG_SUMS },
    row_peers: [
      { table: '02', peers: ['03', '05'] },
      { table: '03', peers: ['02', '05'] },
      // 财政拨款 is general budget unless the code is in 07/08 (政府性基金 / 国有资本经营).
      { table: '05', peers: ['02'], measure: '财政拨款收入', except: ['07', '08'] },
    ],
    equalities: [
      {
        check: 'cross.05_06',
        target: { table: '05', key: `n:${TOTAL_ROW}`, measure: '基本支出' },
        terms: [
          { table: '06', key: 'n:人员经费合计', measure: '决算数' },
          { table: '06', key: 'n:公用经费合计', measure: '决算数' },
        ],
        what: '06 人员经费合计 + 公用经费合计',
      },
    ],
  },
};

/**
 * The two-sided summary tables and the tables they add up, for the 行次 checks (lines.*) and
 * the cross-table checks of this template.
 */
export const JUESUAN_ROLES = {
  summary: '01',
  income: '02',
  expenditure: '03',
  fundSummary: '04',
  /** 04's fund columns and the table that details each fund by 类. */
  fundDetail: [
    { measure: FUNDS_04[0]!, table: '05', check: 'cross.04_05' },
    { measure: FUNDS_04[1]!, table: '07', check: 'cross.04_07' },
    { measure: FUNDS_04[2]!, table: '08', check: 'cross.04_08' },
  ],
  funds04: FUNDS_04,
  total04: '合计',
  amount: '金额',
  spent: SPENT,
  classOrder: CLASS_ORDER.map((c) => c.code),
  /** 01 income lines that make up each 02 合计 source column (财政拨款收入 = lines 1–3). */
  income01To02: [
    { lines: [1, 2, 3], measure02: '财政拨款收入' },
    { lines: [4], measure02: '上级补助收入' },
    { lines: [5], measure02: '事业收入' },
    { lines: [6], measure02: '经营收入' },
    { lines: [7], measure02: '附属单位上缴收入' },
    { lines: [8], measure02: '其他收入' },
    { lines: [27], measure02: '本年收入合计' },
  ],
};
