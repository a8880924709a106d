/**
 * The in-thread pdf.js worker for documents that are only read (text content, operator lists;
 * pdf.ts PdfPurpose `read` and `text`), joined to pdf.js by a port that copies messages more
 * cheaply than pdf.js's own in-thread port.
 *
 * pdf.js's fake worker passes every message through `structuredClone`, as a real worker's
 * messages would be. For an operator list that is the costliest step of the page after
 * parsing: every drawn glyph is an object of its own (~15 % of an extraction thread's time).
 * Here an operator-list chunk is copied one level deep: its `fnArray` and `argsArray` are new
 * arrays — the worker empties its own right after sending — while the operators' arguments are
 * shared: the worker creates them for the list and never changes them after sending (buffers it
 * transfers it no longer uses), and a document only read never changes them either (no drawing).
 * A text-content chunk is copied one level deep too (see copyMessage). Every other message is
 * cloned as before. Delivery is the same: one microtask later, in order.
 */
import { pdfjs, readerWorkerModule } from './pdfjs-lib.ts';

type Listener = (event: { data: unknown }) => void;

interface Chunk {
  /** An operator-list chunk. */
  fnArray?: unknown[];
  argsArray?: unknown[];
  /** A text-content chunk. */
  items?: unknown[];
  styles?: object;
}

class ReaderPort {
  readonly #listeners = new Set<Listener>();
  readonly #deferred = Promise.resolve();

  postMessage(message: unknown, transfer?: Transferable[] | null): void {
    const event = { data: copyMessage(message, transfer) };
    void this.#deferred.then(() => {
      for (const listener of this.#listeners) listener.call(this, event);
    });
  }

  addEventListener(_name: string, listener: Listener, options?: { signal?: AbortSignal } | null): void {
    const signal = options?.signal;
    if (signal?.aborted) return;
    this.#listeners.add(listener);
    signal?.addEventListener('abort', () => this.#listeners.delete(listener), { once: true });
  }

  removeEventListener(_name: string, listener: Listener): void {
    this.#listeners.delete(listener);
  }

  terminate(): void {
    this.#listeners.clear();
  }
}

function copyMessage(message: unknown, transfer?: Transferable[] | null): unknown {
  const chunk = (message as { chunk?: Chunk } | null)?.chunk;
  if (chunk && Array.isArray(chunk.fnArray) && Array.isArray(chunk.argsArray)) {
    return { ...(message as object), chunk: { ...chunk, fnArray: chunk.fnArray.slice(), argsArray: chunk.argsArray.slice() } };
  }
  // A text-content chunk: the worker sends its collecting object, then gives it a new items
  // array and styles object; each item it pushed is a new object it does not change again.
  if (chunk && Array.isArray(chunk.items) && chunk.styles && typeof chunk.styles === 'object') {
    return { ...(message as object), chunk: { ...chunk, items: chunk.items.slice() } };
  }
  return structuredClone(message, transfer ? { transfer } : undefined);
}

let worker: Promise<InstanceType<typeof pdfjs.PDFWorker>> | null = null;

/**
 * One worker for every document only read on this thread (pdf.js keeps documents apart by id),
 * running the reader copy of pdf.js's worker module (pdfjs-lib.ts readerWorkerModule).
 */
export function readerWorker(): Promise<InstanceType<typeof pdfjs.PDFWorker>> {
  return (worker ??= readerWorkerModule().then(({ WorkerMessageHandler }) => {
    const port = new ReaderPort();
    WorkerMessageHandler.initializeFromPort(port);
    return new pdfjs.PDFWorker({ port: port as unknown as null, verbosity: 0 });
  }));
}
