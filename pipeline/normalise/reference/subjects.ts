/**
 * The subject reference: 支出功能分类科目 (类/款/项) and 部门预算支出经济分类科目 (类/款),
 * loaded once from the CSV files beside this module (see docs/reference.md for provenance).
 * All lookups are synchronous and pure.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { namesMatch, normaliseName } from './names.ts';

export { namesMatch, normaliseName } from './names.ts';

export type Classification = '功能分类' | '经济分类';
export type SubjectLevel = '类' | '款' | '项';

/** One row of the `subjects` table: a name a code carried over a span of years. */
export interface SubjectRef {
  code: string;
  classification: Classification;
  level: SubjectLevel;
  name: string;
  /** Code of the enclosing 类/款; null for a 类. */
  parent_code: string | null;
  /** First budget year the name applies to; null = since before the reference starts. */
  valid_from: number | null;
  /** Last budget year the name applies to; null = still current. */
  valid_to: number | null;
}

/** A row as stored: the published columns plus where it came from. */
interface SubjectRow extends SubjectRef {
  source: 'official' | 'observed';
}

interface AliasRow {
  code: string;
  alias: string;
}

function readCsv(file: string): Record<string, string>[] {
  const text = readFileSync(new URL(file, import.meta.url), 'utf8');
  return parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true });
}

const yearOrNull = (s: string | undefined): number | null => (s ? Number(s) : null);

function loadSubjects(): SubjectRow[] {
  return readCsv('./subjects.csv').map((r) => ({
    code: r.code!,
    classification: r.classification as Classification,
    level: r.level as SubjectLevel,
    name: r.name!,
    parent_code: r.parent_code || null,
    valid_from: yearOrNull(r.valid_from),
    valid_to: yearOrNull(r.valid_to),
    source: r.source as SubjectRow['source'],
  }));
}

const ROWS: SubjectRow[] = loadSubjects();
const ALIASES: AliasRow[] = readCsv('./subject-aliases.csv').map((r) => ({ code: r.code!, alias: r.alias! }));

const BY_CODE = new Map<string, SubjectRow[]>();
for (const row of ROWS) {
  const list = BY_CODE.get(row.code) ?? [];
  list.push(row);
  BY_CODE.set(row.code, list);
}

const ALIASES_BY_CODE = new Map<string, string[]>();
for (const a of ALIASES) ALIASES_BY_CODE.set(a.code, [...(ALIASES_BY_CODE.get(a.code) ?? []), a.alias]);

function toRef(row: SubjectRow): SubjectRef {
  const { source: _source, ...ref } = row;
  return ref;
}

function validIn(row: SubjectRef, year: number): boolean {
  return (row.valid_from === null || row.valid_from <= year) && (row.valid_to === null || year <= row.valid_to);
}

/** The newest name: the open-ended row, else the one that ended last. */
function latest(rows: SubjectRow[]): SubjectRow {
  return [...rows].sort((a, b) => (b.valid_to ?? Infinity) - (a.valid_to ?? Infinity))[0]!;
}

/**
 * The reference entry for a code (digits only). With `year`, the name valid in that budget
 * year, or null if the code did not exist then; without, the current name.
 */
export function lookupSubject(code: string, year?: number): SubjectRef | null {
  const rows = BY_CODE.get(code.trim());
  if (!rows) return null;
  if (year === undefined) return toRef(latest(rows));
  const hit = rows.find((r) => validIn(r, year));
  return hit ? toRef(hit) : null;
}

/** Every row, for loading the DuckDB `subjects` table (a code appears once per name it had). */
export function allSubjects(): SubjectRef[] {
  return ROWS.map(toRef);
}

/** Names a code is known by: reference names (all years) plus observed variants. */
export function knownNames(code: string): string[] {
  return [...(BY_CODE.get(code) ?? []).map((r) => r.name), ...(ALIASES_BY_CODE.get(code) ?? [])];
}

/** Whether `printed` matches any name the code has had (or a recorded variant of it). */
export function nameMatchesCode(printed: string, code: string): boolean {
  return knownNames(code).some((n) => namesMatch(printed, n));
}

// ─── function classification: names → code ─────────────────────────────────────────────────

interface LevelNames {
  /** 类 name, e.g. 卫生健康支出 (the 支出 suffix and a （类） marker are optional). */
  lei?: string;
  /** 款 name, e.g. 医疗保障管理事务. */
  kuan?: string;
  /** 项 name, e.g. 行政运行. */
  xiang?: string;
}

function functionCodes(level: SubjectLevel, parent: string | null): string[] {
  const codes = new Set<string>();
  for (const r of ROWS) {
    if (r.classification !== '功能分类' || r.level !== level) continue;
    if (parent !== null && r.parent_code !== parent) continue;
    codes.add(r.code);
  }
  return [...codes];
}

/**
 * Codes among `candidates` whose name matches `printed`. Names valid in `year` are tried
 * first; reports often keep a former name (行政事业单位离退休 after 2020), so every name the
 * code ever had is the fallback.
 */
function matchAmong(candidates: string[], printed: string, year?: number): string[] {
  if (year !== undefined) {
    const current = candidates.filter((c) => {
      const ref = lookupSubject(c, year);
      return ref !== null && namesMatch(printed, ref.name);
    });
    if (current.length > 0) return current;
  }
  return candidates.filter((c) => nameMatchesCode(printed, c));
}

/** The single code matching `printed` under `parent`, or null when none or several match. */
function resolveLevel(level: SubjectLevel, parent: string | null, printed: string, year?: number): string | null {
  const hits = matchAmong(functionCodes(level, parent), printed, year);
  return hits.length === 1 ? hits[0]! : null;
}

/** A 项 under any 款 of a 类: recovers prose that names the 项 under the wrong 款. */
function resolveXiangInLei(lei: string, printed: string, year?: number): string | null {
  const kuans = functionCodes('款', lei);
  const hits = kuans.flatMap((k) => matchAmong(functionCodes('项', k), printed, year));
  return hits.length === 1 ? hits[0]! : null;
}

/**
 * Map 类/款/项 names, as written in report prose, to the function code of the deepest level
 * given. 项 names repeat across 款 (行政运行), so each level is resolved within its parent.
 * When a 项 is not found under the named 款 but exactly one 项 of that name exists in the
 * 类, that code is returned (reports do misplace 项 under the wrong 款). Null when a level
 * cannot be resolved to exactly one code.
 */
export function findFunctionCode(names: LevelNames, year?: number): string | null {
  let code: string | null = null;
  if (names.lei) {
    code = resolveLevel('类', null, names.lei, year);
    if (!code) return null;
  }
  if (names.kuan) {
    const kuan = resolveLevel('款', code, names.kuan, year);
    if (!kuan) return null;
    code = kuan;
  }
  if (names.xiang) {
    if (!code) return null; // a bare 项 name (行政运行) is meaningless without its parent
    const xiang = resolveLevel('项', code, names.xiang, year);
    if (xiang) return xiang;
    return code.length === 5 ? resolveXiangInLei(code.slice(0, 3), names.xiang, year) : null;
  }
  return code;
}

/** Prose such as 卫生健康支出（类）医疗保障管理事务（款）行政运行（项） split into its levels. */
export function splitLevelPhrase(text: string): LevelNames {
  const out: LevelNames = {};
  const key = { 类: 'lei', 款: 'kuan', 项: 'xiang' } as const;
  // a name may itself hold brackets (政府办公厅（室）及相关机构事务), so only a bracket that
  // is not a level marker is allowed inside it
  const re = /((?:[^()]|\((?!\d*[类款项]\))[^()]*\))+?)\(\d*([类款项])\)/g;
  for (const m of text.normalize('NFKC').matchAll(re)) {
    const name = m[1]!.replace(/^[\s\d.、,，:：;；]+/, '').trim();
    if (name) out[key[m[2] as SubjectLevel]] = name;
  }
  return out;
}

// ─── economic classification: name → code ───────────────────────────────────────────────────

/**
 * The 309/311 series (资本性支出（基本建设）, 对企业补助（基本建设）) repeat the 款 names of
 * 310/312. Departmental accounts' table 06 prints the 310/312 series, so on a tie those win.
 */
const CAPITAL_CONSTRUCTION_CLASSES = new Set(['309', '311']);

function economicRows(): SubjectRow[] {
  return ROWS.filter((r) => r.classification === '经济分类');
}

function preferDepartmental(codes: string[]): string[] {
  const preferred = codes.filter((c) => !CAPITAL_CONSTRUCTION_CLASSES.has(c.slice(0, 3)));
  return preferred.length > 0 ? preferred : codes;
}

/**
 * The 经济分类 code for a printed name (e.g. 办公费 → 30201), or null if unknown or
 * ambiguous. Exact (normalised) names win over tolerant matches. A name shared by a 类 and
 * its 款 (其他支出: 399 and 39999) is ambiguous unless `level` says which is meant.
 */
export function economicCodeByName(name: string, level?: '类' | '款'): string | null {
  const rows = economicRows().filter((r) => level === undefined || r.level === level);
  const codes = [...new Set(rows.map((r) => r.code))];
  const exact = codes.filter((c) => knownNames(c).some((n) => normaliseName(n) === normaliseName(name)));
  const hits = preferDepartmental(exact.length > 0 ? exact : codes.filter((c) => nameMatchesCode(name, c)));
  return hits.length === 1 ? hits[0]! : null;
}
