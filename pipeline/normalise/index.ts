/**
 * Normalise stage: `tables.json` → `facts.json`. Turns each reconstructed table into facts
 * (canonical measures, full subject codes, 行次, exact 元), reads the report's metadata, and
 * collects the figures its prose states (narrative facts: published when the report has no
 * tables, cross-checks otherwise).
 */
import type { CellsDoc, Fact, NormalisedDoc, ParsedDoc, QualityFinding, RawTable, SourceRecord } from '../types.ts';
import { buildCells } from './cells.ts';
import { parseAmount } from './numbers.ts';
import { tableFacts } from './facts.ts';
import { reportMeta } from './meta.ts';
import { extractNarrative, narrativeClaims } from './narrative.ts';
import { tableOfContents } from './narrative/toc.ts';
import { reportFinding } from '../util/findings.ts';
import { templateOf, type ReportTemplate } from '../templates/index.ts';
import { splitByFamily } from './family.ts';

export { parseAmount, toYuan } from './numbers.ts';
export { cellId } from './cells.ts';
export { allSubjects } from './reference/subjects.ts';

/**
 * The `cells` artefact of a normalised report: every numeric cell of every table found. A table
 * whose cells cannot be read adds an error finding to `doc` (validate and load carry it on).
 */
export function reportCells(parsed: ParsedDoc, doc: NormalisedDoc): CellsDoc {
  return buildCells(parsed, doc.report, FALLBACK_UNIT, (table, err) => {
    const where = `'${table.title.replace(/\s/g, '')}' (page ${table.pages[0] ?? '?'})`;
    doc.findings.push(tableFailure(doc.report.report_id, table.table_code, table.pages[0] ?? null, `the cells of table ${where} could not be read: ${err.message}; the report's other tables were loaded`));
  });
}

/** Most 部门决算 tables are in 万元; a table that declares nothing is read in the report's usual unit. */
const FALLBACK_UNIT = '万元';

export function normalise(parsed: ParsedDoc, source: SourceRecord, extract: { pages: number; ocr_pages: number }): NormalisedDoc {
  // Metadata and the usual unit come from the tables a template knows where there are any:
  // tables of no template (found by their shape) do not outvote them.
  const known = parsed.tables.filter((t) => templateOf(t.table_code));
  const metaSource = known.length ? { ...parsed, tables: known } : parsed;
  const report = reportMeta(metaSource, source, extract, metaSource.tables.map((t) => t.unit_as_printed));
  const { template, mapped, unmapped } = splitByFamily(parsed.tables, report.report_kind);
  // The tables say what kind of report this is more reliably than a cover that mentions 预决算.
  if (template) report.report_kind = template.report_kind;
  const facts: Fact[] = [];
  const unread: Fact[] = [];
  const findings: QualityFinding[] = [...unmappedFindings(report.report_id, template, unmapped), ...(parsed.failures ?? []).map((f) => tableFailure(report.report_id, f.table_code, f.page, `table '${f.title.replace(/\s/g, '')}' (page ${f.page ?? '?'}) could not be read: ${f.message}; the report's other tables were loaded`))];
  const prose = parsed.text.flatMap((p) => p.lines);
  for (const table of mapped) {
    const ctx = { report_id: report.report_id, fiscal_year: report.fiscal_year, default_unit: report.unit_as_printed ?? FALLBACK_UNIT, prose };
    try {
      const out = tableFacts(table, ctx);
      facts.push(...out.facts);
      findings.push(...out.findings);
      unread.push(...(out.unread ?? []));
      // Printed with values but none mapped (a header or labels the template cannot place): the
      // table is as good as missing for the facts, so the report cannot be ok.
      if (!out.facts.length && printsAmounts(table)) {
        findings.push(tableFailure(report.report_id, table.table_code, table.pages[0] ?? null, `table ${table.table_code} '${table.title.replace(/\s/g, '')}' (page ${table.pages[0] ?? '?'}) prints amounts, but none could be mapped onto the template; they are in cells only — check its header and row labels`));
      }
    } catch (err) {
      // One table that cannot be read must not cost the report its other tables.
      findings.push(tableFailure(report.report_id, table.table_code, table.pages[0] ?? null, `table ${table.table_code} '${table.title.replace(/\s/g, '')}' (page ${table.pages[0] ?? '?'}) could not be read: ${(err as Error).message}; the report's other tables were loaded`));
    }
  }
  const narrative = extractNarrative(parsed.text, { report_id: report.report_id, fiscal_year: report.fiscal_year });
  const hasTables = facts.length > 0;
  // Prose figures are named in the 决算 template's terms: a report of another kind keeps them as
  // cross-checks only, never as facts under another family's table codes.
  const narrativeFits = narrative.every((f) => templateOf(f.table_code)?.report_kind === (report.report_kind ?? '决算'));
  const publishNarrative = !hasTables && narrativeFits;
  if (!hasTables && narrative.length) findings.push(narrativeOnly(report.report_id, report.report_kind, narrative.length, publishNarrative, parsed.tables.length));
  if (!hasTables) report.unit_as_printed ??= narrative.find((f) => f.unit_as_printed)?.unit_as_printed ?? null;
  return {
    report,
    facts: publishNarrative ? narrative : facts,
    narrative: publishNarrative ? [] : narrative,
    findings,
    ...(unread.length ? { unread_ocr: unread } : {}),
    tables_found: mapped.filter((t) => !t.empty).map((t) => t.table_code),
    tables_empty: mapped.filter((t) => t.empty).map((t) => t.table_code),
    tables_unmapped: unmapped.map((t) => t.title.replace(/\s/g, '')),
    claims: narrativeClaims(parsed.text, { report_id: report.report_id, fiscal_year: report.fiscal_year }),
    toc: tableOfContents(parsed.text),
  };
}

/** A report read from its prose alone: its tables are elsewhere (a separate file) or unreadable. */
function narrativeOnly(reportId: string, kind: string | null, n: number, published: boolean, tables: number): QualityFinding {
  const where = tables ? 'none of its tables could be read' : 'this document prints no tables: they are published elsewhere (often a separate tables-only file) or were not found';
  const what = published ? `${n} figures were taken from the report's text (method 'narrative')` : `the ${n} figures its text states are kept as cross-checks only (the prose vocabulary is the 决算 template's, this is a ${kind ?? 'report of unknown kind'})`;
  return reportFinding(reportId, 'tables.narrative_only', 'warning', `${where}; ${what}`);
}

/** One finding per table no template maps, and one for a report whose kind no template knows. */
function unmappedFindings(reportId: string, template: ReportTemplate | null, unmapped: RawTable[]): QualityFinding[] {
  const findings = unmapped.map((t) =>
    reportFinding(reportId, 'table.unmapped', 'info', `table '${t.title.replace(/\s/g, '')}' (page ${t.pages[0] ?? '?'}) fits no table of the ${template?.report_kind ?? 'known'} template${t.table_code ? ` (its label says ${t.table_code})` : ''}; its numbers are kept in cells only`),
  );
  if (!template && unmapped.length) {
    const titles = unmapped.slice(0, 5).map((t) => `'${t.title.replace(/\s/g, '')}'`).join(', ');
    findings.push(reportFinding(reportId, 'template.unknown', 'error', `the report prints ${unmapped.length} table(s) (${titles}${unmapped.length > 5 ? ', …' : ''}) but no known template (决算 01–10, 预算 B01–B09) fits them; their numbers are kept in cells only — add a template (docs/templates.md)`));
  }
  return findings;
}

/** A non-zero amount printed in a table's body. */
function printsAmounts(table: RawTable): boolean {
  return table.rows.some((r) => r.cells.some((c) => { const a = parseAmount(c); return a.kind === 'number' && !a.value.isZero(); }));
}

function tableFailure(reportId: string, tableCode: string | null, page: number | null, message: string): QualityFinding {
  return { ...reportFinding(reportId, 'table.unreadable', 'error', message), table_code: tableCode, page };
}
