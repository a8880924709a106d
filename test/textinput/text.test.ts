import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTextInput, extractTextInput } from '../../pipeline/extract/textinput.ts';
import { lineToRow, splitPages } from '../../pipeline/extract/textinput/text.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/textinput');
const SEEDS = ['000_53625ed0fc2cf7a6.txt', '001_a0c01ccc9db781f0.txt', '002_d153db70119c4259.txt'];
const GOLDEN = join(FIXTURES, 'seed-blocks.golden.json');

const bytes = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Which table blocks of which seed the golden file pins: [seed, marker line, rows to keep]. */
const BLOCKS: [string, string, number][] = [
  ['000_53625ed0fc2cf7a6.txt', '公开 01 表', 36],
  ['000_53625ed0fc2cf7a6.txt', '公开 06 表', 36],
  ['000_53625ed0fc2cf7a6.txt', '公开 09 表', 27],
  ['001_a0c01ccc9db781f0.txt', '公开 02 表', 36],
  ['001_a0c01ccc9db781f0.txt', '公开 04 表', 44],
  ['001_a0c01ccc9db781f0.txt', '公开 09 表', 10],
  ['002_d153db70119c4259.txt', '部门预算项目支出绩效自评表(2024年度)', 30],
];

function blocks(): Record<string, string[][]> {
  const out: Record<string, string[][]> = {};
  for (const [seed, marker, n] of BLOCKS) {
    const rows = extractTextInput(bytes(seed), 'text').flatMap((p) => p.rows ?? []);
    const at = rows.findIndex((r) => r.join('') === marker);
    out[`${seed.slice(0, 3)} ${marker}`] = at < 0 ? [] : rows.slice(at, at + n);
  }
  return out;
}

describe('extractTextInput (text)', () => {
  it('matches the reviewed golden rows of the seed table blocks', () => {
    const actual = blocks();
    // UPDATE_GOLDEN=1 rewrites the file; review the diff before committing it.
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, JSON.stringify(actual, null, 1) + '\n');
    expect(actual).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  it('returns one text page per seed with the ExtractedPage shape', () => {
    for (const seed of SEEDS) {
      const pages = extractTextInput(bytes(seed), 'text');
      expect(pages).toHaveLength(1);
      expect(pages[0]).toMatchObject({ page: 1, width: 0, height: 0, method: 'text', route: 'text', confidence: 1, items: [], rules: [] });
      expect(pages[0]!.rows!.length).toBeGreaterThan(300);
    }
  });

  it('removes converter markup from every row', () => {
    for (const seed of SEEDS) {
      const cells = extractTextInput(bytes(seed), 'text').flatMap((p) => p.rows!.flat());
      expect(cells.filter((c) => /\[bookmark:|<\/?b>|<\/?p>|\*\*|^#/.test(c))).toEqual([]);
    }
  });

  it('keeps empty cells so the columns of a table row stay aligned', () => {
    expect(lineToRow('收入\t\t\t支出\t\t')).toEqual(['收入', '', '', '支出', '', '']);
    expect(lineToRow('<b>总计</b>\t<b>31</b>\t<b>940.51</b>')).toEqual(['总计', '31', '940.51']);
    expect(lineToRow('\t\t\t')).toBeNull();
    expect(lineToRow('合计\t\t\t')).toEqual(['合计', '', '', '']);
    // One stray tab after a heading does not make it a table row.
    expect(lineToRow('六、一般公共预算财政拨款基本支出决算情况说明\t')).toEqual(['六、一般公共预算财政拨款基本支出决算情况说明']);
  });

  it('cleans prose lines: headings, bullets, bold, bookmarks, escapes', () => {
    expect(lineToRow('### 第一部分 景德镇市医疗保障局概况')).toEqual(['第一部分景德镇市医疗保障局概况']);
    expect(lineToRow('- 一、部门主要职责')).toEqual(['一、部门主要职责']);
    expect(lineToRow('#### **第四部分 名词解释**')).toEqual(['第四部分名词解释']);
    expect(lineToRow('[bookmark: _Toc8468]第一部分  部门概况')).toEqual(['第一部分  部门概况']);
    expect(lineToRow('\\*以上情况说明')).toEqual(['*以上情况说明']);
    expect(lineToRow('   ')).toBeNull();
  });

  it('reads markdown pipe tables', () => {
    expect(lineToRow('| 项目 | 金额 |')).toEqual(['项目', '金额']);
    expect(lineToRow('|---|:---:|')).toBeNull();
  });

  it('drops a table header repeated after a lost page break, but not repeated data rows', () => {
    const text = ['注:', 'A\tB', '1\t2.00', '1\t2.00', 'A\tB', '3\t4.00'].join('\n');
    expect(extractTextInput(utf8(text), 'text')[0]!.rows).toEqual([['注:'], ['A', 'B'], ['1', '2.00'], ['1', '2.00'], ['3', '4.00']]);
  });

  it('splits pages on form feeds, then on page-number lines, else keeps one page', () => {
    expect(splitPages('a\fb\fc\f')).toEqual([['a'], ['b'], ['c']]);
    expect(splitPages('a\n- 1 -\nb\n- 2 -\n')).toEqual([['a'], ['b']]);
    expect(splitPages('a\n第 1 页 共 2 页\nb\n第 2 页 共 2 页')).toEqual([['a'], ['b']]);
    // One marker alone is not trusted as a page break.
    expect(splitPages('a\n- 1 -\nb')).toEqual([['a', '- 1 -', 'b']]);
    const pages = extractTextInput(utf8('甲\f乙'), 'text');
    expect(pages.map((p) => [p.page, p.rows])).toEqual([[1, [['甲']]], [2, [['乙']]]]);
  });
});

describe('decoding text inputs', () => {
  const excerpt = () => readFileSync(join(FIXTURES, SEEDS[0]!), 'utf8').split('\n').slice(88, 140).join('\n') + '\n';

  it('reads GB18030/GBK text the same as its UTF-8 original', () => {
    const gbk = bytes('seed000-table01.gb18030.txt');
    expect(decodeTextInput(gbk, 'text').encoding).toBe('gb18030');
    expect(extractTextInput(gbk, 'text')).toEqual(extractTextInput(utf8(excerpt()), 'text'));
    expect(extractTextInput(gbk, 'text')[0]!.rows).toContainEqual(['本年收入合计', '27', '940.50', '本年支出合计', '58', '940.49']);
  });

  it('reads UTF-8 with and without a BOM', () => {
    const plain = utf8(excerpt());
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);
    expect(decodeTextInput(withBom, 'text')).toMatchObject({ encoding: 'utf-8', bom: true });
    expect(decodeTextInput(plain, 'text')).toMatchObject({ encoding: 'utf-8', bom: false });
    expect(extractTextInput(withBom, 'text')).toEqual(extractTextInput(plain, 'text'));
  });
});

describe('line ends', () => {
  it('reads Windows and old Mac line ends like Unix ones', () => {
    const unix = extractTextInput(utf8('甲\n乙\t1.00\t\n丙'), 'text');
    expect(extractTextInput(utf8('甲\r\n乙\t1.00\t\r\n丙'), 'text')).toEqual(unix);
    expect(extractTextInput(utf8('甲\r乙\t1.00\t\r丙'), 'text')).toEqual(unix);
  });
});
