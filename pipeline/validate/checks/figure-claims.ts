/**
 * Figure claims: a figure the prose states for a table cell ("收入支出总计2995.39万元") must be
 * the figure the table prints, and must not be stated elsewhere with another value. A table
 * printed empty, or a row printed blank, while the prose states a non-zero figure for it is a
 * contradiction too (`empty.prose_figures`): the report says both "nothing" and "0.95万元".
 */
import { Decimal } from 'decimal.js';
import type { Claim, ClaimCell, Fact } from '../../types.ts';
import type { Ctx } from '../context.ts';
import { fmt, stepFromText } from '../tolerance.ts';
import { describeCell, rowKeyOfCell, type Verdict } from './claims.ts';

/** Rows whose blank print the prose can contradict: the table's totals. */
const TOTAL_ROW_RE = /^(?:合计|总计|本年收入合计|本年支出合计)$/;

const cellName = (c: ClaimCell) => `${c.table_code} ${[c.item_code, c.line_no != null ? `line ${c.line_no}` : null, c.item_name].filter(Boolean).join(' ')} ${c.measure}`;
const sameCell = (a: ClaimCell, b: ClaimCell) =>
  a.table_code === b.table_code && a.item_code === b.item_code && a.line_no === b.line_no && a.item_name === b.item_name && a.measure === b.measure;

/** A printed (not prose-derived) fact for the cell. */
function printedCell(ctx: Ctx, cell: ClaimCell): Fact | undefined {
  const key = rowKeyOfCell(cell);
  const hit = key ? ctx.index.get(cell.table_code, key, cell.measure) : undefined;
  return hit && hit.method !== 'narrative' ? hit : undefined;
}

function tableRead(ctx: Ctx, table: string): boolean {
  return ctx.index.hasTable(table) && ctx.doc.facts.some((f) => f.table_code === table && f.method !== 'narrative');
}

/** Another statement of the same cell with a value beyond both statements' rounding. */
function conflicting(c: Claim, claimed: ClaimCell, ctx: Ctx): Claim | undefined {
  const v = c.figures.value!;
  return ctx.doc.claims?.find((o) => {
    if (o === c || o.kind !== 'figure' || !o.figures.value || ![o.cell, ...(o.also_cells ?? [])].some((x) => x && sameCell(x, claimed))) return false;
    const tol = Decimal.max(stepFromText(v.value_text, v.unit), stepFromText(o.figures.value.value_text, o.figures.value.unit));
    return new Decimal(o.figures.value.value_yuan).minus(v.value_yuan).abs().gt(tol);
  });
}

function againstCell(c: Claim, cell: Fact): Verdict {
  const v = c.figures.value!;
  const said = new Decimal(v.value_yuan);
  const printed = new Decimal(cell.value_yuan!);
  const diff = said.minus(printed).abs();
  if (diff.isZero()) return { held: true };
  const tol = stepFromText(v.value_text, v.unit);
  const text = `the prose on page ${c.page} states ${v.value_text}${v.unit} (${fmt(said)} 元) for ${describeCell(cell)}, the table prints ${fmt(printed)} 元; difference ${fmt(diff)} 元`;
  if (diff.lte(tol)) return { held: true, rounding: { cell, expected: fmt(printed), actual: fmt(said), detail: `${text}, within the prose's rounding of ${fmt(tol)} 元` } };
  return { held: false, cell, expected: fmt(printed), actual: fmt(said), detail: `${text}. "${c.sentence}"` };
}

/** The prose names an item no template table holds (机关运行经费): look for a row of that name. */
function untabled(c: Claim, ctx: Ctx): Verdict {
  if (!c.base) return { unchecked: c.note ?? 'the figure is tied to no table cell' };
  const base = c.base;
  const cell = ctx.doc.facts.find((f) => f.method !== 'narrative' && f.value_yuan != null && (f.item_name ?? '').includes(base));
  if (!cell) return { unchecked: `no table of this report prints ${base}` };
  return againstCell(c, cell);
}

/** A figure stating several cells holds when it holds for each; the first contradiction is reported. */
export function checkFigureClaim(c: Claim, ctx: Ctx): Verdict {
  if (!c.cell) return untabled(c, ctx);
  const verdicts = [c.cell, ...(c.also_cells ?? [])].map((cell) => checkCell(c, cell, ctx));
  return verdicts.find((v) => 'held' in v && !v.held) ?? verdicts.find((v) => 'held' in v) ?? verdicts[0]!;
}

function checkCell(c: Claim, claimed: ClaimCell, ctx: Ctx): Verdict {
  const v = c.figures.value!;
  const cell = printedCell(ctx, claimed);
  if (cell) return againstCell(c, cell);
  const other = conflicting(c, claimed, ctx);
  if (other && ctx.doc.claims!.indexOf(other) < ctx.doc.claims!.indexOf(c))
    return { held: false, detail: `it states ${v.value_text}${v.unit} for ${cellName(claimed)}, but page ${other.page} states ${other.figures.value!.value_text}${other.figures.value!.unit} ("${other.sentence}")` };
  const nonZero = !new Decimal(v.value_yuan).isZero();
  const table = claimed.table_code;
  if (ctx.doc.tables_empty.includes(table) && !tableRead(ctx, table)) {
    if (!nonZero) return { held: true };
    return { held: false, check_id: 'empty.prose_figures', claimed, detail: `it states ${v.value_text}${v.unit} for ${cellName(claimed)}, but table ${table} is printed empty` };
  }
  if (!tableRead(ctx, table)) return { unchecked: `table ${table} was not read, so ${cellName(claimed)} cannot be compared` };
  const key = rowKeyOfCell(claimed);
  const rowPrinted = key != null && ctx.index.row(table, key) !== undefined;
  if (!nonZero) return { held: true }; // a blank cell and a stated 0 agree
  // Only total rows: a sub-item or coded row the prose names may be one the table's layout lacks.
  if (!rowPrinted && TOTAL_ROW_RE.test(claimed.item_name ?? ''))
    return { held: false, check_id: 'empty.prose_figures', severity: 'warning', claimed, detail: `it states ${v.value_text}${v.unit} for ${cellName(claimed)}, but table ${table} prints that row blank` };
  return { unchecked: `table ${table} prints no ${cellName(claimed)} cell` };
}
