/**
 * The figures of one block of prose (a heading's or a numbered item's paragraphs), each with
 * the role the words before it give it (年初预算为 → budget, 支出决算为 → actual, 减少 → the
 * amount of a change, 上年为 → prior) and the subject it is of. A figure whose clause names no
 * subject ("年初预算为…，支出决算为…") is of the subject last named in its block.
 */
import { Decimal } from 'decimal.js';
import {
  ACTUAL_LEAD_RE, AMOUNT_RE, BUDGET_LEAD_RE, CHANGE_LEAD_RE, EXPLANATION_RE, PRIOR_LEAD_RE, PRIOR_YEAR_RE, SUBJECT_NOISE_RE,
} from '../../templates/claims.ts';
import type { ClaimFigure } from '../../types.ts';
import { pageAt, type Paragraph } from './paragraphs.ts';
import { STATEMENT_END, clauseBoundary, splitPieces, stripFiller, type Piece } from './statements.ts';

export type Role = 'budget' | 'actual' | 'amount' | 'change' | 'prior';

export interface Figure extends ClaimFigure {
  role: Role;
  /** Subject with noise words removed, for comparing two subjects. */
  key: string;
  /** Offsets in the block text. */
  start: number;
  end: number;
}

export interface Sentence extends Piece {
  /** Text before an explanation (主要原因…) starts: the part that states figures. */
  stating: string;
}

export interface Block {
  text: string;
  paragraph: Paragraph;
  sentences: Sentence[];
  figures: Figure[];
  /** Subject the block's numbered item or first sentence names, if any. */
  subject: string;
}

const UNIT_FACTOR: Record<string, number> = { 元: 1, 千元: 1_000, 万元: 10_000, 亿元: 100_000_000 };

export function toYuan(valueText: string, unit: string): string {
  return new Decimal(valueText.replace(/,/g, '')).times(UNIT_FACTOR[unit]!).toFixed(2);
}

/** Subject key: what two statements of the same thing have in common. */
export function subjectKey(subject: string): string {
  return stripFiller(subject).rest.replace(PRIOR_YEAR_RE, '').replace(SUBJECT_NOISE_RE, '').replace(/费$/, '');
}

function roleOf(lead: string): { role: Role; subject: string } {
  for (const [re, role] of [[BUDGET_LEAD_RE, 'budget'], [ACTUAL_LEAD_RE, 'actual'], [CHANGE_LEAD_RE, 'change'], [PRIOR_LEAD_RE, 'prior']] as const) {
    const m = re.exec(lead);
    if (m) return { role, subject: lead.slice(0, m.index) };
  }
  return { role: 'amount', subject: lead };
}

/** Merge paragraphs of one block into one text with line starts for page lookup. */
function mergeBlock(ps: Paragraph[]): Paragraph {
  const merged: Paragraph = { section: ps[0]!.section, text: '', starts: [], block: ps[0]!.block, heading: ps[0]!.heading };
  for (const p of ps) {
    for (const s of p.starts) merged.starts.push({ offset: merged.text.length + s.offset, page: s.page });
    merged.text += p.text;
  }
  return merged;
}

export function pageOf(b: Block, offset: number): number {
  return pageAt(b.paragraph, offset);
}

/** Group paragraphs into blocks and read each block's figures. */
export function toBlocks(paragraphs: Paragraph[]): Block[] {
  const groups = new Map<number, Paragraph[]>();
  for (const p of paragraphs) groups.set(p.block, [...(groups.get(p.block) ?? []), p]);
  return [...groups.values()].map((ps) => readBlock(mergeBlock(ps)));
}

function readBlock(paragraph: Paragraph): Block {
  const text = paragraph.text;
  const sentences: Sentence[] = splitPieces(text, 0, (i) => STATEMENT_END.test(text[i]!)).map((s) => {
    const ex = EXPLANATION_RE.exec(s.text);
    return { ...s, stating: ex ? s.text.slice(0, ex.index) : s.text };
  });
  // A heading that is a numbered item names the item: "1、一般公共服务支出(类)…行政运行(项)。主要用于…"
  const heading = stripFiller(paragraph.heading.split('。')[0] ?? '').rest;
  const block: Block = { text, paragraph, sentences, figures: [], subject: heading };
  let current = subjectKey(heading);
  sentences.forEach((s, index) => {
    const before = block.figures.length;
    let inSentence = '';
    for (const clause of splitPieces(s.stating, s.offset, clauseBoundary(s.stating))) {
      let cursor = 0;
      for (const m of clause.text.matchAll(AMOUNT_RE)) {
        const { role, subject } = roleOf(clause.text.slice(cursor, m.index));
        cursor = m.index + m[0].length;
        let printed = stripFiller(subject.replace(PRIOR_YEAR_RE, '')).rest;
        let key = subjectKey(printed);
        if (!key) {
          key = inSentence || current;
          printed = block.figures.at(-1)?.subject ?? block.subject;
        }
        inSentence = current = key;
        block.figures.push({
          role, key, subject: printed, value_text: m[1]!, unit: m[2]!, value_yuan: toYuan(m[1]!, m[2]!),
          page: pageAt(paragraph, clause.offset + m.index), start: clause.offset + m.index, end: clause.offset + cursor,
        });
      }
    }
    // A first sentence without figures names the item: "1、一般公共服务支出(类)…行政运行(项)。"
    if (index === 0 && !heading && block.figures.length === before) {
      block.subject = stripFiller(s.stating).rest;
      current = subjectKey(block.subject);
    }
  });
  return block;
}

/** The block's subject key at an offset: that of the last figure before it, else the block's. */
export function subjectAt(b: Block, offset: number): string {
  const last = b.figures.filter((f) => f.end <= offset).at(-1);
  return last?.key ?? subjectKey(b.subject);
}

/** The last figure before `offset` with one of `roles` and, when given, the subject `key`. */
export function lastFigure(b: Block, offset: number, roles: Role[], key?: string): Figure | undefined {
  return b.figures.filter((f) => f.end <= offset && roles.includes(f.role) && (key === undefined || f.key === key)).at(-1);
}

export function asClaimFigure(f: Figure | undefined): ClaimFigure | undefined {
  if (!f) return undefined;
  return { value_text: f.value_text, unit: f.unit, value_yuan: f.value_yuan, page: f.page, subject: f.subject };
}
