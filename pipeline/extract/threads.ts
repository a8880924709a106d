/**
 * A pool of worker threads running extraction's step 1 (extractLayer), reused across reports
 * and closed at the end of a run. Falls back to the calling thread when a worker cannot start
 * (the result is the same, only slower).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SourceRecord } from '../types.ts';
import type { Logger } from '../util/log.ts';
import { ExtractError, extractLayer, type PendingPage } from './index.ts';
import type { ExtractedDoc } from '../types.ts';

type LayerResult = ExtractedDoc & { pending: PendingPage[] };

/** Batches of at least this many PDFs extract their text layers in worker threads. */
export const THREADS_MIN_REPORTS = 8;

interface Slot {
  worker: Worker;
  busy: boolean;
}

export class ExtractThreads {
  private readonly slots: Slot[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly calls = new Map<number, { resolve: (d: LayerResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private broken = false;

  constructor(
    readonly size: number,
    private readonly log: Logger,
  ) {}

  /** Step 1 for one report, on a free thread. */
  async extractLayer(record: SourceRecord, bytes: Uint8Array): Promise<LayerResult> {
    if (this.broken) return extractLayer(record, bytes);
    const slot = await this.acquire();
    if (!slot) return extractLayer(record, bytes);
    try {
      return await new Promise<LayerResult>((resolve, reject) => {
        const id = this.nextId++;
        this.calls.set(id, { resolve, reject });
        slot.worker.postMessage({ id, record, bytes });
      });
    } catch (err) {
      // The report's own fault (corrupt, encrypted) stands; a thread's failure is retried here.
      if (err instanceof ExtractError || !this.broken) throw err;
      return extractLayer(record, bytes);
    } finally {
      slot.busy = false;
      this.waiting.shift()?.();
    }
  }

  /** Threads started and not closed. */
  get running(): number {
    return this.slots.length;
  }

  /**
   * Start every thread now rather than on the first report: each loads pdf.js as it starts
   * (~0.3 s), in parallel with whatever the calling thread does meanwhile.
   */
  start(): this {
    while (!this.broken && this.slots.length < this.size && this.spawn());
    return this;
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private async acquire(): Promise<Slot | null> {
    for (;;) {
      const free = this.slots.find((s) => !s.busy);
      if (free) {
        free.busy = true;
        return free;
      }
      if (this.slots.length < this.size) {
        const slot = this.spawn();
        if (!slot) return null;
        slot.busy = true;
        return slot;
      }
      await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  private spawn(): Slot | null {
    try {
      // The bootstrap loads the compiled thread.js in dist/, or thread.ts through tsx next to the sources.
      const worker = new Worker(new URL('./thread-boot.mjs', import.meta.url), { workerData: { entry: new URL('./thread', import.meta.url).href } });
      worker.unref();
      worker.on('message', (m: { id: number; doc?: LayerResult; error?: string; known?: boolean; retryable?: boolean }) => {
        const call = this.calls.get(m.id);
        if (!call) return;
        this.calls.delete(m.id);
        if (m.doc) call.resolve(m.doc);
        else call.reject(m.known ? new ExtractError(m.error ?? 'extraction failed', m.retryable) : new Error(m.error));
      });
      worker.on('error', (err) => {
        // A dead worker fails what it held; later reports run on the calling thread.
        this.broken = true;
        this.log.warn(`extraction thread failed (${err.message}); continuing on the main thread`);
        for (const [id, call] of this.calls) {
          this.calls.delete(id);
          call.reject(err);
        }
      });
      const slot = { worker, busy: false };
      this.slots.push(slot);
      return slot;
    } catch (err) {
      this.broken = true;
      this.log.warn(`cannot start extraction threads (${(err as Error).message}); extracting on the main thread`);
      return null;
    }
  }
}

/**
 * Threads started before the pipeline is loaded, for a batch that will need them: `sources` (files,
 * folders, URLs) that likely hold at least THREADS_MIN_REPORTS PDFs, and more than one core to
 * use. They boot pdf.js while the calling thread loads DuckDB, opens the database and stores the
 * sources (runPipeline's `startedThreads`). Null when the batch is small or runs on one core.
 */
export function startThreadsEarly(likelyPdfs: number, asked: number | undefined, log: Logger): ExtractThreads | null {
  const concurrency = Math.min(Math.floor(asked ?? availableParallelism()), availableParallelism());
  if (concurrency < 2 || likelyPdfs < THREADS_MIN_REPORTS) return null;
  return new ExtractThreads(Math.min(concurrency, likelyPdfs), log).start();
}
