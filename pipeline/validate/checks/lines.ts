/**
 * 行次 identities of the two-sided summary tables 01 (`lines.01`) and 04 (`lines.04`):
 * 本年合计 = Σ item lines, 总计 = 本年合计 + carried balances, income 总计 = expenditure 总计.
 */
import { lineKey, type Ctx } from '../context.ts';
import { checkIdentity, type Term } from '../identity.ts';
import { AMOUNT, FUNDS_04, LINES_01, LINES_04, ROLES, TOTAL_04 } from '../template.ts';

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

const terms = (table: string, lines: number[], measure: string): Term[] =>
  lines.map((l) => ({ table, key: lineKey(l), measure }));

function lineSum(ctx: Ctx, check: string, table: string, target: number, lines: number[], measure: string, what: string) {
  checkIdentity(ctx, {
    check,
    target: { table, key: lineKey(target), measure },
    terms: terms(table, lines, measure),
    what,
  });
}

export function checkLines01(ctx: Ctx): void {
  const L = LINES_01;
  const c = 'lines.01';
  const t = ROLES.summary;
  lineSum(ctx, c, t, L.incomeTotal, range(L.incomeFirst, L.incomeLast), AMOUNT, `Σ lines ${L.incomeFirst}–${L.incomeLast}`);
  lineSum(ctx, c, t, L.expenditureTotal, range(L.expenditureFirst, L.expenditureLast), AMOUNT, `Σ lines ${L.expenditureFirst}–${L.expenditureLast}`);
  const inLines = [L.incomeTotal, ...L.carriedIn];
  lineSum(ctx, c, t, L.grandIncome, inLines, AMOUNT, `lines ${inLines.join('+')}`);
  const outLines = [L.expenditureTotal, ...L.carriedOut];
  lineSum(ctx, c, t, L.grandExpenditure, outLines, AMOUNT, `lines ${outLines.join('+')}`);
  lineSum(ctx, c, t, L.grandExpenditure, [L.grandIncome], AMOUNT, `income 总计 (line ${L.grandIncome})`);
}

export function checkLines04(ctx: Ctx): void {
  const L = LINES_04;
  const c = 'lines.04';
  const t = ROLES.fundSummary;
  lineSum(ctx, c, t, L.incomeTotal, range(L.incomeFirst, L.incomeLast), AMOUNT, `Σ lines ${L.incomeFirst}–${L.incomeLast}`);
  lineSum(ctx, c, t, L.carriedIn, L.carriedInParts, AMOUNT, `lines ${L.carriedInParts.join('+')}`);
  lineSum(ctx, c, t, L.grandIncome, [L.incomeTotal, L.carriedIn], AMOUNT, `lines ${L.incomeTotal}+${L.carriedIn}`);
  for (const m of [TOTAL_04, ...FUNDS_04]) {
    lineSum(ctx, c, t, L.expenditureTotal, range(L.expenditureFirst, L.expenditureLast), m, `Σ lines ${L.expenditureFirst}–${L.expenditureLast}`);
    // Lines 61–63 are spare lines in the current template (the fund split of 60 is by column),
    // so 总计 adds 60 only: adding 61–63 would double-count older templates that print parts there.
    lineSum(ctx, c, t, L.grandExpenditure, [L.expenditureTotal, L.carriedOut[0]!], m, `lines ${L.expenditureTotal}+${L.carriedOut[0]}`);
  }
  checkIdentity(ctx, {
    check: c,
    target: { table: t, key: lineKey(L.grandExpenditure), measure: TOTAL_04 },
    terms: [{ table: t, key: lineKey(L.grandIncome), measure: AMOUNT }],
    what: `income 总计 (line ${L.grandIncome})`,
  });
  for (const line of range(L.expenditureFirst, L.grandExpenditure)) {
    checkIdentity(ctx, {
      check: c,
      target: { table: t, key: lineKey(line), measure: TOTAL_04 },
      terms: FUNDS_04.map((measure) => ({ table: t, key: lineKey(line), measure })),
      what: FUNDS_04.join(' + '),
    });
  }
}
