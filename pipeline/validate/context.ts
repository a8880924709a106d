/**
 * What every check works on: the report's money facts indexed by cell, and a tally that records
 * each check that ran, whether it held, and the findings it made.
 */
import type { Fact, NormalisedDoc, QualityFinding, Severity } from '../types.ts';

/**
 * A row key inside one table, the contract's row identity: `c:<item_code>` for coded rows,
 * `l:<line_no>` for 01/04, `n:<item_name>` for named rows (合计, 人员经费合计, 09's items).
 */
export type RowKey = string;

export const codeKey = (code: string): RowKey => `c:${code}`;
export const lineKey = (line: number): RowKey => `l:${line}`;
export const nameKey = (name: string): RowKey => `n:${name}`;

/** One cell of the report: table, row key and measure (facts and findings alike). */
export function cellKey(f: { table_code: string | null; item_code: string | null; line_no: number | null; item_name: string | null; measure: string | null }): string {
  return refKey({ table: f.table_code, key: rowKeyOf(f), measure: f.measure });
}

/** The same key for a cell an identity names (identity.ts CellRef). */
export function refKey(r: { table: string | null; key: RowKey | null; measure: string | null }): string {
  return `${r.table}|${r.key}|${r.measure}`;
}

export function rowKeyOf(f: Pick<Fact, 'item_code' | 'line_no' | 'item_name'>): RowKey | null {
  if (f.item_code) return codeKey(f.item_code);
  if (f.line_no != null) return lineKey(f.line_no);
  if (f.item_name) return nameKey(f.item_name);
  return null;
}

/** Money facts by table → row → measure. The first fact read for a cell wins. */
export class FactIndex {
  private readonly cells = new Map<string, Map<RowKey, Map<string, Fact>>>();

  constructor(facts: Fact[]) {
    for (const f of facts) {
      const key = rowKeyOf(f);
      // Quantities (vehicle counts, table 10) take no part in money identities.
      if (key == null || f.value_yuan == null) continue;
      const rows = getOrSet(this.cells, f.table_code, () => new Map<RowKey, Map<string, Fact>>());
      const row = getOrSet(rows, key, () => new Map<string, Fact>());
      if (!row.has(f.measure)) row.set(f.measure, f);
    }
  }

  hasTable(table: string): boolean {
    return (this.cells.get(table)?.size ?? 0) > 0;
  }

  get(table: string, key: RowKey, measure: string): Fact | undefined {
    return this.cells.get(table)?.get(key)?.get(measure);
  }

  /** Any fact of the row (for its name and page), or undefined when the row was not read. */
  row(table: string, key: RowKey): Fact | undefined {
    const row = this.cells.get(table)?.get(key);
    return row ? row.values().next().value : undefined;
  }

  rowKeys(table: string): RowKey[] {
    return [...(this.cells.get(table)?.keys() ?? [])];
  }

  /** Measures that occur anywhere in the table, in first-seen order. */
  measures(table: string): string[] {
    const out = new Set<string>();
    for (const row of this.cells.get(table)?.values() ?? []) for (const m of row.keys()) out.add(m);
    return [...out];
  }

  /** First page the table was read from, for findings about a row that was never read. */
  firstPage(table: string): number | null {
    let page: number | null = null;
    for (const row of this.cells.get(table)?.values() ?? [])
      for (const f of row.values()) if (page == null || f.page < page) page = f.page;
    return page;
  }
}

function getOrSet<K, V>(m: Map<K, V>, k: K, make: () => V): V {
  let v = m.get(k);
  if (v === undefined) m.set(k, (v = make()));
  return v;
}

/** Per-check counts: how often it ran and how often it held. */
export interface CheckTally {
  check_id: string;
  run: number;
  passed: number;
}

export type FindingInput = Omit<QualityFinding, 'report_id' | 'check_id' | 'severity'>;

export class Ctx {
  readonly index: FactIndex;
  readonly findings: QualityFinding[] = [];
  /** When set, checks hand their identities here instead of evaluating them (repair.ts). */
  collect: import('./identity.ts').Identity[] | null = null;
  private readonly tallies = new Map<string, CheckTally>();

  constructor(readonly doc: NormalisedDoc) {
    this.index = new FactIndex(doc.facts);
  }

  /** Record one evaluation of a check. `held` counts towards the score; info findings hold. */
  record(check_id: string, held: boolean, finding?: { severity: Severity } & FindingInput): void {
    const t = getOrSet(this.tallies, check_id, () => ({ check_id, run: 0, passed: 0 }));
    t.run += 1;
    if (held) t.passed += 1;
    if (finding) this.findings.push({ report_id: this.doc.report.report_id, check_id, ...finding });
  }

  tally(): CheckTally[] {
    return [...this.tallies.values()];
  }
}

/** A finding's location fields, all null: for findings about a whole table or report. */
export const NOWHERE: Omit<FindingInput, 'message'> = {
  table_code: null,
  item_code: null,
  line_no: null,
  item_name: null,
  measure: null,
  expected: null,
  actual: null,
  page: null,
};

/** Where a cell's row is, for messages: its code, 'line N', or its name. */
export function rowLabel(f: Pick<Fact, 'item_code' | 'line_no' | 'item_name'>): string | null {
  return f.item_code ?? (f.line_no != null ? `line ${f.line_no}` : f.item_name);
}

/**
 * The `ocr.repaired` warning on a cell validate corrected or filled in: `expected` its value
 * now, `actual` the value read (null when the reading was no number).
 */
export function repairedFinding(doc: NormalisedDoc, cell: Fact, actual: string | null, message: string): QualityFinding {
  return {
    report_id: doc.report.report_id,
    check_id: 'ocr.repaired',
    severity: 'warning',
    table_code: cell.table_code,
    item_code: cell.item_code,
    line_no: cell.line_no,
    item_name: cell.item_code || cell.line_no != null ? null : cell.item_name,
    measure: cell.measure,
    expected: cell.value_yuan,
    actual,
    page: cell.page,
    message,
  };
}
