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

/** What a value column's header and body say about its measure. */
export interface ColumnClue {
  /** The measure its header reads as (null: unreadable). */
  read: string | null;
  /** Every measure its header mentions (two or more: OCR merged neighbouring header cells). */
  named?: string[];
  /** A 栏次 number OCR glued to the header ('智本支出2'): its place in the template's order. */
  number?: number | null;
  /** It holds no value: a column a stray rule split off carries nothing to place. */
  blank?: boolean;
}

interface Anchor {
  lo: number;
  hi: number;
  i: number;
}

/**
 * Anchored alignment of the columns on one layout. Returns the measure of every column
 * (unread ones that the layout places, else null) and the indexes placed by position; null
 * when the read measures do not fit the layout (a measure it lacks, or out of order). A gap
 * between anchors is filled only when it holds exactly as many unread columns as the layout
 * has measures there — not counting blank columns when that makes the counts meet: with
 * fewer, which ones are missing is a guess. An unread column whose header names two or more
 * neighbouring measures is an anchor spanning them (merged header cells), placed at none.
 */
export function alignOn(clues: ColumnClue[], layout: string[]): { measures: (string | null)[]; placed: number[] } | null {
  if (clues.some((c) => c.read !== null && !layout.includes(c.read))) return null;
  const anchors: Anchor[] = [];
  clues.forEach((c, i) => {
    if (c.read !== null) anchors.push({ lo: layout.indexOf(c.read), hi: layout.indexOf(c.read), i });
    else if (spans(c.named ?? [], layout)) {
      const at = c.named!.map((n) => layout.indexOf(n)).filter((a) => a >= 0).sort((a, b) => a - b);
      if (at.length >= 2 && at[at.length - 1]! - at[0]! === at.length - 1) anchors.push({ lo: at[0]!, hi: at[at.length - 1]!, i });
    }
  });
  if (anchors.some((a, k) => k > 0 && a.lo <= anchors[k - 1]!.hi)) return null;
  const measures = clues.map((c) => c.read);
  const placed: number[] = [];
  // Gaps: before the first anchor, between anchors, after the last one.
  const bounds: Anchor[] = [{ lo: -1, hi: -1, i: -1 }, ...anchors, { lo: layout.length, hi: layout.length, i: clues.length }];
  for (let k = 1; k < bounds.length; k++) {
    const prev = bounds[k - 1]!;
    const next = bounds[k]!;
    const slots = next.lo - prev.hi - 1;
    let cols = clues.map((_, i) => i).filter((i) => i > prev.i && i < next.i);
    if (cols.length !== slots) cols = cols.filter((i) => !clues[i]!.blank);
    if (!cols.length || cols.length !== slots) continue;
    cols.forEach((i, j) => {
      measures[i] = layout[prev.hi + 1 + j]!;
      placed.push(i);
    });
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
 * Measures of a panel's value columns from their clues. A measure read twice is unknown from
 * its second column on (a '其中' sub-column worded like its parent).
 */
export function panelMeasures(clues: ColumnClue[], layouts: string[][]): PanelMeasures {
  const read = clues.map((c) => c.read);
  const unreadable = read.some((m) => m === null) || new Set(read).size < read.length;
  if (!unreadable) return { measures: read, placed: [], how: 'header' };
  // The column count names the layout: every column by position (a garbled header may even
  // read a word of a neighbouring column, so read measures do not vote here).
  const whole = layouts.find((l) => l.length === read.length);
  if (whole) return { measures: [...whole], placed: read.map((_, i) => i), how: 'layout' };
  const unique = clues.map((c, i) => ({ ...c, read: c.read !== null && read.indexOf(c.read) < i ? null : c.read }));
  let best: { measures: (string | null)[]; placed: number[] } | null = null;
  for (const layout of layouts) {
    // 栏次 numbers glued to unread headers name their place; a header read as one measure may
    // still be OCR's merge of two columns' headers (it names both): each tried when it helps.
    const numbered = unique.map((c) => (c.read === null && c.number && c.number <= layout.length ? { ...c, read: layout[c.number - 1]! } : c));
    const spanned = unique.map((c) => (c.read !== null && spans(c.named ?? [], layout) ? { ...c, read: null } : c));
    for (const reading of [unique, numbered, spanned]) {
      const fit = alignOn(reading, layout);
      if (!fit) continue;
      // Columns a 栏次 number placed count as placed by position too.
      const byNumber = reading.map((c, i) => (c.read !== null && unique[i]!.read === null ? i : -1)).filter((i) => i >= 0);
      const all = [...new Set([...fit.placed, ...byNumber])].sort((a, b) => a - b);
      if (all.length > (best?.placed.length ?? 0)) best = { measures: fit.measures, placed: all };
    }
  }
  if (best) return { ...best, how: 'anchored' };
  return { measures: unique.map((c) => c.read), placed: [], how: 'header' };
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

/** What the table's row identities say about measures taken by position. */
export type PositionCheck = 'confirmed' | 'unconfirmed' | 'contradicted';

/**
 * Whether the table's own row identities confirm measures taken by position: `confirmed` when
 * total = Σ parts holds exactly on some row with two or more non-zero parts and fails beyond
 * rounding on none; `contradicted` when it fails on more rows than it holds on (the order is
 * wrong, not one cell misread). A positional measure no identity of the table involves is
 * `unconfirmed`, except the only measure of a one-column layout (nothing to confuse it with).
 */
export function checkPositions(facts: Fact[], table: string, placed: string[], identities: Identities | undefined, soleColumn: boolean): PositionCheck {
  if (!placed.length) return 'confirmed';
  const sums = (identities?.row_sums ?? []).filter((s) => s.table === table && [s.total, ...s.parts].some((m) => placed.includes(m)));
  if (!sums.length) return soleColumn ? 'confirmed' : 'unconfirmed';
  const rows = new Map<string, Map<string, Decimal>>();
  for (const f of facts) {
    if (f.value_yuan === null) continue;
    const key = `${f.item_code ?? ''}|${f.line_no ?? ''}|${f.item_name ?? ''}`;
    if (!rows.has(key)) rows.set(key, new Map());
    rows.get(key)!.set(f.measure, new Decimal(f.value_yuan));
  }
  const unit = facts.find((f) => f.unit_as_printed)?.unit_as_printed ?? '元';
  let exact = 0;
  let within = 0;
  let failed = 0;
  for (const s of sums) {
    const tolerance = new Decimal(HUNDREDTH_YUAN[unit] ?? 0.01).times(s.parts.length);
    for (const cells of rows.values()) {
      const total = cells.get(s.total);
      const parts = s.parts.map((m) => cells.get(m)).filter((v): v is Decimal => v !== undefined && !v.isZero());
      if (total === undefined || !parts.length) continue;
      const diff = total.minus(Decimal.sum(...parts)).abs();
      if (diff.greaterThan(tolerance)) failed++;
      else within++;
      if (diff.isZero() && parts.length >= 2) exact++;
    }
  }
  if (failed > within) return 'contradicted';
  return exact > 0 && failed === 0 ? 'confirmed' : 'unconfirmed';
}
