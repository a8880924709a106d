/**
 * Cross-table checks: the same money printed in two tables must agree. Findings point at the
 * single cell of the pair that sits in the summary table (01, 04, 05), except for 02's
 * 财政拨款收入, which 01 splits over three lines.
 */
import { codeKey, lineKey, nameKey, type Ctx, type RowKey } from '../context.ts';
import { checkIdentity } from '../identity.ts';
import { AMOUNT, CLASS_ORDER, LINES_01, LINES_04, ROLES, line01, line04, templateOfDoc } from '../template.ts';

const SPENT = ROLES.spent;
const TOTAL_ROW = '合计';

/** 02 合计 source columns = the matching 01 income lines. */
export function checkCross0102(ctx: Ctx): void {
  for (const { lines, measure02 } of ROLES.income01To02) {
    checkIdentity(ctx, {
      check: 'cross.01_02',
      target: { table: ROLES.income, key: nameKey(TOTAL_ROW), measure: measure02 },
      terms: lines.map((l) => ({ table: ROLES.summary, key: lineKey(l), measure: AMOUNT })),
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
  classLines(ctx, 'cross.01_03', { table: ROLES.summary, measure: AMOUNT, lineOf: line01, total: LINES_01.expenditureTotal }, ROLES.expenditure);
}

/** 04's fund columns by 类 = 05 (一般公共预算), 07 (政府性基金), 08 (国有资本经营). */
export function checkCross04Funds(ctx: Ctx): void {
  for (const { measure, table, check } of ROLES.fundDetail) {
    classLines(ctx, check, { table: ROLES.fundSummary, measure, lineOf: line04, total: LINES_04.expenditureTotal }, table);
  }
}

/**
 * A template's 类-wise pairs of a summary table keyed by code (budget B04) and its detail
 * tables (B05, B08, B09): each 类 row and the totals must agree.
 */
export function checkClassPairs(ctx: Ctx): void {
  for (const pair of templateOfDoc(ctx.doc).identities.class_pairs ?? []) {
    const { summary, detail } = pair;
    if (!printsColumn(ctx, summary.table, summary.measure) || !printsColumn(ctx, detail.table, detail.measure)) continue;
    const classes = new Set([summary.table, detail.table].flatMap((t) => ctx.index.rowKeys(t)).filter((k) => /^c:\d{3}$/.test(k)));
    for (const key of classes) {
      checkIdentity(ctx, {
        check: pair.check,
        target: { table: summary.table, key, measure: summary.measure },
        terms: [{ table: detail.table, key, measure: detail.measure }],
        what: `${detail.table} ${key.slice(2)} ${detail.measure}`,
      });
    }
    checkIdentity(ctx, {
      check: pair.check,
      target: { table: summary.table, key: summary.total_key, measure: summary.measure },
      terms: [{ table: detail.table, key: detail.total_key, measure: detail.measure }],
      what: `${detail.table} ${detail.total_key.slice(2)} ${detail.measure}`,
    });
  }
}

/** The template's fixed equalities between cells (决算 05 合计 基本支出 = 06 人员经费合计 + 公用经费合计; budget totals). */
export function checkEqualities(ctx: Ctx): void {
  for (const eq of templateOfDoc(ctx.doc).identities.equalities ?? []) {
    if (!printsColumn(ctx, eq.target.table, eq.target.measure)) continue;
    checkIdentity(ctx, {
      check: eq.check,
      target: { ...eq.target, key: eq.target.key as RowKey },
      terms: eq.terms.map((t) => ({ ...t, key: t.key as RowKey })),
      what: eq.what,
    });
  }
}

/** A layout without the column (a one-column 一般公共预算支出表) has nothing to compare; a table with no facts at all is table.missing's concern. */
function printsColumn(ctx: Ctx, table: string, measure: string): boolean {
  return !ctx.index.hasTable(table) || ctx.index.measures(table).includes(measure);
}
