/**
 * Chinese labels for the data dictionary's field names, shown first with the field name under
 * it, so a reader can go from the page to the CSV column.
 */
export const FIELD_ZH: Record<string, string> = {
  report_id: '报告编号', department: '部门', fiscal_year: '年度', report_kind: '类型', scope: '范围', level: '级次', province: '省',
  city: '市', county: '区县', status: '状态', n_facts: '数据条数', n_errors: '错误', n_warnings: '警告',
  quality_score: '质量得分', pages: '页数', ocr_pages: '扫描识别页数', unit_as_printed: '原表金额单位',
  source_url: '来源', file_name: '文件名', source_sha256: 'SHA-256', table_code: '表', item_code: '科目编码',
  item_name: '项目', line_no: '行次', measure: '栏目', value_yuan: '金额（元）', value_text: '原表数字', page: '页',
  check_id: '检查', severity: '级别', expected: '应为', actual: '原表数', message: '说明',
};

export const STATUS_ZH: Record<string, string> = { ok: '完整', partial: '部分', failed: '失败' };

/** `<th>` with the Chinese label first and the field name small under it. */
export function fieldTh(field: string, numeric = false): string {
  return `<th${numeric ? ' class="n"' : ''}>${FIELD_ZH[field] ?? field}<small>${field}</small></th>`;
}
