/**
 * Value columns whose header could not be read (OCR garbling a header cell, a multi-line
 * header merged into one) take their measure from the template's column order. Two ways:
 * the whole panel by position when its column count is one of the template's layouts, or,
 * when some headers were read, anchored: the read measures pin their columns to the layout
 * and the unread columns between two anchors take the layout's measures between them, when
 * the counts match exactly. Whether the positional reading is confirmed is then asked of the
 * table's own row identities (total = Σ parts), so a guess that nothing confirms is a warning.
 */
import { Decimal } from 'decimal.js';
import type { Identities, TableSpec } from '../templates/index.ts';
import type { Fact } from '../types.ts';

/** The candidate layouts (measure lists, template order) of a panel of a table. */
export function panelLayouts(spec: TableSpec, panel: number): string[][] {
  return spec.layouts?.[Math.min(panel, (spec.layouts?.length ?? 1) - 1)] ?? [];
}

/**
 * Anchored alignment of read measures (null: unread) on one layout. Returns the measure of
 * every column (unread ones that the layout places, else null) and the indexes placed by
 * position; null when the read measures do not fit the layout (a measure it lacks, or out
 * of order). A gap between anchors is filled only when it holds exactly as many unread columns
 * as the layout has measures there: with fewer, which ones are missing is a guess. `named`
 * (per column, the measures its header mentions) anchors an unread column whose header names
 * two or more neighbouring measures: cells OCR merged over those columns, which it spans.
 */
export function alignOn(read: (string | null)[], layout: string[], named: string[][] = []): { measures: (string | null)[]; placed: number[] } | null {
  if (read.some((m) => m !== null && !layout.includes(m))) return null;
  const anchors: { lo: number; hi: number; i: number }[] = [];
  read.forEach((m, i) => {
    if (m !== null) anchors.push({ lo: layout.indexOf(m), hi: layout.indexOf(m), i });
    else {
      const at = (named[i] ?? []).map((n) => layout.indexOf(n)).filter((a) => a >= 0).sort((a, b) => a - b);
      if (spans(named[i] ?? [], layout) && at.length >= 2 && at[at.length - 1]! - at[0]! === at.length - 1) anchors.push({ lo: at[0]!, hi: at[at.length - 1]!, i });
    }
  });
  if (anchors.some((a, k) => k > 0 && a.lo <= anchors[k - 1]!.hi)) return null;
  const measures = [...read];
  const placed: number[] = [];
  // Gaps: before the first anchor, between anchors, after the last one.
  const bounds = [{ lo: -1, hi: -1, i: -1 }, ...anchors, { lo: layout.length, hi: layout.length, i: read.length }];
  for (let k = 1; k < bounds.length; k++) {
    const prev = bounds[k - 1]!;
    const next = bounds[k]!;
    const cols = next.i - prev.i - 1;
    const slots = next.lo - prev.hi - 1;
    if (cols === 0 || cols !== slots) continue;
    for (let j = 1; j <= cols; j++) {
      measures[prev.i + j] = layout[prev.hi + j]!;
      placed.push(prev.i + j);
    }
  }
  return { measures, placed };
}

export interface PanelMeasures {
  measures: (string | null)[];
  /** Columns whose measure came from the template's order, not their header. */
  placed: number[];
  how: 'header' | 'layout' | 'anchored';
}

/**
 * Measures of a panel's value columns. `read` are the header readings (null: unknown; a
 * measure read twice is unknown from its second column on, like a '其中' sub-column).
 */
export function panelMeasures(read: (string | null)[], layouts: string[][], named: string[][] = []): PanelMeasures {
  const unreadable = read.some((m) => m === null) || new Set(read).size < read.length;
  if (!unreadable) return { measures: read, placed: [], how: 'header' };
  // The column count names the layout: every column by position (a garbled header may even
  // read a word of a neighbouring column, so read measures do not vote here).
  const whole = layouts.find((l) => l.length === read.length);
  if (whole) return { measures: [...whole], placed: read.map((_, i) => i), how: 'layout' };
  const unique = read.map((m, i) => (m !== null && read.indexOf(m) < i ? null : m));
  let best: { measures: (string | null)[]; placed: number[] } | null = null;
  // A header read as one measure may still be OCR's merge of two columns' headers (it names
  // both): tried as a span when the plain reading leaves unread columns unplaced.
  for (const layout of layouts) {
    const spanned = unique.map((m, i) => (m !== null && spans(named[i] ?? [], layout) ? null : m));
    for (const reading of [unique, spanned]) {
      const fit = alignOn(reading, layout, named);
      if (fit && fit.placed.length > (best?.placed.length ?? 0)) best = fit;
    }
  }
  if (best) return { ...best, how: 'anchored' };
  return { measures: unique, placed: [], how: 'header' };
}

/**
 * Whether a header names two or more measures (OCR merged neighbouring header cells). A group
 * header over its parts names the panel's total too ('本年支出/基本支出'): that is no merge.
 */
function spans(named: string[], layout: string[]): boolean {
  return named.length >= 2 && !named.includes(layout[0]!);
}

/** Rounding allowance per summed term: a hundredth of the printed unit (万元 → 100 元). */
const HUNDREDTH_YUAN: Record<string, number> = { 亿元: 1e6, 万元: 100, 千元: 10, 元: 0.01 };

/**
 * Whether the table's own row identities confirm measures taken by position: some row
 * where total = Σ parts holds exactly with two or more non-zero parts, and no row where it
 * fails beyond rounding. A positional measure no identity of the table involves is not
 * confirmed, except the only measure of a one-column layout (nothing to confuse it with).
 */
export function positionsConfirmed(facts: Fact[], table: string, placed: string[], identities: Identities | undefined, soleColumn: boolean): boolean {
  if (!placed.length) return true;
  const sums = (identities?.row_sums ?? []).filter((s) => s.table === table && [s.total, ...s.parts].some((m) => placed.includes(m)));
  if (!sums.length) return soleColumn;
  const rows = new Map<string, Map<string, Decimal>>();
  for (const f of facts) {
    if (f.value_yuan === null) continue;
    const key = `${f.item_code ?? ''}|${f.line_no ?? ''}|${f.item_name ?? ''}`;
    if (!rows.has(key)) rows.set(key, new Map());
    rows.get(key)!.set(f.measure, new Decimal(f.value_yuan));
  }
  const unit = facts.find((f) => f.unit_as_printed)?.unit_as_printed ?? '元';
  let held = 0;
  for (const s of sums) {
    const tolerance = new Decimal(HUNDREDTH_YUAN[unit] ?? 0.01).times(s.parts.length);
    for (const cells of rows.values()) {
      const total = cells.get(s.total);
      const parts = s.parts.map((m) => cells.get(m)).filter((v): v is Decimal => v !== undefined && !v.isZero());
      if (total === undefined || !parts.length) continue;
      const diff = total.minus(Decimal.sum(...parts)).abs();
      if (diff.greaterThan(tolerance)) return false;
      if (diff.isZero() && parts.length >= 2) held++;
    }
  }
  return held > 0;
}
