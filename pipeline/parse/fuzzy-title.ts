/**
 * Table titles as OCR reads them: a character or two misread (一般 → 一舫, 拨 → 拔). The exact
 * matcher (templates/index.ts) then finds only a shorter title inside the misread one —
 * '一舫公共预算财政拨款支出决算表' ends in 支出决算表, table 03's title — so two tables claim
 * one code. Here every template wording is aligned against the end of the line with an edit
 * distance, and a long wording with a misread character outscores a short exact one.
 * Used for OCR'd lines only: a text layer prints its titles as typed.
 */
import { TEMPLATES, recogniseTitle, squeeze, titleKind } from '../templates/index.ts';

export interface TitleMatch {
  code: string;
  /** Matched characters less twice the edit distance: an exact match scores its length. */
  score: number;
  distance: number;
}

/** Shortest wording matched with a misread: shorter ones ('收入决算表') are too easily hit. */
const MIN_FUZZY_TITLE_CHARS = 7;
/** Misread characters allowed per wording character. */
const MAX_DISTANCE_SHARE = 0.2;
/** Characters a title line may carry before the title (department, year, label), as the exact matcher. */
const MAX_TITLE_PREFIX_CHARS = 40;
/** Prose about a table, not its title (as recogniseTitle). */
const NOT_A_TITLE = /说明|反映|注[:：]|情况如下|详见/;

/**
 * Edit distance between `word` and the best-matching stretch of `text` that ends at most a
 * few characters before the text's end (each trailing character costs one, like a misread).
 * The text's start is free: the title follows the department's name.
 */
export function suffixDistance(word: string, text: string): number {
  const m = word.length;
  const n = text.length;
  let prev = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    const cur = new Array<number>(n + 1);
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1]! + (word[i - 1] === text[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1);
    }
    prev = cur;
  }
  let best = Infinity;
  for (let j = 0; j <= n; j++) best = Math.min(best, prev[j]! + (n - j));
  return best;
}

/** The title without its label and trailing qualifier (whose brackets OCR may have lost). */
function clean(text: string): string {
  return squeeze(text)
    .replace(/[（(]公开\d{1,2}表[)）]|公开\d{1,2}表$/, '')
    .replace(/[(（][^)）]{0,12}[)）]?$|(按)?(功能|经济)(科目|分类)$/, '');
}

/** The best template wording for a title line, misreads allowed; null when none is close. */
export function fuzzyTitle(text: string): TitleMatch | null {
  const t = clean(text);
  if (!t || NOT_A_TITLE.test(t)) return null;
  let best: TitleMatch | null = null;
  const kind = titleKind(t);
  for (const template of TEMPLATES) {
    if (template.title_excludes?.test(t)) continue;
    // 预算表 and 决算表 differ in one character: a misread may not cross from one kind to the other.
    if (kind && template.report_kind !== kind) continue;
    for (const spec of Object.values(template.tables)) {
      if (spec.title_excludes?.test(t)) continue;
      for (const title of spec.titles) {
        if (title.length < MIN_FUZZY_TITLE_CHARS || t.length > title.length + MAX_TITLE_PREFIX_CHARS) continue;
        const distance = suffixDistance(title, t);
        if (distance > Math.floor(title.length * MAX_DISTANCE_SHARE)) continue;
        const score = title.length - 2 * distance;
        if (!best || score > best.score) best = { code: spec.table_code, score, distance };
      }
    }
  }
  return best;
}

/**
 * The table an OCR'd title line names: the exact matcher's answer unless a wording matched
 * with misreads scores higher (is longer by more than twice its misreads).
 */
export function tolerantTitle(text: string): TitleMatch | null {
  const exact = recogniseTitle(text);
  const exactLength = exact ? exactMatchLength(text, exact) : 0;
  const fuzzy = fuzzyTitle(text);
  if (fuzzy && fuzzy.score > exactLength) return fuzzy;
  return exact ? { code: exact, score: exactLength, distance: 0 } : null;
}

/** Length of the wording the exact matcher found (its score). */
function exactMatchLength(text: string, code: string): number {
  const t = clean(text);
  const spec = TEMPLATES.find((tp) => code in tp.tables)!.tables[code]!;
  const hits = spec.titles.filter((w) => t.includes(w)).map((w) => w.length);
  const patterns = (spec.title_patterns ?? []).map((re) => re.exec(t)?.[0].length ?? 0);
  return Math.max(0, ...hits, ...patterns);
}
