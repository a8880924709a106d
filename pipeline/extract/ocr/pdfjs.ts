/**
 * Opening a PDF with pdfjs-dist in Node, the way STACK-NOTES says works: legacy build, plain
 * absolute directory paths ending in '/', bytes as a plain Uint8Array. The extract stage has its
 * own loader; this one serves the OCR tests and the OCR benchmark so they need nothing else.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json'));

/** Directory inside pdfjs-dist, as the plain path with trailing '/' that pdfjs needs in Node. */
function pdfjsDir(sub: string): string {
  return join(PDFJS_DIR, sub) + '/';
}

export async function openPdf(path: string): Promise<PDFDocumentProxy> {
  const bytes = await readFile(path);
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice(),
    cMapUrl: pdfjsDir('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: pdfjsDir('standard_fonts'),
    wasmUrl: pdfjsDir('wasm'),
    iccUrl: pdfjsDir('iccs'),
    verbosity: 0,
    isEvalSupported: false,
  });
  return task.promise;
}
