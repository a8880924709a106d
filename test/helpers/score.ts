/**
 * A TypeScript port of the cell keying and comparison of the scoring tool (score.py):
 *
 * - a cell is keyed by (table_code, item_code, line_no, item_name*, measure), where item_name
 *   only counts when the row has neither item_code nor line_no (三公 items, 合计 rows,
 *   人员经费合计 …);
 * - zero and empty cells are ignored on both sides (a blank cell and a printed 0.00 agree);
 * - values compare exactly, in 元 (as decimals, never floats);
 * - table 09's budget columns (年初预算数 / 全年预算数 / 预算数) compare as one measure unless
 *   the truth itself has both budget columns;
 * - only tables 01–09 count.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';

/** A row of facts.csv or a truth CSV: only the keyed columns and the value are read. */
export interface CellRow {
  table_code?: string | null;
  item_code?: string | null;
  line_no?: string | number | null;
  item_name?: string | null;
  measure?: string | null;
  value_yuan?: string | null;
}

export type CellKey = string;

const TABLES = new Set(Array.from({ length: 9 }, (_, i) => String(i + 1).padStart(2, '0')));
const BUDGET_09 = new Set(['年初预算数', '全年预算数', '预算数']);

export function norm(s: unknown): string {
  return String(s ?? '').normalize('NFKC').trim().replace(/\s+/g, '');
}

function dec(s: unknown): Decimal | null {
  try {
    const t = norm(s).replace(/,/g, '');
    return t ? new Decimal(t) : null;
  } catch {
    return null;
  }
}

function table(s: unknown): string {
  const t = norm(s);
  return /^\d+$/.test(t) ? t.padStart(2, '0') : t;
}

type KeyParts = [table: string, code: string, line: string, name: string, measure: string];

export function keyParts(row: CellRow): KeyParts {
  const code = norm(row.item_code);
  let line = norm(row.line_no);
  if (line.endsWith('.0')) line = line.slice(0, -2);
  const name = code || line ? '' : norm(row.item_name);
  return [table(row.table_code), code, line, name, norm(row.measure)];
}

const encode = (k: KeyParts): CellKey => JSON.stringify(k);
const decode = (k: CellKey): KeyParts => JSON.parse(k) as KeyParts;

/** Non-zero cells of tables 01–09, keyed like score.py. */
export function cells(rows: CellRow[]): Map<CellKey, Decimal> {
  const out = new Map<CellKey, Decimal>();
  for (const r of rows) {
    const k = keyParts(r);
    if (!TABLES.has(k[0])) continue;
    const v = dec(r.value_yuan);
    if (v === null || v.isZero()) continue;
    out.set(encode(k), v);
  }
  return out;
}

function collapse09(m: Map<CellKey, Decimal>, truthKeys: Set<CellKey>): Map<CellKey, Decimal> {
  const measures09 = new Set([...truthKeys].map(decode).filter((k) => k[0] === '09').map((k) => k[4]));
  if (measures09.has('年初预算数') && measures09.has('全年预算数')) return m;
  const out = new Map<CellKey, Decimal>();
  for (const [key, v] of m) {
    const k = decode(key);
    out.set(k[0] === '09' && BUDGET_09.has(k[4]) ? encode([k[0], k[1], k[2], k[3], '预算数']) : key, v);
  }
  return out;
}

export interface Score {
  truth: number;
  got: number;
  ok: number;
  wrong: { key: KeyParts; truth: string; got: string }[];
  missing: { key: KeyParts; truth: string }[];
  extra: { key: KeyParts; got: string }[];
  f1: number;
}

/** Compare a report's facts with its truth cells. */
export function score(facts: CellRow[], truthRows: CellRow[]): Score {
  const rawTruth = cells(truthRows);
  const truthKeys = new Set(rawTruth.keys());
  const truth = collapse09(rawTruth, truthKeys);
  const got = collapse09(cells(facts), truthKeys);
  const wrong: Score['wrong'] = [];
  const missing: Score['missing'] = [];
  const extra: Score['extra'] = [];
  let ok = 0;
  for (const [k, v] of truth) {
    const g = got.get(k);
    if (g === undefined) missing.push({ key: decode(k), truth: v.toFixed(2) });
    else if (g.equals(v)) ok++;
    else wrong.push({ key: decode(k), truth: v.toFixed(2), got: g.toFixed(2) });
  }
  for (const [k, v] of got) if (!truth.has(k)) extra.push({ key: decode(k), got: v.toFixed(2) });
  const p = got.size ? ok / got.size : 0;
  const r = truth.size ? ok / truth.size : 1;
  const f1 = p + r ? (2 * p * r) / (p + r) : 0;
  return { truth: truth.size, got: got.size, ok, wrong, missing, extra, f1 };
}

/** Read a CSV as UTF-8 (with or without BOM) into objects keyed by the header row. */
export function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
}
