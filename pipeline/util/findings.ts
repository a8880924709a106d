/** A quality finding about a whole report (no table, row or cell to point at). */
import type { QualityFinding, Severity } from '../types.ts';

export function reportFinding(reportId: string, checkId: string, severity: Severity, message: string): QualityFinding {
  return { report_id: reportId, check_id: checkId, severity, table_code: null, item_code: null, line_no: null, item_name: null, measure: null, expected: null, actual: null, message, page: null };
}
