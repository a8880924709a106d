/**
 * Table titles as OCR reads them: a character or two misread (一般 → 一舫, 拨 → 拔). The exact
 * matcher (templates/index.ts) then finds only a shorter title inside the misread one —
 * '一舫公共预算财政拨款支出决算表' ends in 支出决算表, table 03's title — so two tables claim
 * one code. Here every template wording is aligned against the end of the line with an edit
 * distance, and a long wording with a misread character outscores a short exact one. The
 * wordings are each table's `titles` and `ocr_titles` and the family's `uncoded_titles` (whose
 * best fit means no code). Titles too garbled for that are weighed by the words of them that
 * survived (titleEvidence), which name a code only with the table's content (resolve.ts).
 * Used for OCR'd lines only: a text layer prints its titles as typed.
 */
import { TEMPLATES, recogniseTitle, squeeze, tableSpec, titleKind } from '../templates/index.ts';

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

/** A wording a title may be aligned with: a table's (code) or one of a family's uncoded tables (null). */
interface Wording {
  code: string | null;
  text: string;
  kind: '决算' | '预算';
  /** From `ocr_titles` or `uncoded_titles`: matched with misreads only on a line that ends in 表. */
  ocrOnly: boolean;
}

/**
 * Every wording the OCR matchers weigh for a (cleaned) title: `titles` and `ocr_titles` of each
 * table the title's words do not rule out, and the family's `uncoded_titles`; none of a family
 * of the other report kind than the title states.
 */
function wordingsFor(t: string): Wording[] {
  const kind = titleKind(t);
  const out: Wording[] = [];
  for (const template of TEMPLATES) {
    if (template.title_excludes?.test(t)) continue;
    // 预算表 and 决算表 differ in one character: a misread may not cross from one kind to the other.
    if (kind && template.report_kind !== kind) continue;
    for (const spec of Object.values(template.tables)) {
      if (spec.title_excludes?.test(t)) continue;
      for (const text of spec.titles) out.push({ code: spec.table_code, text, kind: template.report_kind, ocrOnly: false });
      for (const text of spec.ocr_titles ?? []) out.push({ code: spec.table_code, text, kind: template.report_kind, ocrOnly: true });
    }
    for (const text of template.uncoded_titles ?? []) out.push({ code: null, text, kind: template.report_kind, ocrOnly: true });
  }
  return out;
}

/**
 * A closer wording of the other report kind within this score of the best leaves the kind in
 * doubt ('…支出X算表': 决算 or 预算?): no answer rather than a guess.
 */
const KIND_MARGIN = 2;

/** A wording matched with misreads: a table's code, or null for an uncoded table's wording. */
interface WordingMatch {
  code: string | null;
  score: number;
  distance: number;
  kind: string;
}

/** The best-scoring wording (perhaps an uncoded table's) within the misread allowance, or null. */
function closestWording(text: string): WordingMatch | null {
  const t = clean(text);
  if (!t || NOT_A_TITLE.test(t)) return null;
  let best: WordingMatch | null = null;
  const byKind = new Map<string, number>();
  // A row label ('二十一、国有资本经营预算支出 52') is one edit from '…预算支出表' counting its 行次:
  // the OCR wordings match only a line that ends like a title; the garbled rest is left to titleEvidence.
  const endsLikeTitle = t.endsWith('表');
  for (const w of wordingsFor(t)) {
    if (w.ocrOnly && !endsLikeTitle) continue;
    if (w.text.length < MIN_FUZZY_TITLE_CHARS || t.length > w.text.length + MAX_TITLE_PREFIX_CHARS) continue;
    const distance = suffixDistance(w.text, t);
    if (distance > Math.floor(w.text.length * MAX_DISTANCE_SHARE)) continue;
    const score = w.text.length - 2 * distance;
    byKind.set(w.kind, Math.max(byKind.get(w.kind) ?? -Infinity, score));
    if (!best || score > best.score) best = { code: w.code, score, distance, kind: w.kind };
  }
  if (!best) return null;
  const other = Math.max(-Infinity, ...[...byKind].filter(([k]) => k !== best!.kind).map(([, s]) => s));
  return best.score - other < KIND_MARGIN ? null : best;
}

/** The best template wording for a title line, misreads allowed; null when none is close (or an uncoded table's is closest). */
export function fuzzyTitle(text: string): TitleMatch | null {
  const m = closestWording(text);
  return m && m.code !== null ? { code: m.code, score: m.score, distance: m.distance } : null;
}

/**
 * The table an OCR'd title line names: the exact matcher's answer unless a wording matched
 * with misreads scores higher (is longer by more than twice its misreads).
 */
export function tolerantTitle(text: string): TitleMatch | null {
  const exact = recogniseTitle(text);
  const exactLength = exact ? exactMatchLength(text, exact) : 0;
  const fuzzy = closestWording(text);
  // An uncoded table's wording that fits better than the exact match: the table takes no code.
  if (fuzzy && fuzzy.score > exactLength) return fuzzy.code === null ? null : { code: fuzzy.code, score: fuzzy.score, distance: fuzzy.distance };
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

/**
 * Partial evidence, for titles too garbled for the misread allowance ('投公共预集支出预算表',
 * '投公共预！真住术本支出预（经济科目'): each wording scores the characters of it the title holds
 * in order (its longest common subsequence) less UNMATCHED_WEIGHT for each it lacks, so a long
 * wording half read outscores a short one that only shares the common 支出预算表. A title's
 * 功能/经济 qualifier rules out tables of the other classification. The caller decides with the
 * table's content and the report's kind (resolve.ts): this alone names no code.
 */
const UNMATCHED_WEIGHT = 0.5;
/** Least evidence score, and least share of the wording's characters, that names a wording. */
const MIN_EVIDENCE_SCORE = 4;
const MIN_EVIDENCE_SHARE = 0.5;
/** The winner must beat every other code (and the uncoded tables) by this much: more than one character's worth. */
const EVIDENCE_MARGIN = 1.5;
/** Longest squeezed line that may still be a title read by evidence alone. */
const MAX_EVIDENCE_LINE_CHARS = 60;
const QUALIFIER_WORD = /(功能|经济)(科目|分类)/;

export interface Evidence {
  code: string | null;
  kind: '决算' | '预算';
  score: number;
  share: number;
}

/** Longest common subsequence of two strings (short: titles). */
export function commonChars(a: string, b: string): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    prev = cur;
  }
  return prev[b.length]!;
}

/** Every wording's evidence in a title line, the best per code (null: the uncoded tables), best first. */
export function titleEvidence(text: string): Evidence[] {
  const squeezed = squeeze(text);
  const t = clean(text);
  if (!t || squeezed.length > MAX_EVIDENCE_LINE_CHARS || NOT_A_TITLE.test(t)) return [];
  const qualifier = QUALIFIER_WORD.exec(squeezed)?.[1];
  const classification = qualifier === '功能' ? 'function' : qualifier === '经济' ? 'economic' : null;
  const best = new Map<string, Evidence>();
  for (const w of wordingsFor(t)) {
    const spec = w.code ? tableSpec(w.code) : undefined;
    if (classification && spec?.classification && spec.classification !== classification) continue;
    const matched = commonChars(w.text, t);
    const e: Evidence = { code: w.code, kind: w.kind, score: matched - UNMATCHED_WEIGHT * (w.text.length - matched), share: matched / w.text.length };
    const key = `${w.kind}:${w.code}`;
    if (!best.has(key) || e.score > best.get(key)!.score) best.set(key, e);
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}

/** Whether evidence names its wording strongly enough to count at all. */
function strong(e: Evidence | undefined): e is Evidence {
  return !!e && e.score >= MIN_EVIDENCE_SCORE && e.share >= MIN_EVIDENCE_SHARE;
}

/**
 * The code a garbled title names in a report of `kind`, among the codes whose content fits
 * (`fits`): the strongest evidence, clear of every other candidate — the uncoded tables always
 * among them — by EVIDENCE_MARGIN. Null when in doubt: a wrong code is worse than none.
 */
export function codeByEvidence(text: string, kind: string, fits: (code: string) => boolean): Evidence | null {
  const cands = titleEvidence(text).filter((e) => e.kind === kind && (e.code === null || fits(e.code)));
  const [best, next] = cands;
  if (!strong(best) || best.code === null) return null;
  return next && best.score - next.score < EVIDENCE_MARGIN ? null : best;
}

/** The wording a title line most likely is (any code, or an uncoded table's), when the evidence is strong. */
export function strongestWording(text: string): Evidence | null {
  const [best] = titleEvidence(text);
  return strong(best) ? best : null;
}

/** A title's ending: 表, or a 功能/经济 qualifier whose 表 OCR lost. */
const TITLE_ENDING = /表$|[(（]?(按)?(功能|经济)(科目|分类)[)）]?$/;

/**
 * Whether an OCR'd line that no title rule takes is still a title: it ends like one and holds
 * most of a known wording (strongestWording). Its code is decided later, with its content.
 */
export function looksLikeTitle(text: string): boolean {
  return TITLE_ENDING.test(squeeze(text)) && strongestWording(text) !== null;
}
