/**
 * The 部门预算 (budget) family, tables B01–B09 (../DATA-CONTRACT.md). Provinces print these
 * under different numbers and in different orders (Shanghai: 收支总表, 收入, 支出, 财政拨款收支,
 * 一般公共预算, 政府性基金, 国有资本经营, 基本支出, 三公; Jiangsu 2019: twelve tables with
 * all-funds versions in between), so each table is recognised by what its title says it holds,
 * never by its number.
 */
import { SANGONG_SUMS } from './classes.ts';
import type { MeasureRule, ReportTemplate, TableSpec } from './types.ts';

const FUNDS = ['一般公共预算', '政府性基金预算', '国有资本经营预算'];
const TOTAL = '合计';
const AMOUNT = '预算数';
const BASIC_PROJECT = ['基本支出', '项目支出'];
const B03_EXTRA = ['事业单位经营支出', '上缴上级支出', '对附属单位补助支出', '单位预留机动经费'];

/**
 * Row names of the two-sided summary tables (B01, B04) as provinces print them, after the
 * ordinal (一、财政拨款, 1.一般公共预算资金, 二、项目支出): OCR's misreads of them are read
 * back to these (normalise/labels.ts). Expenditure rows named by 类 take the 类 code instead.
 */
const SUMMARY_ROW_NAMES = {
  income: [
    '财政拨款', '财政拨款收入', ...FUNDS, ...FUNDS.map((f) => `${f}资金`), '财政专户管理资金', '事业收入', '事业单位经营收入',
    '其他收入', '其他资金', '当年收入小计', '本年收入合计', '上年结转', '上年结转资金', '收入合计', '收入总计',
  ],
  expenditure: [
    ...BASIC_PROJECT, ...B03_EXTRA, '当年支出小计', '本年支出合计', '结转下年', '结转下年资金', '支出合计', '支出总计',
  ],
};

/** 功能分类 expenditure by fund (B05, B08, B09): 合计 | 基本支出 | 项目支出. */
const EXPENDITURE: MeasureRule[] = [
  [/基本支出/, '基本支出'],
  [/项目支出/, '项目支出'],
  [/合计|小计|总计|^(预算数?|金额)$/, TOTAL],
];

const AMOUNT_RULES: MeasureRule[] = [[/预算数|金额|合计|小计|总计|^数$|预算$|本年/, AMOUNT]];

/** The OCR wordings of a fund's 功能分类 expenditure table (B05, B08, B09), as provinces print them. */
function fundWordings(fund: string): string[] {
  return [`${fund}支出预算表`, `${fund}财政拨款支出预算表`, `${fund}支出功能分类预算表`, `${fund}支出表`];
}

function fundTable(table_code: string, table_name: string, fund: RegExp, wordings: string[]): TableSpec {
  return {
    subject: new RegExp(fund.source.replace('(预算)?', '')),
    table_code,
    table_name,
    measures: [TOTAL, ...BASIC_PROJECT],
    keyed_by: 'item_code',
    classification: 'function',
    titles: [],
    title_patterns: [new RegExp(`${fund.source}(财政拨款)?支出(功能分类)?(预算)?表$`)],
    ocr_titles: wordings,
    title_excludes: /基本支出|三公|机关运行|经济分类|收入/,
    measure_rules: EXPENDITURE,
    layouts: [[[TOTAL, ...BASIC_PROJECT], [TOTAL]]],
  };
}

const TABLES: Record<string, TableSpec> = {
  B01: {
    table_code: 'B01',
    table_name: '部门收支总表',
    measures: [AMOUNT],
    keyed_by: 'item_name',
    class_names: true,
    two_sided: true,
    row_names: SUMMARY_ROW_NAMES,
    titles: [],
    title_patterns: [/收支(预算)?总表$/, /收入支出(预算)?总表$/],
    ocr_titles: ['收支预算总表', '部门收支总表', '部门收支预算总表', '部门财务收支预算总表'],
    title_excludes: /财政拨款/,
    measure_rules: AMOUNT_RULES,
    layouts: [[[AMOUNT]]],
  },
  B02: {
    table_code: 'B02',
    table_name: '部门收入总表',
    measures: [TOTAL, '财政拨款收入', '一般公共预算拨款收入', '政府性基金预算拨款收入', '国有资本经营预算拨款收入', '事业收入', '事业单位经营收入', '其他收入', '上年结转'],
    keyed_by: 'item_code',
    classification: 'function',
    titles: [],
    transposable: true,
    title_patterns: [/收入(预算)?总表$/, /收入预算表$/],
    ocr_titles: ['收入预算总表', '部门收入总表', '部门收入预算总表', '部门收入预算表'],
    title_excludes: /财政拨款|支出/,
    measure_rules: [
      [/一般公共预算/, '一般公共预算拨款收入'],
      [/政府性基金/, '政府性基金预算拨款收入'],
      [/国有资本/, '国有资本经营预算拨款收入'],
      [/财政拨款/, '财政拨款收入'],
      [/经营收入/, '事业单位经营收入'],
      [/事业收入/, '事业收入'],
      [/其他收入/, '其他收入'],
      [/上年结转|结转/, '上年结转'],
      [/合计|小计|总计/, TOTAL],
    ],
  },
  B03: {
    table_code: 'B03',
    table_name: '部门支出总表',
    measures: [TOTAL, ...BASIC_PROJECT, ...B03_EXTRA],
    // Jiangsu prints a reserve column beside 基本/项目支出.
    extra_measures: ['单位预留机动经费'],
    keyed_by: 'item_code',
    classification: 'function',
    titles: [],
    title_patterns: [/支出(预算)?总表$/],
    ocr_titles: ['支出预算总表', '部门支出总表', '部门支出预算总表'],
    title_excludes: /财政拨款|收入|收支/,
    measure_rules: [
      [/基本支出/, '基本支出'],
      [/项目支出/, '项目支出'],
      [/经营支出/, '事业单位经营支出'],
      [/上缴上级/, '上缴上级支出'],
      [/附属单位/, '对附属单位补助支出'],
      [/预留机动/, '单位预留机动经费'],
      [/合计|小计|总计/, TOTAL],
    ],
    layouts: [[[TOTAL, ...BASIC_PROJECT]]],
  },
  B04: {
    table_code: 'B04',
    table_name: '财政拨款收支总表',
    measures: [AMOUNT, TOTAL, ...FUNDS],
    keyed_by: 'item_name',
    class_names: true,
    two_sided: true,
    row_names: SUMMARY_ROW_NAMES,
    income_measure: AMOUNT,
    expenditure_amount: TOTAL,
    titles: [],
    title_patterns: [/财政拨款收支(预算)?总表$/, /财政拨款收入支出(预算)?总表$/],
    ocr_titles: ['财政拨款收支预算总表', '财政拨款收支总表', '部门财政拨款收支预算总表'],
    measure_rules: [
      [/一般公共预算/, FUNDS[0]!],
      [/政府性基金/, FUNDS[1]!],
      [/国有资本/, FUNDS[2]!],
      [/合计|小计|总计/, TOTAL],
      [/预算数|金额|^数$/, AMOUNT],
    ],
    layouts: [[[AMOUNT]], [[TOTAL, ...FUNDS]]],
  },
  B05: fundTable('B05', '一般公共预算支出表', /一般公共预算/, fundWordings('一般公共预算')),
  B06: {
    table_code: 'B06',
    table_name: '一般公共预算基本支出表',
    measures: [TOTAL, '人员经费', '公用经费'],
    keyed_by: 'item_code',
    classification: 'economic',
    titles: [],
    title_patterns: [/一般公共预算(财政拨款)?基本支出.{0,14}表$/],
    ocr_titles: ['一般公共预算基本支出预算表', '一般公共预算财政拨款基本支出预算表', '一般公共预算基本支出经济分类预算表', '一般公共预算基本支出表'],
    title_excludes: /三公|机关运行/,
    measure_rules: [
      [/人员经费/, '人员经费'],
      [/公用经费/, '公用经费'],
      [/合计|小计|总计|预算数|金额|^数$/, TOTAL],
    ],
    layouts: [[[TOTAL, '人员经费', '公用经费'], [TOTAL]]],
  },
  B07: {
    table_code: 'B07',
    table_name: '一般公共预算“三公”经费支出表',
    measures: [AMOUNT],
    keyed_by: 'item_name',
    sangong: true,
    subject: /三公/,
    titles: [],
    title_patterns: [/三公.{0,20}表$/],
    ocr_titles: ['三公经费支出预算表', '三公经费、会议费、培训费支出预算表', '三公经费和机关运行经费预算表', '一般公共预算三公经费支出预算表'],
    measure_rules: AMOUNT_RULES,
    layouts: [[[AMOUNT]]],
  },
  B08: fundTable('B08', '政府性基金预算支出表', /政府性基金(预算)?/, [...fundWordings('政府性基金预算'), '财政拨款政府性基金支出预算表']),
  B09: fundTable('B09', '国有资本经营预算支出表', /国有资本经营(预算)?/, fundWordings('国有资本经营预算')),
};

const row = (name: string) => `n:${name}`;

export const BUDGET: ReportTemplate = {
  family: 'budget',
  report_kind: '预算',
  kind_words: /预算/,
  level_words: { 部门: /部门(?:综合|财务)?(?:收支|收入|支出)?预算/, 单位: /单位(?:综合|财务)?(?:收支|收入|支出)?预算/ },
  title_excludes: /决算/,
  tables: TABLES,
  // Jiangsu's all-funds tables (公开05/06表), its 机关运行经费 and 政府采购 tables.
  uncoded_titles: ['财政拨款支出预算表', '财政拨款基本支出预算表', '一般公共预算机关运行经费支出预算表', '机关运行经费支出预算表', '政府采购支出预算表', '政府采购预算表', '项目支出预算表', '项目支出绩效目标表'],
  required: ['B01', 'B02', 'B03', 'B04', 'B05', 'B06', 'B07'],
  identities: {
    function_tables: ['B02', 'B03', 'B05', 'B08', 'B09'],
    economic_tables: ['B06'],
    total_tables: ['B02', 'B03', 'B05', 'B06', 'B08', 'B09'],
    total_row: TOTAL,
    row_sums: [
      { table: 'B02', total: TOTAL, parts: ['财政拨款收入', '事业收入', '事业单位经营收入', '其他收入', '上年结转'], if_printed: true },
      { table: 'B02', total: '财政拨款收入', parts: ['一般公共预算拨款收入', '政府性基金预算拨款收入', '国有资本经营预算拨款收入'], if_printed: true },
      { table: 'B03', total: TOTAL, parts: [...BASIC_PROJECT, ...B03_EXTRA], if_printed: true },
      { table: 'B04', total: TOTAL, parts: FUNDS, if_printed: true },
      { table: 'B05', total: TOTAL, parts: BASIC_PROJECT, if_printed: true },
      { table: 'B06', total: TOTAL, parts: ['人员经费', '公用经费'], if_printed: true },
      { table: 'B08', total: TOTAL, parts: BASIC_PROJECT, if_printed: true },
      { table: 'B09', total: TOTAL, parts: BASIC_PROJECT, if_printed: true },
    ],
    sangong: { table: 'B07', sums: SANGONG_SUMS },
    equalities: [
      { check: 'cross.B01', target: { table: 'B01', key: row('支出总计'), measure: AMOUNT }, terms: [{ table: 'B01', key: row('收入总计'), measure: AMOUNT }], what: 'B01 收入总计' },
      { check: 'cross.B02_B03', target: { table: 'B03', key: row(TOTAL), measure: TOTAL }, terms: [{ table: 'B02', key: row(TOTAL), measure: TOTAL }], what: 'B02 合计' },
      { check: 'cross.B01_B03', target: { table: 'B03', key: row(TOTAL), measure: TOTAL }, terms: [{ table: 'B01', key: row('支出总计'), measure: AMOUNT }], what: 'B01 支出总计' },
      { check: 'cross.B04', target: { table: 'B04', key: row('支出总计'), measure: TOTAL }, terms: [{ table: 'B04', key: row('收入总计'), measure: AMOUNT }], what: 'B04 收入总计' },
      { check: 'cross.B05_B06', target: { table: 'B05', key: row(TOTAL), measure: '基本支出' }, terms: [{ table: 'B06', key: row(TOTAL), measure: TOTAL }], what: 'B06 合计' },
    ],
    class_pairs: [
      { check: 'cross.B04_B05', summary: { table: 'B04', measure: FUNDS[0]!, total_key: row('支出总计') }, detail: { table: 'B05', measure: TOTAL, total_key: row(TOTAL) } },
      { check: 'cross.B04_B08', summary: { table: 'B04', measure: FUNDS[1]!, total_key: row('支出总计') }, detail: { table: 'B08', measure: TOTAL, total_key: row(TOTAL) } },
      { check: 'cross.B04_B09', summary: { table: 'B04', measure: FUNDS[2]!, total_key: row('支出总计') }, detail: { table: 'B09', measure: TOTAL, total_key: row(TOTAL) } },
    ],
  },
};
