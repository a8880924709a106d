/**
 * pdf.js, loaded once for the whole pipeline, with its global side effects undone. Every module
 * takes pdf.js values from here (types may come from pdfjs-dist directly).
 *
 * The legacy build (the one that runs on Node 20) bundles core-js, which replaces
 * `Array.prototype.push`, `JSON.parse` and `JSON.stringify` process-wide with JavaScript
 * polyfills for corners no one here uses (arrays with a non-writable length, JSON.parse's
 * source-text access, JSON.rawJSON). They behave the same on ordinary values but are several
 * times slower, and every push and every staged artefact written or read paid for them: the
 * native functions are put back. (Polyfills that only add missing functions stay.)
 */
import { inflateSync } from 'node:zlib';

const NATIVE = [
  [Array.prototype, 'push'],
  [JSON, 'parse'],
  [JSON, 'stringify'],
] as const;

/**
 * pdf.js inflates FlateDecode streams (content streams, fonts, images) through the web
 * `DecompressionStream`, which in Node runs each stream through async zlib on the libuv thread
 * pool: an extraction thread waited for it ~12 % of its time. For 'deflate' this does the same
 * with one synchronous zlib call (same bytes out; a corrupt or truncated stream still throws, so
 * pdf.js falls back to its own decoder as before); other formats go to the platform's class.
 */
class SyncInflateStream {
  readable!: AsyncIterable<Uint8Array>;
  writable!: { getWriter(): { ready: Promise<void>; write(chunk: Uint8Array): Promise<void>; close(): Promise<void> } };
  constructor(format: string) {
    if (format !== 'deflate') return new PlatformDecompressionStream(format as CompressionFormat) as unknown as SyncInflateStream;
    const chunks: Uint8Array[] = [];
    let closed!: () => void;
    const ended = new Promise<void>((resolve) => (closed = resolve));
    const writer = { ready: Promise.resolve(), write: async (chunk: Uint8Array) => void chunks.push(chunk), close: async () => closed() };
    this.writable = { getWriter: () => writer };
    this.readable = {
      async *[Symbol.asyncIterator]() {
        await ended;
        yield new Uint8Array(inflateSync(Buffer.concat(chunks)));
      },
    };
  }
}
const PlatformDecompressionStream = globalThis.DecompressionStream;
globalThis.DecompressionStream = SyncInflateStream as unknown as typeof DecompressionStream;

const saved = NATIVE.map(([owner, key]) => ({ owner, key, desc: Object.getOwnPropertyDescriptor(owner, key)! }))
  // Already replaced (pdf.js loaded before this module, e.g. by a test): nothing native to restore.
  .filter(({ desc }) => /\[native code\]/.test(Function.prototype.toString.call(desc.value)));

export const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
// The in-thread ("fake") worker would import its module on the first document, polyfilling
// again then: load it now (it registers itself as globalThis.pdfjsWorker, which pdf.js uses).
const WORKER_MODULE: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs'; // (no type declarations ship for it)
export const workerModule = (await import(WORKER_MODULE)) as { WorkerMessageHandler: { initializeFromPort(port: unknown): void } };
for (const { owner, key, desc } of saved) Object.defineProperty(owner, key, desc);

export const OPS = pdfjs.OPS;

