/**
 * The one arithmetic primitive every sum check uses: a printed cell must equal a signed sum of
 * other printed cells, within the rounding tolerance (tolerance.ts).
 */
import { Decimal } from 'decimal.js';
import type { Fact } from '../types.ts';
import type { Ctx, RowKey } from './context.ts';
import { fmt, stepYuan, yuan } from './tolerance.ts';

export interface CellRef {
  table: string;
  key: RowKey;
  measure: string;
}

export interface Term extends CellRef {
  /** -1 for a subtracted term (07: 年末 = 年初 + 收入 − 支出). Default +1. */
  sign?: 1 | -1;
}

export interface Identity {
  check: string;
  /** The printed total that should equal the sum; findings point here. */
  target: CellRef;
  terms: Term[];
  /** Names the right-hand side in the message, e.g. 'Σ 款 rows (3)'. */
  what: string;
}

export type Outcome = 'skipped' | 'held' | 'rounding' | 'unprinted' | 'failed';

/**
 * Evaluate one identity. A blank term counts as 0. The identity is skipped when a table it
 * needs has no facts at all (table.missing reports that) or when the total and every term are
 * blank; when only one side is blank it is a warning (see `unprinted`).
 */
export function checkIdentity(ctx: Ctx, id: Identity): Outcome {
  if (ctx.collect) {
    ctx.collect.push(id);
    return 'skipped';
  }
  const { index, doc } = ctx;
  const tables = new Set([id.target.table, ...id.terms.map((t) => t.table)]);
  if ([...tables].some((t) => !index.hasTable(t))) return 'skipped';
  const target = index.get(id.target.table, id.target.key, id.target.measure);
  const terms = id.terms.map((t) => ({ fact: index.get(t.table, t.key, t.measure), sign: t.sign ?? 1 }));
  if (!target && terms.every((t) => !t.fact)) return 'skipped';

  const unitOf = (f: Fact | undefined) => f?.unit_as_printed ?? doc.report.unit_as_printed;
  const expected = terms.reduce((s, t) => s.plus(yuan(t.fact?.value_yuan).times(t.sign)), new Decimal(0));
  const actual = yuan(target?.value_yuan);
  const diff = actual.minus(expected).abs();
  if (diff.isZero()) return held(ctx, id);
  if (!target || terms.every((t) => !t.fact)) return unprinted(ctx, id, target, expected, actual);

  // One printed hundredth per non-zero term: a printed 0.00 carries no rounding.
  const tolerance = terms
    .filter((t) => t.fact && !yuan(t.fact.value_yuan).isZero())
    .reduce((s, t) => s.plus(stepYuan(unitOf(t.fact))), new Decimal(0));
  const tol = Decimal.max(tolerance, stepYuan(unitOf(target)));
  const rounding = diff.lte(tol);
  const where = locate(ctx, id.target, target);
  const message =
    `${id.target.table} ${where.label} ${id.target.measure}: printed ${fmt(actual)} 元, ` +
    `${id.what} = ${fmt(expected)} 元, difference ${fmt(diff)} 元 ` +
    (rounding ? `within the rounding tolerance of ${fmt(tol)} 元 (尾数误差)` : `exceeds the rounding tolerance of ${fmt(tol)} 元`);
  // On OCR'd cells a difference of a hundredth may be a misread digit, not rounding: say so,
  // and point at every OCR'd row involved, not only the total's.
  const ocrFacts = [target, ...terms.map((t) => t.fact)].filter((f): f is Fact => f?.method === 'ocr');
  if (ocrFacts.length) flagOcrRows(ctx, id, ocrFacts, target, diff, actual.gt(expected));
  ctx.record(id.check, rounding, {
    severity: rounding ? (ocrFacts.length ? 'warning' : 'info') : 'error',
    table_code: id.target.table,
    item_code: where.item_code,
    line_no: where.line_no,
    item_name: where.item_name,
    measure: id.target.measure,
    expected: fmt(expected),
    actual: fmt(actual),
    page: where.page,
    message,
  });
  return rounding ? 'rounding' : 'failed';
}

/**
 * One side of the identity is entirely blank (a 合计 row printed empty, sub-items not printed
 * for a column): nothing contradicts, something is missing, so it is a warning, not an error.
 */
function unprinted(ctx: Ctx, id: Identity, target: Fact | undefined, expected: Decimal, actual: Decimal): Outcome {
  const where = locate(ctx, id.target, target);
  const message = target
    ? `${id.target.table} ${where.label} ${id.target.measure}: printed ${fmt(actual)} 元, but nothing is printed for ${id.what}`
    : `${id.target.table} ${where.label} ${id.target.measure} is blank, but ${id.what} = ${fmt(expected)} 元`;
  ctx.record(id.check, false, {
    severity: 'warning',
    table_code: id.target.table,
    item_code: where.item_code,
    line_no: where.line_no,
    item_name: where.item_name,
    measure: id.target.measure,
    expected: target ? null : fmt(expected),
    actual: target ? fmt(actual) : null,
    page: where.page,
    message: message + '; check whether the cells were read',
  });
  return 'unprinted';
}

/**
 * Zero cells of an OCR'd identity doubted, at most: a digit lost to 0.00 hides in a difference
 * of a hundredth; more zero rows than this (06's unused 款) make no pointer to one of them.
 */
const MAX_ZERO_DOUBTS = 3;

/**
 * One `ocr.doubt` warning per OCR'd row of a failed identity other than the total's row — for
 * its cells read as 0.00 only: a non-zero cell no exact identity confirms is flagged by
 * verify.ts (`ocr.unverified`, one per row), and one that is confirmed was not misread.
 */
function flagOcrRows(ctx: Ctx, id: Identity, facts: Fact[], target: Fact | undefined, diff: Decimal, short: boolean): void {
  const seen = new Set<string>([`${target?.table_code}|${target?.item_code}|${target?.line_no}|${target?.item_name}`]);
  const zeros = facts.filter((f) => f !== target && yuan(f.value_yuan).isZero());
  if (zeros.length > MAX_ZERO_DOUBTS) {
    if (short && target) doubtTable(ctx, id, target, zeros.length, diff);
    return;
  }
  for (const f of zeros) {
    const key = `${f.table_code}|${f.item_code}|${f.line_no}|${f.item_name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ctx.findings.push({
      report_id: ctx.doc.report.report_id,
      check_id: 'ocr.doubt',
      severity: 'warning',
      table_code: f.table_code,
      item_code: f.item_code,
      line_no: f.line_no,
      item_name: f.item_code || f.line_no != null ? null : f.item_name,
      measure: f.measure,
      expected: null,
      actual: f.value_yuan,
      page: f.page,
      message: `${f.table_code} ${f.item_code ?? (f.line_no != null ? `line ${f.line_no}` : f.item_name)} ${f.measure} (read by OCR as '${f.value_text}', page ${f.page}) takes part in ${id.check} ${id.what}, which is off by ${fmt(diff)} 元: check this cell against the page`,
    });
  }
}

/** The sum falls short and too many of its rows read 0.00 to doubt each: one finding for the table. */
function doubtTable(ctx: Ctx, id: Identity, target: Fact, zeros: number, diff: Decimal): void {
  const table = id.target.table;
  if (ctx.findings.some((f) => f.check_id === 'ocr.doubt' && f.table_code === table && !f.item_code && f.line_no == null && !f.item_name)) return;
  ctx.findings.push({
    report_id: ctx.doc.report.report_id,
    check_id: 'ocr.doubt',
    severity: 'warning',
    table_code: table,
    item_code: null,
    line_no: null,
    item_name: null,
    measure: id.target.measure,
    expected: null,
    actual: null,
    page: target.page,
    message: `${table}: ${id.check} ${id.what} falls ${fmt(diff)} 元 short of the printed ${id.target.measure}, and ${zeros} of its rows were read by OCR as 0.00: a digit lost to 0.00 would hide there; check those rows against page ${target.page}`,
  });
}

function held(ctx: Ctx, id: Identity): Outcome {
  ctx.record(id.check, true);
  return 'held';
}

/** Where a finding points: the target cell, or its row, or what the key says when neither was read. */
function locate(ctx: Ctx, ref: CellRef, fact: Fact | undefined) {
  const f = fact ?? ctx.index.row(ref.table, ref.key);
  const [kind, value] = [ref.key.slice(0, 1), ref.key.slice(2)];
  const item_code = f?.item_code ?? (kind === 'c' ? value : null);
  const line_no = f?.line_no ?? (kind === 'l' ? Number(value) : null);
  const item_name = f?.item_name ?? (kind === 'n' ? value : null);
  const page = f?.page ?? ctx.index.firstPage(ref.table);
  const label = [item_code, line_no != null ? `line ${line_no}` : null, item_name].filter(Boolean).join(' ');
  return { item_code, line_no, item_name, page, label };
}
