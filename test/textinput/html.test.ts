import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTextInput, extractTextInput } from '../../pipeline/extract/textinput.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/textinput');
const bytes = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const html = (s: string) => extractTextInput(new TextEncoder().encode(s), 'html')[0]!.rows!;

/** The rows the hand-written portal page must give (reviewed by hand against the HTML). */
const EXPECTED_PORTAL_ROWS = [
  ['某某市医疗保障局2024年度部门决算公开'],
  ['首页 > 政务公开 > 财政预决算'],
  ['某某市医疗保障局2024年度部门决算'],
  ['发布时间:2025-09-01  来源:某某市医疗保障局'],
  ['浏览次数:123'],
  ['第二部分 2024年度部门决算表'],
  ['收入支出决算总表'],
  ['公开01表'],
  ['部门:某某市医疗保障局  金额单位:万元'],
  ['收入', '', '', '支出', '', ''],
  ['项目', '行次', '金额', '项目(按功能分类)', '行次', '金额'],
  ['一、一般公共预算财政拨款收入', '1', '940.49', '一、一般公共服务支出', '32', ''],
  ['二、政府性基金预算财政拨款收入', '2', '', '八、社会保障和就业支出', '39', '83.45'],
  ['本年收入合计', '27', '940.50', '本年支出合计', '58', '940.49'],
  ['注:本表反映部门本年度的总收支和年末结转结余情况。'],
  ['一般公共预算财政拨款支出决算表'],
  ['公开05表'],
  ['项目', '', '本年支出', '', ''],
  ['', '', '小计', '基本支出', '项目支出'],
  ['科目编码', '科目名称', '1', '2', '3'],
  ['合计', '', '940.49', '685.21', '255.28'],
  ['210', '卫生健康支出', '812.03', '556.74', '255.28'],
  ['', '卫生健康支出(续)', '0.00', '', ''],
  ['2101501', '行政运行(医保)', '443.22', '433.25', '9.98'],
  ['一、收入决算情况说明'],
  ['本部门2024年度本年收入合计940.50万元,其中:财政拨款收入940.49万元,占100.00%。'],
  ['上级补助收入0.00万元'],
  ['事业收入0.00万元'],
  ['主办单位:某某市人民政府办公室备案号:X'],
];

describe('extractTextInput (html)', () => {
  it('turns the portal page into prose lines and aligned table rows', () => {
    const pages = extractTextInput(bytes('portal-utf8.html'), 'html');
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ page: 1, width: 0, height: 0, method: 'text', route: 'html', confidence: 1, items: [], rules: [] });
    expect(pages[0]!.rows).toEqual(EXPECTED_PORTAL_ROWS);
  });

  it('reads the GBK-encoded copy of the page identically', () => {
    expect(decodeTextInput(bytes('portal-gbk.html'), 'html').encoding).toBe('gb18030');
    expect(decodeTextInput(bytes('portal-utf8.html'), 'html').encoding).toBe('utf-8');
    expect(extractTextInput(bytes('portal-gbk.html'), 'html')).toEqual(extractTextInput(bytes('portal-utf8.html'), 'html'));
  });

  it('expands colspan with empty cells and carries rowspan into the rows below', () => {
    const rows = html(`<table>
      <tr><td rowspan="3">A</td><td colspan="2">B</td><td>C</td></tr>
      <tr><td>d</td><td rowspan="2" colspan="2">E</td></tr>
      <tr><td>f</td></tr>
      <tr><td>g</td><td>h</td><td>i</td><td>j</td></tr>
    </table>`);
    expect(rows).toEqual([
      ['A', 'B', '', 'C'],
      ['', 'd', 'E', ''],
      ['', 'f', '', ''],
      ['g', 'h', 'i', 'j'],
    ]);
  });

  it('drops scripts, styles and comments, and breaks lines at blocks and <br>', () => {
    const rows = html('<p>甲<br>乙</p><script>var x="丙";</script><style>p{}</style><!-- 丁 --><div>戊<span>己</span></div>');
    expect(rows).toEqual([['甲'], ['乙'], ['戊己']]);
  });

  it('keeps the rows of a nested table inside its cell, not as rows of their own', () => {
    const rows = html('<table><tr><td>外</td><td><table><tr><td>内1</td></tr><tr><td>内2</td></tr></table></td></tr></table>');
    expect(rows).toEqual([['外', '内1 内2']]);
  });
});
