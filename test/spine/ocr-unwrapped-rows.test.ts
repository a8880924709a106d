/**
 * A faint scan loses the rule between two rows: two labels then fall in one row band
 * ('本年收入合计' over '使用非财政拨款结余（含专用结余）') and the row was keyed by the wrong one.
 * A label wraps only when it fills its cell, so on OCR'd pages a short label line ends its row.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../pipeline/parse/index.ts';
import type { ExtractedPage, Rule, TextItem } from '../../pipeline/types.ts';

const item = (str: string, x: number, y: number, w: number): TextItem => ({ str, x, y, w, h: 9, conf: 0.9 });

function page(method: 'ocr' | 'text'): ExtractedPage {
  const items: TextItem[] = [item('收入支出决算总表', 200, 30, 100), item('项目', 100, 60, 20), item('金额', 300, 60, 20)];
  // Each entry: the lines of one printed row (label, amount on its first line).
  const rows: [string[], string][] = [
    [['一、一般公共预算财政拨款收入'], '940.49'],
    [['二、政府性基金预算财政拨款收', '入'], '0.01'],
    [['本年收入合计'], '940.50'],
    [['使用非财政拨款结余（含专用结余）'], ''],
    [['年初结转和结余'], '0.01'],
    [['总计'], '940.51'],
  ];
  const rules: Rule[] = [{ x0: 40, y0: 50, x1: 360, y1: 50 }, { x0: 40, y0: 72, x1: 360, y1: 72 }];
  let y = 80;
  rows.forEach(([lines, amount], k) => {
    lines.forEach((l, i) => items.push(item(l, 45, y + i * 11, l.length * 9)));
    if (amount) items.push(item(amount, 350 - amount.length * 5, y, amount.length * 5));
    y += lines.length * 11 + 8;
    // The rule under 本年收入合计 was lost in the scan.
    if (k !== 2) rules.push({ x0: 40, y0: y - 4, x1: 360, y1: y - 4 });
  });
  rules.push({ x0: 40, y0: 50, x1: 40, y1: y }, { x0: 200, y0: 50, x1: 200, y1: y }, { x0: 360, y0: 50, x1: 360, y1: y });
  return { page: 1, width: 595, height: 842, method, route: method === 'ocr' ? 'no-text-layer' : 'text-layer', confidence: 0.9, items, rules };
}

const rowsOf = (method: 'ocr' | 'text') => parse({ report_id: 'x', kind: 'pdf', pages: [page(method)], ocr_pages: method === 'ocr' ? [1] : [], warnings: [] } as never).tables[0]!.rows.map((r) => r.cells);

describe('two labels in one row band', () => {
  it('are two rows on an OCR page when the first label is short of its cell', () => {
    const rows = rowsOf('ocr');
    expect(rows).toContainEqual(['本年收入合计', '940.50']);
    expect(rows).toContainEqual(['使用非财政拨款结余（含专用结余）', '']);
    // A label that fills its cell wraps: its second line stays in its row.
    expect(rows).toContainEqual(['二、政府性基金预算财政拨款收入', '0.01']);
  });

  it('stay one row on a text layer (read as ruled)', () => {
    expect(rowsOf('text')).toContainEqual(['本年收入合计使用非财政拨款结余（含专用结余）', '940.50']);
  });
});
