/**
 * Normalise stage: `tables.json` → `facts.json`. Turns each reconstructed table into facts
 * (canonical measures, full subject codes, 行次, exact 元), reads the report's metadata, and
 * collects the figures its prose states (narrative facts: published when the report has no
 * tables, cross-checks otherwise).
 */
import type { Fact, NormalisedDoc, ParsedDoc, QualityFinding, SourceRecord } from '../types.ts';
import { tableFacts } from './facts.ts';
import { reportMeta } from './meta.ts';
import { extractNarrative, narrativeClaims } from './narrative.ts';
import { tableOfContents } from './narrative/toc.ts';
import { reportFinding } from '../util/findings.ts';

export { parseAmount, toYuan } from './numbers.ts';
export { allSubjects } from './reference/subjects.ts';

/** Most 部门决算 tables are in 万元; a table that declares nothing is read in the report's usual unit. */
const FALLBACK_UNIT = '万元';

export function normalise(parsed: ParsedDoc, source: SourceRecord, extract: { pages: number; ocr_pages: number }): NormalisedDoc {
  const units = parsed.tables.map((t) => t.unit_as_printed);
  const report = reportMeta(parsed, source, extract, units);
  const facts: Fact[] = [];
  const findings: QualityFinding[] = [];
  const prose = parsed.text.flatMap((p) => p.lines);
  for (const table of parsed.tables) {
    const out = tableFacts(table, {
      report_id: report.report_id,
      fiscal_year: report.fiscal_year,
      default_unit: report.unit_as_printed ?? FALLBACK_UNIT,
      prose,
    });
    facts.push(...out.facts);
    findings.push(...out.findings);
  }
  const narrative = extractNarrative(parsed.text, { report_id: report.report_id, fiscal_year: report.fiscal_year });
  const hasTables = facts.length > 0;
  if (!hasTables && narrative.length) {
    findings.push(reportFinding(report.report_id, 'tables.narrative_only', 'warning', `no standard table could be read; ${narrative.length} figures were taken from the report's text (method 'narrative')`));
  }
  if (!hasTables) report.unit_as_printed ??= narrative.find((f) => f.unit_as_printed)?.unit_as_printed ?? null;
  return {
    report,
    facts: hasTables ? facts : narrative,
    narrative: hasTables ? narrative : [],
    findings,
    tables_found: parsed.tables.filter((t) => !t.empty).map((t) => t.table_code),
    tables_empty: parsed.tables.filter((t) => t.empty).map((t) => t.table_code),
    claims: narrativeClaims(parsed.text, { report_id: report.report_id, fiscal_year: report.fiscal_year }),
    toc: tableOfContents(parsed.text),
  };
}
