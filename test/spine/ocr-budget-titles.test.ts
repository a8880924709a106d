/**
 * Budget titles as a harsh scan's OCR reads them: two to four characters misread, 表 lost, the
 * title's glyphs split into several items. A wording the template gives for OCR (`ocr_titles`)
 * still names its table; beyond the misread allowance the title's surviving words name it only
 * together with the table's content, clear of every other wording — the family's uncoded tables
 * (Jiangsu's all-funds 财政拨款支出预算表, 机关运行经费, 政府采购) among them. A wrong code is
 * worse than none, so the doubtful cases stay uncoded.
 */
import { describe, expect, it } from 'vitest';
import { codeByEvidence, looksLikeTitle, tolerantTitle } from '../../pipeline/parse/fuzzy-title.ts';
import { parse } from '../../pipeline/parse/index.ts';
import type { ExtractedDoc, ExtractedPage, TextItem } from '../../pipeline/types.ts';

const anyContent = () => true;
const functionOnly = (code: string) => ['B02', 'B03', 'B05', 'B08', 'B09'].includes(code);
const economicOnly = (code: string) => code === 'B06';

describe('budget titles read by OCR', () => {
  it('a misread character or two: the OCR wordings of a budget table, and an uncoded table\'s wording wins as no code', () => {
    expect(tolerantTitle('般公共预算支出预算表功能科目')?.code).toBe('B05');
    expect(tolerantTitle('9 投公共预算 基 本支出预算表经济科目')?.code).toBe('B06');
    expect(tolerantTitle('乌 般公共预算机关运行经费支出预算表')).toBeNull();
    expect(tolerantTitle('财政 发款支出预算表功能科目')).toBeNull();
    expect(tolerantTitle('财政拨款基本支出预算表经济科目')).toBeNull();
    expect(tolerantTitle('“三公”经费、会议费、培训费支出预算表')?.code).toBe('B07');
  });

  it('beyond the allowance, the surviving words name the table the content fits', () => {
    expect(codeByEvidence('投公共预集 支出预算表（功 能科目', '预算', functionOnly)?.code).toBe('B05');
    expect(codeByEvidence('投公共预！ 真 住 术 本支出预 （经济科目', '预算', economicOnly)?.code).toBe('B06');
    expect(codeByEvidence('收人预算总表', '预算', (c) => c === 'B02')?.code).toBe('B02');
  });

  it('names no code in doubt: uncoded wordings, a lost fund word, the other classification, the other kind', () => {
    expect(codeByEvidence('财政拨款支出预算表功能科目', '预算', anyContent)).toBeNull();
    expect(codeByEvidence('财政拨款基本支出预算表经济科目', '预算', anyContent)).toBeNull();
    expect(codeByEvidence('一 般公共预算机关运行经费支出预算表', '预算', anyContent)).toBeNull();
    expect(codeByEvidence('政府 采 购支比 预算 真请 表', '预算', anyContent)).toBeNull();
    // The fund word lost altogether: B05, B08, B09 and the all-funds table are alike.
    expect(codeByEvidence('口口口口支出预算表（功能科目', '预算', anyContent)).toBeNull();
    // Economic content rules out B05; the garbled B05 title then names nothing.
    expect(codeByEvidence('投公共预集 支出预算表（功 能科目', '预算', economicOnly)).toBeNull();
    expect(codeByEvidence('投公共预集 支出预算表（功 能科目', '决算', anyContent)).toBeNull();
    // Without content that fits B02, 收人预算总表 is as close to B01 (收支预算总表): no code.
    expect(codeByEvidence('收人预算总表', '预算', anyContent)).toBeNull();
  });

  it('a line without 表 is a title when it ends in a qualifier and holds most of a wording', () => {
    expect(looksLikeTitle('投公共预！ 真 住 术 本支出预 （经济科目')).toBe(true);
    expect(looksLikeTitle('一般公共预算支出 基本支出 项目支出')).toBe(false);
    expect(looksLikeTitle('科目编码 科目名称 金额')).toBe(false);
  });
});

const H = 9;
const item = (str: string, x: number, y: number, h = H): TextItem => ({ str, x, y, w: str.length * (/\d/.test(str[0]!) ? 5 : h), h, conf: 0.9 });

/** A one-column classification table page as Jiangsu prints B05/B06: title (its items given), header, rows. */
function page(n: number, title: string[], codes: [string, string][], method: 'ocr' | 'text' = 'ocr'): ExtractedPage {
  const items: TextItem[] = title.map((t, i) => item(t, 120 + i * 70, 40, 16));
  items.push(item('单位：万元', 450, 70));
  ['科目编码', '科目名称', '金额'].forEach((h, i) => items.push(item(h, [40, 160, 420][i]!, 90)));
  const rows: [string, string, string][] = [['', '合计', '30.00'], ...codes.map(([c, name], k) => [c, name, k ? '10.00' : '20.00'] as [string, string, string])];
  rows.forEach((r, k) => r.forEach((t, i) => t && items.push(item(t, i < 2 ? [40, 160][i]! : 460 - t.length * 5, 110 + k * 20))));
  return { page: n, width: 595, height: 842, method, route: method === 'ocr' ? 'no-text-layer' : 'text-layer', confidence: 0.9, items, rules: [] };
}

function doc(pages: ExtractedPage[]): ExtractedDoc {
  return { report_id: 't', kind: 'pdf', ocr_pages: pages.filter((p) => p.method === 'ocr').map((p) => p.page), warnings: [], pages };
}

const FUNCTION: [string, string][] = [['201', '一般公共服务支出'], ['20101', '人大事务']];
const ECONOMIC: [string, string][] = [['301', '工资福利支出'], ['30101', '基本工资']];

describe('a scanned Jiangsu budget\'s classification tables', () => {
  it('get their codes from garbled titles and content, the all-funds tables none, with a warning for each', () => {
    const parsed = parse(doc([
      page(1, ['收支预算总表'], FUNCTION),
      page(2, ['财政拨款支出预算表功能科目'], FUNCTION),
      page(3, ['财政拨款基本支出预算表经济科目'], ECONOMIC),
      page(4, ['投公共预集', '支出预算表（功', '能科目'], FUNCTION),
      page(5, ['投公共预！', '真', '住', '术', '本支出预', '（经济科目'], ECONOMIC),
    ]));
    expect(parsed.tables.map((t) => t.table_code)).toEqual(['B01', null, null, 'B05', 'B06']);
    expect(parsed.warnings.filter((w) => /by the words of its title/.test(w))).toHaveLength(2);
  });

  it('leave a garbled title uncoded when the content fits another classification', () => {
    const parsed = parse(doc([page(1, ['收支预算总表'], FUNCTION), page(2, ['投公共预集', '支出预算表（功', '能科目'], ECONOMIC)]));
    expect(parsed.tables.map((t) => t.table_code)).toEqual(['B01', null]);
  });
});
