/**
 * What parsing lost from an OCR'd table, said where a reviewer can see it. A lost row has no
 * fact, so no finding hangs on it unless one names its key: verify.ts covers the terms of a
 * failed identity; this module compares each OCR'd coded table with what the template and the
 * rest of the report say it must hold.
 *
 * - `ocr.row_lost` (row): a code the table does not hold although its own 款/项 rows were read
 *   (the parent row is printed above them), or although a peer table prints it with a value
 *   (决算 02 and 03 list the same codes; 05 those 02 funds by 财政拨款 outside 07/08: `row_peers`).
 * - `ocr.row_unplaced` (table): rows were read whose code is unreadable (a name only, not a total
 *   row) or unknown to the subject reference, or whose label holds a value or a second code (cells
 *   of two rows or two panels glued, in any OCR'd table): some printed row's key was misread, so
 *   any row of the table may be missing or carry another row's values.
 * - `ocr.row_lost` (table): a parent prints more than its read child rows add up to; a child row
 *   OCR lost entirely (code, name and values) leaves nothing else to point at.
 *
 * Only OCR'd tables are looked at: a text layer does not lose rows, and a table printed with a
 * code its peers lack is the report's own business (the identities judge it).
 */
import { Decimal } from 'decimal.js';
import type { Fact, NormalisedDoc, QualityFinding } from '../types.ts';
import { lookupSubject } from '../normalise/reference/subjects.ts';
import { rowKeyOf } from './context.ts';
import { templateOfDoc } from './template.ts';
import { stepYuan } from './tolerance.ts';

/** More lost rows than this in one table are listed in one table-level finding, not row by row. */
export const MAX_LOST_ROW_FINDINGS = 6;
/** Rows named in a table-level message before "…". */
const LIST_AT_MOST = 8;
/** Names of the total rows a coded table keys by name (normalise/codes.ts canonicalTotal). */
const TOTAL_NAMES = /^(总计|小计|共计|累计|合计|人员经费合计|公用经费合计)$/;

interface Lost {
  code: string;
  why: string[];
}

export function lostOcrRows(doc: NormalisedDoc, earlier: QualityFinding[]): QualityFinding[] {
  const ocrTables = new Set(doc.facts.filter((f) => f.method === 'ocr').map((f) => f.table_code));
  if (ocrTables.size === 0) return [];
  const ids = templateOfDoc(doc).identities;
  const levels = new Map<string, number[]>([
    ...ids.function_tables.map((t): [string, number[]] => [t, [3, 5]]),
    ...ids.economic_tables.map((t): [string, number[]] => [t, [3]]),
  ]);
  const byTable = groupBy(doc.facts, (f) => f.table_code);
  const flaggedRows = new Set(earlier.filter(isFlag).map((f) => `${f.table_code}|${rowKeyOf(f)}`));
  const year = doc.report.fiscal_year ?? undefined;
  const out: QualityFinding[] = [];
  for (const [table, parentLengths] of levels) {
    const facts = byTable.get(table) ?? [];
    if (!ocrTables.has(table) || facts.length === 0) continue;
    const here = new Set(facts.map((f) => f.item_code).filter((c): c is string => !!c));
    const lost = new Map<string, Lost>();
    const add = (code: string, why: string) => {
      // A code no reference knows is a misread itself (ocr.row_unplaced says so), not a lost row.
      if (flaggedRows.has(`${table}|c:${code}`) || !known(code, year)) return;
      const l = lost.get(code) ?? { code, why: [] };
      if (!l.why.includes(why)) l.why.push(why);
      lost.set(code, l);
    };
    for (const code of here) {
      for (const n of parentLengths) if (code.length > n && !here.has(code.slice(0, n))) add(code.slice(0, n), `its rows ${code.slice(0, n)}… were read`);
    }
    const rule = ids.row_peers?.find((p) => p.table === table);
    const excepted = new Set((rule?.except ?? []).flatMap((t) => (byTable.get(t) ?? []).map((f) => f.item_code)));
    for (const peer of rule?.peers ?? []) {
      for (const code of nonZeroCodes(byTable.get(peer) ?? [], rule?.measure)) {
        if (!here.has(code) && !excepted.has(code)) add(code, `table ${peer} prints it${rule?.measure ? ` with ${rule.measure}` : ''}`);
      }
    }
    const page = Math.min(...facts.map((f) => f.page));
    if (lost.size > MAX_LOST_ROW_FINDINGS) out.push(tableLost(doc, table, [...lost.values()], page));
    else for (const l of lost.values()) out.push(rowLost(doc, table, l, page));
    const unplaced = unplacedRows(facts, (f) => isUnplaced(f, year));
    if (unplaced.length) out.push(tableUnplaced(doc, table, unplaced, page));
    const short = lost.size > MAX_LOST_ROW_FINDINGS || unplaced.length ? [] : shortfalls(facts, parentLengths, doc.report.unit_as_printed);
    if (short.length) out.push(tableShort(doc, table, short, page));
  }
  // Tables keyed by line or name (01, 04, 09) lose rows the same way when OCR glues a value into a label.
  for (const table of ocrTables) {
    const facts = byTable.get(table) ?? [];
    if (levels.has(table) || !facts.length) continue;
    const glued = unplacedRows(facts, (f) => f.method === 'ocr' && AMOUNT_IN_LABEL.test(f.item_name ?? ''));
    if (glued.length) out.push(tableUnplaced(doc, table, glued, Math.min(...facts.map((f) => f.page))));
  }
  return out;
}

/**
 * Parents whose read child rows add up to less than they print, beyond rounding: a child row
 * OCR lost entirely leaves no key behind (no code, no name), so only the shortfall shows it.
 * Misread values fail the sum too, but a row-level finding on the parent cannot point at a row
 * that was never read: the table is flagged.
 */
function shortfalls(facts: Fact[], parentLengths: number[], reportUnit: string | null): { code: string; measure: string; by: Decimal }[] {
  const cells = new Map<string, Fact>();
  for (const f of facts) if (f.item_code && f.value_yuan != null) cells.set(`${f.item_code}|${f.measure}`, f);
  const out: { code: string; measure: string; by: Decimal }[] = [];
  for (const f of cells.values()) {
    const code = f.item_code!;
    if (!parentLengths.includes(code.length)) continue;
    const kids = [...cells.values()].filter((k) => k.measure === f.measure && k.item_code!.length === code.length + 2 && k.item_code!.startsWith(code));
    if (!kids.length) continue;
    const sum = kids.reduce((s, k) => s.plus(k.value_yuan!), new Decimal(0));
    const by = new Decimal(f.value_yuan!).minus(sum);
    if (by.gt(stepYuan(f.unit_as_printed ?? reportUnit).times(kids.length))) out.push({ code, measure: f.measure, by });
  }
  return out;
}

function tableShort(doc: NormalisedDoc, table: string, short: { code: string; measure: string; by: Decimal }[], page: number): QualityFinding {
  const list = short.slice(0, LIST_AT_MOST).map((s) => `${s.code} ${s.measure} by ${s.by.toFixed(2)} 元`).join('; ') + (short.length > LIST_AT_MOST ? '; …' : '');
  return {
    ...base(doc, 'ocr.row_lost', table, null, page),
    message: `${table}: parent rows print more than their read child rows add up to (${list}): OCR may have lost a child row entirely, which leaves no code to name; check the table against page ${page} of the source`,
  };
}

const isFlag = (f: QualityFinding) => f.severity !== 'info' && !!f.table_code;

/** Codes a table prints with a non-zero value somewhere in the row (in `measure`, when given). */
function nonZeroCodes(facts: Fact[], measure?: string): Set<string> {
  const valued = facts.filter((f) => f.item_code && f.value_yuan != null && !new Decimal(f.value_yuan).isZero() && (!measure || f.measure === measure));
  return new Set(valued.map((f) => f.item_code!));
}

/** A code of the subject reference, in the report's year or any other. */
const known = (code: string, year: number | undefined) => !!(lookupSubject(code, year) ?? lookupSubject(code));

/**
 * An OCR'd cell with a value whose row key cannot be right: no code and no total's name, a code
 * no reference knows, or a label that holds another row's key or a value (gluedLabel).
 */
export function isUnplaced(f: Fact, year: number | undefined): boolean {
  if (f.method !== 'ocr' || f.value_yuan == null || new Decimal(f.value_yuan).isZero()) return false;
  return f.item_code ? !known(f.item_code, year) || gluedLabel(f, year) : !TOTAL_NAMES.test(f.item_name ?? '');
}

/** An amount inside a row label. */
const AMOUNT_IN_LABEL = /\d\.\d{2}/;
/** A subject code (3, 5 or 7 digits) starting a name inside a row label. */
const CODE_IN_LABEL = /(?<!\d)(\d{3}(?:\d{2}){0,2})(?=[\p{Script=Han}（(])/gu;

/**
 * A coded row's printed label holding an amount or a second subject code ('工资福利支出1,414.13302
 * 商品和服务支出', '助学金30309奖励金'): OCR glued cells of two rows, or of two panels side by
 * side, into one row. Its values may be the other row's, and that row is missing.
 */
function gluedLabel(f: Fact, year: number | undefined): boolean {
  const name = f.item_name ?? '';
  if (AMOUNT_IN_LABEL.test(name)) return true;
  for (const m of name.matchAll(CODE_IN_LABEL)) if (m[1] !== f.item_code && known(m[1]!, year)) return true;
  return false;
}

/** The rows of a table whose facts `unplaced` picks, one entry per row. */
function unplacedRows(facts: Fact[], unplaced: (f: Fact) => boolean): { label: string; value: string }[] {
  const rows = new Map<string, { label: string; value: string }>();
  for (const f of facts) {
    if (!unplaced(f)) continue;
    const label = f.item_code ?? (f.line_no !== null ? `line ${f.line_no}` : `'${f.item_name ?? ''}'`);
    if (!rows.has(label)) rows.set(label, { label, value: f.value_text });
  }
  return [...rows.values()];
}

function base(doc: NormalisedDoc, check_id: string, table: string, item_code: string | null, page: number): QualityFinding {
  return { report_id: doc.report.report_id, check_id, severity: 'warning', table_code: table, item_code, line_no: null, item_name: null, measure: null, expected: null, actual: null, page, message: '' };
}

function rowLost(doc: NormalisedDoc, table: string, l: Lost, page: number): QualityFinding {
  return {
    ...base(doc, 'ocr.row_lost', table, l.code, page),
    message: `${table} ${l.code}: no row was read for this code although ${l.why.join(' and ')}: OCR lost the row or misread its code; check the table against page ${page} of the source (a cleaner or higher-resolution scan may read it)`,
  };
}

function tableLost(doc: NormalisedDoc, table: string, lost: Lost[], page: number): QualityFinding {
  const codes = lost.map((l) => l.code);
  const list = codes.slice(0, LIST_AT_MOST).join(', ') + (codes.length > LIST_AT_MOST ? ', …' : '');
  return {
    ...base(doc, 'ocr.row_lost', table, null, page),
    message: `${table}: ${codes.length} rows were not read although the table's own rows or its peer tables name them (${list}): OCR lost rows or misread their codes; check the whole table against page ${page} of the source`,
  };
}

function tableUnplaced(doc: NormalisedDoc, table: string, rows: { label: string; value: string }[], page: number): QualityFinding {
  const list = rows.slice(0, LIST_AT_MOST).map((r) => `${r.label} '${r.value}'`).join('; ') + (rows.length > LIST_AT_MOST ? '; …' : '');
  return {
    ...base(doc, 'ocr.row_unplaced', table, null, page),
    message: `${table}: ${rows.length} row(s) read by OCR with an unreadable or unknown code, or a label holding another row's code or value (${list}): the rows they were printed as are missing or hold misplaced values; check the table against page ${page} of the source`,
  };
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const a = m.get(k);
    if (a) a.push(x);
    else m.set(k, [x]);
  }
  return m;
}
