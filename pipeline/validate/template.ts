/**
 * What the checks need from the templates (pipeline/templates/): the identities of the
 * report's family, and for the 决算 family the 行次 numbering of its two-sided tables and the
 * tables they add up (JUESUAN_ROLES). No table code is written here.
 */
import type { NormalisedDoc } from '../types.ts';
import { JUESUAN_ROLES, LINES_01, LINES_04, templateForKind, templateOf, type ReportTemplate } from '../templates/index.ts';

export { LINES_01, LINES_04 };

/** The 决算 tables the 行次 and cross checks relate. */
export const ROLES = JUESUAN_ROLES;

/** 功能分类 类 codes in the order tables 01 and 04 list them (一、一般公共服务支出 … 二十六、抗疫特别国债). */
export const CLASS_ORDER = JUESUAN_ROLES.classOrder;

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
export const FUNDS_04 = JUESUAN_ROLES.funds04;
export const TOTAL_04 = JUESUAN_ROLES.total04;
/** The income side of 01 and 04 has one money column. */
export const AMOUNT = JUESUAN_ROLES.amount;

/**
 * The template a report is checked against: the one its tables come from (a budget's B-tables),
 * else the one its kind names.
 */
export function templateOfDoc(doc: NormalisedDoc): ReportTemplate {
  const fromTables = doc.facts.map((f) => templateOf(f.table_code)).find((t) => t);
  return fromTables ?? templateForKind(doc.report.report_kind);
}
