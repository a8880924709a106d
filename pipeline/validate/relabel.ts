/**
 * A coded table's 合计 row whose label OCR garbled to a character or two ('一', '入', '|') is
 * loaded under that label: the total is missing and an extra row appears. When the table has no
 * row of the total's name and exactly one such short-labelled OCR'd row equals Σ 类 rows in every
 * measure it holds (one at least non-zero, within the identity's rounding), that row is the total
 * and takes its name. Any other row an identity names and its table lacks likewise, from a label
 * whose characters are all in the name ('公' for 公用经费合计), or all but one in a label of three or
 * more ('公用纟'). Logged as `ocr.label_repaired` (a warning).
 */
import { Decimal } from 'decimal.js';
import type { Fact, NormalisedDoc, QualityFinding } from '../types.ts';
import { Ctx } from './context.ts';
import type { Identity } from './identity.ts';
import { collect, holds } from './repair.ts';
import { yuan } from './tolerance.ts';

/** Han characters a row name has at most to count as a garbled label, not a name. */
const MAX_GARBLED_HAN = 2;
const NAME_KEY = 'n:';

export function relabelRows(doc: NormalisedDoc): QualityFinding[] {
  if (!doc.facts.some((f) => f.method === 'ocr')) return [];
  // 合计 rows first: any short label ('一', '|') whose values are the Σ 类 rows.
  const totals = relabelMissing(doc, (id) => id.check === 'sum.total', () => true, 'equal Σ 类 rows');
  // Then any row an identity names, from a label that is the name garbled ('公', '公用纟').
  return [...totals, ...relabelMissing(doc, () => true, garbledName, 'make every identity naming that row hold', Infinity)];
}

/** Characters of a longer label that may be foreign to the name: OCR misread one ('纟' for 经). */
const MAX_FOREIGN = 1;
/** Labels this long (Han) may hold a foreign character; shorter ones must be all in the name. */
const MIN_HAN_FOR_FOREIGN = 3;

/** A label OCR made of the name: its characters in the name, but for one in a longer label, and no longer than it. */
function garbledName(label: string, name: string): boolean {
  const chars = [...han(label)];
  const foreign = chars.filter((c) => !name.includes(c)).length;
  const allowed = chars.length >= MIN_HAN_FOR_FOREIGN ? MAX_FOREIGN : 0;
  return chars.length > 0 && chars.length <= [...name].length && foreign <= allowed;
}

/**
 * Rows the chosen identities name by name that their table lacks: the one short-labelled OCR'd
 * row of that table whose label fits the name and whose values, put in its place, make every such
 * identity hold (one at least non-zero) takes the name.
 */
function relabelMissing(doc: NormalisedDoc, chosen: (id: Identity) => boolean, fits: (label: string, name: string) => boolean, why: string, maxHan = MAX_GARBLED_HAN): QualityFinding[] {
  const ctx = new Ctx(doc);
  const named = new Map<string, { table: string; name: string; ids: Identity[] }>();
  for (const id of collect(ctx).filter(chosen)) {
    for (const ref of [id.target, ...id.terms]) {
      if (!ref.key.startsWith(NAME_KEY) || !ctx.index.hasTable(ref.table) || ctx.index.row(ref.table, ref.key)) continue;
      const k = `${ref.table}|${ref.key}`;
      const entry = named.get(k) ?? { table: ref.table, name: ref.key.slice(NAME_KEY.length), ids: [] };
      entry.ids.push(id);
      named.set(k, entry);
    }
  }
  const findings: QualityFinding[] = [];
  for (const { table, name, ids } of named.values()) {
    const rows = garbledRows(doc.facts, table, maxHan).filter((row) => fits(row[0]!.item_name!, name) && completes(row, name, ids, ctx, doc));
    if (rows.length !== 1) continue;
    const row = rows[0]!;
    const before = row[0]!.item_name;
    for (const f of row) f.item_name = name;
    findings.push(relabelled(doc, row[0]!, before, name, why));
  }
  return findings;
}

const han = (s: string): string => (s.match(/\p{Script=Han}/gu) ?? []).join('');

/** Every identity that names the row, for a measure the row holds, holds with the row's values in its place. */
function completes(row: Fact[], name: string, ids: Identity[], ctx: Ctx, doc: NormalisedDoc): boolean {
  if (!row.some((f) => !yuan(f.value_yuan).isZero())) return false;
  const key = NAME_KEY + name;
  const valueOf = (table: string, k: string, measure: string) => (k === key && table === row[0]!.table_code ? row.find((f) => f.measure === measure) : ctx.index.get(table, k, measure));
  const used = ids.filter((id) => [id.target, ...id.terms].some((r) => r.key === key && row.some((f) => f.measure === r.measure)));
  return used.length > 0 && used.every((id) => {
    const target = valueOf(id.target.table, id.target.key, id.target.measure);
    const terms = id.terms.map((t) => ({ fact: valueOf(t.table, t.key, t.measure), sign: t.sign ?? 1 }));
    return !!target && terms.some((t) => t.fact && !yuan(t.fact.value_yuan).isZero()) && holds(target, terms, doc);
  });
}

/** OCR'd rows of a table keyed by a label (of at most maxHan Han characters), grouped by label and page. */
function garbledRows(facts: Fact[], table: string, maxHan: number): Fact[][] {
  const rows = new Map<string, Fact[]>();
  for (const f of facts) {
    if (f.table_code !== table || f.method !== 'ocr' || f.item_code || f.line_no != null || !f.item_name) continue;
    if (han(f.item_name).length > maxHan) continue;
    const key = `${f.page}|${f.item_name}`;
    rows.set(key, [...(rows.get(key) ?? []), f]);
  }
  return [...rows.values()];
}

function relabelled(doc: NormalisedDoc, f: Fact, before: string | null, total: string, why: string): QualityFinding {
  const sum = new Decimal(f.value_yuan ?? 0).toFixed(2);
  return {
    report_id: doc.report.report_id,
    check_id: 'ocr.label_repaired',
    severity: 'warning',
    table_code: f.table_code,
    item_code: null,
    line_no: null,
    item_name: total,
    measure: null,
    expected: null,
    actual: null,
    page: f.page,
    message:
      `OCR read the label of a row of table ${f.table_code} (page ${f.page}) as '${before}'; its values ${why} ` +
      `(${f.measure} ${sum} 元), the table prints no other ${total} row, so it was filed as ${total} — check the label`,
  };
}
