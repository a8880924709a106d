/**
 * No silent OCR errors, by construction: every OCR'd cell is either confirmed by an identity
 * that holds exactly (after repair.ts), or its row gets an `ocr.unverified` warning.
 *
 * An identity confirms its cells only when it holds to the hundredth and its right-hand side has
 * at least two non-zero cells. A parent with one (non-zero) child is the same number printed
 * twice: a misread that hits both copies alike (a leading 1 lost at the same border) leaves it
 * holding, so it confirms nothing. Rows of an identity that fails and has OCR'd cells are
 * flagged too when a term is absent (a lost cell or row has no fact to hang a finding on).
 */
import { Decimal } from 'decimal.js';
import { tableSpec } from '../templates/index.ts';
import type { Fact, NormalisedDoc, QualityFinding } from '../types.ts';
import { cellKey, Ctx, rowKeyOf, type RowKey } from './context.ts';
import type { CellRef, Identity } from './identity.ts';
import { collect, holds } from './repair.ts';
import { SEAL_MAX_CONF } from '../extract/ocr/seal.ts';
import { isUnplaced } from './lost.ts';
import { yuan } from './tolerance.ts';

/** Non-zero right-hand cells an exact identity needs before it confirms its cells. */
const MIN_INDEPENDENT_TERMS = 2;
/**
 * A failed identity with more unread rows than this (01's 26 template lines, most blank) cannot
 * say which one was lost: the whole table is flagged instead of each blank line.
 */
const MAX_LOST_ROW_FLAGS = 3;

/**
 * OCR'd cells an exact identity with ≥ MIN_INDEPENDENT_TERMS non-zero parts confirms, and the
 * lost rows (terms absent from identities that fail) — one pass over the report's identities.
 */
export function confirmOcr(doc: NormalisedDoc): Confirmation {
  const ctx = new Ctx(doc);
  const codes = new Set(doc.facts.map((f) => f.item_code).filter((c): c is string => !!c));
  const verified = new Set<Fact>();
  const absent: { ref: CellRef; id: Identity }[] = [];
  const tables = new Map<string, { id: Identity; rows: number; page: number }>();
  const year = doc.report.fiscal_year ?? undefined;
  const unplaced = doc.facts.filter((f) => isUnplaced(f, year));
  for (const id of collect(ctx)) {
    const target = ctx.index.get(id.target.table, id.target.key, id.target.measure);
    const terms = id.terms.map((t) => ({ ref: t, fact: ctx.index.get(t.table, t.key, t.measure), sign: t.sign ?? 1 }));
    const cells = [target, ...terms.map((t) => t.fact)];
    if (!cells.some((f) => f?.method === 'ocr')) continue;
    const sum = terms.reduce((s, t) => s.plus(yuan(t.fact?.value_yuan).times(t.sign)), new Decimal(0));
    const exact = !!target && (sum.eq(yuan(target.value_yuan)) || explained(target, yuan(target.value_yuan).minus(sum), id, unplaced));
    const nonZero = terms.filter((t) => t.fact && !yuan(t.fact.value_yuan).isZero()).length;
    if (exact && nonZero >= MIN_INDEPENDENT_TERMS) {
      for (const f of cells) if (f) verified.add(f);
    }
    // A lost row (no fact at all) has nothing to hang a finding on: flag its key, when the
    // identity fails beyond rounding. A blank cell in a row that was read is just blank.
    if (target && !exact && !holds(target, terms, doc)) {
      const lost: CellRef[] = terms.filter((t) => !t.fact && ctx.index.hasTable(t.ref.table) && !ctx.index.row(t.ref.table, t.ref.key)).map((t) => t.ref);
      lost.push(...lostChildren(ctx, id.target, codes));
      if (lost.length > MAX_LOST_ROW_FLAGS) tables.set(id.target.table, { id, rows: lost.length, page: target.page });
      else for (const ref of lost) absent.push({ ref, id });
    }
  }
  return { ctx, verified, absent, tables };
}

/** Confidence of an OCR'd word under a seal (seal.ts SEAL_MAX_CONF) or as unsure: named in the message. */
const LOW_CONFIDENCE = SEAL_MAX_CONF;

/** Unplaced rows tried together when explaining a sum's difference. */
const MAX_EXPLAINING_ROWS = 3;
const MAX_CANDIDATES = 10;
/** Sums over a coded table's rows, where a row under a misread code is a missing term. */
const EXPLAINABLE = new Set(['sum.children', 'sum.total']);

/**
 * A sum within one table that misses exactly the value of rows read under an unreadable code
 * (lost.ts isUnplaced: '301410聪工…' 26.15 for 30110) holds once they are put back: its other
 * cells are confirmed. The unplaced rows themselves stay unconfirmed (and flagged).
 */
function explained(target: Fact, diff: Decimal, id: Identity, unplaced: Fact[]): boolean {
  if (diff.isZero() || !EXPLAINABLE.has(id.check) || id.terms.some((t) => t.table !== target.table_code || (t.sign ?? 1) !== 1)) return false;
  const cands = unplaced.filter((f) => f.table_code === target.table_code && f.measure === target.measure && f.page === target.page).slice(0, MAX_CANDIDATES);
  const hit = (from: number, left: Decimal, depth: number): boolean =>
    left.isZero() || (depth > 0 && cands.slice(from).some((f, i) => hit(from + i + 1, left.minus(yuan(f.value_yuan)), depth - 1)));
  return hit(0, diff, MAX_EXPLAINING_ROWS);
}

export interface Confirmation {
  ctx: Ctx;
  verified: Set<Fact>;
  absent: { ref: CellRef; id: Identity }[];
  tables: Map<string, { id: Identity; rows: number; page: number }>;
}

/**
 * `ocr.doubt` names every OCR'd row of an identity that fails; a cell another exact identity
 * confirms is not the one misread (a 02 row whose sources add up exactly to its 本年收入合计,
 * doubted because its 类 lost another 款).
 */
export function dropConfirmedDoubts(findings: QualityFinding[], c: Confirmation): QualityFinding[] {
  if (!c.verified.size) return findings;
  const ok = new Set([...c.verified].map(cellKey));
  return findings.filter((f) => f.check_id !== 'ocr.doubt' || !ok.has(cellKey(f)));
}

export function unverifiedOcr(doc: NormalisedDoc, earlier: QualityFinding[], confirmation?: Confirmation): QualityFinding[] {
  if (!doc.facts.some((f) => f.method === 'ocr')) return [];
  const { ctx, verified, absent, tables } = confirmation ?? confirmOcr(doc);
  // One finding per row (table + row key), unless the row already carries a warning or error.
  const flagged = new Set(earlier.filter((f) => f.severity !== 'info' && f.table_code).map((f) => `${f.table_code}|${rowKeyOf(f)}`));
  const rows = new Map<string, { table: string; key: RowKey; facts: Fact[]; lost: string[]; page: number | null }>();
  const row = (table: string, key: RowKey, page: number | null) => {
    const k = `${table}|${key}`;
    if (flagged.has(k)) return null;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { table, key, facts: [], lost: [], page }));
    return r;
  };
  for (const f of doc.facts) {
    const key = rowKeyOf(f);
    if (f.method !== 'ocr' || f.value_yuan == null || verified.has(f) || key == null) continue;
    if (yuan(f.value_yuan).isZero()) continue; // a blank read as blank; a lost value shows in its identity
    row(f.table_code, key, f.page)?.facts.push(f);
  }
  for (const { ref, id } of absent) {
    const page = ctx.index.row(ref.table, ref.key)?.page ?? ctx.index.firstPage(ref.table);
    const r = row(ref.table, ref.key, page);
    if (r && !r.lost.includes(ref.measure)) r.lost.push(`${ref.measure} (needed by ${id.check} ${id.what})`);
  }
  const out = [...rows.values()].map((r) => finding(doc, r));
  out.push(...misreadNames(doc, [...rows.values()]));
  for (const [table, { id, rows: n, page }] of tables) {
    out.push({
      ...rowFinding(doc, table, null, null, null, page),
      message: `${table}: ${id.check} ${id.what} fails beyond rounding and ${n} of its rows were not read: a row may have been lost by OCR; check the table against page ${page}`,
    });
  }
  return out;
}

/**
 * A table keyed by its printed row names (B01, B04: 一、一般公共预算, 基本支出) files an OCR'd
 * value under the name as read: a misread name (心般公共预算) or a lost ordinal (基本支出 for
 * 一、基本支出) leaves the printed name's row empty, and that row has no finding of its own.
 * So unconfirmed rows of such a table are also said for the table as a whole. 三公 tables map
 * their names onto the template's items and are not meant.
 */
function misreadNames(doc: NormalisedDoc, rows: { table: string; key: RowKey; facts: Fact[]; page: number | null }[]): QualityFinding[] {
  const byTable = new Map<string, { names: string[]; page: number | null }>();
  for (const r of rows) {
    const spec = tableSpec(r.table);
    if (!r.key.startsWith('n:') || !r.facts.length || spec?.keyed_by !== 'item_name' || spec.sangong) continue;
    const t = byTable.get(r.table) ?? { names: [], page: r.page };
    t.names.push(r.key.slice(2));
    byTable.set(r.table, t);
  }
  return [...byTable].map(([table, { names, page }]) => ({
    ...rowFinding(doc, table, null, null, null, page),
    message: `${table}: ${names.length} OCR'd row${names.length > 1 ? 's' : ''} of this table keyed by printed names (${names.slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''}) ${names.length > 1 ? 'are' : 'is'} confirmed by no identity; a misread name files its value under that name and leaves the printed row empty: check the names against page ${page ?? '?'}`,
  }));
}

/**
 * Sums over a parent's children are built from the rows that were read, so a child row OCR lost
 * is no term of them. Children of the parent printed in another table of the report (02, 03 and
 * 05 list the same codes) but absent here are the candidates.
 */
function lostChildren(ctx: Ctx, target: CellRef, codes: Set<string>): CellRef[] {
  if (!target.key.startsWith('c:')) return [];
  const parent = target.key.slice(2);
  const here = new Set(ctx.index.rowKeys(target.table));
  return [...codes]
    .filter((c) => c.length === parent.length + 2 && c.startsWith(parent) && !here.has(`c:${c}`))
    .map((c) => ({ table: target.table, key: `c:${c}`, measure: target.measure }));
}

function rowFinding(doc: NormalisedDoc, table: string, item_code: string | null, line_no: number | null, item_name: string | null, page: number | null): QualityFinding {
  return { report_id: doc.report.report_id, check_id: 'ocr.unverified', severity: 'warning', table_code: table, item_code, line_no, item_name, measure: null, expected: null, actual: null, page, message: '' };
}

function finding(doc: NormalisedDoc, r: { table: string; key: RowKey; facts: Fact[]; lost: string[]; page: number | null }): QualityFinding {
  const [kind, value] = [r.key.slice(0, 1), r.key.slice(2)];
  const label = kind === 'l' ? `line ${value}` : value;
  // A seal over the cell (extract/ocr/seal.ts) or a smudge leaves a low confidence: say so.
  const read = r.facts.map((f) => `${f.measure} '${f.value_text}'${f.confidence <= LOW_CONFIDENCE ? ` (confidence ${f.confidence.toFixed(2)}: under a seal or smudged)` : ''}`);
  const parts = [
    read.length ? `read by OCR as ${read.join(', ')}, confirmed by no identity that holds exactly with two or more non-zero parts` : '',
    r.lost.length ? `no value read for ${r.lost.join('; ')}` : '',
  ].filter(Boolean);
  const one = r.facts.length === 1 && !r.lost.length ? r.facts[0]! : null;
  return {
    ...rowFinding(doc, r.table, kind === 'c' ? value : null, kind === 'l' ? Number(value) : null, kind === 'n' ? value : null, r.page),
    measure: one?.measure ?? null,
    actual: one?.value_yuan ?? null,
    message: `${r.table} ${label} (page ${r.page ?? '?'}): ${parts.join('; ')}: check the row against the page`,
  };
}
