import { CLASS_ORDER as CLASSES } from '../canon.ts';

/**
 * Facts about the national 部门决算 template that the checks need: 行次 numbering of tables 01
 * and 04, the order of 功能分类 类 on their expenditure side, and which columns add up to which.
 */

/** 功能分类 类 codes in the order tables 01 and 04 list them (一、一般公共服务支出 … 二十六、抗疫特别国债). */
export const CLASS_ORDER = CLASSES.map((c) => c.code);

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

/** 01 line of a 类 code (201 → 32); null for a code the template does not list. */
export function line01(classCode: string): number | null {
  const i = CLASS_ORDER.indexOf(classCode);
  return i < 0 ? null : LINES_01.expenditureFirst + i;
}

/** 04 line of a 类 code (201 → 33). */
export function line04(classCode: string): number | null {
  const i = CLASS_ORDER.indexOf(classCode);
  return i < 0 ? null : LINES_04.expenditureFirst + i;
}

/** 04 expenditure-side columns: 合计 = the three fund columns. */
export const FUNDS_04 = ['一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'];
export const TOTAL_04 = '合计';
/** The income side of 01 and 04 has one money column. */
export const AMOUNT = '金额';

/**
 * 01 income lines that make up each 02 合计 source column. 财政拨款收入 in 02 is the three
 * 财政拨款 lines of 01 together.
 */
export const INCOME_01_TO_02: { lines: number[]; measure02: string }[] = [
  { lines: [1, 2, 3], measure02: '财政拨款收入' },
  { lines: [4], measure02: '上级补助收入' },
  { lines: [5], measure02: '事业收入' },
  { lines: [6], measure02: '经营收入' },
  { lines: [7], measure02: '附属单位上缴收入' },
  { lines: [8], measure02: '其他收入' },
  { lines: [27], measure02: '本年收入合计' },
];

/** Per-row column identities: total = Σ parts (sum.row). */
export const ROW_SUMS: { table: string; total: string; parts: string[] }[] = [
  { table: '02', total: '本年收入合计', parts: ['财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入'] },
  { table: '03', total: '本年支出合计', parts: ['基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'] },
  { table: '05', total: '本年支出合计', parts: ['基本支出', '项目支出'] },
  { table: '07', total: '本年支出合计', parts: ['基本支出', '项目支出'] },
  { table: '08', total: '本年支出合计', parts: ['基本支出', '项目支出'] },
];

/** Tables whose rows are 功能分类 codes with a 合计 row: hierarchy and 合计 checks apply. */
export const FUNCTION_TABLES = ['02', '03', '05', '07', '08'];

export const TOTAL_ROW = '合计';
export const PERSONNEL_06 = '人员经费合计';
export const PUBLIC_06 = '公用经费合计';
export const AMOUNT_06 = '决算数';

/** Table 09 (三公): 合计 and 公务用车 as sums of their printed parts. */
export const SANGONG_SUMS: { total: string; parts: string[] }[] = [
  { total: '合计', parts: ['因公出国（境）费', '公务用车购置及运行维护费', '公务接待费'] },
  { total: '公务用车购置及运行维护费', parts: ['公务用车购置费', '公务用车运行维护费'] },
];

/** Cross-table pairs of 04's fund columns with the table that details that fund by 类. */
export const FUND_DETAIL_04: { measure04: string; table: string; check: string }[] = [
  { measure04: '一般公共预算财政拨款', table: '05', check: 'cross.04_05' },
  { measure04: '政府性基金预算财政拨款', table: '07', check: 'cross.04_07' },
  { measure04: '国有资本经营预算财政拨款', table: '08', check: 'cross.04_08' },
];
