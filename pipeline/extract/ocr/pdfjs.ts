/**
 * Opening a PDF file by path for the OCR tests and benchmark: the extract stage's own loader
 * (pdf.ts, which knows how pdfjs must be set up in Node), read from disk.
 */
import { readFile } from 'node:fs/promises';
import { openPdf as openPdfBytes, type PDFDocumentProxy } from '../pdf.ts';

export async function openPdf(path: string): Promise<PDFDocumentProxy> {
  return openPdfBytes(new Uint8Array(await readFile(path)));
}
