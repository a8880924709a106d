/**
 * Renderings of the data-quality log: Markdown for people (`output/quality/<id>.md`), JSON for
 * tools (`output/quality/<id>.json`), and the run summary across reports.
 */
import { Decimal } from 'decimal.js';
import type { NormalisedDoc, QualityDoc, QualityFinding, Severity } from '../types.ts';
import { CHECKS } from './catalogue.ts';
import type { CheckTally } from './context.ts';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

type Counts = Record<Severity, number>;

function countBySeverity(findings: QualityFinding[]): Counts {
  const c: Counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity] += 1;
  return c;
}

/** Per-check rows: run/passed from the tally where validate gave one, finding counts always. */
function checkSummaries(q: QualityDoc): { check_id: string; rule: string; run: number | null; passed: number | null; counts: Counts }[] {
  const tallies = new Map(((q as { checks?: CheckTally[] }).checks ?? []).map((t) => [t.check_id, t]));
  const ids = new Set([...tallies.keys(), ...q.findings.map((f) => f.check_id)]);
  const order = (id: string) => {
    const i = CHECKS.findIndex((c) => c.check_id === id);
    return i < 0 ? CHECKS.length : i;
  };
  return [...ids]
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((check_id) => ({
      check_id,
      rule: CHECKS.find((c) => c.check_id === check_id)?.rule ?? '(reported by an earlier stage)',
      run: tallies.get(check_id)?.run ?? null,
      passed: tallies.get(check_id)?.passed ?? null,
      counts: countBySeverity(q.findings.filter((f) => f.check_id === check_id)),
    }));
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const cell = (s: string | number | null | undefined) => (s == null || s === '' ? '' : String(s).replace(/\|/g, '\\|').replace(/\n/g, ' '));

function rowLabel(f: QualityFinding): string {
  return [f.item_code, f.line_no != null ? `line ${f.line_no}` : null, f.item_name].filter(Boolean).join(' ');
}

function difference(f: QualityFinding): string {
  if (f.expected == null || f.actual == null) return '';
  return new Decimal(f.actual).minus(f.expected).toFixed(2);
}

export function renderQualityMarkdown(doc: NormalisedDoc, q: QualityDoc): string {
  const r = doc.report;
  const counts = countBySeverity(q.findings);
  const title = [r.department ?? r.file_name, r.fiscal_year ? `${r.fiscal_year}年度` : null, r.report_kind].filter(Boolean).join(' ');
  const out: string[] = [
    `# Data quality: ${title}`,
    '',
    `- report_id: \`${q.report_id}\``,
    `- source: ${r.file_name}`,
    `- status: **${q.status}**; score ${pct(q.score)} (${q.checks_passed} of ${q.checks_run} checks held)`,
    `- facts: ${doc.facts.length}; tables found: ${doc.tables_found.join(', ') || 'none'}; printed empty: ${doc.tables_empty.join(', ') || 'none'}`,
    `- findings: ${counts.error} error, ${counts.warning} warning, ${counts.info} info`,
    ...(q.claims ? [`- claims of the prose: ${q.claims.found} found, ${q.claims.checked} checked, ${q.claims.contradicted} contradicted, ${q.claims.unchecked} unchecked (\`claim.unchecked\` gives each reason)`] : []),
    `- money is in 元; a difference up to 0.01 of the printed unit per summed term is rounding (尾数误差, info)`,
    '',
    '## Checks',
    '',
    '| check | rule | run | held | failed | error | warning | info |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
  ];
  const rows = checkSummaries(q);
  for (const c of rows) {
    const failed = c.run != null && c.passed != null ? c.run - c.passed : null;
    out.push(`| \`${c.check_id}\` | ${cell(c.rule)} | ${c.run ?? '–'} | ${c.passed ?? '–'} | ${failed ?? '–'} | ${c.counts.error} | ${c.counts.warning} | ${c.counts.info} |`);
  }
  out.push('', '## Findings', '');
  if (q.findings.length === 0) out.push('No findings: every check held exactly.');
  for (const c of rows.filter((c) => SEVERITIES.some((s) => c.counts[s] > 0))) {
    out.push(`### \`${c.check_id}\``, '', '| severity | table | row | measure | expected (元) | printed (元) | printed − expected (元) | page | message |', '|---|---|---|---|--:|--:|--:|--:|---|');
    const fs = q.findings.filter((f) => f.check_id === c.check_id).sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
    for (const f of fs) {
      out.push(`| ${f.severity} | ${cell(f.table_code)} | ${cell(rowLabel(f))} | ${cell(f.measure)} | ${cell(f.expected)} | ${cell(f.actual)} | ${difference(f)} | ${cell(f.page)} | ${cell(f.message)} |`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd() + '\n';
}

/** The object written to `output/quality/<report_id>.json`. */
export function qualityJson(doc: NormalisedDoc, q: QualityDoc): object {
  return {
    report_id: q.report_id,
    report: doc.report,
    status: q.status,
    score: q.score,
    checks_run: q.checks_run,
    checks_passed: q.checks_passed,
    counts: countBySeverity(q.findings),
    claims: q.claims ?? null,
    checks: checkSummaries(q).map(({ check_id, rule, run, passed, counts }) => ({ check_id, rule, run, passed, ...counts })),
    findings: q.findings,
  };
}

/** The run summary: reports by status, then findings by check and severity. */
export function summarise(qs: QualityDoc[]): string {
  const status = { ok: 0, partial: 0, failed: 0 };
  for (const q of qs) status[q.status] += 1;
  const run = qs.reduce((s, q) => s + q.checks_run, 0);
  const passed = qs.reduce((s, q) => s + q.checks_passed, 0);
  const lines = [
    `quality: ${qs.length} report${qs.length === 1 ? '' : 's'}: ${status.ok} ok, ${status.partial} partial, ${status.failed} failed; ` +
      `${passed} of ${run} checks held${run ? ` (${pct(passed / run)})` : ''}`,
  ];
  const byCheck = new Map<string, Counts>();
  for (const f of qs.flatMap((q) => q.findings)) {
    const c = byCheck.get(f.check_id) ?? { error: 0, warning: 0, info: 0 };
    c[f.severity] += 1;
    byCheck.set(f.check_id, c);
  }
  if (byCheck.size === 0) return lines[0] + '\n';
  const width = Math.max(...[...byCheck.keys()].map((k) => k.length), 'check'.length);
  lines.push(`  ${'check'.padEnd(width)}  ${SEVERITIES.map((s) => s.padStart(9)).join('')}`);
  for (const [id, c] of [...byCheck].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${id.padEnd(width)}  ${SEVERITIES.map((s) => String(c[s]).padStart(9)).join('')}`);
  }
  return lines.join('\n') + '\n';
}
