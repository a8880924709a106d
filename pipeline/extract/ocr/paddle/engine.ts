/**
 * The OCR engine choice. `tesseract`: tesseract.js reads the page and re-reads doubtful amounts
 * digits-only (reread.ts). `hybrid`: tesseract finds the text boxes, PaddleOCR's PP-OCRv4
 * recogniser reads every box again (items.ts). `paddle`: no tesseract; text boxes from the ink's
 * connected components (layout.ts), read by the PaddleOCR recogniser. See docs/ocr.md for the scorecard behind the default.
 */
import { PaddleRecognizer } from './rec.ts';

export const OCR_ENGINES = ['tesseract', 'hybrid', 'paddle'] as const;
export type OcrEngine = (typeof OCR_ENGINES)[number];

/** The engine used when none is named (docs/ocr.md, engine section). */
export const DEFAULT_ENGINE: OcrEngine = 'paddle';

/** The engine named by the option, else by $JUESUAN_OCR_ENGINE, else the default; a bad name says the choices. */
export function resolveEngine(engine?: string): OcrEngine {
  const name = engine ?? process.env.JUESUAN_OCR_ENGINE ?? DEFAULT_ENGINE;
  if ((OCR_ENGINES as readonly string[]).includes(name)) return name as OcrEngine;
  throw new Error(`unknown OCR engine '${name}'; choose one of ${OCR_ENGINES.join(', ')}`);
}

/** The PaddleOCR recogniser the engine needs (`workers` threads, rec.ts), or null for tesseract alone. */
export async function createRecognizer(engine: OcrEngine, workers?: number): Promise<PaddleRecognizer | null> {
  return engine === 'tesseract' ? null : PaddleRecognizer.create({ threads: 1, workers });
}
