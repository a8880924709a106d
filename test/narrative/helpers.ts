import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractTextInput } from '../../pipeline/extract/textinput.ts';

/** The seeds are shared with the textinput tests (one copy of each in the fixtures). */
export const SEED_DIR = join(import.meta.dirname, '../fixtures/textinput');
export const FIXTURES = join(import.meta.dirname, '../fixtures/narrative');

/** A seed's prose as the parser hands it on: the one-cell rows, page by page. */
export function seedProse(name: string): { page: number; lines: string[] }[] {
  const pages = extractTextInput(new Uint8Array(readFileSync(join(SEED_DIR, name))), 'text');
  return pages.map((p) => ({ page: p.page, lines: (p.rows ?? []).filter((r) => r.length === 1).map((r) => r[0]!) }));
}

/** Truth rows keyed like facts: table|item_code|line_no|item_name (only when no code/line)|measure. */
export function readTruth(name: string): Map<string, string> {
  const truth = new Map<string, string>();
  const [, ...rows] = readFileSync(join(FIXTURES, name), 'utf8').trim().split('\n');
  for (const row of rows) {
    const [table, code, line, item, measure, value] = row.split(',');
    truth.set(factKey({ table_code: table!, item_code: code || null, line_no: line ? Number(line) : null, item_name: item!, measure: measure! }), value!);
  }
  return truth;
}

export function factKey(f: { table_code: string; item_code: string | null; line_no: number | null; item_name: string | null; measure: string }): string {
  const byName = f.item_code === null && f.line_no === null ? f.item_name : '';
  return [f.table_code, f.item_code ?? '', f.line_no ?? '', byName, f.measure].join('|');
}
