/**
 * Per-cell boxes and the cells layer on the bundled text-layer samples: every fact points at a
 * cell of `cells` with the same value and box, and for 20 random cells per report the box holds
 * exactly the printed words of value_text. The reference words come from `pdftotext -bbox`
 * (poppler) where installed, else from pdf.js's own text items: both independent of how the
 * parser groups items into cells.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { normalise, reportCells } from '../../pipeline/normalise/index.ts';
import { parse } from '../../pipeline/parse/index.ts';
import type { CellRecord, ExtractedDoc } from '../../pipeline/types.ts';
import { closeSamples, extractPages, SAMPLES, type SampleName } from '../helpers/pages.ts';
import { sourceRecord } from '../helpers/tables.ts';

interface Word {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const CASES: { sample: SampleName; pages: number[] }[] = [
  { sample: 'jdz', pages: [4, 5, 7, 9, 10, 13] },
  { sample: 'lc', pages: [7, 8, 10, 11, 14] },
];

/** Cells checked per report. */
const SAMPLED = 20;

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function popplerWords(file: string, page: number): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  const out: Word[] = [];
  const re = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) out.push({ text: m[5]!, x0: +m[1]!, y0: +m[2]!, x1: +m[3]!, y1: +m[4]! });
  return out;
}

/** Without poppler: pdf.js items split at spaces, widths shared by character count. */
function itemWords(doc: ExtractedDoc, page: number): Word[] {
  const p = doc.pages.find((x) => x.page === page)!;
  return p.items.flatMap((it) => {
    const out: Word[] = [];
    const re = /\S+/g;
    for (let m = re.exec(it.str); m; m = re.exec(it.str)) {
      const x0 = it.x + (it.w * m.index) / it.str.length;
      out.push({ text: m[0], x0, x1: x0 + (it.w * m[0].length) / it.str.length, y0: it.y, y1: it.y + it.h });
    }
    return out;
  });
}

/** Words whose centre lies inside the box, in reading order, joined. */
function wordsIn(words: Word[], c: CellRecord): string {
  const inside = words.filter((w) => {
    const cx = (w.x0 + w.x1) / 2;
    const cy = (w.y0 + w.y1) / 2;
    return cx >= c.x0! && cx <= c.x1! && cy >= c.y0! && cy <= c.y1!;
  });
  return inside.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0).map((w) => w.text).join('');
}

/** A small deterministic generator, so a failure names the same cells on every run. */
function sampleOf<T>(xs: T[], n: number, seed: number): T[] {
  let s = seed;
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < n && pool.length) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out.push(pool.splice(s % pool.length, 1)[0]!);
  }
  return out;
}

afterAll(closeSamples);

describe.each(CASES)('$sample pages $pages', ({ sample, pages }) => {
  it('every fact points at its cell, and sampled cell boxes hold exactly the printed value', async () => {
    const extracted = await extractPages(sample, pages);
    const parsed = parse(extracted);
    const doc = normalise(parsed, sourceRecord(), { pages: 20, ocr_pages: 0 });
    const { cells } = reportCells(parsed, doc);
    const byId = new Map(cells.map((c) => [c.cell_id, c]));
    expect(byId.size).toBe(cells.length);
    expect(doc.facts.length).toBeGreaterThan(20);
    for (const f of doc.facts) {
      const c = byId.get(f.cell_id ?? '');
      expect(c, `fact ${f.table_code} ${f.item_code ?? f.item_name} ${f.measure}`).toBeDefined();
      expect([c!.value_text, c!.page, c!.x0, c!.y1]).toEqual([f.value_text, f.page, f.x0, f.y1]);
      expect(c!.value_yuan ?? c!.quantity).toBe(f.value_yuan ?? f.quantity);
    }
    const poppler = hasPdftotext();
    const words = new Map(pages.map((p) => [p, poppler ? popplerWords(SAMPLES[sample], p) : itemWords(extracted, p)]));
    for (const c of sampleOf(cells, SAMPLED, 7)) {
      expect(c.x0, `cell ${c.cell_id} has a box`).not.toBeNull();
      expect(wordsIn(words.get(c.page)!, c), `box of ${c.cell_id} (${c.row_label} / ${c.column_label})`).toBe(c.value_text.replace(/\s/g, ''));
    }
  });
});
