/**
 * Test helper: turns a corpus `.truth.csv` (every non-empty table cell, in 元) into the
 * NormalisedDoc that normalise would produce for it, so validate can be tested on real numbers.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { JUESUAN_2024 } from '../../pipeline/templates/index.ts';

const TABLES = JUESUAN_2024.tables;
import type { Fact, ItemLevel, NormalisedDoc } from '../../pipeline/types.ts';

interface TruthRow {
  table_code: string;
  item_code: string;
  line_no: string;
  item_name: string;
  measure: string;
  value_yuan: string;
}

const LEVEL_BY_LENGTH: Record<number, ItemLevel> = { 3: '类', 5: '款', 7: '项' };
const FUNCTION_TABLES = new Set(['02', '03', '05', '07', '08']);

export interface TruthDocOptions {
  report_id?: string;
  fiscal_year?: number;
  /** Page per table (meta.json's first table page); default: 3 + table number. */
  pages?: Record<string, number>;
  unit?: string;
  tables_empty?: string[];
}

export function truthFacts(csvPath: string, opts: TruthDocOptions = {}): Fact[] {
  const rows = parse(readFileSync(csvPath), { columns: true, bom: true }) as TruthRow[];
  const report_id = opts.report_id ?? 'test';
  const unit = opts.unit ?? '万元';
  return rows.map((r) => ({
    report_id,
    table_code: r.table_code,
    table_name: TABLES[r.table_code]?.table_name ?? '',
    item_code: r.item_code || null,
    item_name: r.item_name || null,
    item_level: r.item_code && FUNCTION_TABLES.has(r.table_code) ? LEVEL_BY_LENGTH[r.item_code.length] ?? null : null,
    line_no: r.line_no ? Number(r.line_no) : null,
    measure: r.measure,
    value_yuan: r.value_yuan,
    quantity: null,
    quantity_unit: null,
    value_text: r.value_yuan,
    unit_as_printed: unit,
    page: opts.pages?.[r.table_code] ?? 3 + Number(r.table_code),
    method: 'text' as const,
    confidence: 1,
  }));
}

export function truthDoc(csvPath: string, opts: TruthDocOptions = {}): NormalisedDoc {
  const facts = truthFacts(csvPath, opts);
  const empty = opts.tables_empty ?? [];
  const found = [...new Set([...facts.map((f) => f.table_code), ...empty])].sort();
  return {
    report: {
      report_id: opts.report_id ?? 'test',
      source_url: csvPath,
      source_sha256: '',
      file_name: csvPath.split('/').pop() ?? csvPath,
      department: '测试部门',
      fiscal_year: opts.fiscal_year ?? 2024,
      report_kind: '决算',
      scope: null,
      level: null,
      province: null,
      city: null,
      county: null,
      unit_as_printed: opts.unit ?? '万元',
      pages: 30,
      ocr_pages: 0,
    },
    facts,
    narrative: [],
    findings: [],
    tables_found: found,
    tables_empty: empty,
  };
}

/** Table pages from a corpus meta.json (`table_pages`), first page of each table. */
export function metaPages(metaPath: string): Record<string, number> {
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { table_pages: Record<string, number[]> };
  return Object.fromEntries(Object.entries(meta.table_pages).map(([t, ps]) => [t, ps[0]!]));
}
