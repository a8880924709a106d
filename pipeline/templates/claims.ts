/**
 * Claim kinds as template data: the wordings with which a report's prose (情况说明) states a
 * relation about its figures, and where each relation can be checked. The same wordings are
 * used by 部门决算 and 部门预算 reports, so this file belongs to no single report family.
 *
 * The narrative reader (normalise/narrative/claims.ts) finds claims with these patterns; the
 * validate stage (validate/checks/claims.ts) checks them. Patterns run on cleaned text: NFKC
 * (full-width brackets and colons become ASCII), spaces removed except between two digits.
 */

import type { ClaimKind } from '../types.ts';

export type { ClaimKind } from '../types.ts';

export interface ClaimKindSpec {
  kind: ClaimKind;
  /** The check that evaluates claims of this kind. */
  check_id: string;
  rule: string;
  /** A sentence from a real report (public corpus) stating such a claim. */
  example: string;
}

export const CLAIM_KINDS: ClaimKindSpec[] = [
  {
    kind: 'figure',
    check_id: 'narrative.mismatch',
    rule: 'a figure stated in prose equals the table cell it names, and every statement of it agrees',
    example: '上海市普陀区财政局2024年度收入支出总计2995.39万元。',
  },
  {
    kind: 'comparison',
    check_id: 'claim.comparison',
    rule: '决算数大于/小于/等于/(基本)持平 预算数 holds for the figures stated beside it',
    example: '年初预算为1560.05万元,支出决算为1511.89万元。决算数小于预算数的主要原因:人员进出及退休变化',
  },
  {
    kind: 'completion',
    check_id: 'claim.completion',
    rule: '完成(年初/全年)预算的 x% = 决算数 / 预算数, to the rounding printed',
    example: '一般公共预算财政拨款支出年初预算为2993.92万元,支出决算为2940.05万元,完成年初预算的98.20%。',
  },
  {
    kind: 'share',
    check_id: 'claim.share',
    rule: '占 x% = part / whole (the total the sentence names, or the one before 其中/主要用于), to the rounding printed',
    example: '本年收入合计2946.25万元,其中:财政拨款收入2940.05万元,占99.79%;其他收入6.2万元,占0.21%。',
  },
  {
    kind: 'change',
    check_id: 'claim.change',
    rule: '增加/减少 x 万元 and 增长/下降 y% agree in direction, with each other (y = x / prior) and with the prior-year figure where stated',
    example: '机关运行经费支出184.65万元,比2023年度增加2.55万元,增长1.40%。',
  },
  {
    kind: 'count',
    check_id: 'claim.count',
    rule: '车辆 n 辆, 出国团组 n 个 m 人次, 接待 n 批次 m 人次 equal the statistics rows of tables 09/10',
    example: '截至2024年12月31日，本部门共有车辆2辆，其中，符合规定领导干部用车0辆、机要通信用车0辆、应急保障用车2辆',
  },
];

// ─── figures and their roles ────────────────────────────────────────────────────────────────

/** A money figure: plain or with thousands separators, then its unit. */
export const AMOUNT_RE = /(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(万元|千元|亿元|元)/g;

/** Words just before a figure that make it a budget figure: 年初预算为, 全年预算数. */
export const BUDGET_LEAD_RE = /(年初预算|全年预算|调整预算|预算)(?:数|金额)?(?:为|是|数为)?$/;
/** Words just before a figure that make it the actual (决算) figure. */
export const ACTUAL_LEAD_RE = /(?:支出)?(?:决算|实际支出|实际|执行)(?:数|金额)?(?:为|是|达)?$/;
/** Words just before a figure that make it the amount of a change: 减少56.95万元. */
export const CHANGE_LEAD_RE = /(增加|减少|增长|下降|上升|降低|节约|超支)(?:了)?(?:约)?$/;
/** Words just before a figure that make it the prior year's: 上年为, 2023年度决算为. */
export const PRIOR_LEAD_RE = /(?:上年|上一年度?|去年|(?:19|20)\d{2}年度?)(?:同期)?(?:决算数?|支出|数)?(?:为|是)$/;

/** Words stripped from a subject before two subjects are compared. */
export const SUBJECT_NOISE_RE = /["“”'‘’]|财政拨款|经费|支出|费用|决算数?|本年度?|合计|共计|的|为|是|其中|我部门|本部门|本单位/g;

// ─── relations ──────────────────────────────────────────────────────────────────────────────

export type ComparisonRelation = 'gt' | 'lt' | 'eq' | 'about';

/** 决算数大于预算数 … ; the relation word decides the claim. */
export const COMPARISON_ORDER_RE =
  /决算数?(大于|小于|高于|低于|等于|超过|超出|少于|多于)(?:年初|全年|调整)?预算数?/;
/** 决算数与预算数(基本)持平 / 一致 / 相同. */
export const COMPARISON_EQUAL_RE = /决算数?(?:与|和|同)(?:年初|全年|调整)?预算数?(基本)?(持平|一致|相同|相等|相符)/;

export const COMPARISON_WORDS: Record<string, ComparisonRelation> = {
  大于: 'gt', 高于: 'gt', 超过: 'gt', 超出: 'gt', 多于: 'gt',
  小于: 'lt', 低于: 'lt', 少于: 'lt',
  等于: 'eq',
};

/**
 * "基本持平" allows a small difference; how small is not defined anywhere, so we call a claim
 * contradicted only when the two figures differ by more than this share of the budget.
 */
export const ABOUT_EQUAL_SHARE = 0.1;

/** 完成(年初/全年)预算的98.20%. */
export const COMPLETION_RE = /完成(?:了)?(?:年初|全年|调整)?预算(?:数)?的?(\d+(?:\.\d+)?)%/;

/** 占99.79% / 占本年支出合计的100.00% / 占比15.16%. The base, if named, is group 1. */
export const SHARE_RE = /占(?:比)?(?:为)?([\p{Script=Han}"“”()]{0,24}?)(?:的)?(?:比重|比例)?(?:为)?(\d+(?:\.\d+)?)%/u;
/** Words after the figure a share list divides: 本年收入合计2946.25万元,其中: … */
export const SHARE_WHOLE_MARKER_RE = /^(?:[,:]?(?:其中|主要用于|主要包括|具体|分别|包括)|:)/;

/** A comparison with the previous year: 比上年 / 较2023年度 / 与2023年度相比 / 同比. */
export const PRIOR_YEAR_RE = /(?:比|较|与|同)(?:上年|上一年度?|去年|((?:19|20)\d{2})年度?)(?!预算)(?:决算数?|同期)?(?:相比)?|同比/;
export const UP_WORDS = ['增加', '增长', '上升', '超支'];
export const DOWN_WORDS = ['减少', '下降', '降低', '节约'];
/**
 * A change's percentage is checked against a base the report does not print (prior = current ∓
 * amount); reports compute it from unrounded or restated prior-year figures (34.38% printed for
 * 368.97 / 1073.77 = 34.36%). It is contradicted only beyond this share of the stated percentage.
 */
export const CHANGE_PCT_RELATIVE_TOLERANCE = 0.02;
/** 下降1.87% / 增长1.40%. */
export const CHANGE_PCT_RE = /(增加|减少|增长|下降|上升|降低)(?:了)?(?:约)?(\d+(?:\.\d+)?)%/;
/** 持平 with the previous year, without an amount. */
export const FLAT_RE = /持平|无变化|没有变化/;

/** From here on the sentence explains causes; figures there are not the claim's. */
export const EXPLANATION_RE = /原因|主要是|(?:主要)?用于(?!以下)|包括/;

// ─── counts (table 09 statistics rows, table 10 vehicles) ───────────────────────────────────

export interface CountPattern {
  /** What is counted, as the finding names it. */
  counted: string;
  re: RegExp;
  /** Rows of tables 09/10 (quantity facts) that print the count, by table and printed label. */
  rows: { table_code: string; item_name: RegExp }[];
  /** Words that must not come just before the count (it is then about something else). */
  not_after?: RegExp;
}

export const COUNT_PATTERNS: CountPattern[] = [
  {
    counted: '车辆数合计',
    re: /(?:共有|实有|拥有)(?:公务)?车辆(?:共)?(\d+)辆/,
    rows: [{ table_code: '10', item_name: /车辆(?:数)?合计/ }],
  },
  {
    counted: '公务用车保有量',
    re: /公务用车保有量(?:为|是)?(\d+)辆/,
    rows: [{ table_code: '09', item_name: /公务用车保有量/ }],
  },
  {
    counted: '公务用车购置数',
    re: /购置(?:了)?公务用车(\d+)辆/,
    rows: [{ table_code: '09', item_name: /公务用车购置数/ }],
  },
  {
    counted: '因公出国(境)团组数',
    re: /因公出国\(境\)团组(?:共)?(\d+)个/,
    rows: [{ table_code: '09', item_name: /因公出国\(境\)团组数/ }],
  },
  {
    counted: '因公出国(境)人次数',
    re: /因公出国\(境\)团组(?:共)?\d+个,?(?:累计|共)?(\d+)人次/,
    rows: [{ table_code: '09', item_name: /因公出国\(境\)人次数/ }],
  },
  {
    counted: '国内公务接待批次',
    re: /国内公务接待(?:共)?(\d+)批次?/,
    rows: [{ table_code: '09', item_name: /^\d*\.?国内公务接待批次/ }],
  },
  {
    counted: '国内公务接待人次',
    re: /国内公务接待(?:共)?\d+批次?,?(?:累计|共)?(?:接待)?(\d+)人次/,
    rows: [{ table_code: '09', item_name: /^\d*\.?国内公务接待人次/ }],
  },
];

// ─── headings: placeholders, departments, 目录 ──────────────────────────────────────────────

/** Template placeholders left in a heading: XX局, ××单位, 某某, 【】. */
export const PLACEHOLDER_RE = /(?<![A-Za-z])(?:X{2,}|x{2,})(?![A-Za-z])|×{2,}|某某|【\s*】|〔\s*〕|\[\s*\]|_{3,}|＿{2,}/;

/** An organisation named at the start of a heading: 上海市普陀区财政局2024年度部门决算表. */
export const HEADING_ORG_RE =
  /^(?:第[一二三四五六七八九十]+部分)?([\p{Script=Han}X×]{2,30}?(?:局|委员会|委|院|办公室|办|中心|厅|政府|处|所|站|馆|社|队|团|校))(?:\((?:汇总|本级)\))?(?=(?:19|20)\d{2}年|部门|单位|概况)/u;

/** A line that is the table of contents' heading. */
export const TOC_HEADING_RE = /^目\s*录$/;
/** How many table titles a 目录 must list before "a table not in the 目录" means anything. */
export const TOC_MIN_TABLE_ENTRIES = 3;
