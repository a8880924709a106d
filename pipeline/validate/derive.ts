/**
 * OCR'd cells that read as no number ('30.0.0', '100,0C', '9,5.0': a seal or smudge over the
 * digits) are not lost when the template's identities pin them down. A row total whose parts
 * were read (合计 = 人员经费 + 公用经费), or a part whose total and siblings were, has exactly one
 * value the identity allows. It is taken when every identity that can give it agrees, and the
 * digits OCR did see appear in it in order (the reading is that value with characters lost or
 * misread, not another number). Each filled cell is logged as `ocr.repaired` (a warning: the
 * value was derived, not read) in place of its `value.unreadable` error, so it is never silent.
 */
import { Decimal } from 'decimal.js';
import type { Fact, NormalisedDoc, QualityFinding } from '../types.ts';
import { cellKey, Ctx, refKey, repairedFinding, rowKeyOf, rowLabel } from './context.ts';
import type { Identity } from './identity.ts';
import { isSubsequence, wholeTables } from './misread.ts';
import { collect } from './repair.ts';
import { byValue, fmt, stepYuan, yuan, yuanPerUnit } from './tolerance.ts';

/** The digits OCR saw must be at least this share of the derived value's printed digits. */
const MIN_DIGITS_SEEN = 0.4;
/** Rounds of filling: each round's cells complete identities for the next. */
const MAX_ROUNDS = 3;
/** Identities that, agreeing exactly, fill a cell whatever share of its digits OCR saw. */
const MIN_AGREEING = 2;
/** Two decimals after a separator at the end (junk after them aside): no digit was lost. */
const COMPLETE = /\d[.,]\s*\d{2}\D{0,2}$/;

export function deriveUnreadable(doc: NormalisedDoc): QualityFinding[] {
  const findings: QualityFinding[] = [];
  const whole = wholeTables(doc.facts);
  // A filled cell completes the identities of the next (a 款 row's cell, then its 类's): rounds.
  // Within one round, a cell filled is still unread to the others: its value joins the index
  // with the next round's.
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const unread = doc.unread_ocr ?? [];
    if (!unread.length) break;
    // A row whose only reading is unreadable has no fact, and identities name only rows that
    // have one: stand-ins (0, never read as values: every identity with another unread cell is
    // skipped) put its cells in the index.
    const ctx = new Ctx({ ...doc, facts: [...doc.facts, ...unread.map((c) => ({ ...c, value_yuan: '0.00' }))] });
    const ids = collect(ctx);
    const unreadKeys = new Set(unread.map(cellKey));
    const filled = unread.flatMap((cell) => {
      const derived = derive(cell, ids, ctx, unreadKeys, cell.unit_as_printed ?? doc.report.unit_as_printed, whole.has(cell.table_code));
      return derived ? [{ cell, derived }] : [];
    });
    if (!filled.length) break;
    for (const { cell, derived } of filled) {
      doc.facts.push({ ...cell, value_yuan: derived.value.toFixed(2), confidence: Math.min(cell.confidence ?? 1, 0.5) });
      doc.findings = doc.findings.filter((f) => !(f.check_id === 'value.unreadable' && cellKey(f) === cellKey(cell)));
      findings.push(repaired(doc, cell, cell.value_text, derived));
    }
    const done = new Set(filled.map((x) => cellKey(x.cell)));
    doc.unread_ocr = unread.filter((c) => !done.has(cellKey(c)));
  }
  return findings;
}

interface Derived {
  value: Decimal;
  support: Identity[];
}

/** The one value (元) the identities allow for the cell and its reading fits, or null. */
function derive(cell: Fact, ids: Identity[], ctx: Ctx, unreadKeys: Set<string>, unit: string | null, whole: boolean): Derived | null {
  const key = rowKeyOf(cell);
  const here = (r: { table: string; key: string; measure: string }) => r.table === cell.table_code && r.key === key && r.measure === cell.measure;
  const unreadRef = (r: { table: string; key: string; measure: string }) => unreadKeys.has(refKey(r));
  const values: { value: Decimal; terms: number; id: Identity }[] = [];
  for (const id of ids) {
    const isTarget = here(id.target);
    const term = id.terms.find(here);
    if (!isTarget && !term) continue;
    // Every other cell of the identity must have been read (blank counts as 0 only when printed blank).
    const others = [id.target, ...id.terms].filter((r) => !here(r));
    if (others.some(unreadRef)) continue;
    const fact = (r: { table: string; key: string; measure: string }) => ctx.index.get(r.table, r.key, r.measure);
    const sum = id.terms.filter((t) => !here(t)).reduce((s, t) => s.plus(yuan(fact(t)?.value_yuan).times(t.sign ?? 1)), new Decimal(0));
    const nonZero = id.terms.filter((t) => !here(t) && !yuan(fact(t)?.value_yuan).isZero()).length;
    if (isTarget) {
      if (nonZero) values.push({ value: sum, terms: nonZero, id });
    } else {
      const target = fact(id.target);
      if (!target) continue;
      values.push({ value: yuan(target.value_yuan).minus(sum).times(term!.sign ?? 1), terms: nonZero + 1, id });
    }
  }
  if (!values.length) return null;
  const value = fitReading(cell, unit, values, whole);
  if (value) return { value, support: values.map((v) => v.id) };
  // An identity with another lost cell in it (a 合计 row beside a 类 whose cell was not read)
  // disagrees with the rest; in a table printed in 元, two or more that agree exactly still pin
  // the cell down, and the one that disagrees stays failing and flagged by its check. (In 万元,
  // rounding makes agreeing sums no proof: on the fixture report this filled 7 of 75 wrong.)
  const agreeing = yuanPerUnit(unit).eq(1) ? largestAgreement(values) : null;
  const fallback = agreeing && fitReading(cell, unit, agreeing, whole);
  return fallback ? { value: fallback, support: agreeing.map((v) => v.id) } : null;
}

/** The identities that give one value exactly, when at least MIN_AGREEING do and no other value has as many. */
function largestAgreement<T extends { value: Decimal }>(values: T[]): T[] | null {
  const ranked = byValue(values).sort((a, b) => b.length - a.length);
  const best = ranked[0]!;
  return best.length >= MIN_AGREEING && ranked[1]?.length !== best.length ? best : null;
}

/**
 * The value every identity allows within its rounding tolerance (one printed hundredth per
 * term: 万元 tables round each cell, so Σ children may differ from the printed total by that)
 * whose printed digits contain the digits OCR saw, in order. Candidates closest to the
 * identities come first; two equally close that both fit leave the cell unread.
 */
function fitReading(cell: Fact, unit: string | null, values: { value: Decimal; terms: number }[], whole: boolean): Decimal | null {
  const seen = (cell.value_text ?? '').replace(/\D/g, '');
  const step = stepYuan(unit);
  const perUnit = yuanPerUnit(unit);
  const lo = Decimal.max(...values.map((v) => v.value.minus(step.times(v.terms))));
  const hi = Decimal.min(...values.map((v) => v.value.plus(step.times(v.terms))));
  const candidates: { v: Decimal; dist: Decimal }[] = [];
  for (let v = lo; v.lte(hi); v = v.plus(step)) {
    // A table of whole 元 prints no cents: 9,000,000.01 is no value of it.
    if (whole && !v.div(perUnit).isInteger()) continue;
    candidates.push({ v, dist: values.reduce((d, x) => d.plus(x.value.minus(v).abs()), new Decimal(0)) });
  }
  candidates.sort((a, b) => a.dist.comparedTo(b.dist));
  // A reading that still ends in two decimals ('2.98 4.80', '0.94加') kept all its digits, only
  // its separators are garbled: the value must have exactly those digits. An identity giving
  // more has a misread term ('2,998.48' upstream), not a lost digit here.
  // In a table of whole 元 ('13.80' for 13,800) the "decimals" are a misread group: digits were lost.
  const complete = !whole && COMPLETE.test(cell.value_text ?? '');
  // Identities that agree only within rounding leave a window of values: a reading that lost
  // more than one digit ('32' of 32.01) cannot choose within it.
  const window = values.some((x) => !x.value.eq(values[0]!.value));
  // Two identities on different cells that give the same value exactly pin it down, in a table
  // printed in 元 (in 万元 each printed cell is rounded, so sums that agree may still differ from
  // the printed value by a hundredth or two): what is left of the reading ('16' of
  // 16,093,326.00 beside a seal) need only fit it.
  const agreed = perUnit.eq(1) && values.length >= MIN_AGREEING && !window && seen.length > 0;
  const fitsSeen = (printed: string, seen: string, complete: boolean) => {
    if (complete) return printed === seen;
    if (window && seen.length < printed.length - 1) return false;
    return (agreed || seen.length >= MIN_DIGITS_SEEN * printed.length) && isSubsequence(seen, printed);
  };
  // A speck read beside the amount ('80,000 9', '13 3,500') is no digit of it: the reading
  // without one such token may be what fits.
  const others = withoutSpeck(cell.value_text ?? '').map((t) => ({ seen: t.replace(/\D/g, ''), complete: !whole && COMPLETE.test(t) }));
  const fits = (v: Decimal) => {
    if (v.isNegative() && !/-/.test(cell.value_text ?? '')) return false;
    const printed = v.div(perUnit).toFixed(2).replace(/\D/g, '');
    return fitsSeen(printed, seen, complete) || others.some((o) => fitsSeen(printed, o.seen, o.complete));
  };
  for (const c of candidates) {
    if (!fits(c.v)) continue;
    const rivals = candidates.filter((o) => o !== c && o.dist.eq(c.dist) && fits(o.v));
    return rivals.length ? null : c.v;
  }
  return null;
}

/** The reading with one token of one or two digits left out, for each such token (none if it has one token). */
function withoutSpeck(text: string): string[] {
  const tokens = text.trim().split(/\s+/);
  if (tokens.length < 2) return [];
  return tokens.flatMap((t, i) => (/^\d{1,2}$/.test(t) ? [tokens.filter((_, j) => j !== i).join(' ')] : []));
}

function repaired(doc: NormalisedDoc, cell: Fact, before: string | null, d: Derived): QualityFinding {
  const message =
    `OCR read '${before}' for ${cell.table_code} ${rowLabel(cell)} ${cell.measure} (page ${cell.page}), which is no number; ` +
    `filled in as ${fmt(d.value)} 元 because ${d.support.map((id) => `${id.check} ${id.what}`).join('; ')} gives it and the digits read appear in it — check the cell`;
  return repairedFinding(doc, { ...cell, value_yuan: d.value.toFixed(2) }, null, message);
}
