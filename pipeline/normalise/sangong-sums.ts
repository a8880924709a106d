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

export interface Token {
  /** Column the amount was read in (a cell of two amounts gives two tokens of one column). */
  col: number;
  text: string;
  value: Decimal;
  /** The slot the column's own header names, if it names one for sure. */
  named: Slot | null;
  /** The slot the whole header path suggests (a 小计 under a group), where the path names one. */
  hint: Slot | null;
}

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
  if (pieces.length >= 2 && pieces.every((p) => TWO_DECIMALS.test(p))) return pieces;
  if (one.kind === 'number') return [t];
  const glued = t.match(GLUED_AMOUNT);
  if (glued && glued.length >= 2 && glued.join('') === t) return glued;
  return null;
}
const TWO_DECIMALS = /^(\d{1,3}(,\d{3})+|\d+)\.\d{2}$/;
const GLUED_AMOUNT = /(\d{1,3}(,\d{3})+|\d+?)\.\d{2}/g;

/** The slot a column's lowest header cell names outright ('公务用车购置及运行维护费购置费' ends in 购置费). */
export function namedSlot(label: string): Slot | null {
  const parts = label.split('/').map((p) => p.replace(/[\s“”"'‘’()（）]/g, ''));
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

type Layout = Map<Slot, Token>;

function sumsHold(l: Layout): boolean {
  const v = (s: Slot) => l.get(s)?.value ?? new Decimal(0);
  const has = (s: Slot) => l.has(s);
  // A 用车 小计 that is blank while its parts are not is no reading (every layout prints it).
  if (!has('vehicle') && (has('purchase') || has('running'))) return false;
  // Tables without 购置/运行 columns print the 用车 小计 alone.
  if (has('vehicle') && (has('purchase') || has('running')) && !v('vehicle').eq(v('purchase').plus(v('running')))) return false;
  if (!has('total') || !v('total').eq(v('abroad').plus(v('vehicle')).plus(v('reception')))) return false;
  // Two of 出国/用车/接待 at least: a 合计 equal to one lone part confirms nothing.
  if (['abroad', 'vehicle', 'reception'].filter((s) => has(s as Slot)).length < 2) return false;
  if (has('grand') !== (has('meeting') || has('training'))) return false;
  if (has('grand') && !v('grand').eq(v('total').plus(v('meeting')).plus(v('training')))) return false;
  return true;
}

/** How much of the header a layout must keep: the whole path's hints, or the columns' own names. */
type Pins = 'hints' | 'names';

function pin(tok: Token, pins: Pins): Slot | null {
  return pins === 'names' ? tok.named : (tok.named ?? tok.hint);
}

/** Every order-keeping way of putting the tokens on the slots under which the sums hold. */
function layouts(tokens: Token[], slots: Slot[], pins: Pins): Layout[] {
  const out: Layout[] = [];
  let tried = 0;
  const place = (t: number, s: number, l: Layout): void => {
    if (tried > MAX_LAYOUTS) return;
    if (t === tokens.length) {
      tried++;
      if (sumsHold(l)) out.push(new Map(l));
      return;
    }
    for (let i = s; i <= slots.length - (tokens.length - t); i++) {
      const tok = tokens[t]!;
      const pinned = pin(tok, pins);
      if (pinned && pinned !== slots[i]) continue;
      l.set(slots[i]!, tok);
      place(t + 1, i + 1, l);
      l.delete(slots[i]!);
    }
  };
  place(0, 0, new Map());
  return tried > MAX_LAYOUTS ? [] : out;
}

export interface SumsReading {
  /** Items read, with the token each comes from. */
  items: { slot: Slot; token: Token }[];
  /** Items the readings disagree on (purchase or running when one of them is blank). */
  ambiguous: Slot[];
  /** True when the reading overrules what a column's header path suggests (a 小计 under a group OCR glued on). */
  overruled: boolean;
}

/** The row's reading by its sums, or null when no layout, or none keeping the headers, makes them hold. */
export function readBySums(tokens: Token[], slots: Slot[]): SumsReading | null {
  if (tokens.length < 3) return null;
  let found = layouts(tokens, slots, 'hints');
  const overruled = found.length === 0;
  // A column's own name is never overruled: a table printing its items in another order is read by its header.
  if (overruled) found = layouts(tokens, slots, 'names');
  if (!found.length) return null;
  const items: SumsReading['items'] = [];
  const ambiguous: Slot[] = [];
  for (const slot of slots) {
    const values = found.map((l) => l.get(slot));
    const first = values[0];
    const same = values.every((x) => (x?.value.toString() ?? null) === (first?.value.toString() ?? null));
    if (!same) ambiguous.push(slot);
    else if (first) items.push({ slot, token: first });
  }
  return { items, ambiguous, overruled };
}
