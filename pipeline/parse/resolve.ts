/**
 * One table per table_code. When two tables claim one code, the better claim keeps it: for
 * OCR'd tables the title that matches the template's wording more closely, else (and on a
 * tie) the fuller table. A text-layer loser is a second printing and is dropped, as always.
 * An OCR'd loser — usually a title misread into a shorter wording (一舫公共预算财政拨款支出
 * 决算表 read as 支出决算表) — and an OCR'd table whose title matched nothing are placed by
 * their position in the report: between two tables of one template, with exactly one of that
 * template's codes unclaimed between them, and content that fits it (subject codes of its
 * classification, two sides for a two-sided table). Otherwise they stay unmapped (cells
 * only). Every decision is a warning of the report: nothing is claimed or dropped silently.
 */
import { templateOf, tableSpec, type TableSpec } from '../templates/index.ts';
import type { RawTable } from '../types.ts';
import { codeByEvidence, strongestWording, tolerantTitle } from './fuzzy-title.ts';
import { isMoney } from './grid.ts';
import { tableCodeFromTitle } from './titles.ts';

export interface Found {
  table: RawTable;
  /** Document order of the region. */
  order: number;
  /** Read by OCR: title misreads are possible, so the claim's strength counts. */
  ocr: boolean;
}

export function valueCount(t: RawTable): number {
  return t.rows.reduce((n, r) => n + r.cells.filter((c) => isMoney(c)).length, 0);
}

/** Strength of an OCR'd table's claim on its code: how well its title matches (0: by label only). */
function claimScore(f: Found): number {
  const m = tolerantTitle(f.table.title);
  return m && m.code === f.table.table_code ? m.score : 0;
}

function where(t: RawTable): string {
  return `'${t.title.replace(/\s/g, '')}' (page${t.pages.length > 1 ? 's' : ''} ${t.pages.join(',')})`;
}

/** The tables to keep, one per code, in document order; `warnings` says what was decided. */
export function resolveCodes(found: Found[], warnings: string[]): Found[] {
  const kind = dropForeignLabelCodes(found, warnings);
  const byCode = new Map<string, Found>();
  const displaced: Found[] = [];
  for (const f of found) {
    const code = f.table.table_code;
    if (code === null) continue;
    const prev = byCode.get(code);
    if (!prev) {
      byCode.set(code, f);
      continue;
    }
    const ocr = f.ocr || prev.ocr;
    const [a, b] = ocr ? [claimScore(f), claimScore(prev)] : [0, 0];
    const better = a > b || (a === b && valueCount(f.table) > valueCount(prev.table));
    const [winner, loser] = better ? [f, prev] : [prev, f];
    byCode.set(code, winner);
    if (loser.ocr) {
      displaced.push(loser);
      loser.table.table_code = null;
    } else if (better) {
      warnings.push(`table ${code} appears twice (pages ${prev.table.pages.join(',')} and ${f.table.pages.join(',')}); kept the fuller one`);
    }
    if (loser.ocr) warnings.push(`tables ${where(prev.table)} and ${where(f.table)} both read as table ${code}; ${where(winner.table)} kept it (${ocr && a !== b ? 'closer title' : 'fuller table'})`);
  }
  const kept = found.filter((f) => f.table.table_code === null || byCode.get(f.table.table_code) === f);
  for (const f of kept) {
    if (f.table.table_code !== null || !f.ocr) continue;
    const byTitle = kind ? codeByTitleEvidence(f, kept, kind) : null;
    const code = byTitle ?? codeByPlace(f, kept);
    if (code) {
      f.table.table_code = code;
      byCode.set(code, f);
      const how = byTitle ? 'by the words of its title it holds and its content' : "by its place between the report's other tables and its content";
      warnings.push(`table ${where(f.table)}: title not recognised; taken as table ${code} ${how}`);
    } else if (displaced.includes(f)) {
      warnings.push(`table ${where(f.table)} was kept without a table code: its cells are published, not its facts`);
    }
  }
  return kept.filter((f) => f.table.table_code === null || byCode.get(f.table.table_code) === f);
}

/**
 * A code read off a 公开NN表 label alone is the 决算 template's number (there label and code
 * agree); a budget numbers its tables its own way (a Jiangsu 公开07表 is B05). So in a report
 * whose recognised titles all belong to one template, a label-only code of another template is
 * dropped: a scanned budget whose titles OCR badly would otherwise file its tables' figures as
 * 决算 facts. The table may still get its code by its place below, or stays cells only.
 */
function dropForeignLabelCodes(found: Found[], warnings: string[]): string | null {
  const kindOf = (code: string) => templateOf(code)?.report_kind ?? null;
  const titled = new Set(found.filter((f) => f.table.table_code !== null && tableCodeFromTitle(f.table.title, f.ocr) === f.table.table_code));
  const kinds = new Set([...titled].map((f) => kindOf(f.table.table_code!)));
  if (kinds.size !== 1) return null;
  const [kind] = kinds;
  for (const f of found) {
    const code = f.table.table_code;
    if (code === null || titled.has(f) || kindOf(code) === kind) continue;
    warnings.push(`table ${where(f.table)}: its label reads as table ${code}, but the report's titled tables are ${kind} tables; not taken as ${code}`);
    f.table.table_code = null;
  }
  return kind ?? null;
}

/**
 * The code a garbled OCR'd title names by the words of it that survived (fuzzy-title.ts
 * codeByEvidence), in a report whose recognised titles are all of one kind: a code still
 * unclaimed, whose content the table fits, clear of every other wording (uncoded tables' too).
 */
function codeByTitleEvidence(f: Found, kept: Found[], kind: string): string | null {
  const claimed = new Set(kept.map((k) => k.table.table_code).filter((c) => c !== null));
  const e = codeByEvidence(f.table.title, kind, (code) => fitsContent(f.table, code));
  return e?.code && !claimed.has(e.code) ? e.code : null;
}

/** Template codes in their printed order (公开01表 …), per family. */
function codeOrder(code: string): string[] {
  return Object.keys(templateOf(code)?.tables ?? {});
}

/**
 * The one code an unmapped OCR'd table can take from its place: its coded neighbours in the
 * report (same template, in template order) leave exactly one unclaimed code between them,
 * and its content fits that code.
 */
function codeByPlace(f: Found, kept: Found[]): string | null {
  const coded = kept.filter((k) => k.table.table_code !== null);
  const before = coded.filter((k) => k.order < f.order).pop();
  const after = coded.find((k) => k.order > f.order);
  const anchor = before ?? after;
  if (!anchor) return null;
  const order = codeOrder(anchor.table.table_code!);
  if (after && before && !order.includes(after.table.table_code!)) return null;
  const lo = before ? order.indexOf(before.table.table_code!) : -1;
  const hi = after ? order.indexOf(after.table.table_code!) : order.length;
  if (hi <= lo) return null;
  const claimed = new Set(coded.map((k) => k.table.table_code));
  const gap = order.slice(lo + 1, hi).filter((c) => !claimed.has(c));
  // Only a gap closed on both sides, or the template's first/last table next to a neighbour.
  if (gap.length !== 1 || (!before && hi !== 1) || (!after && lo !== order.length - 2)) return null;
  // A title that reads as another table (政府采购预算表 after the last fund table) is not this one.
  const titled = strongestWording(f.table.title);
  if (titled && titled.code !== gap[0]) return null;
  return fitsContent(f.table, gap[0]!) ? gap[0]! : null;
}

/** Subject codes of a table's label cells: 3-, 5- or 7-digit codes at the start of a cell. */
function rowCodes(t: RawTable): string[] {
  return t.rows.flatMap((r) => r.cells.map((c) => /^\d{3}(\d{2}){0,2}(?!\d)/.exec(c.replace(/\s/g, ''))?.[0] ?? '').filter(Boolean));
}

/**
 * A transposable table printed vertically (Jiangsu's 收入预算总表: a row per income source, one
 * value column) carries no subject codes: it fits when its row labels name at least
 * MIN_VERTICAL_MEASURES of the spec's measures (by its measure rules).
 */
function printedVertically(t: RawTable, spec: TableSpec): boolean {
  if (!spec.transposable || rowCodes(t).length) return false;
  const labels = t.rows.flatMap((r) => r.cells.filter((c) => /\p{Script=Han}/u.test(c)));
  const named = new Set(spec.measure_rules.filter(([re]) => labels.some((l) => re.test(l))).map(([, m]) => m));
  return named.size >= MIN_VERTICAL_MEASURES;
}
const MIN_VERTICAL_MEASURES = 3;

/** Whether a table's content can be the template's table `code`. */
export function fitsContent(t: RawTable, code: string): boolean {
  const spec = tableSpec(code);
  if (!spec) return false;
  const codes = rowCodes(t);
  const economic = codes.filter((c) => c.startsWith('3')).length;
  const functional = codes.filter((c) => c.startsWith('2')).length;
  if (spec.classification === 'economic') return economic > functional;
  // Positive evidence only: a table without subject codes (政府采购支出预算表) fits no classification table.
  if (spec.classification === 'function') return (functional > 0 && functional >= economic) || printedVertically(t, spec);
  // Two-sided tables (行次 numbering, or keyed by name) print income and expenditure side by side.
  if (spec.lines || spec.two_sided) return t.panels.length >= 2;
  const words = t.rows.flatMap((r) => r.cells).join('');
  if (spec.sangong) return /出国|接待|公务用车/.test(words);
  if (spec.quantities) return /车|房屋|土地|资产/.test(words);
  return false;
}

