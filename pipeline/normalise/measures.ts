/**
 * Column header → canonical measure, per table, by the template's measure rules. Header
 * wording varies (决算数/金额, 小计/合计, 本年支出/合计), so each table has an ordered list of
 * patterns tried against the column's lowest header cell first and its whole label path second.
 */

import { tableSpec } from '../templates/index.ts';
import { editDistance } from './template.ts';

/** Measures that only say 'the amount': a 小计/合计 under them is the table's total column. */
const GENERIC_AMOUNTS = new Set(['金额', '决算数']);

/** The canonical measure of a value column, or null when the header is not recognised. */
export function measureFor(table: string, label: string): string | null {
  const parts = label.split('/').filter(Boolean);
  const leaf = parts[parts.length - 1] ?? '';
  const rules = tableSpec(table)?.measure_rules ?? [];
  // '小计'/'合计' under a group is that group's total: 基本支出/小计 is 基本支出, 本年支出/合计 is 本年支出合计.
  if (/^(小计|合计)$/.test(leaf) && parts.length >= 2) {
    // …unless the group is only the generic 决算数/金额 over 04's fund columns (决算数/合计 is 合计).
    const parent = rules.find(([re]) => re.test(parts[parts.length - 2]!))?.[1];
    if (parent && !GENERIC_AMOUNTS.has(parent)) return parent;
  }
  for (const [re, m] of rules) if (re.test(leaf)) return m;
  for (const [re, m] of rules) if (re.test(label)) return m;
  return null;
}

/** Shortest header leaf matched with a misread character: shorter words differ by one anyway. */
const NEAR_MIN_CHARS = 4;

/**
 * An OCR'd header leaf one character away from exactly one of the table's measure names
 * ('财政投款收入' for 财政拨款收入), or null. Measure names of a table differ by more than that.
 */
export function nearMeasure(table: string, label: string): string | null {
  const spec = tableSpec(table);
  const leaf = (label.split('/').filter(Boolean).at(-1) ?? '').replace(/\s/g, '');
  if (!spec || leaf.length < NEAR_MIN_CHARS) return null;
  const hits = new Set([...spec.measures, ...(spec.extra_measures ?? [])].filter((m) => editDistance(m, leaf) <= 1));
  return hits.size === 1 ? [...hits][0]! : null;
}

/**
 * Every measure a header names anywhere in its path: a header OCR merged over two columns
 * ('政府性基金/…/预算财政拨国有资本…') names both, which places it for the positional fallback.
 */
export function measuresNamed(table: string, label: string): string[] {
  const rules = tableSpec(table)?.measure_rules ?? [];
  const found = new Set<string>();
  for (const part of label.split('/')) for (const [re, m] of rules) if (re.test(part)) found.add(m);
  return [...found];
}

/**
 * Table 09 prints one 预算数 column in most layouts; which budget it is follows the table's
 * note or the report's prose (全年预算 vs 年初预算). Without a statement, 年初预算数.
 */
export function resolveBudgetMeasure(notes: string[]): '年初预算数' | '全年预算数' {
  const text = notes.join('').replace(/\s/g, '');
  if (/全年预算|调整后预算/.test(text) && !/年初预算/.test(text)) return '全年预算数';
  return '年初预算数';
}
