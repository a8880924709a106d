/**
 * Arithmetic repair of OCR misreads. The template's identities (parent = Σ children, row total
 * = Σ parts, cross-table equalities) locate a misread cell: where an identity fails and exactly
 * one OCR'd cell in it has a plausible alternative reading (one digit dropped, added, changed or
 * swapped, or the decimal point lost) that makes it hold — and that reading breaks no other
 * identity — the cell is corrected and the repair logged. Beyond one slip (a thousands group or
 * a repeated digit lost, a leading 1 lost, the point lost on top of another slip: misread.ts),
 * a cell is corrected only when it is the one unconfirmed cell of the failed identity: every
 * other cell in it is text-layer or confirmed by another identity that holds exactly. Anything
 * else is left for the checks to flag. Text-layer cells are never changed.
 */
import { Decimal } from 'decimal.js';
import type { Fact, NormalisedDoc, QualityFinding } from '../types.ts';
import { checkClassPairs, checkCross0102, checkCross0103, checkCross04Funds, checkEqualities } from './checks/cross.ts';
import { checkLines01, checkLines04 } from './checks/lines.ts';
import { checkHierarchy, checkRows, checkSangong, checkTotals } from './checks/sums.ts';
import { Ctx, repairedFinding, rowLabel } from './context.ts';
import type { Identity } from './identity.ts';
import { describeSlips, isSubsequence, likelySlip, misreadCost, slipNeedsGuard, wholeTables, type Misread } from './misread.ts';
import { fmt, stepYuan, yuan, yuanPerUnit } from './tolerance.ts';

/** Repairs feed on each other (a fixed child makes its parent's identity usable): a few rounds. */
const MAX_ROUNDS = 4;
/** Identities that must ask for a value before what is left of it in a reading is taken for it. */
const MIN_PARTIAL_SUPPORT = 2;
/** Digits a partial reading keeps at least (trailing zeros, which any value has room for, not counted). */
const MIN_PARTIAL_DIGITS = 3;

export interface Evaluated {
  id: Identity;
  target: Fact | undefined;
  terms: { fact: Fact | undefined; sign: number }[];
  failed: boolean;
}

export function repairOcr(doc: NormalisedDoc): QualityFinding[] {
  if (!doc.facts.some((f) => f.method === 'ocr')) return [];
  const findings: QualityFinding[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const ctx = new Ctx(doc);
    const evaluated = collect(ctx).map((id) => evaluate(ctx, id));
    const failed = evaluated.filter((e) => e.failed);
    if (!failed.length) break;
    const accepted = chooseRepairs(failed, evaluated, doc);
    if (!accepted.length) break;
    findings.push(...accepted);
  }
  return findings;
}

/** Every identity the template's checks would evaluate on this report, without evaluating them. */
export function collect(ctx: Ctx): Identity[] {
  ctx.collect = [];
  for (const check of [checkHierarchy, checkRows, checkTotals, checkSangong, checkLines01, checkLines04, checkCross0102, checkCross0103, checkCross04Funds, checkClassPairs, checkEqualities]) {
    check(ctx);
  }
  const ids = ctx.collect;
  ctx.collect = null;
  return ids;
}

export function evaluate(ctx: Ctx, id: Identity): Evaluated {
  const target = ctx.index.get(id.target.table, id.target.key, id.target.measure);
  const terms = id.terms.map((t) => ({ fact: ctx.index.get(t.table, t.key, t.measure), sign: t.sign ?? 1 }));
  return { id, target, terms, failed: !!target && terms.some((t) => t.fact) && !holds(target, terms, ctx.doc) };
}

/** Within the rounding tolerance: one printed hundredth per non-zero term. */
export function holds(target: Fact, terms: { fact: Fact | undefined; sign: number }[], doc: NormalisedDoc): boolean {
  const sum = terms.reduce((s, t) => s.plus(yuan(t.fact?.value_yuan).times(t.sign)), new Decimal(0));
  const unit = (f: Fact | undefined) => f?.unit_as_printed ?? doc.report.unit_as_printed;
  const tol = Decimal.max(
    terms.filter((t) => t.fact && !yuan(t.fact.value_yuan).isZero()).reduce((s, t) => s.plus(stepYuan(unit(t.fact))), new Decimal(0)),
    stepYuan(unit(target)),
  );
  return yuan(target.value_yuan).minus(sum).abs().lte(tol);
}

/** The value (元) each OCR'd cell of a failed identity would need for the identity to hold exactly. */
function required(e: Evaluated): { fact: Fact; value: Decimal }[] {
  const out: { fact: Fact; value: Decimal }[] = [];
  const sum = e.terms.reduce((s, t) => s.plus(yuan(t.fact?.value_yuan).times(t.sign)), new Decimal(0));
  if (e.target?.method === 'ocr') out.push({ fact: e.target, value: sum });
  for (const t of e.terms) {
    if (t.fact?.method !== 'ocr') continue;
    const others = sum.minus(yuan(t.fact.value_yuan).times(t.sign));
    out.push({ fact: t.fact, value: yuan(e.target!.value_yuan).minus(others).times(t.sign) });
  }
  return out;
}

function chooseRepairs(failed: Evaluated[], all: Evaluated[], doc: NormalisedDoc): QualityFinding[] {
  // fact → proposed reading (printed unit, 2 decimals) → identities that support it
  const proposals = new Map<Fact, Map<string, Evaluated[]>>();
  // Readings beyond one slip, and the slips that explain them (for the message).
  const wide = new Map<Fact, Map<string, Misread>>();
  const confirmed = confirmedCells(all);
  const whole = wholeTables(doc.facts);
  // Readings taken only as what is left of a value two identities agree on (partialReading).
  const partial = new Map<Fact, Set<string>>();
  for (const e of failed) {
    for (const { fact, value } of required(e)) {
      let reading = closestReading(fact, value, e, doc);
      if (reading && !plausibleSlip(fact, reading, e, confirmed, whole)) reading = null;
      if (!reading) {
        const w = wideReading(fact, value, e, confirmed);
        if (w) {
          reading = w.value;
          wide.set(fact, (wide.get(fact) ?? new Map<string, Misread>()).set(reading, w.misread));
        } else {
          reading = partialReading(fact, value, e, confirmed);
          if (!reading) continue;
          partial.set(fact, (partial.get(fact) ?? new Set<string>()).add(reading));
        }
      }
      const byValue = proposals.get(fact) ?? new Map<string, Evaluated[]>();
      byValue.set(reading, [...(byValue.get(reading) ?? []), e]);
      proposals.set(fact, byValue);
    }
  }
  // What is left of a value stands only on two identities or more that ask for that value.
  for (const [fact, byValue] of proposals) {
    for (const [value, support] of byValue) if (partial.get(fact)?.has(value) && support.length < MIN_PARTIAL_SUPPORT) byValue.delete(value);
    if (!byValue.size) proposals.delete(fact);
  }
  // Keep, per fact, the reading most identities support; drop facts where two readings tie.
  const chosen = new Map<Fact, { value: string; support: Evaluated[]; before: string | null }>();
  for (const [fact, byValue] of proposals) {
    const ranked = [...byValue.entries()].sort((a, b) => b[1].length - a[1].length);
    if (ranked.length > 1 && ranked[0]![1].length === ranked[1]![1].length) continue;
    chosen.set(fact, { value: ranked[0]![0], support: ranked[0]![1], before: fact.value_yuan });
  }
  oneRepairPerIdentity(chosen);
  withOnlyChildren(chosen, all);
  // Apply together (two cells of one row can share a misread), then undo any change that
  // leaves an identity it takes part in failing (tolerated: see keepsDespite).
  for (const [fact, c] of chosen) fact.value_yuan = new Decimal(c.value).times(yuanPerUnit(fact.unit_as_printed)).toFixed(2);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [fact, c] of chosen) {
      const involved = all.filter((e) => e.target === fact || e.terms.some((t) => t.fact === fact));
      // An identity none of whose terms was read (a row printed as its total only) proves nothing.
      const failing = involved.filter((e) => e.target && e.terms.some((t) => t.fact) && !holds(e.target, e.terms, doc));
      if (failing.length && !keepsDespite(failing, c.support)) {
        fact.value_yuan = c.before;
        chosen.delete(fact);
        changed = true;
      }
    }
  }
  return [...chosen.entries()].map(([fact, c]) =>
    repairedFinding(
      doc,
      fact,
      c.before,
      `OCR read '${fact.value_text}' for ${fact.table_code} ${rowLabel(fact)} ${fact.measure} ` +
        `(page ${fact.page}); corrected to ${c.value} because that makes ${c.support.map((e) => `${e.id.check} ${e.id.what}`).join('; ')} hold ` +
        `and breaks no other identity (was ${fmt(yuan(c.before))} 元)` +
        slipsNote(wide.get(fact)?.get(c.value)) +
        (partial.get(fact)?.has(c.value) ? '; the digits read are what is left of that value — check the cell' : ''),
    ),
  );
}

/**
 * A repair stands although an identity it takes part in still fails, when that identity failed
 * before the repair too and did not ask for it: a 类 total beside a lost 类 row, or a column sum
 * with a second misread cell of its own ('80,000 9' and '430,000 4' under one 302), would
 * otherwise undo a reading its own row's sum pins down. A repair never breaks an identity that
 * held, and the one still failing is flagged by its check as before.
 */
function keepsDespite(failing: Evaluated[], support: Evaluated[]): boolean {
  return failing.every((e) => e.failed && !support.includes(e));
}

/**
 * A parent printed over its only child (303 = 30302) holds the same number twice, and OCR reads
 * both the same way: '717,222.40' for 717,240.00 in each. Repairing one alone breaks the
 * identity they hold by coincidence, so the undo rule took the repair back. A cell read exactly
 * as the repaired one, joined to it by a one-term identity, takes the same reading.
 */
function withOnlyChildren(chosen: Map<Fact, { value: string; support: Evaluated[]; before: string | null }>, all: Evaluated[]): void {
  for (const [fact, c] of [...chosen]) {
    for (const e of all) {
      if (e.terms.length !== 1 || !e.target) continue;
      const other = e.target === fact ? e.terms[0]!.fact : e.terms[0]!.fact === fact ? e.target : undefined;
      if (!other || other.method !== 'ocr' || chosen.has(other) || other.value_text !== fact.value_text || other.value_yuan !== c.before) continue;
      chosen.set(other, { value: c.value, support: c.support, before: other.value_yuan });
    }
  }
}

function slipsNote(m: Misread | undefined): string {
  return m ? `; read as ${describeSlips(m.slips)}, every other cell of the identity confirmed — check the cell` : '';
}

/**
 * OCR'd cells confirmed by an identity that holds exactly with ≥ 2 non-zero right-hand cells
 * (verify.ts's rule), with the identities that confirm them.
 */
function confirmedCells(all: Evaluated[]): Map<Fact, Set<Evaluated>> {
  const out = new Map<Fact, Set<Evaluated>>();
  for (const e of all) {
    if (!e.target || (e.terms.filter((t) => t.fact && !yuan(t.fact.value_yuan).isZero()).length < 2 && !isCopyElsewhere(e))) continue;
    const sum = e.terms.reduce((s, t) => s.plus(yuan(t.fact?.value_yuan).times(t.sign)), new Decimal(0));
    if (!sum.eq(yuan(e.target.value_yuan))) continue;
    for (const f of [e.target, ...e.terms.map((t) => t.fact)]) if (f) out.set(f, (out.get(f) ?? new Set()).add(e));
  }
  return out;
}

/** Confidences closer than this say nothing about which of two cells OCR misread. */
const CONFIDENCE_MARGIN = 0.2;

/**
 * One repair per identity: the reading the most identities agree on wins, then the likelier
 * slip (a leading 1 lost before a 1 invented: misread.ts likelySlip), then the cell OCR was
 * less sure of; weaker rivals in the same identity are dropped (a wrong total makes each of its
 * parts look wrong too). Two rivals alike on all three ('34.00' and '11.00', each a leading 1
 * lost, both read with confidence) leave the identity unrepaired: either could be the misread.
 */
function oneRepairPerIdentity(chosen: Map<Fact, { value: string; support: Evaluated[] }>): void {
  const rank = new Map([...chosen].map(([f, c]) => [f, [-c.support.length, likelySlip(f.value_text ?? '', c.value) ? 0 : 1, f.confidence] as const]));
  const order = [...chosen.keys()].sort((a, b) => rank.get(a)![0] - rank.get(b)![0] || rank.get(a)![1] - rank.get(b)![1] || rank.get(a)![2] - rank.get(b)![2]);
  const tied = (a: Fact, b: Fact) => {
    const [x, y] = [rank.get(a)!, rank.get(b)!];
    return x[0] === y[0] && x[1] === y[1] && Math.abs(x[2] - y[2]) < CONFIDENCE_MARGIN;
  };
  const claimedBy = new Map<Evaluated, Fact>();
  const winners = new Set<Fact>();
  const ambiguous = new Set<Fact>();
  for (const fact of order) {
    const support = chosen.get(fact)!.support;
    const rivals = support.flatMap((e) => claimedBy.get(e) ?? []);
    if (!rivals.length) {
      support.forEach((e) => claimedBy.set(e, fact));
      winners.add(fact);
    } else for (const r of rivals) if (tied(r, fact)) ambiguous.add(r);
  }
  for (const fact of order) if (ambiguous.has(fact) || !winners.has(fact)) chosen.delete(fact);
}

/**
 * A value printed in two tables on two pages (B04's 一般公共预算 of a 类 as B05's 合计), read
 * alike in both: OCR misreads where a seal or a border falls, not the same way on two pages.
 * (A parent over its one child is printed twice on one page, where one smudge can hit both.)
 */
export function isCopyElsewhere(e: Pick<Evaluated, 'target' | 'terms'>): boolean {
  const read = e.terms.filter((t) => t.fact && !yuan(t.fact.value_yuan).isZero());
  const copy = read.length === 1 && read[0]!.sign === 1 ? read[0]!.fact! : null;
  return !!e.target && !!copy && copy.table_code !== e.target.table_code && copy.page !== e.target.page && yuan(copy.value_yuan).eq(yuan(e.target.value_yuan));
}

/**
 * A one-slip reading worth taking. A changed, swapped or invented digit (not a lost point, a
 * digit read too many, a repeated digit read once or a leading 1 lost: misread.ts
 * slipNeedsGuard) needs the cell to be its identity's one doubtful cell (restsOnConfirmed): when another cell of
 * the identity is the misread one, its error is a digit's worth (d × 10^k), and a right cell
 * with a suitable digit in that place absorbs it — on harsh v7like scans such repairs were wrong
 * more often than right (7 of 11 wrong or on rows that do not exist), and a wrong one claims the
 * identity a right repair needed. A value with cents is no reading of a table printed in whole
 * 元 ('1' is not 0.01).
 */
function plausibleSlip(fact: Fact, reading: string, e: Evaluated, confirmed: Map<Fact, Set<Evaluated>>, whole: Set<string>): boolean {
  if (whole.has(fact.table_code) && !new Decimal(reading).isInteger()) return false;
  return !slipNeedsGuard(fact.value_text ?? '', reading) || restsOnConfirmed(fact, e, confirmed);
}

/**
 * The cell is not confirmed itself, and every other cell of the identity is text-layer,
 * confirmed, or read as zero. A zero cell is no exact identity's proof (rows of budget tables
 * have one non-zero part: 合计 = 0 + 4,212,300), and were it a misread value, the identity
 * would ask for a number the cell's own reading, made from the printed digits, does not fit.
 */
function restsOnConfirmed(fact: Fact, e: Evaluated, confirmed: Map<Fact, Set<Evaluated>>): boolean {
  if (confirmed.has(fact)) return false;
  const others = [e.target, ...e.terms.map((t) => t.fact)].filter((f): f is Fact => !!f && f !== fact);
  return others.length > 0 && others.every((f) => f.method !== 'ocr' || confirmed.has(f) || yuan(f.value_yuan).isZero());
}

/**
 * A reading beyond one slip (misread.ts) that is exactly the value the failed identity needs,
 * accepted only when the cell is the identity's one doubtful cell: it is not confirmed itself,
 * and every other cell of the identity is text-layer or confirmed by another identity — so the
 * required value rests on cells known to be right, and no other cell could be the misread one.
 */
function wideReading(fact: Fact, requiredYuan: Decimal, e: Evaluated, confirmed: Map<Fact, Set<Evaluated>>): { value: string; misread: Misread } | null {
  if (requiredYuan.lte(0) || !restsOnConfirmed(fact, e, confirmed)) return null;
  const printed = requiredYuan.div(yuanPerUnit(fact.unit_as_printed));
  if (!printed.times(100).isInteger()) return null;
  const misread = misreadCost(fact.value_text ?? '', printed);
  return misread ? { value: printed.toFixed(2), misread } : null;
}

/**
 * A reading too far from the value for any slip ('312142.00' for 31,214,205.80, '2049.00' for
 * 2,049,197: digits lost to a seal or a fold), in a table printed in 元, whose digits all appear
 * in that value in order, while the identity rests on confirmed cells. Taken only when two
 * identities or more ask for the same value (MIN_PARTIAL_SUPPORT, chooseRepairs): exact sums on
 * different cells agreeing leave no doubt about the value, and the reading says it is this cell.
 */
function partialReading(fact: Fact, requiredYuan: Decimal, e: Evaluated, confirmed: Map<Fact, Set<Evaluated>>): string | null {
  if (requiredYuan.lte(0) || !yuanPerUnit(fact.unit_as_printed).eq(1) || !restsOnConfirmed(fact, e, confirmed)) return null;
  const seen = (fact.value_text ?? '').replace(/\D/g, '').replace(/0+$/, '');
  const printed = requiredYuan.toFixed(2);
  return seen.length >= MIN_PARTIAL_DIGITS && isSubsequence(seen, printed.replace(/\D/g, '')) ? printed : null;
}

/**
 * The alternative reading of a cell that brings an identity within its rounding tolerance,
 * preferring the smallest slip (a lost decimal point before a changed digit); null when none
 * does or two equally small slips do.
 */
function closestReading(fact: Fact, requiredYuan: Decimal, e: Evaluated, doc: NormalisedDoc): string | null {
  const factor = yuanPerUnit(fact.unit_as_printed);
  const tol = stepYuan(fact.unit_as_printed ?? doc.report.unit_as_printed).times(Math.max(1, e.terms.filter((t) => t.fact).length));
  let best: { value: string; cost: number; dist: Decimal } | null = null;
  let tie = false;
  for (const [value, cost] of alternativeReadings(fact.value_text)) {
    const dist = new Decimal(value).times(factor).minus(requiredYuan).abs();
    if (dist.gt(tol) || new Decimal(value).isNegative()) continue;
    if (!best || cost < best.cost || (cost === best.cost && dist.lt(best.dist))) {
      tie = false;
      best = { value, cost, dist };
    } else if (cost === best.cost && dist.eq(best.dist) && value !== best.value) tie = true;
  }
  return best && !tie && best.cost > 0 ? best.value : null;
}

/**
 * Readings one slip away from what OCR saw, as 2-decimal strings in the printed unit: a digit
 * dropped, doubled or changed, two neighbours swapped, or the decimal point lost or misplaced.
 */
export function alternativeReadings(text: string): Map<string, number> {
  const t = text.normalize('NFKC').replace(/[\s,，]/g, '');
  const m = /^-?(\d*)\.?(\d*)$/.exec(t);
  const out = new Map<string, number>();
  if (!m) return out;
  const digits = m[1]! + m[2]!;
  const decimals = t.includes('.') ? m[2]!.length : 0;
  // Edited digit strings with their cost: 0 unchanged, 1 for one slip.
  const edits = new Map<string, number>([[digits, 0]]);
  const add = (e: string, c: number) => {
    if (e && !edits.has(e)) edits.set(e, c);
  };
  for (let i = 0; i < digits.length; i++) {
    add(digits.slice(0, i) + digits.slice(i + 1), 1);
    if (i + 1 < digits.length) add(digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2), 1);
    for (let d = 0; d <= 9; d++) add(digits.slice(0, i) + d + digits.slice(i + 1), 1);
  }
  for (let i = 0; i <= digits.length; i++) for (let d = 0; d <= 9; d++) add(digits.slice(0, i) + d + digits.slice(i), 1);
  for (const [e, cost] of edits) {
    // Same decimal places as read; or two places, the printed precision (a lost point costs ½).
    for (const [k, extra] of [[decimals, 0], [2, decimals === 2 ? 0 : 0.5]] as const) {
      if (k > e.length) continue;
      const value = new Decimal(e).div(new Decimal(10).pow(k)).toFixed(2);
      const c = cost + extra;
      if (!out.has(value) || out.get(value)! > c) out.set(value, c);
    }
  }
  return out;
}
