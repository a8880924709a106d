/**
 * Tolerant comparison of subject names as printed in reports against the reference names.
 * Reports differ from the official wording in predictable ways: full-width vs half-width
 * brackets, stray spaces, a dropped 支出/费 suffix ("其他社会保障和就业" for
 * "其他社会保障和就业支出"), and names cut off by a narrow PDF cell
 * ("机关事业单位基本养老保险缴").
 */

/**
 * A printed name shorter than this is never treated as a truncation of a longer one:
 * short names are often complete names of other subjects (住房公积金 vs 住房公积金管理).
 */
const TRUNCATION_MIN_CHARS = 6;

/**
 * A truncated cell keeps most of the name (the observed cuts drop 1–2 characters of 9–14);
 * below this share of the canonical length a shared prefix is a different subject.
 */
const TRUNCATION_MIN_SHARE = 0.75;

/** Suffixes that reports add or drop freely; longest first so 费用 goes before 费. */
const OPTIONAL_SUFFIXES = ['支出', '费用', '费'];

/**
 * Characters reports drop or add without changing the subject: 的 (财政对基本养老保险基金补助
 * for …基金的补助).
 */
const FILLER_CHARS = /的/g;

/** Level markers written in prose: 卫生健康支出（类）, 行政运行（项）, also (208类) or (05款). */
const LEVEL_MARKER = /\(\d*[类款项]\)/g;

/** NFKC (full-width brackets and digits become ASCII), no whitespace, no level markers. */
export function normaliseName(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').replace(LEVEL_MARKER, '');
}

function stripSuffix(s: string): string {
  for (const suffix of OPTIONAL_SUFFIXES) {
    if (s.length > suffix.length + 1 && s.endsWith(suffix)) return s.slice(0, -suffix.length);
  }
  return s;
}

function isTruncationOf(printed: string, canonical: string): boolean {
  return (
    printed.length >= TRUNCATION_MIN_CHARS &&
    printed.length < canonical.length &&
    printed.length / canonical.length >= TRUNCATION_MIN_SHARE &&
    canonical.startsWith(printed)
  );
}

/**
 * True when `printed` is plausibly the report's rendering of `canonical`: equal after
 * normalisation, equal once an optional 支出/费 suffix is dropped on either side, or a
 * truncation of the canonical name by a narrow table cell.
 */
export function namesMatch(printed: string, canonical: string): boolean {
  const p = normaliseName(printed);
  const c = normaliseName(canonical);
  if (!p || !c) return false;
  if (p === c) return true;
  const loose = (s: string) => stripSuffix(s.replace(FILLER_CHARS, ''));
  if (loose(p) === loose(c)) return true;
  return isTruncationOf(p, c);
}
