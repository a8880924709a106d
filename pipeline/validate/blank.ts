/**
 * Cells OCR read nothing for, on rows it did read: a seal or smudge over the whole amount, or a
 * faint cell the detector skipped. A blank cell means 0 to every check, so an identity cannot
 * tell a cell printed blank from one lost. Two identities can: where two or more identities,
 * each solved for the blank cell with the other blank cells as 0, give the same non-zero value
 * exactly (合计 = 基本 + 项目 on its row, and the parent = Σ children down its column), a printed
 * zero would have to be matched by the same error twice. One identity is enough for a total (in 元)
 * whose parts are all confirmed (verify.ts: each sits in another identity that holds exactly, or is
 * read alike in another table on another page: repair.ts isCopyElsewhere): a total
 * printed blank over non-zero parts is no printed table. The cell is filled in and logged as
 * `ocr.repaired` (a warning: the value was derived, not read), so it is never silent.
 *
 * In a table printed in 万元 each cell is rounded, so one sum is no proof of the printed total
 * (it may differ by a hundredth): there the confirmed-total rule applies only to a total over
 * one part, as read, and otherwise two identities that agree exactly fill a cell.
 */
import { Decimal } from 'decimal.js';
import type { Fact, NormalisedDoc, QualityFinding } from '../types.ts';
import { cellKey, Ctx, refKey, repairedFinding, rowLabel } from './context.ts';
import type { CellRef, Identity } from './identity.ts';
import { collect, evaluate, isCopyElsewhere } from './repair.ts';
import { confirmOcr } from './verify.ts';
import { byValue, fmt, yuan, yuanPerUnit } from './tolerance.ts';

/** Identities that must give the blank cell the same value before it is filled. */
const MIN_AGREEING = 2;
/** A filled cell can complete another identity (a 项 row's total, then its 款's): a few rounds. */
const MAX_ROUNDS = 4;
/** Confidence of a filled cell: nothing was read there. */
const FILLED_CONFIDENCE = 0.3;

interface Solution {
  value: Decimal;
  id: Identity;
  /** The blank cell is the identity's total, and every non-zero part is confirmed. */
  confirmedTotal: boolean;
  /** Every other cell of the identity was read: no other blank taken for 0. */
  clean: boolean;
}

export function fillBlankCells(doc: NormalisedDoc): QualityFinding[] {
  const ocrTables = new Set(doc.facts.filter((f) => f.method === 'ocr').map((f) => f.table_code));
  if (!ocrTables.size) return [];
  // Cells read as no number are derive.ts's: they are not blank, and their identities are open.
  const unread = new Set((doc.unread_ocr ?? []).map(cellKey));
  const findings: QualityFinding[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const ctx = new Ctx(doc);
    const ids = collect(ctx);
    const confirmed = new Set([...confirmOcr(doc).verified, ...copiesElsewhere(ctx, ids)]);
    const solutions = solveBlanks(ctx, ids, ocrTables, unread, confirmed);
    let filled = 0;
    for (const { ref, found } of solutions.values()) {
      const agreed = agreement(found);
      if (!agreed) continue;
      const fact = blankFact(ctx, ref, agreed[0]!.value);
      if (!fact) continue;
      doc.facts.push(fact);
      findings.push(filledFinding(doc, fact, agreed));
      filled++;
    }
    if (!filled) break;
  }
  return findings;
}

/** Cells read alike in two tables on two pages (repair.ts isCopyElsewhere): confirmed by each other. */
function copiesElsewhere(ctx: Ctx, ids: Identity[]): Fact[] {
  return ids.map((id) => evaluate(ctx, id)).flatMap((e) => (isCopyElsewhere(e) ? [e.target!, ...e.terms.flatMap((t) => (t.fact ? [t.fact] : []))] : []));
}

/** For each blank cell of an OCR'd row, the value each identity through it gives. */
function solveBlanks(ctx: Ctx, ids: Identity[], ocrTables: Set<string>, unread: Set<string>, confirmed: Set<Fact>): Map<string, { ref: CellRef; found: Solution[] }> {
  const out = new Map<string, { ref: CellRef; found: Solution[] }>();
  for (const id of ids) {
    const cells: (CellRef & { sign: number; isTarget: boolean })[] = [
      { ...id.target, sign: 1, isTarget: true },
      ...id.terms.map((t) => ({ ...t, sign: t.sign ?? 1, isTarget: false })),
    ];
    if (cells.some((c) => unread.has(refKey(c)))) continue;
    const fact = (c: CellRef) => ctx.index.get(c.table, c.key, c.measure);
    for (const blank of cells) {
      if (fact(blank) || !ocrTables.has(blank.table) || !ctx.index.row(blank.table, blank.key)) continue;
      const value = solve(cells, blank, fact);
      if (!value) continue;
      const parts = id.terms.map(fact).filter((f): f is Fact => !!f && !yuan(f.value_yuan).isZero());
      // In 万元 a sum of rounded parts is no proof of the printed total; a total over one part
      // copies it, but only as printed: a part repaired to make a sum hold may be a hundredth off.
      const inYuan = parts.every((f) => yuanPerUnit(f.unit_as_printed ?? ctx.doc.report.unit_as_printed).eq(1));
      const exact = inYuan || (parts.length === 1 && asRead(parts[0]!, ctx.doc));
      const confirmedTotal = blank.isTarget && exact && parts.length > 0 && parts.every((f) => f.method === 'text' || confirmed.has(f));
      const clean = cells.every((c) => c === blank || !!fact(c));
      const entry = out.get(refKey(blank)) ?? { ref: blank, found: [] };
      entry.found.push({ value, id, confirmedTotal, clean });
      out.set(refKey(blank), entry);
    }
  }
  return out;
}

/** The cell holds what OCR read, not a value a repair put there. */
function asRead(f: Fact, doc: NormalisedDoc): boolean {
  const printed = yuan(f.value_yuan).div(yuanPerUnit(f.unit_as_printed ?? doc.report.unit_as_printed)).toFixed(2);
  return (f.value_text ?? '').replace(/\D/g, '') === printed.replace(/\D/g, '');
}

/**
 * The blank cell's value by the identity, other blank cells as 0 (a zero or negative value is
 * kept: it speaks against filling); null when nothing else in the identity was read.
 */
function solve(cells: (CellRef & { sign: number; isTarget: boolean })[], blank: CellRef & { sign: number; isTarget: boolean }, fact: (c: CellRef) => Fact | undefined): Decimal | null {
  const others = cells.filter((c) => c !== blank);
  const read = others.map((c) => ({ c, f: fact(c) })).filter((x) => x.f && !yuan(x.f.value_yuan).isZero());
  if (!read.length) return null;
  // target = Σ sign·term, so a term is (target − Σ other terms)·sign.
  const termSum = read.filter((x) => !x.c.isTarget).reduce((s, x) => s.plus(yuan(x.f!.value_yuan).times(x.c.sign)), new Decimal(0));
  const target = yuan(read.find((x) => x.c.isTarget)?.f?.value_yuan);
  return blank.isTarget ? termSum : target.minus(termSum).times(blank.sign);
}

/**
 * The solutions that give one positive value, when MIN_AGREEING do or one is a confirmed total's,
 * and every solution that took no other blank for 0 gives it too. One that did and disagrees
 * says that other blank was lost as well, not that this value is wrong.
 */
function agreement(found: Solution[]): Solution[] | null {
  const enough = byValue(found).filter((g) => g[0]!.value.gt(0) && (g.length >= MIN_AGREEING || g.some((s) => s.confirmedTotal)));
  if (enough.length !== 1) return null;
  const agreed = enough[0]!;
  return found.every((s) => !s.clean || agreed.includes(s)) ? agreed : null;
}

/** The filled cell: its row's fields, its column's x-range and its row's y-range where those were read. */
function blankFact(ctx: Ctx, ref: CellRef, value: Decimal): Fact | null {
  const row = ctx.index.row(ref.table, ref.key);
  if (!row || row.method !== 'ocr') return null;
  const column = ctx.doc.facts.find((f) => f.table_code === ref.table && f.measure === ref.measure && f.page === row.page && f.x0 != null);
  const box = column && row.y0 != null ? { x0: column.x0, x1: column.x1, y0: row.y0, y1: row.y1 } : { x0: null, x1: null, y0: null, y1: null };
  return {
    ...row,
    measure: ref.measure,
    value_yuan: value.toFixed(2),
    quantity: null,
    quantity_unit: null,
    value_text: '',
    confidence: FILLED_CONFIDENCE,
    cell_id: null,
    ...box,
  };
}

function filledFinding(doc: NormalisedDoc, cell: Fact, agreed: Solution[]): QualityFinding {
  const message =
    `OCR read nothing for ${cell.table_code} ${rowLabel(cell)} ${cell.measure} (page ${cell.page}) although it read the row; ` +
    `filled in as ${fmt(yuan(cell.value_yuan))} 元 because ${agreed.map((s) => `${s.id.check} ${s.id.what}`).join('; ')} all give it — check the cell`;
  return repairedFinding(doc, cell, null, message);
}
