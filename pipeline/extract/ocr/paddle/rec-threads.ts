/**
 * The PaddleOCR recogniser's worker threads: each holds its own InferenceSession (rec-thread.ts)
 * and runs the RecJobs sent to it, so inference runs beside the calling thread's rendering and
 * preprocessing, and on every core. onnxruntime-node's `run` blocks the thread that calls it:
 * on the calling thread, two pages in flight still took turns on one core.
 */
import { Worker } from 'node:worker_threads';
import type { PaddleRecOptions, RecJob, RecLane, RecResult } from './rec.ts';
import type { FromThread, ToThread } from './rec-thread.ts';

/** Loading onnxruntime and the model takes ~0.3 s (tsx adds ~0.5 s next to the sources); a minute means the thread is stuck. */
const START_TIMEOUT_MS = 60_000;
/** A thread asked to close that has not ended after this long is terminated. */
const CLOSE_TIMEOUT_MS = 5_000;

/** Start `n` recogniser threads in parallel; rejects (and stops the others) when one cannot start. */
export async function startThreadLanes(n: number, opts: PaddleRecOptions): Promise<RecLane[]> {
  const started = await Promise.allSettled(Array.from({ length: n }, () => ThreadLane.start(opts)));
  const failed = started.find((s) => s.status === 'rejected');
  if (!failed) return started.map((s) => (s as PromiseFulfilledResult<ThreadLane>).value);
  await Promise.allSettled(started.map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)));
  throw failed.reason;
}

class ThreadLane implements RecLane {
  private readonly calls = new Map<number, { resolve: (r: RecResult[]) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private ended = false;
  private readonly exited: Promise<void>;

  private constructor(private readonly worker: Worker) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
  }

  get pending(): number {
    return this.calls.size;
  }

  /** The thread crashed or ended: the recogniser replaces it. */
  get dead(): boolean {
    return this.ended;
  }

  static start(opts: PaddleRecOptions): Promise<ThreadLane> {
    // The extraction threads' bootstrap: rec-thread.js in dist/, rec-thread.ts through tsx next to the sources.
    const entry = new URL('./rec-thread', import.meta.url).href;
    const worker = new Worker(new URL('../../thread-boot.mjs', import.meta.url), { workerData: { ...opts, entry } });
    const lane = new ThreadLane(worker);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`a PaddleOCR thread did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      timer.unref();
      const onMessage = (m: FromThread) => {
        if (!('ready' in m)) return fail(new Error(`a PaddleOCR thread could not start: ${'error' in m ? m.error : 'no answer'}`));
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', fail).off('exit', onExit);
        lane.listen();
        // Idle threads do not keep the process alive; one with jobs does (ref while calls are pending).
        worker.unref();
        resolve(lane);
      };
      const onExit = (code: number) => fail(new Error(`a PaddleOCR thread exited (${code}) while starting`));
      function fail(err: Error): void {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', fail).off('exit', onExit);
        void worker.terminate();
        reject(err);
      }
      worker.on('message', onMessage).on('error', fail).on('exit', onExit);
    });
  }

  run(job: RecJob): Promise<RecResult[]> {
    if (this.ended) return Promise.reject(new Error('the PaddleOCR thread has ended'));
    const id = this.nextId++;
    if (!this.calls.size) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...job } satisfies ToThread);
    });
  }

  async close(): Promise<void> {
    if (!this.ended) {
      this.worker.postMessage({ close: true } satisfies ToThread);
      const timer = setTimeout(() => void this.worker.terminate(), CLOSE_TIMEOUT_MS);
      await this.exited;
      clearTimeout(timer);
    }
    this.failAll(new Error('the PaddleOCR recogniser is closed'));
  }

  private listen(): void {
    this.worker.on('message', (m: FromThread) => {
      if (!('id' in m) || m.id === undefined) return;
      const call = this.calls.get(m.id);
      if (!call) return;
      this.calls.delete(m.id);
      if (!this.calls.size) this.worker.unref();
      if ('results' in m) call.resolve(m.results);
      else call.reject(new Error('error' in m ? m.error : 'no answer'));
    });
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', (code) => this.failAll(new Error(`a PaddleOCR thread exited (${code})`)));
  }

  /** The thread is gone: what it held fails (the page is retried by the caller) and it is replaced. */
  private failAll(err: Error): void {
    this.ended = true;
    for (const call of this.calls.values()) call.reject(err);
    this.calls.clear();
    this.worker.unref();
  }
}
