/**
 * The text-layer pass opens documents for reading only (pipeline/extract/pdf.ts PdfPurpose):
 * images are left out of its operator lists, and a scanned page is still routed to OCR because
 * its image coverage comes from a document that keeps them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractLayer } from '../../pipeline/extract/index.ts';
import { openPdf, pageRules } from '../../pipeline/extract/pdf.ts';
import { pdfjs } from '../../pipeline/extract/pdfjs-lib.ts';
import type { SourceRecord } from '../../pipeline/types.ts';

// Page 2 is an image-only scan between two text-layer pages (test/fixtures/mixed/README.md).
const bytes = new Uint8Array(readFileSync(new URL('../fixtures/mixed/jdz-p1-scan5-p6.pdf', import.meta.url)));
const record = { report_id: 'r-purpose', kind: 'pdf', file_name: 'jdz-p1-scan5-p6.pdf' } as SourceRecord;

async function opsOf(purpose: 'text' | 'read', n: number) {
  const doc = await openPdf(bytes, purpose);
  try {
    const page = await doc.getPage(n);
    return { ops: await page.getOperatorList(), rules: await pageRules(page) };
  } finally {
    await doc.destroy();
  }
}

describe('documents opened for reading', () => {
  it('a text document leaves the scan image out of the operator list; a read document keeps it', async () => {
    const text = await opsOf('text', 2);
    const read = await opsOf('read', 2);
    expect(text.ops.fnArray).not.toContain(pdfjs.OPS.paintImageXObject);
    expect(read.ops.fnArray).toContain(pdfjs.OPS.paintImageXObject);
  });

  it('operators and ruling lines are the same whatever the document is opened for', async () => {
    const render = await openPdf(bytes);
    try {
      const page = await render.getPage(3);
      const [read, text] = [await opsOf('read', 3), await opsOf('text', 3)];
      // Read documents take their operator lists through reader-port.ts, not pdf.js's own port.
      expect(read.ops.fnArray).toEqual((await page.getOperatorList()).fnArray);
      expect(text.rules).toEqual(await pageRules(page));
      expect(read.rules).toEqual(text.rules);
    } finally {
      await render.destroy();
    }
  });

  it('the scanned page still goes to OCR, the text pages do not', async () => {
    const doc = await extractLayer(record, bytes);
    expect(doc.pending.map((p) => p.page)).toEqual([2]);
    expect(doc.pages[0]!.items.length).toBeGreaterThan(0);
    expect(doc.pages[2]!.rules.length).toBeGreaterThan(0);
  });
});
