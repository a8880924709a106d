/**
 * Reading a printed number exactly. Never a JS float: the result is a Decimal.
 * Handles '2,984.80', '1, 629. 00' (spaced by the PDF producer), full-width digits (already
 * NFKC'd upstream, done again here for direct callers), '（1,629.00）' and '−5' negatives,
 * and the dashes that mean "not applicable".
 */
import { Decimal } from 'decimal.js';

export type ParsedAmount =
  | { kind: 'empty' }
  /** '-', '—', '---', '/': printed, but no value applies. */
  | { kind: 'na' }
  | { kind: 'number'; value: Decimal }
  | { kind: 'invalid'; reason: string };

const NA = /^([-−—–─/／－]+|无|不适用)$/;
const NUMBER = /^[-]?(\d+(,\d{3})*|\d{1,3}(,\d{3})+)(\.\d+)?$|^[-]?\.\d+$/;
const LOOSE_NUMBER = /^[-]?[\d,]+(\.\d+)?$/;

export function parseAmount(text: string | null | undefined): ParsedAmount {
  if (text == null) return { kind: 'empty' };
  let t = text.normalize('NFKC').trim();
  // OCR reads a faint decimal point as a gap: '940 49' is 940.49 (never a thousands group of 2).
  t = t.replace(/^([-−]?\d[\d,]*)\s+(\d{2})$/, '$1.$2').replace(/\s+/g, '');
  if (!t) return { kind: 'empty' };
  if (NA.test(t)) return { kind: 'na' };
  t = t.replace(/[−–—]/g, '-').replace(/，/g, ',').replace(/．/g, '.');
  let negative = false;
  const bracketed = /^\((.*)\)$/.exec(t);
  if (bracketed) {
    negative = true;
    t = bracketed[1]!;
  }
  if (t.startsWith('-')) {
    negative = !negative;
    t = t.slice(1);
  }
  if (!/\d/.test(t)) return { kind: 'invalid', reason: `'${text}' is not a number` };
  if (!NUMBER.test(t)) {
    // Thousands separators in odd places ('1,2345.00') still read unambiguously as digits.
    if (LOOSE_NUMBER.test(t) && (t.match(/\./g) ?? []).length <= 1) {
      return { kind: 'number', value: signed(new Decimal(t.replace(/,/g, '')), negative) };
    }
    return { kind: 'invalid', reason: `'${text}' is not a number` };
  }
  return { kind: 'number', value: signed(new Decimal(t.replace(/,/g, '')), negative) };
}

/**
 * More integer digits than any amount has (10 万亿 in the printed unit): two OCR'd amounts run
 * together ('1,609,332,600609,311,480'). Read as one number it is no money, and it overflowed
 * the database's DECIMAL(20,2), failing the whole report at load.
 */
export const MAX_OCR_INT_DIGITS = 13;

/** An OCR'd cell's amount: as parseAmount, but a run-together reading too long for money is unreadable. */
export function ocrAmount(text: string): ParsedAmount {
  const amount = parseAmount(text);
  if (amount.kind !== 'number' || amount.value.abs().lt(new Decimal(10).pow(MAX_OCR_INT_DIGITS))) return amount;
  return { kind: 'invalid', reason: `'${text}' is not a number: more digits than any amount has (two amounts read as one?)` };
}

function signed(d: Decimal, negative: boolean): Decimal {
  return negative ? d.negated() : d;
}

/** Multipliers from a printed money unit to 元. */
export const UNIT_FACTOR: Record<string, number> = { 元: 1, 千元: 1_000, 万元: 10_000, 亿元: 100_000_000 };

/** Exact conversion to 元, as a string with two decimals ('9404900.00'). */
export function toYuan(value: Decimal, unit: string): string {
  const factor = UNIT_FACTOR[unit];
  if (factor === undefined) throw new Error(`unknown money unit '${unit}'`);
  return value.times(factor).toFixed(2);
}
