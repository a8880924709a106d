/**
 * Cross-table checks: the same money printed in two tables must agree. Findings point at the
 * single cell of the pair that sits in the summary table (01, 04, 05), except for 02's
 * 财政拨款收入, which 01 splits over three lines.
 */
import { codeKey, lineKey, nameKey, type Ctx } from '../context.ts';
import { checkIdentity } from '../identity.ts';
import {
  AMOUNT,
  AMOUNT_06,
  CLASS_ORDER,
  FUND_DETAIL_04,
  INCOME_01_TO_02,
  LINES_01,
  LINES_04,
  PERSONNEL_06,
  PUBLIC_06,
  TOTAL_ROW,
  line01,
  line04,
} from '../template.ts';

const SPENT = '本年支出合计';

/** 02 合计 source columns = the matching 01 income lines. */
export function checkCross0102(ctx: Ctx): void {
  for (const { lines, measure02 } of INCOME_01_TO_02) {
    checkIdentity(ctx, {
      check: 'cross.01_02',
      target: { table: '02', key: nameKey(TOTAL_ROW), measure: measure02 },
      terms: lines.map((l) => ({ table: '01', key: lineKey(l), measure: AMOUNT })),
      what: `01 line${lines.length > 1 ? 's' : ''} ${lines.join('+')}`,
    });
  }
}

/**
 * A summary-table line per 类 = the detail table's 类 row; and the summary's 本年支出合计 = the
 * detail table's 合计 row.
 */
function classLines(
  ctx: Ctx,
  check: string,
  summary: { table: string; measure: string; lineOf: (code: string) => number | null; total: number },
  detail: string,
): void {
  for (const code of CLASS_ORDER) {
    const line = summary.lineOf(code)!;
    checkIdentity(ctx, {
      check,
      target: { table: summary.table, key: lineKey(line), measure: summary.measure },
      terms: [{ table: detail, key: codeKey(code), measure: SPENT }],
      what: `${detail} ${code} ${SPENT}`,
    });
  }
  checkIdentity(ctx, {
    check,
    target: { table: summary.table, key: lineKey(summary.total), measure: summary.measure },
    terms: [{ table: detail, key: nameKey(TOTAL_ROW), measure: SPENT }],
    what: `${detail} ${TOTAL_ROW} ${SPENT}`,
  });
}

export function checkCross0103(ctx: Ctx): void {
  classLines(ctx, 'cross.01_03', { table: '01', measure: AMOUNT, lineOf: line01, total: LINES_01.expenditureTotal }, '03');
}

/** 04's fund columns by 类 = 05 (一般公共预算), 07 (政府性基金), 08 (国有资本经营). */
export function checkCross04Funds(ctx: Ctx): void {
  for (const { measure04, table, check } of FUND_DETAIL_04) {
    classLines(ctx, check, { table: '04', measure: measure04, lineOf: line04, total: LINES_04.expenditureTotal }, table);
  }
}

/** 05 合计 基本支出 = 06 人员经费合计 + 公用经费合计. */
export function checkCross0506(ctx: Ctx): void {
  checkIdentity(ctx, {
    check: 'cross.05_06',
    target: { table: '05', key: nameKey(TOTAL_ROW), measure: '基本支出' },
    terms: [PERSONNEL_06, PUBLIC_06].map((n) => ({ table: '06', key: nameKey(n), measure: AMOUNT_06 })),
    what: `06 ${PERSONNEL_06} + ${PUBLIC_06}`,
  });
}
