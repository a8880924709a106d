/**
 * Page images for the explorer: the table pages of each source PDF, rendered at release time
 * with pdf.js (the extract stage's loader and renderer) to 16-level gray PNG. Only pages that
 * hold a published number are rendered. Same PDF + same dpi → same bytes.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeGrayPng } from './png.ts';

/**
 * 110 dpi: 9-point table digits are ~14 px high, readable without zoom; ≈ 35 KB a page
 * on average (one sample page: 72 dpi 14 KB but blurry CJK, 96 dpi 21 KB, 120 dpi 30 KB). See docs/release.md.
 */
export const PAGE_DPI = 110;
/** A page larger than this (posters, mis-sized scans) is rendered at a lower dpi. */
const PAGE_MAX_PIXELS = 2400;

/** One rendered page: where the image is and how PDF points map to its pixels. */
export interface PageImage {
  page: number;
  /** Path relative to the explorer folder. */
  src: string;
  /** Pixels per PDF point. */
  scale: number;
  /** Image size in pixels. */
  width: number;
  height: number;
}

/** The report's source PDF in raw/, or null (HTML/text sources, or raw/ not kept). */
export function sourcePdf(rawDir: string, sha256: string | null): string | null {
  if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) return null;
  const file = join(rawDir, `${sha256}.pdf`);
  return existsSync(file) ? file : null;
}

export function pageImagePath(reportId: string, page: number): string {
  return `pages/${reportId.replace(/[^A-Za-z0-9_-]/g, '_')}/p${String(page).padStart(3, '0')}.png`;
}

/** Render `pages` of `pdfFile` into `explorerDir`; pages the PDF does not have are skipped. */
export async function renderPages(pdfFile: string, reportId: string, pages: number[], explorerDir: string): Promise<PageImage[]> {
  // pdf.js and the canvas load only when a release renders pages (not for --no-pages).
  const [{ openPdf }, { renderPageGray }] = await Promise.all([import('../../extract/pdf.ts'), import('../../extract/ocr/render.ts')]);
  const doc = await openPdf(new Uint8Array(await readFile(pdfFile)));
  const out: PageImage[] = [];
  try {
    for (const n of pages) {
      if (n < 1 || n > doc.numPages) continue;
      const page = await doc.getPage(n);
      const rendered = await renderPageGray(page, { dpi: PAGE_DPI, maxPixels: PAGE_MAX_PIXELS });
      page.cleanup();
      const src = pageImagePath(reportId, n);
      await mkdir(join(explorerDir, src, '..'), { recursive: true });
      await writeFile(join(explorerDir, src), encodeGrayPng(rendered.image));
      out.push({ page: n, src, scale: rendered.scale, width: rendered.image.width, height: rendered.image.height });
    }
  } finally {
    await doc.destroy();
  }
  return out;
}
