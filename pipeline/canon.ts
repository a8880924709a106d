/**
 * Column roles shared by parse (to band panels) and normalise (to read rows). The templates'
 * knowledge (tables, measures, 类 order, 三公 items) lives in pipeline/templates/.
 */

export type ColumnRole = 'label' | 'line' | 'value' | 'empty';

/**
 * What a table column holds, from the last part of its header label: row labels (项目,
 * 科目编码, 类/款/项, 科目名称), the 行次, or values. Shared by parse (to band panels) and
 * normalise (to read rows).
 */
export function columnRole(label: string): ColumnRole {
  const leaf = label.split('/').pop() ?? '';
  if (!leaf) return 'empty';
  if (/^(行次|栏次)$/.test(leaf)) return 'line';
  if (/项目$|科目|名称|编码|代码|^类$|^款$|^项$|功能分|经济分|^收入$|^支出$/.test(leaf) && !/支出$|收入$|合计|决算数|金额|预算数|结余/.test(leaf.replace(/^(收入|支出)$/, ''))) {
    return 'label';
  }
  return 'value';
}

/** Split columns into panels: a new panel starts where a label column follows a value column. */
export function panelsOf(columns: { label: string }[]): number[][] {
  const panels: number[][] = [];
  let current: number[] = [];
  let seenValue = false;
  columns.forEach((c, i) => {
    const role = columnRole(c.label);
    if (role === 'label' && seenValue) {
      panels.push(current);
      current = [];
      seenValue = false;
    }
    if (role === 'value') seenValue = true;
    current.push(i);
  });
  if (current.length) panels.push(current);
  return panels;
}
