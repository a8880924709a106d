/**
 * Which template a report follows, decided by its tables: each table title names a table of
 * some family (决算 01–10, 预算 B01–B09), and the family most of them belong to is the report's.
 * A table whose code belongs to another family (a 公开06表 label in a budget report, whose
 * title no template knows) is not mapped: its numbers stay in cells only.
 */
import { templateOf, type ReportTemplate } from '../templates/index.ts';
import type { RawTable, TemplateTable } from '../types.ts';

export interface FamilySplit {
  /** The report's template, or null when none of its tables is known. */
  template: ReportTemplate | null;
  mapped: TemplateTable[];
  /** Tables no template maps (or another family's code): kept in cells, named in a finding. */
  unmapped: RawTable[];
}

export function splitByFamily(tables: RawTable[], kind: string | null): FamilySplit {
  const votes = new Map<ReportTemplate, number>();
  for (const t of tables) {
    const template = templateOf(t.table_code);
    if (template) votes.set(template, (votes.get(template) ?? 0) + 1);
  }
  // Most tables decide; on a tie the kind the cover states.
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1] || Number(b[0].report_kind === kind) - Number(a[0].report_kind === kind));
  const template = ranked[0]?.[0] ?? null;
  const mapped = tables.filter((t): t is TemplateTable => template !== null && templateOf(t.table_code) === template);
  return { template, mapped, unmapped: tables.filter((t) => !(mapped as RawTable[]).includes(t)) };
}
