/**
 * validate: checks a normalised report against the template's arithmetic and against itself,
 * and produces its data-quality log (`staged/<id>/quality.json`). Pure and synchronous: the
 * caller reads facts.json and writes the result.
 */
import type { NormalisedDoc, ParsedDoc, QualityDoc, QualityFinding, ReportStatus } from '../types.ts';
import { Ctx, type CheckTally } from './context.ts';
import { checkClassPairs, checkCross0102, checkCross0103, checkCross04Funds, checkEqualities } from './checks/cross.ts';
import { checkHeadingYears } from './checks/headings.ts';
import { checkLines01, checkLines04 } from './checks/lines.ts';
import { checkClaims } from './checks/claims.ts';
import { checkLeftovers, checkToc } from './checks/leftovers.ts';
import { checkNarrative } from './checks/narrative.ts';
import { checkEmptyTables, checkPresence } from './checks/presence.ts';
import { checkHierarchy, checkRows, checkSangong, checkTotals } from './checks/sums.ts';
import { fillBlankCells } from './blank.ts';
import { deriveUnreadable } from './derive.ts';
import { repairOcr } from './repair.ts';
import { lostOcrRows } from './lost.ts';
import { repairFromProse } from './prose.ts';
import { relabelRows } from './relabel.ts';
import { confirmOcr, dropConfirmedDoubts, unverifiedOcr } from './verify.ts';

export { CHECKS, CHECK_IDS, type CheckSpec } from './catalogue.ts';
export type { CheckTally } from './context.ts';
export { qualityJson, renderQualityMarkdown, summarise } from './report.ts';

/** Optional inputs beyond the facts. */
export interface ValidateExtra {
  /** The report's text per page (ParsedDoc.text), for heading years and empty-table notes in prose. */
  text?: { page: number; lines: string[] }[];
  /** Notes printed with each table (RawTable.notes), by table_code, to explain empty tables. */
  notes?: Record<string, string[]>;
}

/** The extra inputs of a parsed report: its prose and each table's notes. */
export function extraFrom(parsed: ParsedDoc): ValidateExtra {
  return { text: parsed.text, notes: Object.fromEntries(parsed.tables.filter((t) => t.table_code !== null).map((t) => [t.table_code, t.notes])) };
}

/** QualityDoc plus per-check counts (run / passed), which the Markdown log groups by. */
export interface QualityResult extends QualityDoc {
  checks: CheckTally[];
}

/**
 * Check a report. OCR misreads that the identities pin down are corrected in `doc.facts` first
 * (repair.ts; each logged as `ocr.repaired`), so the caller should persist the facts again.
 */
export function validate(doc: NormalisedDoc, extra: ValidateExtra = {}): QualityResult {
  // A filled cell is never evidence for repairing another: no second repair pass after it.
  // A 合计 row found by its sums helps repair, and a repaired cell can reveal one (a 类 row, or
  // 人员经费合计 the prose corrects beside a garbled 公用经费合计): before and after each.
  const repairs = [...relabelRows(doc), ...repairOcr(doc)];
  repairs.push(...relabelRows(doc), ...deriveUnreadable(doc), ...fillBlankCells(doc), ...repairFromProse(doc));
  repairs.push(...relabelRows(doc));
  const ctx = new Ctx(doc);
  checkPresence(ctx);
  checkEmptyTables(ctx, extra.notes ?? {}, extra.text ?? []);
  checkHierarchy(ctx);
  checkRows(ctx);
  checkTotals(ctx);
  checkSangong(ctx);
  checkLines01(ctx);
  checkLines04(ctx);
  checkCross0102(ctx);
  checkCross0103(ctx);
  checkCross04Funds(ctx);
  checkClassPairs(ctx);
  checkEqualities(ctx);
  // Claims supersede the bare narrative figures (they carry the sentence); older facts.json have none.
  const claims = ctx.doc.claims ? checkClaims(ctx) : (checkNarrative(ctx), undefined);
  checkHeadingYears(ctx, extra.text ?? []);
  checkLeftovers(ctx, extra.text ?? [], extra.notes ?? {});
  checkToc(ctx);

  const checks = ctx.tally();
  const checks_run = checks.reduce((s, c) => s + c.run, 0);
  const checks_passed = checks.reduce((s, c) => s + c.passed, 0);
  // Findings from normalise (unknown codes, unreadable numbers) belong in the same log.
  let findings = [...doc.findings, ...repairs, ...ctx.findings];
  // Last: OCR'd cells no exact identity confirms (verify.ts), on rows nothing else flagged; a
  // doubt on a cell another identity confirms is dropped.
  if (doc.facts.some((f) => f.method === 'ocr')) {
    const confirmation = confirmOcr(doc);
    findings = dropConfirmedDoubts(findings, confirmation);
    findings.push(...unverifiedOcr(doc, findings, confirmation));
  }
  // Rows an OCR'd table lost, or holds under a misread code (lost.ts).
  findings.push(...lostOcrRows(doc, findings));
  return {
    report_id: doc.report.report_id,
    status: statusOf(doc, findings),
    score: doc.facts.length === 0 ? 0 : checks_run === 0 ? 1 : checks_passed / checks_run,
    checks_run,
    checks_passed,
    ...(claims ? { claims } : {}),
    findings,
    checks,
  };
}

/**
 * failed: nothing was read; partial: a required table is missing, a number disagrees, or the
 * report's tables fit no template (kept in cells) or it has only prose figures.
 */
function statusOf(doc: NormalisedDoc, findings: QualityFinding[]): ReportStatus {
  const proseOnly = doc.findings.some((f) => f.check_id === 'tables.narrative_only');
  if (doc.facts.length === 0) return doc.tables_unmapped?.length || doc.narrative.length || proseOnly ? 'partial' : 'failed';
  return findings.some((f) => f.severity === 'error') ? 'partial' : 'ok';
}
