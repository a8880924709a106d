/**
 * OCR'd amounts of a table read against the table's own number format (normalise/facts.ts). A
 * table whose OCR'd amounts print whole 元 ('4,212,300'; wholeFormat) takes no reading that is
 * not a whole amount as a value: the cell is left unread (value.unreadable, a warning) for the
 * identities to fill in (validate/derive.ts). Wrong values become missing or derived ones.
 */
import { parseAmount } from './numbers.ts';

/** Share of a table's OCR'd numbers without a point (and of its 4+-digit ones with a comma) that sets its format. */
const FORMAT_SHARE = 0.8;
/** Numbers a table needs before its format is taken as known… */
const MIN_NUMBERS = 5;
/** …and real amounts (4+ digits, not zeros) among them. */
const WHOLE_MIN_AMOUNTS = 3;

/**
 * How a table's OCR'd value cells print: whole 元 in groups ('4,212,300'), whole 元 without
 * separators ('4212300'), or neither (two decimals, or too few to tell: null).
 */
export function wholeFormat(texts: readonly string[]): 'grouped' | 'plain' | null {
  const numbers = texts.map((t) => t.trim()).filter((t) => parseAmount(t).kind === 'number');
  const plain = numbers.filter((t) => !t.includes('.'));
  const amounts = plain.filter((t) => t.replace(/\D/g, '').length >= 4);
  if (numbers.length < MIN_NUMBERS || plain.length < FORMAT_SHARE * numbers.length || amounts.length < WHOLE_MIN_AMOUNTS) return null;
  return amounts.filter((t) => t.includes(',')).length >= FORMAT_SHARE * amounts.length ? 'grouped' : 'plain';
}

/** Groups of three after a point are thousands in a whole-元 table ('6.409' is 6,409; extract/ocr/repair.ts regroup does it per page). */
const POINTED_GROUPS = /^-?\d{1,3}([.,]\d{3})+$/;

export function regroupWhole(text: string): string {
  return text.replace(POINTED_GROUPS, (g) => g.replace(/\./g, ','));
}

/** A lone 1–99 in a whole-元 table is what is left of an amount, or a speck ('62' of 78,216,400); 0 is an amount. */
export function wholeStray(text: string): boolean {
  return /^[1-9]\d?$/.test(text.trim());
}

const WHOLE_AMOUNT = /^-?(\d{1,3}(,\d{3})+|\d+)$/;
/**
 * Where the table groups its thousands, a reading of 4+ digits without a comma lost it to
 * something worse more often than not ('235100' for 225,100, '70000703' for 7,000: 3 of 4 on
 * the harsh scans): amounts under 1,000 only.
 */
const GROUPED_AMOUNT = /^-?(\d{1,3}(,\d{3})+|\d{1,3})$/;

/**
 * Why an OCR'd reading is no amount of its table, or null when it may be one: in a whole-元
 * table anything but a whole amount — '13.80' for 13,800 (a separator read as the point, a
 * digit lost), '2,0700' or '432,3' (a group wrong), '12 78,216,400' (a border read as '1' and
 * glued on: parseAmount would join the digits into 1,278,216,400). Elsewhere a reading of three
 * decimals is left to the identities, which read it as a digit added ('940.449' for 940.49,
 * validate/repair.ts); leaving it unread lost that repair on a speckled scan (3 cells).
 */
export function misreadAmount(text: string, whole: 'grouped' | 'plain' | null): string | null {
  if (!whole || (whole === 'grouped' ? GROUPED_AMOUNT : WHOLE_AMOUNT).test(text.trim())) return null;
  return 'the table prints whole 元 in groups of three, so a separator was read as a point, a group lost or gained a digit, or a stray mark was read with it';
}
