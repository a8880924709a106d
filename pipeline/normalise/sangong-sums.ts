/**
 * A one-measure horizontal 三公 row (budget B07) read back by its own sums when OCR garbled the
 * header or ran cells together. Every such table prints its items in one order — [合计 of all],
 * 三公 合计/小计, 因公出国（境）费, 公务用车 小计, 购置费, 运行维护费, 公务接待费, [会议费], [培训费],
 * [机关运行经费] — and its sums hold exactly: 三公 = 出国 + 用车 + 接待, 用车 = 购置 + 运行,
 * 合计 = 三公 + 会议费 + 培训费. The row's amounts, in print order (a cell holding two amounts,
 * '160.00 266.80', is two), are laid onto that order every way that keeps it (blank cells
 * skip an item); the ways under which every sum holds exactly are the row's readings. An item
 * is read when all of them give it the same amount. The header narrows the ways: first every
 * column keeps the item its whole header path names (a 小计 under 公务用车…), else only the
 * item its own lowest cell names ('…购置费'), which is never overruled: a table printing its
 * items in another order keeps its header's reading.
 */
import { Decimal } from 'decimal.js';
import { SANGONG_ITEMS } from '../templates/index.ts';
import { parseAmount } from './numbers.ts';

/** Slots of the print order; the canonical item each is, or null for columns beyond the template. */
const SLOTS = ['grand', 'total', 'abroad', 'vehicle', 'purchase', 'running', 'reception', 'meeting', 'training', 'operation'] as const;
export type Slot = (typeof SLOTS)[number];
export const SLOT_ITEM: Record<Slot, string | null> = {
  grand: null,
  total: SANGONG_ITEMS[0]!,
  abroad: SANGONG_ITEMS[1]!,
  vehicle: SANGONG_ITEMS[2]!,
  purchase: SANGONG_ITEMS[3]!,
  running: SANGONG_ITEMS[4]!,
  reception: SANGONG_ITEMS[5]!,
  meeting: null,
  training: null,
  operation: '机关运行经费',
};

/** Most ways of laying the amounts out that are tried (C(10, 5) = 252 at most in practice). */
const MAX_LAYOUTS = 5000;

/** What a header says of a column: its item, its measure (index into the table's measures), or both. */
export interface Pin { slot?: Slot; measure?: number }

export interface Token {
  /** Column the amount was read in (a cell of two amounts gives two tokens of one column). */
  col: number;
  text: string;
  value: Decimal;
  /** The item and/or measure a column's own header names for sure ('…购置费', '决算数'). */
  named: Pin | null;
  /** The item and measure the whole header path suggests (a 小计 under a group), where it names one. */
  hint: Pin | null;
}

/** One amount of a run: two decimals, no leading zero ('00.00' is a misread, not an amount). */
const TWO_DECIMALS = /^(0|[1-9]\d{0,2}(,\d{3})+|[1-9]\d*)\.\d{2}$/;
/** A piece of a space-separated run: an amount with its point (one or two decimals: '1276.7 418.26'). */
const DECIMALS = /^(0|[1-9]\d{0,2}(,\d{3})+|[1-9]\d*)\.\d{1,2}$/;
const GLUED_AMOUNT = /(\d{1,3}(,\d{3})+|\d+?)\.\d{2}/g;

/**
 * The amounts of a cell: one, or two and more OCR ran together — separated by spaces, or glued
 * ('90.01277.91405.71') in a table of two-decimal amounts. Null when the cell is neither.
 */
export function cellAmounts(text: string): string[] | null {
  const t = text.normalize('NFKC').trim();
  if (!t) return [];
  const one = parseAmount(t);
  const pieces = t.split(/\s+/);
  // '940 49' is one amount whose point OCR lost (numbers.ts): every piece of a run must be an amount with decimals.
  if (pieces.length >= 2 && pieces.every((p) => DECIMALS.test(p))) return pieces;
  if (one.kind === 'number') return [t];
  // A speck after the last digit read as a point ('237.'): the amount, if the sums confirm it.
  const speck = /^(.*\d)[.,·]$/.exec(t);
  if (speck && parseAmount(speck[1]).kind === 'number') return [speck[1]!];
  // Glued outright, or over a speck OCR read as a point or comma ('963.95.280.33').
  const glued = t.match(GLUED_AMOUNT);
  if (glued && glued.length >= 2 && glued.every((g) => TWO_DECIMALS.test(g)) && t.replace(GLUED_AMOUNT, '').replace(/[.,]/g, '') === '' && !/^[.,]|[.,]{2}/.test(t.replace(GLUED_AMOUNT, '|'))) return glued;
  return null;
}

const MEASURE_WORD = /(年初|全年)?(预算|决算)数?/g;

/** 09's measure a header path names: 0 for 预算数, 1 for 决算数, undefined for neither or both. */
export function namedMeasure(label: string): number | undefined {
  const budget = /预算/.test(label);
  const final = /决算/.test(label);
  return budget === final ? undefined : budget ? 0 : 1;
}

/** A speck OCR read as a digit before an amount ('9 707.57'); or the amount lost its thousands comma (9,707.57). */
const DIGIT_THEN_AMOUNT = /^(\d)\s+(\S+)$/;

/**
 * The ways a cell may be read: cellAmounts' reading, and for a lone digit before an amount the
 * amount alone (a speck) — the sums choose. Empty when the cell is no amount at all.
 */
export function cellReadings(text: string): string[][] {
  const out: string[][] = [];
  const first = cellAmounts(text);
  if (first) out.push(first);
  const speck = DIGIT_THEN_AMOUNT.exec(text.normalize('NFKC').trim());
  if (speck && TWO_DECIMALS.test(speck[2]!)) out.push([speck[2]!]);
  return out;
}

/** The slot a column's lowest header cell names outright ('公务用车购置及运行维护费购置费' ends in 购置费). */
export function namedSlot(label: string): Slot | null {
  // 09's measure words say nothing of the item ('公务接待费预算数', '因公出国/决算数': the item is above).
  const parts = label.split('/').map((p) => p.replace(/[\s“”"'‘’()（）]/g, '').replace(MEASURE_WORD, '')).filter(Boolean);
  const leaf = parts[parts.length - 1] ?? '';
  if (/会议费?$/.test(leaf) && !/培训/.test(leaf)) return 'meeting';
  if (/培训费?$/.test(leaf) && !/会议/.test(leaf)) return 'training';
  if (/机关运行/.test(leaf)) return 'operation';
  if (/购置(及|和)运行(维护)?费?$/.test(leaf)) return 'vehicle';
  if (/购置费?$/.test(leaf)) return 'purchase';
  if (/(运行|维护)费?$/.test(leaf)) return 'running';
  if (/出国.{0,3}费?$|^境?费$/.test(leaf) && /出国/.test(parts.join(''))) return 'abroad';
  if (/接待费?$/.test(leaf)) return 'reception';
  return null;
}

/** The slots a table prints, from its title and header: 会议费/培训费 and their grand 合计, 机关运行经费. */
export function printedSlots(words: string): Slot[] {
  const meeting = /会议/.test(words);
  const training = /培训/.test(words);
  return SLOTS.filter((s) => (s === 'grand' ? meeting || training : s === 'meeting' ? meeting : s === 'training' ? training : s === 'operation' ? /机关运行/.test(words) : true));
}

/** The six items of 决算 09, printed under each of its two measures (预算数, 决算数). */
export const FINAL_SLOTS: Slot[] = ['total', 'abroad', 'vehicle', 'purchase', 'running', 'reception'];

/** A place of the print order: an item under one of the table's measures (0: the only, or 预算数; 1: 决算数). */
export interface Place { slot: Slot; measure: number }

/**
 * The print orders a table may have: a one-measure table's slots, with 公务接待费 after the
 * 公务用车 group or before it; 09's national layout (the
 * six items under 预算数, then under 决算数) and its per-item layout (预算数 and 决算数 under each).
 */
export function printOrders(slots: Slot[], measures: number): Place[][] {
  if (measures === 1) {
    // Shanghai's budgets print 公务接待费 before the 公务用车 group (合计 | 因公出国 | 公务接待费 | 公务用车 …).
    const receptionFirst = slots.filter((s) => s !== 'reception').flatMap((s) => (s === 'vehicle' && slots.includes('reception') ? ['reception', s] as Slot[] : [s]));
    return [slots, receptionFirst].map((order) => order.map((slot) => ({ slot, measure: 0 })));
  }
  const national = [0, 1].flatMap((measure) => FINAL_SLOTS.map((slot) => ({ slot, measure })));
  const perItem = FINAL_SLOTS.flatMap((slot) => [0, 1].map((measure) => ({ slot, measure })));
  return [national, perItem];
}

const key = (p: Place) => `${p.slot}@${p.measure}`;
type Layout = Map<string, Token>;

function sumsHold(l: Layout, measures: number): boolean {
  for (let m = 0; m < measures; m++) {
    const v = (s: Slot) => l.get(`${s}@${m}`)?.value ?? new Decimal(0);
    const has = (s: Slot) => l.has(`${s}@${m}`);
    // A 用车 小计 that is blank while its parts are not is no reading (every layout prints it).
    if (!has('vehicle') && (has('purchase') || has('running'))) return false;
    // Tables without 购置/运行 columns print the 用车 小计 alone.
    if (has('vehicle') && (has('purchase') || has('running')) && !v('vehicle').eq(v('purchase').plus(v('running')))) return false;
    if (!has('total') || !v('total').eq(v('abroad').plus(v('vehicle')).plus(v('reception')))) return false;
    // Two of 出国/用车/接待 at least: a 合计 equal to one lone part confirms nothing.
    if (['abroad', 'vehicle', 'reception'].filter((s) => has(s as Slot)).length < 2) return false;
    if (has('grand') !== (has('meeting') || has('training'))) return false;
    if (has('grand') && !v('grand').eq(v('total').plus(v('meeting')).plus(v('training')))) return false;
  }
  return true;
}

/** How much of the header a layout must keep: the whole path's hints, or the columns' own names. */
type Pins = 'hints' | 'names';

/**
 * The pin a token keeps at a level: its own name, with the path's hint where the name says
 * nothing. A hint naming another item than the column's own name is no evidence either way
 * ('公务用车购置公务用车运行/维护费': the glued group says 购置, the leaf 运行): the item is then left
 * to the sums, and where they cannot tell (购置 or 运行 beside a blank) it is not read.
 */
function pinOf(tok: Token, pins: Pins): Pin | null {
  const named = tok.named ?? {};
  if (pins === 'names') return tok.named;
  const hint = tok.hint ?? {};
  const conflict = named.slot !== undefined && hint.slot !== undefined && named.slot !== hint.slot;
  return { slot: conflict ? undefined : (named.slot ?? hint.slot), measure: named.measure ?? hint.measure };
}

function fits(tok: Token, place: Place, pins: Pins): boolean {
  const pin = pinOf(tok, pins);
  return !pin || ((pin.slot === undefined || pin.slot === place.slot) && (pin.measure === undefined || pin.measure === place.measure));
}

/** Every order-keeping way of putting the tokens on the places under which the sums hold. */
function layouts(tokens: Token[], order: Place[], measures: number, pins: Pins): Layout[] {
  const out: Layout[] = [];
  let tried = 0;
  const place = (t: number, s: number, l: Layout): void => {
    if (tried > MAX_LAYOUTS) return;
    if (t === tokens.length) {
      tried++;
      if (sumsHold(l, measures)) out.push(new Map(l));
      return;
    }
    for (let i = s; i <= order.length - (tokens.length - t); i++) {
      const tok = tokens[t]!;
      if (!fits(tok, order[i]!, pins)) continue;
      l.set(key(order[i]!), tok);
      place(t + 1, i + 1, l);
      l.delete(key(order[i]!));
    }
  };
  place(0, 0, new Map());
  return tried > MAX_LAYOUTS ? [] : out;
}

export interface SumsReading {
  /** Items read, with the token each comes from. */
  items: { place: Place; token: Token }[];
  /** Items the readings disagree on (purchase or running when one of them is blank). */
  ambiguous: Place[];
  /** True when the reading overrules what a column's header path suggests (a 小计 under a group OCR glued on). */
  overruled: boolean;
}

/** Readings of every print order at one level of pins. */
function allLayouts(tokens: Token[], orders: Place[][], measures: number, pins: Pins): Layout[] {
  return orders.flatMap((order) => layouts(tokens, order, measures, pins));
}

/** The row's reading by its sums, or null when no layout keeping the headers' own names makes them hold. */
export function readBySums(tokens: Token[], slots: Slot[], measures = 1): SumsReading | null {
  if (tokens.length < 3) return null;
  const orders = printOrders(slots, measures);
  let found = allLayouts(tokens, orders, measures, 'hints');
  const overruled = found.length === 0;
  // A column's own name is never overruled: a table printing its items in another order is read by its header.
  if (overruled) found = allLayouts(tokens, orders, measures, 'names');
  if (!found.length) return null;
  const items: SumsReading['items'] = [];
  const ambiguous: Place[] = [];
  for (const place of orders[0]!) {
    const values = found.map((l) => l.get(key(place)));
    const first = values[0];
    const same = values.every((x) => (x?.value.toString() ?? null) === (first?.value.toString() ?? null));
    // The same amount from the same column in every reading: 09's two orders may place one token differently.
    const oneCell = values.every((x) => x?.col === first?.col);
    if (!same || !oneCell) ambiguous.push(place);
    else if (first) items.push({ place, token: first });
  }
  return { items, ambiguous, overruled };
}
