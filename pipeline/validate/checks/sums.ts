/**
 * Sum checks inside one table: hierarchy (`sum.children`), column identities of a row
 * (`sum.row`), the 合计 row (`sum.total`) and the 三公 table (`sum.09`).
 */
import { codeKey, nameKey, type Ctx, type RowKey } from '../context.ts';
import { checkIdentity } from '../identity.ts';
import { FUNCTION_TABLES, ROW_SUMS, SANGONG_SUMS, TOTAL_ROW } from '../template.ts';

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
  for (const table of FUNCTION_TABLES) checkChildren(ctx, table, [3, 5]);
  // 06 is keyed by 经济分类: 301 = Σ 30101…; its 款 have no 项.
  checkChildren(ctx, '06', [3]);
}

/** 合计 row = Σ 类 rows, per measure. */
export function checkTotals(ctx: Ctx): void {
  for (const table of FUNCTION_TABLES) {
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
  for (const { table, total, parts } of ROW_SUMS) {
    for (const key of ctx.index.rowKeys(table)) {
      checkIdentity(ctx, {
        check: 'sum.row',
        target: { table, key, measure: total },
        terms: parts.map((measure) => ({ table, key, measure })),
        what: parts.join(' + '),
      });
    }
  }
  for (const key of ctx.index.rowKeys('07')) checkFundBalance(ctx, key);
}

/** 07 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出合计. */
function checkFundBalance(ctx: Ctx, key: RowKey): void {
  checkIdentity(ctx, {
    check: 'sum.row',
    target: { table: '07', key, measure: '年末结转和结余' },
    terms: [
      { table: '07', key, measure: '年初结转和结余' },
      { table: '07', key, measure: '本年收入' },
      { table: '07', key, measure: '本年支出合计', sign: -1 },
    ],
    what: '年初结转和结余 + 本年收入 − 本年支出合计',
  });
}

/** 09: 合计 = 出国 + 用车 + 接待; 用车 = 购置 + 运行维护; per measure. */
export function checkSangong(ctx: Ctx): void {
  for (const measure of ctx.index.measures('09')) {
    for (const { total, parts } of SANGONG_SUMS) {
      checkIdentity(ctx, {
        check: 'sum.09',
        target: { table: '09', key: nameKey(total), measure },
        terms: parts.map((p) => ({ table: '09', key: nameKey(p), measure })),
        what: parts.join(' + '),
      });
    }
  }
}

