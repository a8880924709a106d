/**
 * The prose states some table cells again in words ('其中：人员经费2152.26万元'): a second,
 * independent printing of the same figure. An OCR'd cell whose reading is one structural slip
 * from it — the point lost ('215226'), a digit read too many, a repeated digit read once, a
 * leading 1 lost at a border — takes the prose figure, when no exact identity confirms the cell
 * as read. A changed or swapped digit is not taken: the prose may be OCR'd too, and a digit
 * misread there would look the same. Each repair is an `ocr.repaired` warning.
 */
import { Decimal } from 'decimal.js';
import type { Fact, NormalisedDoc, QualityFinding } from '../types.ts';
import { cellKey, Ctx, repairedFinding, rowKeyOf, rowLabel } from './context.ts';
import { slipNeedsGuard } from './misread.ts';
import { alternativeReadings } from './repair.ts';
import { fmt, yuan, yuanPerUnit } from './tolerance.ts';
import { confirmOcr } from './verify.ts';

export function repairFromProse(doc: NormalisedDoc): QualityFinding[] {
  if (!doc.narrative.length || !doc.facts.some((f) => f.method === 'ocr')) return [];
  const ctx = new Ctx(doc);
  const said = statedOnce(doc.narrative);
  let confirmed: Set<Fact> | null = null;
  const findings: QualityFinding[] = [];
  for (const n of said.values()) {
    const cell = ctx.index.get(n.table_code, rowKeyOf(n)!, n.measure);
    if (!cell || cell.method !== 'ocr' || !cell.value_text || yuan(cell.value_yuan).eq(yuan(n.value_yuan))) continue;
    const reading = proseReading(cell, yuan(n.value_yuan));
    if (!reading) continue;
    confirmed ??= confirmOcr(doc).verified;
    if (confirmed.has(cell)) continue;
    const before = cell.value_yuan;
    cell.value_yuan = yuan(n.value_yuan).toFixed(2);
    findings.push(repaired(doc, cell, n, before));
  }
  return findings;
}

/** Prose figures by cell, keeping only cells every statement gives the same value. */
function statedOnce(narrative: Fact[]): Map<string, Fact> {
  const out = new Map<string, Fact>();
  const conflicting = new Set<string>();
  for (const n of narrative) {
    if (n.value_yuan == null || rowKeyOf(n) == null) continue;
    const key = cellKey(n);
    const seen = out.get(key);
    if (seen && !yuan(seen.value_yuan).eq(yuan(n.value_yuan))) conflicting.add(key);
    out.set(key, n);
  }
  for (const key of conflicting) out.delete(key);
  return out;
}

/** The prose value in the cell's printed unit, when it is one slip that needs no guard from the reading. */
function proseReading(cell: Fact, value: Decimal): string | null {
  const printed = value.div(yuanPerUnit(cell.unit_as_printed));
  if (!printed.times(100).isInteger()) return null;
  const want = printed.toFixed(2);
  const cost = alternativeReadings(cell.value_text!).get(want);
  return cost !== undefined && cost > 0 && cost <= 1 && !slipNeedsGuard(cell.value_text!, want) ? want : null;
}

function repaired(doc: NormalisedDoc, cell: Fact, n: Fact, before: string | null): QualityFinding {
  const message =
    `OCR read '${cell.value_text}' for ${cell.table_code} ${rowLabel(cell)} ${cell.measure} (page ${cell.page}); corrected to ` +
    `${fmt(yuan(cell.value_yuan))} 元, the figure the prose states for it on page ${n.page} ('${n.value_text}'), ` +
    `which the reading is one slip from (was ${fmt(yuan(before))} 元) — check the cell`;
  return repairedFinding(doc, cell, before, message);
}
