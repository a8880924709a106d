/**
 * Claims of the prose (NormalisedDoc.claims, read by normalise/narrative/claims.ts) checked
 * against the tables and against the figures the prose states beside them.
 *
 * Severity policy (docs/quality.md): a claim that contradicts a printed figure is an `error`,
 * since one of two printed statements of the same fact is wrong and a reader cannot tell which;
 * a difference within the printed rounding holds. A claim whose figures are neither in its
 * block nor in a table is not passed: it is counted as unchecked and logged (`claim.unchecked`,
 * info) with the reason.
 */
import { Decimal } from 'decimal.js';
import { ABOUT_EQUAL_SHARE, CHANGE_PCT_RELATIVE_TOLERANCE, CLAIM_KINDS, COUNT_PATTERNS } from '../../templates/claims.ts';
import type { Claim, ClaimCell, ClaimCounts, ClaimFigure, Fact } from '../../types.ts';
import { NOWHERE, codeKey, lineKey, nameKey, type Ctx, type RowKey } from '../context.ts';
import { fmt, stepFromText } from '../tolerance.ts';
import { checkFigureClaim } from './figure-claims.ts';

export type Verdict =
  | { held: true; rounding?: { detail: string; cell: Fact; expected: string; actual: string } }
  | { held: false; detail: string; cell?: Fact | null; claimed?: ClaimCell; check_id?: string; severity?: 'error' | 'warning'; expected?: string; actual?: string }
  | { unchecked: string };

const HUNDRED = new Decimal(100);

/** The interval a printed figure stands for: ± half its printed step. */
function range(f: ClaimFigure): [Decimal, Decimal] {
  const v = new Decimal(f.value_yuan);
  const half = stepFromText(f.value_text, f.unit).div(2);
  return [Decimal.max(v.minus(half), 0), v.plus(half)];
}

/**
 * Whether a printed percentage can be num/den: the exact ratio of the intervals both figures
 * stand for, widened by one step of the percentage as printed (reports round or truncate).
 */
function percentHolds(stated: string, num: [Decimal, Decimal], den: [Decimal, Decimal], relative = 0): boolean {
  const decimals = stated.split('.')[1]?.length ?? 0;
  const step = Decimal.max(new Decimal(10).pow(-decimals), new Decimal(stated).times(relative));
  const lo = den[1].isZero() ? new Decimal(Infinity) : num[0].div(den[1]).times(HUNDRED);
  const hi = den[0].isZero() ? new Decimal(Infinity) : num[1].div(den[0]).times(HUNDRED);
  const p = new Decimal(stated);
  return p.gte(lo.minus(step)) && p.lte(hi.plus(step));
}

const pctOf = (num: ClaimFigure, den: ClaimFigure) => new Decimal(num.value_yuan).div(den.value_yuan).times(HUNDRED).toDecimalPlaces(2).toString();
const said = (f: ClaimFigure) => `${f.value_text}${f.unit}`;

function comparison(c: Claim): Verdict {
  const { actual, budget } = c.figures;
  if (!actual || !budget) return { unchecked: c.note ?? 'figures not stated' };
  const a = new Decimal(actual.value_yuan);
  const b = new Decimal(budget.value_yuan);
  const tol = Decimal.max(stepFromText(actual.value_text, actual.unit), stepFromText(budget.value_text, budget.unit));
  const diff = a.minus(b);
  const holds =
    c.relation === 'gt' ? diff.gt(0)
    : c.relation === 'lt' ? diff.lt(0)
    : c.relation === 'eq' ? diff.abs().lte(tol)
    : diff.abs().lte(Decimal.max(tol, b.abs().times(ABOUT_EQUAL_SHARE)));
  const word = { gt: '大于', lt: '小于', eq: '等于', about: '基本持平' }[c.relation ?? 'eq'];
  return holds ? { held: true } : { held: false, detail: `it says 决算数${word}预算数, but the 决算数 stated is ${said(actual)} and the 预算数 ${said(budget)}` };
}

function completion(c: Claim): Verdict {
  const { actual, budget } = c.figures;
  if (!actual || !budget || !c.stated) return { unchecked: c.note ?? 'figures not stated' };
  if (new Decimal(budget.value_yuan).isZero()) return { unchecked: 'the 预算数 is 0: no completion rate' };
  if (percentHolds(c.stated, range(actual), range(budget))) return { held: true };
  return { held: false, detail: `it says 完成预算的${c.stated}%, but ${said(actual)} / ${said(budget)} = ${pctOf(actual, budget)}%` };
}

function share(c: Claim): Verdict {
  const { part, whole } = c.figures;
  if (!part || !whole || !c.stated) return { unchecked: c.note ?? 'figures not stated' };
  if (new Decimal(whole.value_yuan).isZero()) return { unchecked: 'the whole is 0' };
  if (new Decimal(part.value_yuan).gt(whole.value_yuan)) return { unchecked: `the figure before 占 (${said(part)}) exceeds the total taken as its whole (${said(whole)}): the whole is not the one the sentence means` };
  if (percentHolds(c.stated, range(part), range(whole))) return { held: true };
  return { held: false, detail: `it says 占${c.stated}%, but ${said(part)} / ${said(whole)} = ${pctOf(part, whole)}%` };
}

function change(c: Claim): Verdict {
  const { current, amount, prior } = c.figures;
  const [direction, pct] = c.stated ? (c.stated.split(':') as [string, string]) : [null, null];
  if (c.relation && direction && c.relation !== 'flat' && c.relation !== direction)
    return { held: false, detail: `it states an ${c.relation === 'up' ? 'increase' : 'decrease'} of ${amount ? said(amount) : ''} but a ${direction === 'up' ? '增长' : '下降'} of ${pct}%` };
  if (!current) return { unchecked: c.note ?? 'the current-year figure is not stated' };
  const cur = new Decimal(current.value_yuan);
  if (prior) {
    const before = new Decimal(prior.value_yuan);
    const tol = stepFromText(current.value_text, current.unit).plus(stepFromText(prior.value_text, prior.unit));
    const delta = cur.minus(before);
    if (c.relation === 'flat' && delta.abs().gt(tol)) return { held: false, detail: `it says 持平, but ${said(current)} this year against ${said(prior)} the year before` };
    if (c.relation === 'up' && delta.lte(0)) return { held: false, detail: `it says 增加, but ${said(current)} this year against ${said(prior)} the year before` };
    if (c.relation === 'down' && delta.gte(0)) return { held: false, detail: `it says 减少, but ${said(current)} this year against ${said(prior)} the year before` };
    if (amount && delta.abs().minus(amount.value_yuan).abs().gt(tol.plus(stepFromText(amount.value_text, amount.unit))))
      return { held: false, detail: `it states a change of ${said(amount)}, but ${said(current)} − ${said(prior)} = ${fmt(delta.div(10000))}万元` };
    if (pct && !before.isZero() && !percentHolds(pct, [delta.abs().minus(tol), delta.abs().plus(tol)], range(prior), CHANGE_PCT_RELATIVE_TOLERANCE))
      return { held: false, detail: `it states ${pct}%, but the change over ${said(prior)} is ${delta.abs().div(before).times(HUNDRED).toDecimalPlaces(2)}%` };
    return { held: true };
  }
  if (amount && pct) {
    const [a0, a1] = range(amount);
    const [c0, c1] = range(current);
    // prior = current − amount (increase) or current + amount (decrease)
    const priorRange: [Decimal, Decimal] = c.relation === 'up' ? [c0.minus(a1), c1.minus(a0)] : [c0.plus(a0), c1.plus(a1)];
    if (priorRange[1].lte(0)) return { unchecked: 'the stated increase is as large as the figure itself: no prior-year base' };
    if (percentHolds(pct, [a0, a1], [Decimal.max(priorRange[0], 0), priorRange[1]], CHANGE_PCT_RELATIVE_TOLERANCE)) return { held: true };
    const base = c.relation === 'up' ? cur.minus(amount.value_yuan) : cur.plus(amount.value_yuan);
    return { held: false, detail: `it states ${said(amount)} and ${pct}%, but ${said(amount)} over the prior-year figure implied by ${said(current)} (${fmt(base.div(10000))}万元) is ${new Decimal(amount.value_yuan).div(base).times(HUNDRED).toDecimalPlaces(2)}%` };
  }
  return { unchecked: c.note ?? 'the prior-year figure is not printed' };
}

function quantityRows(ctx: Ctx, counted: string): Fact[] {
  const pattern = COUNT_PATTERNS.find((p) => p.counted === counted);
  if (!pattern) return [];
  return ctx.doc.facts.filter((f) => f.quantity != null && pattern.rows.some((r) => r.table_code === f.table_code && r.item_name.test((f.item_name ?? '').replace(/\s/g, ''))));
}

function count(c: Claim, ctx: Ctx): Verdict {
  const rows = quantityRows(ctx, c.base ?? '');
  if (rows.length === 0) return { unchecked: `no table row prints ${c.base} (table 09's statistics rows or table 10 were not read)` };
  const row = rows.find((r) => r.measure === '决算数') ?? rows[0]!;
  if (new Decimal(row.quantity!).equals(c.stated ?? 'NaN')) return { held: true };
  return { held: false, cell: row, detail: `it says ${c.stated}, table ${row.table_code} prints ${new Decimal(row.quantity!).toString()} for ${row.item_name}` };
}

export function rowKeyOfCell(cell: ClaimCell): RowKey | null {
  if (cell.item_code) return codeKey(cell.item_code);
  if (cell.line_no != null) return lineKey(cell.line_no);
  if (cell.item_name) return nameKey(cell.item_name);
  return null;
}

/** The table cell a comparison or share is about, for the finding: the cell its figure states. */
function cellOf(c: Claim, ctx: Ctx): Fact | null {
  const f = c.figures.actual ?? c.figures.part ?? c.figures.current;
  if (!f) return null;
  const twin = ctx.doc.claims?.find((x) => x.kind === 'figure' && x.cell && x.sentence === c.sentence && x.figures.value?.value_yuan === f.value_yuan)?.cell;
  if (twin) {
    const key = rowKeyOfCell(twin);
    const hit = key ? ctx.index.get(twin.table_code, key, twin.measure) : undefined;
    if (hit) return hit;
  }
  // Otherwise the one printed cell holding exactly that figure, if it is unique.
  const same = ctx.doc.facts.filter((x) => x.method !== 'narrative' && x.value_yuan != null && NAMING_TABLES.has(x.table_code) && new Decimal(x.value_yuan).equals(f.value_yuan));
  // A 项 that is its 款's and 类's only child repeats the figure up the chain: name the 项.
  const deepest = same.reduce<Fact | null>((a, x) => (!a || (x.item_code ?? '').length > (a.item_code ?? '').length ? x : a), null);
  const chain = deepest && same.every((x) => x.table_code === deepest.table_code && x.item_code != null && deepest.item_code!.startsWith(x.item_code));
  const rows = new Set(same.map((x) => `${x.table_code}|${x.item_code ?? x.line_no ?? x.item_name}`));
  return rows.size === 1 ? same[0]! : chain ? deepest : null;
}

/** Tables a comparison's or share's figure is looked up in, to name the cell in the finding. */
const NAMING_TABLES = new Set(['05', '09']);

function cellFields(f: Fact) {
  return { table_code: f.table_code, item_code: f.item_code, line_no: f.line_no, item_name: f.item_name, measure: f.measure };
}

export function describeCell(f: Fact): string {
  return `${f.table_code} ${[f.item_code, f.line_no != null ? `line ${f.line_no}` : null, f.item_name].filter(Boolean).join(' ')} ${f.measure} (page ${f.page})`;
}

const EVALUATORS: Partial<Record<Claim['kind'], (c: Claim, ctx: Ctx) => Verdict>> = { comparison, completion, share, change, count };

export function checkClaims(ctx: Ctx): ClaimCounts {
  const claims = ctx.doc.claims ?? [];
  const counts: ClaimCounts = { found: claims.length, checked: 0, contradicted: 0, unchecked: 0 };
  for (const c of claims) {
    const v = c.kind === 'figure' ? checkFigureClaim(c, ctx) : EVALUATORS[c.kind]!(c, ctx);
    const check_id = CLAIM_KINDS.find((k) => k.kind === c.kind)!.check_id;
    if ('unchecked' in v) {
      counts.unchecked += 1;
      ctx.findings.push({ report_id: ctx.doc.report.report_id, check_id: 'claim.unchecked', severity: 'info', ...NOWHERE, page: c.page, message: `${c.kind} claim on page ${c.page} not checked: ${v.unchecked}. "${c.sentence}"` });
      continue;
    }
    counts.checked += 1;
    if (v.held) {
      const r = v.rounding;
      ctx.record(check_id, true, r && { severity: 'info', ...NOWHERE, ...cellFields(r.cell), expected: r.expected, actual: r.actual, page: c.page, message: r.detail });
      continue;
    }
    counts.contradicted += 1;
    const cell = v.cell ?? cellOf(c, ctx);
    ctx.record(v.check_id ?? check_id, false, {
      severity: v.severity ?? 'error',
      ...NOWHERE,
      ...(cell ? cellFields(cell) : v.claimed ? { table_code: v.claimed.table_code, item_code: v.claimed.item_code, line_no: v.claimed.line_no, item_name: v.claimed.item_name, measure: v.claimed.measure } : {}),
      expected: v.expected ?? null,
      actual: v.actual ?? null,
      page: c.page,
      message: `the prose on page ${c.page} says "${c.sentence}": ${v.detail}${cell ? `; cell ${describeCell(cell)}` : ''}`,
    });
  }
  return counts;
}
