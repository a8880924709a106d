/**
 * What the prose of a 2024 部门决算 says, as data: per section of the 情况说明, the labels that
 * name a figure (as reports write them) and the table cell(s) of this template the figure
 * states. `normalise/narrative/labels.ts` reads it; it keeps no table codes of its own.
 * A label is tried only at the start of a clause; the longest match wins, and on equal length
 * the one listed first (fixed labels, then subject chains, then 类 names).
 */

/** A cell of a two-sided table, keyed by its 行次. */
export interface NarrativeLineCell {
  table_code: string;
  line_no: number;
  item_name: string;
  measure: string;
}

/** A cell keyed by its row name (and code where the table prints one). */
export interface NarrativeNamedCell {
  table_code: string;
  item_name: string;
  measure: string;
  item_code?: string;
}

export type NarrativeCell = NarrativeLineCell | NarrativeNamedCell;

/** A label stating only actual (决算) figures, always of the same cells. */
export interface FixedNarrativeLabel {
  re: RegExp;
  cells: NarrativeCell[];
}

/** Which figure of an item a sentence states. */
export type NarrativeMeasureKind = 'actual' | 'budget_full' | 'budget_initial';

export interface NarrativeSection {
  /** Another section whose fixed labels come first (income and expenditure repeat the totals). */
  includes?: string;
  labels: FixedNarrativeLabel[];
  /**
   * A 类 named alone (卫生健康支出) or as a chain with nothing below it: the 行次 of a two-sided
   * table, `first_line` + the 类's position in CLASS_ORDER.
   */
  class_lines?: { table_code: string; first_line: number; measure: string };
  /** A 类/款/项 chain or a 类 name: the subject row of a function-classified table. */
  subjects?: { table_code: string; measure: string };
  /** 三公 items: one row per item, the measure by the figure the sentence states. */
  sangong?: { table_code: string; measures: Record<NarrativeMeasureKind, string>; items: [RegExp, string][] };
}

const line = (table_code: string, line_no: number, item_name: string, measure: string): NarrativeLineCell => ({ table_code, line_no, item_name, measure });
const named = (table_code: string, item_name: string, measure: string, item_code?: string): NarrativeNamedCell =>
  item_code === undefined ? { table_code, item_name, measure } : { table_code, item_name, measure, item_code };
const fixed = (re: RegExp, ...cells: NarrativeCell[]): FixedNarrativeLabel => ({ re, cells });

/** 经济分类 类 that table 06 prints as its group rows. */
const ECONOMIC_CLASSES: [RegExp, string, string][] = [
  [/工资福利支出/, '301', '工资福利支出'],
  [/商品和服务支出/, '302', '商品和服务支出'],
  [/对个人和家庭(?:的)?补助(?:支出)?/, '303', '对个人和家庭的补助'],
  [/债务利息及费用支出/, '307', '债务利息及费用支出'],
  [/资本性支出/, '310', '资本性支出'],
];

export const NARRATIVE_JUESUAN_2024: Record<string, NarrativeSection> = {
  // Tables 01/02/03: the report's totals.
  total: {
    labels: [
      fixed(/收入、?支出总计|收、?支总计|收支总计/, line('01', 31, '总计', '金额'), line('01', 62, '总计', '金额')),
      fixed(/收入总计/, line('01', 31, '总计', '金额')),
      fixed(/支出总计/, line('01', 62, '总计', '金额')),
      fixed(/(?:本年)?收入合计/, line('01', 27, '本年收入合计', '金额')),
      fixed(/(?:本年)?支出合计/, line('01', 58, '本年支出合计', '金额')),
      fixed(/使用非财政拨款结余(?:\(含专用结余\))?/, line('01', 28, '使用非财政拨款结余(含专用结余)', '金额')),
      fixed(/年初结转和结余/, line('01', 29, '年初结转和结余', '金额')),
      fixed(/结余分配/, line('01', 59, '结余分配', '金额')),
      fixed(/年末结转和结余/, line('01', 60, '年末结转和结余', '金额')),
    ],
  },
  income: {
    includes: 'total',
    labels: [
      fixed(/一般公共预算财政拨款(?:收入)?/, line('01', 1, '一般公共预算财政拨款收入', '金额')),
      fixed(/政府性基金预算财政拨款(?:收入)?/, line('01', 2, '政府性基金预算财政拨款收入', '金额')),
      fixed(/国有资本经营预算财政拨款(?:收入)?/, line('01', 3, '国有资本经营预算财政拨款收入', '金额')),
      // 财政拨款 of all three budgets together is a column of table 02, not a line of table 01.
      fixed(/财政拨款收入/, named('02', '合计', '财政拨款收入')),
      fixed(/上级补助收入/, line('01', 4, '上级补助收入', '金额')),
      fixed(/事业收入/, line('01', 5, '事业收入', '金额')),
      fixed(/经营收入/, line('01', 6, '经营收入', '金额')),
      fixed(/附属单位上缴收入/, line('01', 7, '附属单位上缴收入', '金额')),
      fixed(/其他收入/, line('01', 8, '其他收入', '金额')),
    ],
  },
  expenditure: {
    includes: 'total',
    labels: [
      fixed(/基本支出/, named('03', '合计', '基本支出')),
      fixed(/项目支出/, named('03', '合计', '项目支出')),
      fixed(/上缴上级支出/, named('03', '合计', '上缴上级支出')),
      fixed(/经营支出/, named('03', '合计', '经营支出')),
      fixed(/对附属单位补助支出/, named('03', '合计', '对附属单位补助支出')),
    ],
  },
  // Table 04: 财政拨款 (all three budgets, so only the 合计 column of a 类 line).
  fin_total: {
    labels: [
      fixed(/财政拨款(?:收入、?支出|收、?支|收支)总计/, line('04', 32, '总计', '金额'), line('04', 64, '总计', '合计')),
      fixed(/财政拨款收入总计/, line('04', 32, '总计', '金额')),
      fixed(/财政拨款支出总计/, line('04', 64, '总计', '合计')),
    ],
  },
  fin_exp: {
    labels: [fixed(/财政拨款(?:本年)?支出/, line('04', 59, '本年支出合计', '合计'))],
    class_lines: { table_code: '04', first_line: 33, measure: '合计' },
  },
  // Tables 05/06: 一般公共预算财政拨款.
  gpb_exp: {
    labels: [fixed(/一般公共预算(?:财政拨款)?(?:本年)?支出/, named('05', '合计', '本年支出合计'))],
    subjects: { table_code: '05', measure: '本年支出合计' },
  },
  gpb_basic: {
    labels: [
      fixed(/(?:一般公共预算财政拨款)?基本支出/, named('05', '合计', '基本支出')),
      fixed(/人员经费(?:支出)?/, named('06', '人员经费合计', '决算数')),
      // 日常公用经费 is how some reports name the 公用经费 half of 基本支出.
      fixed(/(?:日常)?公用经费(?:支出)?/, named('06', '公用经费合计', '决算数')),
      ...ECONOMIC_CLASSES.map(([re, code, name]) => fixed(re, named('06', name, '决算数', code))),
    ],
  },
  // Table 09: 三公.
  sangong: {
    labels: [],
    sangong: {
      table_code: '09',
      measures: { actual: '决算数', budget_full: '全年预算数', budget_initial: '年初预算数' },
      items: [
        [/(?:财政拨款)?["“]?三公["”]?经费(?:财政拨款)?/, '合计'],
        [/因公出国\(境\)(?:经费|费用|费)?/, '因公出国（境）费'],
        [/公务用车购置及运行(?:维护)?费?/, '公务用车购置及运行维护费'],
        [/公务用车购置费?/, '公务用车购置费'],
        [/公务用车运行(?:维护)?费?/, '公务用车运行维护费'],
        [/公务接待费?/, '公务接待费'],
        [/国内(?:公务)?接待费?/, '国内接待费'],
        [/国\(境\)外(?:公务)?接待费?/, '国（境）外接待费'],
        // 外事接待 is printed both as part of 国内接待 and as 国(境)外接待: ambiguous, so not a label.
      ],
    },
  },
  other: { labels: [] },
};
