/**
 * How far an OCR reading is from the value an identity says its cell must hold, under a small
 * named cost model of the slips a recogniser makes in a printed amount (measured on harsh
 * scans of whole-元 and two-decimal reports): a thousands group or a repeated digit lost (CTC
 * greedy decoding merges '666' into '66' when no blank separates them), a leading 1 lost beside
 * a cell border, the decimal point lost (a hundredfold error), a separator read as a point on
 * a page of whole 元 ('8,882.99' for 8,882,399). Used by validate/repair.ts for repairs beyond
 * one slip, under stronger guards there.
 */
import { Decimal } from 'decimal.js';
import type { Fact } from '../types.ts';

/** What each slip costs. A reading is taken for the required value only up to MAX_MISREAD_COST. */
export const SLIP_COST = {
  /** One digit of the printed value not read. */
  digitLost: 1,
  /** Each further digit of a run lost with it (a thousands group: '9,220' for 9,220,200). */
  groupDigitLost: 0.25,
  /** A digit lost beside the same digit ('350864' for 3508644). */
  repeatCollapsed: 0.5,
  /** The leading '1' lost beside a cell border ('633000' for 1633000). */
  leadingOneLost: 0.5,
  digitChanged: 1,
  digitAdded: 1,
  /** Read without its decimal point: '2940050000' for 29400500.00. */
  pointLost: 0.5,
  /** A point where the page prints a comma or nothing ('8,882.99' for 8,882,399; '95.00' for 9,500). */
  pointForComma: 0.5,
} as const;

export type Slip = keyof typeof SLIP_COST;

/** Largest total cost still taken for the required value. */
export const MAX_MISREAD_COST = 2;
/** Digits the reading must share, in order, with the required value… */
export const MIN_MATCHED_DIGITS = 3;
/** …and at least this share of the required value's digits. */
export const MIN_MATCHED_SHARE = 0.5;
/** Digits lost in one run at most (a thousands group). */
const MAX_RUN = 3;

export interface Misread {
  cost: number;
  slips: Slip[];
}

/**
 * The cheapest way the printed `required` value (in the printed unit) could have been read as
 * `text`, or null when it costs more than MAX_MISREAD_COST, shares too few digits with it, or
 * needs no slip at all.
 */
export function misreadCost(text: string, required: Decimal): Misread | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (!/^[\d,.]+$/.test(t) || required.lte(0)) return null;
  const read = t.replace(/\D/g, '');
  const point = /\.\d{1,2}$/.test(t);
  const candidates: { digits: string; base: Slip[] }[] = [];
  // Printed with two decimals: the reading shows them, or lost the point.
  const cents = required.times(100);
  if (cents.isInteger()) candidates.push({ digits: cents.toFixed(0), base: point ? [] : ['pointLost'] });
  // Printed as whole 元: a point in the reading stands for a comma or for nothing.
  if (required.isInteger()) candidates.push({ digits: required.toFixed(0), base: point ? ['pointForComma'] : [] });
  let best: Misread | null = null;
  for (const c of candidates) {
    const a = align(c.digits, read);
    if (!a || a.matched < MIN_MATCHED_DIGITS || a.matched < MIN_MATCHED_SHARE * c.digits.length) continue;
    const slips = [...c.base, ...a.slips];
    const cost = slips.reduce((s, k) => s + SLIP_COST[k], 0);
    if (cost === 0) return null; // read as printed
    if (cost <= MAX_MISREAD_COST && (!best || cost < best.cost)) best = { cost, slips };
  }
  return best;
}

interface Cell {
  cost: number;
  matched: number;
  slips: Slip[];
}

/**
 * Edit alignment of the required digits (printed) onto the read ones, with the slip costs: the
 * cheapest, then the one matching most digits. Runs of lost digits (≤ MAX_RUN) cost the first
 * digit's price and groupDigitLost for each further one.
 */
function align(printed: string, read: string): Cell | null {
  const n = printed.length;
  const m = read.length;
  // dp[i][j][r]: printed[0..i) aligned to read[0..j), the last r printed digits lost in a run.
  const dp: (Cell | null)[][][] = Array.from({ length: n + 1 }, () => Array.from({ length: m + 1 }, () => Array<Cell | null>(MAX_RUN + 1).fill(null)));
  const put = (i: number, j: number, r: number, from: Cell, slip: Slip | null, matched: number) => {
    const cost = from.cost + (slip ? SLIP_COST[slip] : 0);
    if (cost > MAX_MISREAD_COST) return;
    const cur = dp[i]![j]![r];
    if (cur && (cur.cost < cost || (cur.cost === cost && cur.matched >= from.matched + matched))) return;
    dp[i]![j]![r] = { cost, matched: from.matched + matched, slips: slip ? [...from.slips, slip] : from.slips };
  };
  dp[0]![0]![0] = { cost: 0, matched: 0, slips: [] };
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      for (let r = 0; r <= MAX_RUN; r++) {
        const c = dp[i]![j]![r];
        if (!c) continue;
        if (i < n && j < m) put(i + 1, j + 1, 0, c, printed[i] === read[j] ? null : 'digitChanged', printed[i] === read[j] ? 1 : 0);
        if (j < m) put(i, j + 1, 0, c, 'digitAdded', 0);
        if (i < n) {
          if (r > 0 && r < MAX_RUN) put(i + 1, j, r + 1, c, 'groupDigitLost', 0);
          else put(i + 1, j, 1, c, lostSlip(printed, i), 0);
        }
      }
    }
  }
  let best: Cell | null = null;
  for (const c of dp[n]![m]!) if (c && (!best || c.cost < best.cost || (c.cost === best.cost && c.matched > best.matched))) best = c;
  return best;
}

/** The slip of losing printed digit i on its own. */
function lostSlip(printed: string, i: number): Slip {
  if (i === 0 && printed[0] === '1') return 'leadingOneLost';
  if (printed[i] === printed[i - 1] || printed[i] === printed[i + 1]) return 'repeatCollapsed';
  return 'digitLost';
}

/** The slips in words, for a finding's message. */
export function describeSlips(slips: Slip[]): string {
  const words: Record<Slip, string> = {
    digitLost: 'a digit lost',
    groupDigitLost: '',
    repeatCollapsed: 'a repeated digit read once',
    leadingOneLost: 'the leading 1 lost',
    digitChanged: 'a digit misread',
    digitAdded: 'a digit read twice or invented',
    pointLost: 'the decimal point lost',
    pointForComma: 'a separator read as a decimal point',
  };
  const out: string[] = [];
  for (const [i, s] of slips.entries()) {
    if (s !== 'groupDigitLost') out.push(words[s]);
    else if (slips[i - 1] !== 'groupDigitLost') out[out.length - 1] = `a run of ${1 + countRun(slips, i)} digits lost`;
  }
  return out.join(', ');
}

function countRun(slips: Slip[], from: number): number {
  let n = 0;
  while (slips[from + n] === 'groupDigitLost') n++;
  return n;
}

/** Digits of a reading or value, separators and leading zeros dropped. */
function digitsOf(s: string): string {
  return s.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
}

/**
 * Does the one-slip reading `value` (2 decimals, printed unit) of `text` need the stronger guard?
 * A changed or swapped digit, or an inserted one that is neither a repeat of its neighbour (CTC
 * merging '00') nor a leading 1 (lost beside a border), does: such a slip can absorb another
 * cell's error. A lost or misplaced point and a digit read too many do not ('7 57.78': a stray
 * '7' glued on). Guarding the dropped digit too repaired 3 more leading 1s on whole-元 scans but
 * lost '7 57.78' on the shared v7 scan, and with it the grid reading of its table 06 (judge.ts
 * counts findings): −33 cells.
 */
export function slipNeedsGuard(text: string, value: string): boolean {
  const forms = valueForms(value);
  const read = digitsOf(text);
  return !likelySlip(text, value) && !forms.some((d) => d.length === read.length - 1 && isSubsequence(d, read));
}

/**
 * The slips OCR makes most: the point lost or misplaced (the same digits), a repeated digit read
 * once, a leading 1 lost beside a border. Of two cells of one identity that could each be the
 * misread one ('106,000' under a printed '1,106,000'), the one whose reading is such a slip is.
 */
export function likelySlip(text: string, value: string): boolean {
  const read = digitsOf(text);
  return valueForms(value).some((d) => d === read || (d.length === read.length + 1 && insertedPlausibly(read, d)));
}

/** The value's digits with its two decimals, and without them when it is whole. */
function valueForms(value: string): string[] {
  const v = new Decimal(value);
  const forms = [digitsOf(v.toFixed(2))];
  if (v.isInteger()) forms.push(digitsOf(v.toFixed(0)));
  return forms;
}

/** Whether the characters of `short` appear in `long` in order. */
export function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}

/** `full` is `read` with one digit inserted that repeats a neighbour, or a leading '1'. */
function insertedPlausibly(read: string, full: string): boolean {
  for (let i = 0; i < full.length; i++) {
    if (full.slice(0, i) + full.slice(i + 1) !== read) continue;
    if ((i === 0 && full[0] === '1') || full[i] === full[i - 1] || full[i] === full[i + 1]) return true;
  }
  return false;
}

/** OCR'd values read as whole 元 in most of a table (≥ this share of ≥ WHOLE_MIN_VALUES): the table prints no decimals. */
const WHOLE_SHARE = 0.8;
const WHOLE_MIN_VALUES = 5;

/**
 * Tables whose OCR'd amounts print as whole numbers ('4,212,300', no decimals). A table with
 * too few values to tell (a 三公 table of four rows) goes with the report: when every table that
 * can tell prints whole 元 (at least two) in its unit, so does it — its '10.20' is no reading of
 * 10,200 (a 三公 table printed in 万元 beside whole-元 tables keeps its decimals).
 */
export function wholeTables(facts: readonly Fact[]): Set<string> {
  const n = new Map<string, { all: number; whole: number; unit: string | null }>();
  for (const f of facts) {
    if (f.method !== 'ocr' || !f.value_text || !/\d/.test(f.value_text)) continue;
    const c = n.get(f.table_code) ?? { all: 0, whole: 0, unit: f.unit_as_printed };
    c.all++;
    if (!f.value_text.includes('.')) c.whole++;
    n.set(f.table_code, c);
  }
  const telling = [...n].filter(([, c]) => c.all >= WHOLE_MIN_VALUES);
  const whole = telling.filter(([, c]) => c.whole >= WHOLE_SHARE * c.all).map(([t]) => t);
  const units = new Set(whole.map((t) => n.get(t)!.unit));
  const all = whole.length >= 2 && whole.length === telling.length;
  return new Set(all ? [...n].filter(([, c]) => units.has(c.unit)).map(([t]) => t) : whole);
}
