/** Small geometry helpers: clustering positions and measuring covered lengths. */
import { median } from './lines.ts';

/** Rules closer than this (points) are one border (double lines, per-cell rectangles). */
export const RULE_MERGE_DISTANCE = 2.5;


export interface Cluster<T> {
  at: number;
  items: T[];
}

export function clusterBy<T>(items: T[], key: (t: T) => number): Cluster<T>[] {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  const out: Cluster<T>[] = [];
  for (const it of sorted) {
    const k = key(it);
    const last = out[out.length - 1];
    if (last && k - key(last.items[last.items.length - 1]!) <= RULE_MERGE_DISTANCE) last.items.push(it);
    else out.push({ at: k, items: [it] });
  }
  for (const c of out) c.at = median(c.items.map(key));
  return out;
}

/** Total length covered by a set of intervals (overlaps counted once). */
export function covered(intervals: number[][]): number {
  const s = intervals.filter(([a, b]) => b! > a!).sort((x, y) => x[0]! - y[0]!);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of s) {
    if (b! <= end) continue;
    total += b! - Math.max(a!, end);
    end = b!;
  }
  return total;
}
