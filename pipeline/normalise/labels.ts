/**
 * Printed row names of OCR'd summary tables keyed by name (budget B01/B04: 一、财政拨款,
 * 1.一般公共预算, 二、项目支出, 当年支出小计). The contract keys these rows by the name as
 * printed, ordinal included, so a misread name is a lost row: OCR drops the thin strokes of an
 * ordinal ('一、一般公共预算' read '一般公共预算', '一一般公共预算'), the 一 of a name ('1.般公共预算',
 * '本支出' for 基本支出) or a last character at a cell border ('当年支出小').
 *
 * Two readings must agree before a name is rewritten: the body is within a misread of exactly one
 * name the template lists for that side (`TableSpec.row_names`), and an ordinal OCR lost is the
 * one the row's numbered neighbours leave open ('二、项目支出' below it: 一). Each rewrite is an
 * `ocr.label_repaired` warning on the row, so a wrong one is never silent.
 */
import { chineseOrdinal, editDistance } from './template.ts';

/** An ordinal before a name: Chinese (一、) or Arabic (1.), its mark possibly misread or lost. */
const ORDINAL = /^([一二三四五六七八九十]{1,3}|\d{1,2})([、.．,，]?)/u;
const HAN_NUMERALS = '一二三四五六七八九';
/** One character that is no numeral before a Chinese numeral and its mark. */
const STRAY_BEFORE_ORDINAL = /^[^一二三四五六七八九十\d](?=[一二三四五六七八九十]{1,3}[、.．,，]\p{Script=Han})/u;
/** Misreads a name body may carry: one; two from this many characters on. */
const TWO_EDITS_FROM = 6;
/** Shortest body read that is compared at all ('本支出' for 基本支出). */
const MIN_BODY = 3;
/** Totals and subtotals print no ordinal: one is never given to them. */
const UNNUMBERED = /小计|合计|总计/;

type Kind = 'han' | 'arabic';

/** The names a side of the table prints, and the other side's. */
export interface SideNames {
  own: readonly string[];
  other: readonly string[];
}

export interface ParsedLabel {
  kind: Kind | null;
  number: number | null;
  /** The mark after the numeral as read ('' when lost). */
  mark: string;
  body: string;
}

function hanNumeral(n: number): string {
  if (n < 10) return HAN_NUMERALS[n - 1]!;
  const tens = Math.floor(n / 10);
  return `${tens > 1 ? HAN_NUMERALS[tens - 1] : ''}十${n % 10 ? HAN_NUMERALS[(n % 10) - 1] : ''}`;
}

/** Ordinal and body of a label as read. */
export function parseLabel(label: string): ParsedLabel {
  // A speck or a border read as a character before a numbered label ('金二、财政专户管理资金').
  const specked = STRAY_BEFORE_ORDINAL.exec(label);
  if (specked) return parseLabel(label.slice(specked[0].length));
  const m = ORDINAL.exec(label);
  if (!m) return { kind: null, number: null, mark: '', body: label };
  const arabic = /^\d/.test(m[1]!);
  const number = arabic ? Number(m[1]) : chineseOrdinal(m[1]!);
  // A bare Arabic numeral is a digit of something else; a bare 一 may begin the name (一般…).
  if (number === null || (arabic && !m[2])) return { kind: null, number: null, mark: '', body: label };
  return { kind: arabic ? 'arabic' : 'han', number, mark: m[2]!, body: label.slice(m[0].length) };
}

/** The one listed name within a misread of `body`, or null (none, or two equally close). */
export function nearestName(body: string, names: readonly string[]): string | null {
  if (names.includes(body)) return body;
  if ([...body].length < MIN_BODY) return null;
  const allowed = [...body].length >= TWO_EDITS_FROM ? 2 : 1;
  const scored = names.map((n) => ({ n, d: editDistance(body, n) })).filter((x) => x.d <= allowed);
  const best = Math.min(...scored.map((x) => x.d));
  const hits = scored.filter((x) => x.d === best);
  return hits.length === 1 ? hits[0]!.n : null;
}

/** The reading of a label: its ordinal (as read, or implied by the body when a bare 一 begins it) and its listed name. */
interface Reading {
  kind: Kind | null;
  number: number | null;
  name: string;
}

function readLabel(label: string, names: readonly string[]): Reading | null {
  const p = parseLabel(label);
  // '一般公共预算': the whole label is a name; '一一般公共预算': 一 and a name.
  const whole = nearestName(label, names);
  if (whole && (whole === label || p.kind === null)) return { kind: null, number: null, name: whole };
  const name = p.kind ? nearestName(p.body, names) : null;
  if (name) return { kind: p.kind, number: p.number, name };
  return whole ? { kind: null, number: null, name: whole } : null;
}

/** A Han ordinal's mark with its numeral lost ('、政府性基金预算'). */
const BARE_MARK = /^[、,，]\p{Script=Han}/u;

/**
 * The ordinal a label without one had, from the labels of its side in printed order: the
 * nearest numbered labels of one kind before and after it leave exactly its number open
 * (nothing numbered before and 二 after: 一). Labels of the other kind between them are
 * sub-items (1. 2. under 一、) and do not count. A label whose numeral alone OCR lost ('、项目支出')
 * is numbered (its number unknown): one neighbour's number is then enough for it, and it
 * numbers a first row above it 一.
 */
function impliedOrdinal(labels: (string | null)[], at: number): { kind: Kind; number: number } | null {
  const marked = BARE_MARK.test(labels[at] ?? '');
  for (const kind of ['han', 'arabic'] as Kind[]) {
    // 0: numbered, the numeral lost.
    const numbered = (i: number) => {
      const p = labels[i] ? parseLabel(labels[i]!) : null;
      if (kind === 'han' && !p?.kind && BARE_MARK.test(labels[i] ?? '')) return 0;
      return p?.kind === kind && p.mark ? p.number : null;
    };
    let before: number | null = null;
    for (let i = at - 1; i >= 0 && before === null; i--) before = numbered(i);
    let after: number | null = null;
    for (let i = at + 1; i < labels.length && after === null; i++) after = numbered(i);
    const fromAfter = after ? after - 1 : null;
    const fromBefore = before ? before + 1 : null;
    const first = before === null && kind === 'han' ? 1 : null;
    let n: number | null = null;
    if (fromAfter && fromBefore) n = fromAfter === fromBefore ? fromAfter : null;
    else if (fromAfter) n = fromAfter === first || (marked && before !== null) ? fromAfter : null;
    else if (fromBefore) n = marked && after !== null ? fromBefore : null;
    else if (after === 0) n = first;
    if (n !== null && n >= 1) return { kind, number: n };
  }
  return null;
}

/** The mark the side's well-read labels print after a numeral of this kind (、 or .). */
function markOf(labels: (string | null)[], kind: Kind): string {
  const marks = labels.map((l) => (l ? parseLabel(l) : null)).filter((p) => p?.kind === kind && p.mark).map((p) => p!.mark);
  const counts = new Map<string, number>();
  for (const m of marks) counts.set(m, (counts.get(m) ?? 0) + 1);
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : kind === 'han' ? '、' : '.';
}

/**
 * The printed name of the label at `at` among a side's labels in printed order (null where a
 * row has none), or null when the reading is as printed or cannot be told.
 */
export function repairedLabel(labels: (string | null)[], at: number, names: SideNames): string | null {
  const label = labels[at];
  if (!label) return null;
  // Read against both sides' names: '当年收入小计' in a panel taken for the expenditure side is
  // the income name it reads as, not the expenditure name one character away.
  const r = readLabel(label, [...names.own, ...names.other]);
  if (!r || !names.own.includes(r.name)) return null;
  let ordinal = r.kind && r.number ? { kind: r.kind, number: r.number } : null;
  if (!ordinal && !UNNUMBERED.test(r.name)) ordinal = impliedOrdinal(labels, at);
  const prefix = ordinal ? `${ordinal.kind === 'han' ? hanNumeral(ordinal.number) : ordinal.number}${markOf(labels, ordinal.kind)}` : '';
  const printed = prefix + r.name;
  return printed === label ? null : printed;
}

/**
 * Give a name-keyed OCR'd row its printed name (repairedLabel), saying so through `report`
 * with the reading and the name taken.
 */
export function repairName(key: { name: string | null }, labels: (string | null)[], at: number, names: SideNames, report: (message: string) => void): void {
  const printed = repairedLabel(labels, at, names);
  if (!printed || printed === key.name) return;
  key.name = printed;
  report(`OCR read the row name '${labels[at]}'; it was filed as '${printed}', the name the template lists that it is closest to, numbered as the rows around it are`);
}
