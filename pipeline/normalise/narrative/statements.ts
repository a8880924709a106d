/**
 * Reading the figures out of one paragraph.
 *
 * A paragraph is split into statements (at 。；) and those into clauses (at ，：, but not at
 * the comma of "2,984.80"). Each money figure in a clause is read with the words before it:
 *
 *   [filler] [label] [gap] FIGURE unit        e.g.  "其中:" "基本支出" "" 386.15 万元
 *                                                   "" "" "支出决算为" 22.83 万元 (label carried)
 *
 * - filler: numbering, "2024年度", "其中", "本部门" — nothing that changes the meaning;
 * - label: what the figure is (labels.ts); when a clause has none, the label last named in the
 *   statement carries over ("…(项)。年初预算为…，支出决算为…");
 * - gap: must be one of the few wordings that state the figure itself (为, 支出决算为,
 *   全年预算数…). Anything else — "比上年减少", "增长", "共计约" — rejects the figure: better
 *   no fact than a wrong one.
 * Reading stops at an explanation ("主要原因…", "主要是…"): figures there are about causes.
 */
import { LABELS, matchLabel, type Label, type LabelContext, type MeasureKind, type Target } from './labels.ts';
import { pageAt, type Paragraph } from './paragraphs.ts';
import { AMOUNT_RE, EXPLANATION_RE } from '../../templates/claims.ts';

/** One figure read from the prose, with the cell(s) it states. */
export interface Statement {
  targets: Target[];
  /** The number as printed, e.g. "2,984.8". */
  value_text: string;
  unit: string;
  page: number;
  /** The statement (text up to 。；) the figure was read from. */
  sentence: string;
}

/** Ends a statement. */
export const STATEMENT_END = /[。;!?]/;
/** Words before a label that do not change what the figure is. */
const FILLER_RE =
  /^(?:[、,]|第?[一二三四五六七八九十]+[、.]|\d{1,2}[、.](?!\d)|\([一二三四五六七八九十\d]{1,3}\)|其中|本部门|本单位|我部门|我单位|部门|单位|本年度|(\d{4})年度?|\p{Script=Han}{2,30}?(?:局|委员会|委|院|办公室|中心|厅|政府)(?:\((?:汇总|本级)\))?(?=\d{4}年))/u;
/** Wordings between a label and its figure that state the figure itself. */
const GAP_RE = /^的?(?:支出|费用|费|经费)?(?:财政拨款)?(?:支出)?(决算数?|全年预算数?|年初预算数?|预算数?|实际支出)?(?:为|是|均为|共计|共|达)?$/;

function measureOf(gap: string): MeasureKind | null {
  const m = GAP_RE.exec(gap);
  if (!m) return null;
  const word = m[1] ?? '';
  if (word === '' || word.startsWith('决算') || word === '实际支出') return 'actual';
  if (word.startsWith('全年预算')) return 'budget_full';
  if (word.startsWith('年初预算')) return 'budget_initial';
  return null; // a bare 预算数 may be either budget: not guessed
}

/** Strip filler from the start; report a year mentioned in it (to reject other years' figures). */
export function stripFiller(text: string): { rest: string; year: number | null } {
  let rest = text;
  let year: number | null = null;
  for (let m = FILLER_RE.exec(rest); m && m[0].length > 0; m = FILLER_RE.exec(rest)) {
    if (m[1]) year = Number(m[1]);
    rest = rest.slice(m[0].length);
  }
  return { rest, year };
}

export interface Piece {
  text: string;
  offset: number;
}

/** Split at positions where `isBoundary` holds; boundary characters are dropped. */
export function splitPieces(text: string, offset: number, isBoundary: (i: number) => boolean): Piece[] {
  const out: Piece[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !isBoundary(i)) continue;
    if (i > start) out.push({ text: text.slice(start, i), offset: offset + start });
    start = i + 1;
  }
  return out;
}

/** A clause boundary: '：' or '，', except the thousands comma inside a number. */
export function clauseBoundary(text: string): (i: number) => boolean {
  return (i) => {
    const c = text[i];
    if (c === ':') return true;
    if (c !== ',') return false;
    return !(/\d/.test(text[i - 1] ?? '') && /^\d{3}(?!\d)/.test(text.slice(i + 1)));
  };
}

export type Subject = { label: Label; matched: string };

interface ScanState {
  subject: Subject | null;
  sawAmount: boolean;
}

export interface ScanContext extends LabelContext {
  fiscalYear: number | null;
}

/** Read one clause; returns false when an explanation starts (stop reading the statement). */
function scanClause(clause: Piece, p: Paragraph, labels: Label[], state: ScanState, ctx: ScanContext, out: Statement[], sentence: string): boolean {
  const explanation = EXPLANATION_RE.exec(clause.text);
  const text = explanation ? clause.text.slice(0, explanation.index) : clause.text;
  let cursor = 0;
  for (const m of text.matchAll(AMOUNT_RE)) {
    const lead = text.slice(cursor, m.index);
    cursor = m.index + m[0].length;
    state.sawAmount = true;
    const { rest, year } = stripFiller(lead);
    if (year !== null && ctx.fiscalYear !== null && year !== ctx.fiscalYear) continue;
    const hit = matchLabel(labels, rest);
    if (hit) state.subject = hit;
    if (!state.subject) continue;
    const kind = measureOf(hit ? rest.slice(hit.matched.length) : rest);
    if (!kind) continue;
    const targets = state.subject.label.targets(kind, state.subject.matched, ctx);
    if (!targets) continue;
    out.push({ targets, value_text: m[1]!, unit: m[2]!, page: pageAt(p, clause.offset + m.index), sentence });
  }
  if (cursor === 0) {
    // No figure: the clause may name the subject of the figures that follow.
    const hit = matchLabel(labels, stripFiller(text).rest);
    if (hit) state.subject = hit;
  }
  return !explanation;
}

/** All figures of a paragraph that map to a table cell. */
export function scanParagraph(p: Paragraph, ctx: ScanContext, from: { carried: Subject | null } = { carried: null }): Statement[] {
  const labels = LABELS[p.section];
  if (labels.length === 0) return [];
  const out: Statement[] = [];
  let carried: Subject | null = from.carried;
  const statements = splitPieces(p.text, 0, (i) => STATEMENT_END.test(p.text[i]!));
  for (const statement of statements) {
    const state: ScanState = { subject: carried, sawAmount: false };
    for (const clause of splitPieces(statement.text, statement.offset, clauseBoundary(statement.text))) {
      if (!scanClause(clause, p, labels, state, ctx, out, statement.text)) break;
    }
    // A subject named in a statement without figures ("…行政运行(项)。") is what the next one is about.
    carried = state.sawAmount ? null : state.subject;
  }
  // The next paragraph of the same item ("…(项)。主要用于:" / "…年初预算为…") may state its figures.
  from.carried = carried;
  return out;
}

/** All figures of the report's paragraphs; a subject named without figures carries into the next paragraph of its block. */
export function scanParagraphs(paragraphs: Paragraph[], ctx: ScanContext): Statement[] {
  const out: Statement[] = [];
  const from: { carried: Subject | null } = { carried: null };
  let block = -1;
  for (const p of paragraphs) {
    if (p.block !== block) from.carried = null;
    block = p.block;
    out.push(...scanParagraph(p, ctx, from));
  }
  return out;
}
