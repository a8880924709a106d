/**
 * What a narrative figure can be about, per section: a label (the words naming the figure, as
 * reports write them) and the table cell(s) it states. A label is tried only at the start of a
 * clause (after filler such as "2024年度", "其中"), so "与上年相比…减少X万元" never matches.
 */
import { CLASS_ORDER, SANGONG_ITEMS } from '../../templates/index.ts';
import type { ItemLevel } from '../../types.ts';
import type { SectionKind } from './paragraphs.ts';

/** Which figure of an item the sentence states. */
export type MeasureKind = 'actual' | 'budget_full' | 'budget_initial';

/** The table cell a figure belongs to (the identifying columns of a fact). */
export interface Target {
  table_code: string;
  item_code: string | null;
  item_name: string | null;
  item_level: ItemLevel | null;
  line_no: number | null;
  measure: string;
}

/** Resolves 类/款/项 names to a function code (the subject reference's findFunctionCode). */
export type FindFunctionCode = (names: { lei?: string; kuan?: string; xiang?: string }, year?: number) => string | null;

export interface LabelContext {
  findCode: FindFunctionCode;
  subjectName: (code: string) => string | null;
  year: number | undefined;
}

export interface Label {
  /** Matched at the start of the clause remainder. */
  re: RegExp;
  /** Cells stated by a figure of this kind; null when the label has no such measure. */
  targets(kind: MeasureKind, matched: string, ctx: LabelContext): Target[] | null;
}

const line = (table_code: string, line_no: number, item_name: string, measure: string): Target => ({
  table_code, item_code: null, item_name, item_level: null, line_no, measure,
});
const named = (table_code: string, item_name: string, measure: string, item_code: string | null = null): Target => ({
  table_code, item_code, item_name, item_level: null, line_no: null, measure,
});

/** A label stating only actual (决算) figures. */
function actual(re: RegExp, make: (matched: string, ctx: LabelContext) => Target[] | null): Label {
  return { re, targets: (kind, m, ctx) => (kind === 'actual' ? make(m, ctx) : null) };
}
const fixed = (re: RegExp, ...targets: Target[]): Label => actual(re, () => targets);

/**
 * The 类 of the national template's two-sided tables, in row order: table 01 prints them on
 * 行次 32–57, table 04 on 33–58. (其他支出 is left out of label matching: "其他" is too common.)
 */
const CLASSES: [code: string, name: string][] = CLASS_ORDER.map((c) => [c.code, c.names[0]!.replace(/支出$/, '')]);
const TABLE04_FIRST_CLASS_LINE = 33;
const MATCHED_CLASSES = CLASSES.filter(([code]) => code !== '229');

/** "卫生健康支出", "卫生健康(类)", "卫生健康(类)支出": a 类 named without 款/项. */
const CLASS_RE = new RegExp(`(?:${MATCHED_CLASSES.map(([, n]) => n).join('|')})(?:\\(类\\)支出|支出\\(类\\)|支出|\\(类\\))`);

function classOf(matched: string): { code: string; index: number } | null {
  const name = matched.replace(/\(类\)|支出/g, '');
  const index = CLASSES.findIndex(([, n]) => n === name);
  return index < 0 ? null : { code: CLASSES[index]![0], index };
}

/** A subject written as 类(类)款(款)项(项); the 款 and 项 parts are optional. */
const CHAIN_RE = /[\u4e00-\u9fa5、]+?\(类\)(?:[\u4e00-\u9fa5、]+?\(款\))?(?:[\u4e00-\u9fa5、]+?\(项\))?/;

function splitChain(matched: string): { lei?: string; kuan?: string; xiang?: string } {
  const part = (marker: string) => new RegExp(`([\\u4e00-\\u9fa5、]+?)\\(${marker}\\)`).exec(matched)?.[1];
  const out: { lei?: string; kuan?: string; xiang?: string } = {};
  const lei = part('类');
  const kuan = part('款');
  const xiang = part('项');
  if (lei) out.lei = lei;
  if (kuan) out.kuan = kuan;
  if (xiang) out.xiang = xiang;
  return out;
}

const LEVEL_BY_LENGTH: Record<number, ItemLevel> = { 3: '类', 5: '款', 7: '项' };

/** Table 05 cell of a 类/款/项 subject, resolved through the subject reference. */
function table05Subject(matched: string, ctx: LabelContext): Target[] | null {
  const names = splitChain(matched);
  const code = ctx.findCode(names, ctx.year);
  const level = code ? LEVEL_BY_LENGTH[code.length] : undefined;
  if (!code || !level) return null;
  const printed = names.xiang ?? names.kuan ?? names.lei ?? null;
  const item_name = ctx.subjectName(code) ?? printed;
  return [{ table_code: '05', item_code: code, item_name, item_level: level, line_no: null, measure: '本年支出合计' }];
}

function table05Class(matched: string, ctx: LabelContext): Target[] | null {
  const cls = classOf(matched);
  if (!cls) return null;
  const item_name = ctx.subjectName(cls.code) ?? `${CLASSES[cls.index]![1]}支出`;
  return [{ table_code: '05', item_code: cls.code, item_name, item_level: '类', line_no: null, measure: '本年支出合计' }];
}

/** Table 04 expenditure line of a 类 (财政拨款 = all three budgets, so only the 合计 column). */
function table04Class(matched: string): Target[] | null {
  const cls = classOf(matched);
  if (!cls) return null;
  const [, name] = CLASSES[cls.index]!;
  return [line('04', TABLE04_FIRST_CLASS_LINE + cls.index, `${name}支出`, '合计')];
}

/** Only a chain naming nothing below the 类 maps onto table 04 (it has no 款/项 rows). */
function table04Chain(matched: string): Target[] | null {
  const names = splitChain(matched);
  if (names.kuan || names.xiang || !names.lei) return null;
  return table04Class(`${names.lei}(类)`);
}

// ─── table 01/02/03: the report's totals ────────────────────────────────────────────────────

const SUMMARY: Label[] = [
  fixed(/收入、?支出总计|收、?支总计|收支总计/, line('01', 31, '总计', '金额'), line('01', 62, '总计', '金额')),
  fixed(/收入总计/, line('01', 31, '总计', '金额')),
  fixed(/支出总计/, line('01', 62, '总计', '金额')),
  fixed(/(?:本年)?收入合计/, line('01', 27, '本年收入合计', '金额')),
  fixed(/(?:本年)?支出合计/, line('01', 58, '本年支出合计', '金额')),
  fixed(/使用非财政拨款结余(?:\(含专用结余\))?/, line('01', 28, '使用非财政拨款结余(含专用结余)', '金额')),
  fixed(/年初结转和结余/, line('01', 29, '年初结转和结余', '金额')),
  fixed(/结余分配/, line('01', 59, '结余分配', '金额')),
  fixed(/年末结转和结余/, line('01', 60, '年末结转和结余', '金额')),
];

const INCOME: Label[] = [
  ...SUMMARY,
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
];

const EXPENDITURE: Label[] = [
  ...SUMMARY,
  fixed(/基本支出/, named('03', '合计', '基本支出')),
  fixed(/项目支出/, named('03', '合计', '项目支出')),
  fixed(/上缴上级支出/, named('03', '合计', '上缴上级支出')),
  fixed(/经营支出/, named('03', '合计', '经营支出')),
  fixed(/对附属单位补助支出/, named('03', '合计', '对附属单位补助支出')),
];

// ─── table 04: 财政拨款 ─────────────────────────────────────────────────────────────────────

const FIN_TOTAL: Label[] = [
  fixed(/财政拨款(?:收入、?支出|收、?支|收支)总计/, line('04', 32, '总计', '金额'), line('04', 64, '总计', '合计')),
  fixed(/财政拨款收入总计/, line('04', 32, '总计', '金额')),
  fixed(/财政拨款支出总计/, line('04', 64, '总计', '合计')),
];

const FIN_EXP: Label[] = [
  fixed(/财政拨款(?:本年)?支出/, line('04', 59, '本年支出合计', '合计')),
  actual(CHAIN_RE, table04Chain),
  actual(CLASS_RE, table04Class),
];

// ─── table 05/06: 一般公共预算财政拨款 ──────────────────────────────────────────────────────

const GPB_EXP: Label[] = [
  fixed(/一般公共预算(?:财政拨款)?(?:本年)?支出/, named('05', '合计', '本年支出合计')),
  actual(CHAIN_RE, table05Subject),
  actual(CLASS_RE, table05Class),
];

/** 经济分类 类 that table 06 prints as its group rows. */
const ECONOMIC_CLASSES: [RegExp, string, string][] = [
  [/工资福利支出/, '301', '工资福利支出'],
  [/商品和服务支出/, '302', '商品和服务支出'],
  [/对个人和家庭(?:的)?补助(?:支出)?/, '303', '对个人和家庭的补助'],
  [/债务利息及费用支出/, '307', '债务利息及费用支出'],
  [/资本性支出/, '310', '资本性支出'],
];

const GPB_BASIC: Label[] = [
  fixed(/(?:一般公共预算财政拨款)?基本支出/, named('05', '合计', '基本支出')),
  fixed(/人员经费(?:支出)?/, named('06', '人员经费合计', '决算数')),
  // 日常公用经费 is how some reports name the 公用经费 half of 基本支出.
  fixed(/(?:日常)?公用经费(?:支出)?/, named('06', '公用经费合计', '决算数')),
  ...ECONOMIC_CLASSES.map(([re, code, name]) => fixed(re, named('06', name, '决算数', code))),
];

// ─── table 09: 三公 ─────────────────────────────────────────────────────────────────────────

const SANGONG_MEASURE: Record<MeasureKind, string> = { actual: '决算数', budget_full: '全年预算数', budget_initial: '年初预算数' };

function sangong(re: RegExp, item: string): Label {
  if (!SANGONG_ITEMS.includes(item)) throw new Error(`not a canonical 三公 item: ${item}`);
  return { re, targets: (kind) => [named('09', item, SANGONG_MEASURE[kind])] };
}

const SANGONG: Label[] = [
  sangong(/(?:财政拨款)?["“]?三公["”]?经费(?:财政拨款)?/, '合计'),
  sangong(/因公出国\(境\)(?:经费|费用|费)?/, '因公出国（境）费'),
  sangong(/公务用车购置及运行(?:维护)?费?/, '公务用车购置及运行维护费'),
  sangong(/公务用车购置费?/, '公务用车购置费'),
  sangong(/公务用车运行(?:维护)?费?/, '公务用车运行维护费'),
  sangong(/公务接待费?/, '公务接待费'),
  sangong(/国内(?:公务)?接待费?/, '国内接待费'),
  sangong(/国\(境\)外(?:公务)?接待费?/, '国（境）外接待费'),
  // 外事接待 is printed both as part of 国内接待 and as 国(境)外接待: ambiguous, so not a label.
];

export const LABELS: Record<SectionKind, Label[]> = {
  total: SUMMARY,
  income: INCOME,
  expenditure: EXPENDITURE,
  fin_total: FIN_TOTAL,
  fin_exp: FIN_EXP,
  gpb_exp: GPB_EXP,
  gpb_basic: GPB_BASIC,
  sangong: SANGONG,
  other: [],
};

/** The longest label of `labels` at the start of `text`, with the text it matched. */
export function matchLabel(labels: Label[], text: string): { label: Label; matched: string } | null {
  let best: { label: Label; matched: string } | null = null;
  for (const label of labels) {
    const m = new RegExp(`^(?:${label.re.source})`).exec(text);
    if (m && m[0].length > 0 && (!best || m[0].length > best.matched.length)) best = { label, matched: m[0] };
  }
  return best;
}
