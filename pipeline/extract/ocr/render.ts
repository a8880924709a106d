/**
 * Render a pdfjs page to an 8-bit grayscale pixel buffer for OCR.
 *
 * The canvas comes from the same @napi-rs/canvas copy pdfjs-dist resolves (STACK-NOTES: a second
 * copy breaks rendering with "parameter 1 is not of type 'Path2D'").
 */
import { createRequire } from 'node:module';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type * as NapiCanvas from '@napi-rs/canvas';
import { grayWithoutSeals, type PixelBox } from './seal.ts';

/** An 8-bit grayscale image: 0 = black, 255 = white, row-major. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A rendered page: the pixels and how they map to PDF points. */
export interface RenderedPage {
  image: GrayImage;
  /** Pixels per PDF point (dpi / 72). */
  scale: number;
  /** Page size in PDF points at scale 1 (the viewport, rotation applied). */
  widthPt: number;
  heightPt: number;
  /** Red seals found on the page (seal.ts), in pixels of `image`; their ink is gone from it. */
  seals?: PixelBox[];
}

export interface RenderOptions {
  /** Target resolution. 200 dpi reads table numbers as well as 300 dpi at half the time (docs/ocr.md). */
  dpi?: number;
  /** Longest side in pixels; larger pages are rendered at a lower dpi (pdfjs renders go blank at huge scales). */
  maxPixels?: number;
}

export const DEFAULT_DPI = 200;
/** 200 dpi on A3 is ~3300 px; anything much larger is a poster or a mis-sized page, not a table. */
export const DEFAULT_MAX_PIXELS = 4000;

const requireFromPdfjs = createRequire(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
let canvasModule: typeof NapiCanvas | undefined;

/** The @napi-rs/canvas module pdfjs itself uses, loaded once. */
function canvasLib(): typeof NapiCanvas {
  canvasModule ??= requireFromPdfjs('@napi-rs/canvas') as typeof NapiCanvas;
  return canvasModule;
}

/** Pixels per point for a page: the dpi, lowered if the longest side would exceed maxPixels. */
export function renderScale(widthPt: number, heightPt: number, opts: RenderOptions = {}): number {
  const want = (opts.dpi ?? DEFAULT_DPI) / 72;
  const cap = (opts.maxPixels ?? DEFAULT_MAX_PIXELS) / Math.max(widthPt, heightPt);
  return Math.min(want, cap);
}

export async function renderPageGray(page: PDFPageProxy, opts: RenderOptions = {}): Promise<RenderedPage> {
  const base = page.getViewport({ scale: 1 });
  const scale = renderScale(base.width, base.height, opts);
  const viewport = page.getViewport({ scale });
  const width = Math.ceil(viewport.width);
  const height = Math.ceil(viewport.height);
  const canvas = canvasLib().createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  // Transparent pixels would read as black after the RGBA → gray step: paint white first.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  await page.render({
    canvas: canvas as unknown as HTMLCanvasElement,
    viewport,
    background: 'rgb(255,255,255)',
  }).promise;
  const rgba = ctx.getImageData(0, 0, width, height).data;
  // The canvas's pixels live outside the JS heap, where the GC does not see them: a run of a
  // thousand pages grew by 400 MB before a collection came. Shrinking it frees them now.
  canvas.width = canvas.height = 1;
  // Red seal ink is taken out before anything thresholds the page (seal.ts).
  const { data, seals } = grayWithoutSeals(rgba, width, height, scale);
  return { image: { width, height, data }, scale, widthPt: base.width, heightPt: base.height, seals };
}
