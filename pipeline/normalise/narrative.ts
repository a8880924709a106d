/**
 * Figures stated in the report's prose (情况说明) as facts with method 'narrative'.
 *
 * Reports whose tables were lost (scanned badly, pasted as images, converted without them)
 * still state the main figures in sentences: "卫生健康支出（类）医疗保障管理事务（款）行政运行
 * （项）支出决算为297.34万元", "本年收入合计829.13万元", "人员经费343.84万元". This module maps
 * such sentences onto the cells of the national template, and only where the section and the
 * wording leave no doubt. See docs/inputs.md for the mapping and its limits.
 */
import { Decimal } from 'decimal.js';
import { tableSpec } from '../templates/index.ts';
import type { Claim, Fact } from '../types.ts';
import { extractClaims } from './narrative/claims.ts';
import { toYuan } from './narrative/figures.ts';
import { type FindFunctionCode, type Target } from './narrative/labels.ts';
import { toParagraphs } from './narrative/paragraphs.ts';
import { scanParagraphs, type ScanContext, type Statement } from './narrative/statements.ts';
import { findFunctionCode, lookupSubject } from './reference/subjects.ts';

export type { FindFunctionCode } from './narrative/labels.ts';

export interface NarrativeOptions {
  report_id: string;
  /** The year the accounts cover: figures said to be of another year are skipped; subject names of that year are preferred. */
  fiscal_year: number | null;
  /** 类/款/项 names → function code; defaults to the subject reference (reference/subjects.ts). */
  findCode?: FindFunctionCode;
}

/** Sentences are read by rules, not from a table grid: a little less certain than a text-layer cell. */
export const NARRATIVE_CONFIDENCE = 0.9;


function factKey(t: Target): string {
  return [t.table_code, t.item_code ?? '', t.line_no ?? '', t.item_code || t.line_no ? '' : t.item_name ?? '', t.measure].join('|');
}

function toFact(s: Statement, t: Target, reportId: string): Fact {
  return {
    report_id: reportId,
    table_code: t.table_code,
    table_name: tableSpec(t.table_code)?.table_name ?? '',
    item_code: t.item_code,
    item_name: t.item_name,
    item_level: t.item_level,
    line_no: t.line_no,
    measure: t.measure,
    value_yuan: toYuan(s.value_text, s.unit),
    quantity: null,
    quantity_unit: null,
    value_text: s.value_text,
    unit_as_printed: s.unit,
    page: s.page,
    method: 'narrative',
    confidence: NARRATIVE_CONFIDENCE,
  };
}

/**
 * Facts stated in the prose, one per table cell. A cell stated twice with the same value (the
 * summary and the detail paragraph) is kept once; a cell stated with two different values is
 * dropped, since at least one of the readings is wrong.
 */
function scanContext(opts: NarrativeOptions): ScanContext {
  const year = opts.fiscal_year ?? undefined;
  return {
    findCode: opts.findCode ?? findFunctionCode,
    subjectName: (code) => lookupSubject(code, year)?.name ?? lookupSubject(code)?.name ?? null,
    year,
    fiscalYear: opts.fiscal_year,
  };
}

/** The relations the prose states about its figures (comparisons, shares, changes, counts, figures). */
export function narrativeClaims(text: { page: number; lines: string[] }[], opts: NarrativeOptions): Claim[] {
  return extractClaims(text, scanContext(opts));
}

export function extractNarrative(text: { page: number; lines: string[] }[], opts: NarrativeOptions): Fact[] {
  const ctx = scanContext(opts);
  const facts = new Map<string, Fact>();
  const conflicting = new Set<string>();
  for (const statement of scanParagraphs(toParagraphs(text), ctx)) {
    for (const target of statement.targets) {
      const key = factKey(target);
      const fact = toFact(statement, target, opts.report_id);
      const seen = facts.get(key);
      if (!seen) facts.set(key, fact);
      else if (!new Decimal(seen.value_yuan!).equals(fact.value_yuan!)) conflicting.add(key);
    }
  }
  for (const key of conflicting) facts.delete(key);
  return [...facts.values()];
}
