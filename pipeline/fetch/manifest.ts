/**
 * Manifests: the list of sources a (nightly) run fetches, as CSV with a header row or as JSON
 * Lines. Each row names one source (an http(s) URL or a local path) and optional hints about
 * it; the hints travel into `SourceRecord.hints`, and the report itself wins where it says more.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { decodeBytes } from '../extract/textinput/decode.ts';
import { ManifestError } from './errors.ts';

export interface ManifestRow {
  /** An http(s) URL, or a local path made absolute (relative paths are taken from the manifest's folder). */
  url: string;
  department?: string;
  /** Free text, e.g. 江西省景德镇市; the report's own wording wins. */
  region?: string;
  fiscal_year?: number;
  report_kind?: '决算' | '预算';
  notes?: string;
  /** 1-based line of the manifest file the row came from, for messages. */
  line: number;
}

const FIELDS = ['url', 'department', 'region', 'fiscal_year', 'report_kind', 'notes'] as const;
type Field = (typeof FIELDS)[number];

/** Reports older than the 2010s reform of 部门决算公开 do not exist online; a year outside this is a typo. */
const MIN_FISCAL_YEAR = 2000;
/** A final account is published after its year ends, so next year is the latest plausible one. */
const maxFiscalYear = () => new Date().getFullYear() + 1;

/** Read a manifest; CSV unless the file ends in .jsonl/.ndjson or its first non-blank character is `{`. */
export async function parseManifest(path: string): Promise<ManifestRow[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ManifestError(path, null, null, code === 'ENOENT' ? 'no such file' : `cannot read: ${String(err)}`);
  }
  // Spreadsheets on Chinese Windows save CSV as GBK: the content decides (UTF-8, BOM, else GB18030).
  const text = decodeBytes(new Uint8Array(bytes)).text;
  const jsonl = /\.(jsonl|ndjson)$/i.test(extname(path)) || text.trimStart().startsWith('{');
  const raw = jsonl ? readJsonLines(path, text) : readCsv(path, text);
  const rows = raw.map(({ line, fields }) => validateRow(path, line, fields));
  rejectDuplicates(path, rows);
  return rows;
}

/** The hints map `ingest` takes, keyed by the row's url (absolute path for local files). */
export function manifestHints(rows: ManifestRow[]): Map<string, Record<string, string>> {
  const map = new Map<string, Record<string, string>>();
  for (const r of rows) {
    const hints: Record<string, string> = {};
    for (const f of FIELDS) {
      const v = r[f];
      if (f !== 'url' && v !== undefined) hints[f] = String(v);
    }
    if (Object.keys(hints).length > 0) map.set(r.url, hints);
  }
  return map;
}

interface RawRow {
  line: number;
  fields: Record<string, unknown>;
}

function readCsv(path: string, text: string): RawRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as never;
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new ManifestError(path, e.lines ?? null, null, `not valid CSV: ${e.message}`);
  }
  if (records.length === 0) throw new ManifestError(path, null, null, 'the manifest is empty (expected a header row with at least "url")');
  if (records.length === 1) throw new ManifestError(path, null, null, 'the manifest lists no sources (only a header row)');
  const header = records[0]!.record.map((h) => h.toLowerCase());
  header.forEach((h) => checkKnownField(path, 1, h));
  if (!header.includes('url')) throw new ManifestError(path, 1, 'url', 'the header row has no "url" column');
  return records.slice(1).map(({ record, info }) => ({
    line: info.lines,
    fields: Object.fromEntries(header.map((h, i) => [h, record[i]])),
  }));
}

function readJsonLines(path: string, text: string): RawRow[] {
  const out: RawRow[] = [];
  text.split(/\r?\n/).forEach((src, i) => {
    if (src.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(src);
    } catch (err) {
      throw new ManifestError(path, i + 1, null, `not valid JSON: ${(err as Error).message}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ManifestError(path, i + 1, null, 'each line must be a JSON object like {"url": "https://…"}');
    }
    for (const k of Object.keys(value)) checkKnownField(path, i + 1, k);
    out.push({ line: i + 1, fields: value as Record<string, unknown> });
  });
  if (out.length === 0) throw new ManifestError(path, null, null, 'the manifest has no rows');
  return out;
}

/** Unknown columns are rejected so a typo ("departmnet") does not silently drop a hint. */
function checkKnownField(path: string, line: number, name: string): void {
  if (!(FIELDS as readonly string[]).includes(name)) {
    throw new ManifestError(path, line, name, `unknown field; known fields are ${FIELDS.join(', ')}`);
  }
}

function validateRow(path: string, line: number, fields: Record<string, unknown>): ManifestRow {
  const get = (f: Field): string | undefined => {
    const v = fields[f];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') throw new ManifestError(path, line, f, 'must be a string');
    const s = String(v).trim();
    return s === '' ? undefined : s;
  };
  const url = get('url');
  if (url === undefined) throw new ManifestError(path, line, 'url', 'missing url (an http(s) URL or a local path)');
  const row: ManifestRow = { url: checkUrl(path, line, url), line };
  const department = get('department');
  const region = get('region');
  const notes = get('notes');
  if (department) row.department = department;
  if (region) row.region = region;
  if (notes) row.notes = notes;
  const year = get('fiscal_year');
  if (year !== undefined) row.fiscal_year = checkYear(path, line, year);
  const kind = get('report_kind');
  if (kind !== undefined) {
    if (kind !== '决算' && kind !== '预算') throw new ManifestError(path, line, 'report_kind', `"${kind}" is neither 决算 nor 预算`);
    row.report_kind = kind;
  }
  return row;
}

/** http(s) URLs pass; any other scheme is an error; everything else is a path relative to the manifest. */
function checkUrl(path: string, line: number, url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return isAbsolute(url) ? url : resolve(dirname(path), url);
  if (scheme !== 'http' && scheme !== 'https') {
    throw new ManifestError(path, line, 'url', `unsupported scheme "${scheme}:" (only http, https or a local path)`);
  }
  try {
    return new URL(url).href;
  } catch {
    throw new ManifestError(path, line, 'url', `not a valid URL: ${url}`);
  }
}

function checkYear(path: string, line: number, s: string): number {
  const y = /^\d{4}$/.test(s) ? Number(s) : NaN;
  if (!(y >= MIN_FISCAL_YEAR && y <= maxFiscalYear())) {
    throw new ManifestError(path, line, 'fiscal_year', `"${s}" is not a year between ${MIN_FISCAL_YEAR} and ${maxFiscalYear()}`);
  }
  return y;
}

function rejectDuplicates(path: string, rows: ManifestRow[]): void {
  const seen = new Map<string, number>();
  for (const r of rows) {
    const first = seen.get(r.url);
    if (first !== undefined) throw new ManifestError(path, r.line, 'url', `listed twice (first on line ${first})`);
    seen.set(r.url, r.line);
  }
}
