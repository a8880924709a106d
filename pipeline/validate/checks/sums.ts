/**
 * Sum checks inside one table: hierarchy (`sum.children`), column identities of a row
 * (`sum.row`), the 合计 row (`sum.total`) and the 三公 table (`sum.09`).
 */
import { codeKey, nameKey, type Ctx, type RowKey } from '../context.ts';
import { checkIdentity } from '../identity.ts';
import type { Identities } from '../../templates/index.ts';
import { templateOfDoc } from '../template.ts';

const LEVEL_NAME: Record<number, string> = { 3: '类', 5: '款', 7: '项' };

/** Item codes of the table's coded rows (`c:` keys), e.g. '208', '20805'. */
function codes(ctx: Ctx, table: string): string[] {
  return ctx.index
    .rowKeys(table)
    .filter((k) => k.startsWith('c:'))
    .map((k) => k.slice(2));
}

/**
 * 类 = Σ 款 and 款 = Σ 项. A code's children are the rows two digits longer that start with
 * it; a row with no child rows printed is a leaf and not checked.
 */
function checkChildren(ctx: Ctx, table: string, parentLengths: number[]): void {
  const all = codes(ctx, table);
  for (const parent of all.filter((c) => parentLengths.includes(c.length))) {
    const children = all.filter((c) => c.length === parent.length + 2 && c.startsWith(parent));
    if (children.length === 0) continue;
    for (const measure of ctx.index.measures(table)) {
      checkIdentity(ctx, {
        check: 'sum.children',
        target: { table, key: codeKey(parent), measure },
        terms: children.map((c) => ({ table, key: codeKey(c), measure })),
        what: `Σ ${LEVEL_NAME[parent.length + 2]} rows (${children.join(', ')})`,
      });
    }
  }
}

export function checkHierarchy(ctx: Ctx): void {
  const ids = templateOfDoc(ctx.doc).identities;
  for (const table of ids.function_tables) checkChildren(ctx, table, [3, 5]);
  // 经济分类 tables (06, B06): 301 = Σ 30101…; their 款 have no 项.
  for (const table of ids.economic_tables) checkChildren(ctx, table, [3]);
}

/** 合计 row = Σ 类 rows, per measure. */
export function checkTotals(ctx: Ctx): void {
  const ids = templateOfDoc(ctx.doc).identities;
  const TOTAL_ROW = ids.total_row;
  for (const table of ids.total_tables ?? ids.function_tables) {
    const classes = codes(ctx, table).filter((c) => c.length === 3);
    if (classes.length === 0) continue;
    for (const measure of ctx.index.measures(table)) {
      checkIdentity(ctx, {
        check: 'sum.total',
        target: { table, key: nameKey(TOTAL_ROW), measure },
        terms: classes.map((c) => ({ table, key: codeKey(c), measure })),
        what: `Σ 类 rows (${classes.join(', ')})`,
      });
    }
  }
}

/** Column identities of each row: 本年收入合计 = Σ sources, 本年支出合计 = 基本 + 项目 (+…). */
export function checkRows(ctx: Ctx): void {
  const ids = templateOfDoc(ctx.doc).identities;
  for (const { table, total, parts, if_printed } of ids.row_sums) {
    // An optional breakdown (财政拨款收入 by fund) is only checked where the report prints it.
    const printed = ctx.index.measures(table);
    if (if_printed && !(printed.includes(total) && parts.some((m) => printed.includes(m)))) continue;
    for (const key of ctx.index.rowKeys(table)) {
      checkIdentity(ctx, {
        check: 'sum.row',
        target: { table, key, measure: total },
        terms: parts.map((measure) => ({ table, key, measure })),
        what: parts.join(' + '),
      });
    }
  }
  for (const balance of ids.row_balances ?? []) {
    for (const key of ctx.index.rowKeys(balance.table)) checkBalance(ctx, balance, key);
  }
}

/** A balance across a row's columns, e.g. 07 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出合计. */
function checkBalance(ctx: Ctx, balance: NonNullable<Identities['row_balances']>[number], key: RowKey): void {
  const { table } = balance;
  checkIdentity(ctx, {
    check: 'sum.row',
    target: { table, key, measure: balance.target },
    terms: balance.terms.map((t) => ({ table, key, measure: t.measure, sign: t.sign })),
    what: balance.terms.map((t, i) => `${i === 0 ? '' : t.sign < 0 ? ' − ' : ' + '}${t.measure}`).join(''),
  });
}

/** 09: 合计 = 出国 + 用车 + 接待; 用车 = 购置 + 运行维护; per measure. */
export function checkSangong(ctx: Ctx): void {
  const sangong = templateOfDoc(ctx.doc).identities.sangong;
  if (!sangong) return;
  const { table } = sangong;
  for (const measure of ctx.index.measures(table)) {
    for (const { total, parts } of sangong.sums) {
      checkIdentity(ctx, {
        check: 'sum.09',
        target: { table, key: nameKey(total), measure },
        terms: parts.map((p) => ({ table, key: nameKey(p), measure })),
        what: parts.join(' + '),
      });
    }
  }
}

