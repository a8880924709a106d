/**
 * A coded table's 合计 row whose label OCR garbled to a character or two ('一', '入', '|') is
 * loaded under that label: the total is missing and an extra row appears. When the table has no
 * row of the total's name and exactly one such short-labelled OCR'd row equals Σ 类 rows in every
 * measure it holds (one at least non-zero, within the identity's rounding), that row is the total
 * and takes its name. Any other row an identity names (relabelNamed) likewise. Logged as
 * `ocr.label_repaired` (a warning).
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

export function relabelTotals(doc: NormalisedDoc): QualityFinding[] {
  if (!doc.facts.some((f) => f.method === 'ocr')) return [];
  const ctx = new Ctx(doc);
  const missing = collect(ctx).filter((id) => id.check === 'sum.total' && id.target.key.startsWith(NAME_KEY) && !ctx.index.row(id.target.table, id.target.key));
  const byTable = new Map<string, Identity[]>();
  for (const id of missing) byTable.set(id.target.table, [...(byTable.get(id.target.table) ?? []), id]);
  const findings: QualityFinding[] = [];
  for (const [table, ids] of byTable) {
    const total = ids[0]!.target.key.slice(NAME_KEY.length);
    if (ids.some((id) => id.target.key !== ids[0]!.target.key)) continue;
    const rows = garbledRows(doc.facts, table).filter((row) => isTotal(row, ids, ctx, doc));
    if (rows.length !== 1) continue;
    const row = rows[0]!;
    const before = row[0]!.item_name;
    for (const f of row) f.item_name = total;
    findings.push(relabelled(doc, row[0]!, before, total));
  }
  return [...findings, ...relabelNamed(doc)];
}

/**
 * Any other row an identity names ('公用经费合计' in 05 合计 基本支出 = 人员经费合计 + 公用经费合计)
 * that its table lacks: a short-labelled OCR'd row of that table whose characters are all in the
 * name ('公') and whose values, put in its place, make every identity naming it hold (one at
 * least non-zero) takes the name, when it is the only such row.
 */
function relabelNamed(doc: NormalisedDoc): QualityFinding[] {
  const ctx = new Ctx(doc);
  const ids = collect(ctx);
  const named = new Map<string, { table: string; name: string; ids: Identity[] }>();
  for (const id of ids) {
    for (const ref of [id.target, ...id.terms]) {
      if (!ref.key.startsWith(NAME_KEY) || !ctx.index.hasTable(ref.table) || ctx.index.row(ref.table, ref.key)) continue;
      const k = `${ref.table}|${ref.key}`;
      const entry = named.get(k) ?? { table: ref.table, name: ref.key.slice(NAME_KEY.length), ids: [] };
      entry.ids.push(id);
      named.set(k, entry);
    }
  }
  const findings: QualityFinding[] = [];
  for (const { table, name, ids: naming } of named.values()) {
    const rows = garbledRows(doc.facts, table).filter((row) => [...han(row[0]!.item_name!)].every((c) => name.includes(c)) && completes(row, name, naming, ctx, doc));
    if (rows.length !== 1) continue;
    const row = rows[0]!;
    const before = row[0]!.item_name;
    for (const f of row) f.item_name = name;
    findings.push(relabelled(doc, row[0]!, before, name, 'make every identity naming that row hold'));
  }
  return findings;
}

const han = (s: string): string => (s.match(/\p{Script=Han}/gu) ?? []).join('');

/** Every identity that names the row, for a measure the row holds, holds with the row's values in its place. */
function completes(row: Fact[], name: string, ids: Identity[], ctx: Ctx, doc: NormalisedDoc): boolean {
  if (!han(row[0]!.item_name ?? '') || !row.some((f) => !yuan(f.value_yuan).isZero())) return false;
  const key = NAME_KEY + name;
  const valueOf = (table: string, k: string, measure: string) => (k === key && table === row[0]!.table_code ? row.find((f) => f.measure === measure) : ctx.index.get(table, k, measure));
  const used = ids.filter((id) => [id.target, ...id.terms].some((r) => r.key === key && row.some((f) => f.measure === r.measure)));
  return used.length > 0 && used.every((id) => {
    const target = valueOf(id.target.table, id.target.key, id.target.measure);
    const terms = id.terms.map((t) => ({ fact: valueOf(t.table, t.key, t.measure), sign: t.sign ?? 1 }));
    return !!target && terms.filter((t) => t.fact && !yuan(t.fact.value_yuan).isZero()).length > 0 && holds(target, terms, doc);
  });
}

/** OCR'd rows of a table keyed by a label too short to be a row name, grouped by label and page. */
function garbledRows(facts: Fact[], table: string): Fact[][] {
  const rows = new Map<string, Fact[]>();
  for (const f of facts) {
    if (f.table_code !== table || f.method !== 'ocr' || f.item_code || f.line_no != null || !f.item_name) continue;
    if ((f.item_name.match(/\p{Script=Han}/gu) ?? []).length > MAX_GARBLED_HAN) continue;
    const key = `${f.page}|${f.item_name}`;
    rows.set(key, [...(rows.get(key) ?? []), f]);
  }
  return [...rows.values()];
}

/** Every value of the row equals its measure's Σ 类 rows, and one is non-zero. */
function isTotal(row: Fact[], ids: Identity[], ctx: Ctx, doc: NormalisedDoc): boolean {
  if (!row.some((f) => !yuan(f.value_yuan).isZero())) return false;
  return row.every((f) => {
    const id = ids.find((i) => i.target.measure === f.measure);
    if (!id) return false;
    const terms = id.terms.map((t) => ({ fact: ctx.index.get(t.table, t.key, t.measure), sign: t.sign ?? 1 }));
    return terms.some((t) => t.fact && !yuan(t.fact.value_yuan).isZero()) && holds(f, terms, doc);
  });
}

function relabelled(doc: NormalisedDoc, f: Fact, before: string | null, total: string, why?: string): QualityFinding {
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
      `OCR read the label of a row of table ${f.table_code} (page ${f.page}) as '${before}'; its values ${why ?? 'equal Σ 类 rows'} ` +
      `(${f.measure} ${sum} 元), the table prints no other ${total} row, so it was filed as ${total} — check the label`,
  };
}
