/**
 * Documents only read run on a copy of pdf.js's worker module that does not recompile CFF font
 * programs (pipeline/extract/pdfjs-lib.ts READER_PATCHES). The text and ruling lines must be
 * exactly those of the module as shipped, which documents that are drawn still use.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openPdf, pageRules, pageTextItems, type PdfPurpose } from '../../pipeline/extract/pdf.ts';
import { readerWorkerModule } from '../../pipeline/extract/pdfjs-lib.ts';

const fixture = (path: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${path}`, import.meta.url)));

async function read(bytes: Uint8Array, purpose: PdfPurpose) {
  const doc = await openPdf(bytes, purpose);
  try {
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      pages.push({ items: await pageTextItems(page), rules: await pageRules(page) });
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

describe('the reader copy of the pdf.js worker', () => {
  it('applies to the pinned pdfjs-dist (else it is the shipped module: slower, same text)', async () => {
    // Fails after a pdfjs-dist upgrade that moved the patched lines: update READER_PATCHES.
    expect((await readerWorkerModule()).patched).toBe(true);
  });

  it.each([
    ['fonts/cff-fonts.pdf', 'Type 1C (CFF) fonts'],
    ['budget/budget-sangong.pdf', 'CID TrueType fonts'],
  ])('reads %s (%s) exactly as the shipped module does', async (path) => {
    const bytes = fixture(path);
    const [text, render] = [await read(bytes, 'text'), await read(bytes, 'render')];
    expect(text.flatMap((p) => p.items).length).toBeGreaterThan(5);
    expect(text).toEqual(render);
  });
});
