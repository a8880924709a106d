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
 *
 * Documents that are only read run on a patched copy of pdf.js's worker module (the reader
 * copy, readerWorkerModule): same text, less work. Drawn documents run on the module as shipped.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
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
const restoreNatives = () => {
  for (const { owner, key, desc } of saved) Object.defineProperty(owner, key, desc);
};

export const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
restoreNatives();
export const OPS = pdfjs.OPS;

/** pdf.js's worker-side module: the whole parser. No type declarations ship for it. */
export interface WorkerModule {
  WorkerMessageHandler: { initializeFromPort(port: unknown): void };
}
const WORKER_MODULE: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';

let renderWorker: Promise<WorkerModule> | null = null;
/**
 * The worker module as shipped, for documents that are drawn (`render`). Loaded on the first
 * such document (an extraction thread never draws, so never loads it): it registers itself as
 * globalThis.pdfjsWorker, which pdf.js's in-thread ("fake") worker then uses instead of
 * importing the module itself, which would polyfill the natives again.
 */
export function renderWorkerModule(): Promise<WorkerModule> {
  return (renderWorker ??= import(WORKER_MODULE).then((m: WorkerModule) => (restoreNatives(), m)));
}

let readerWorker: Promise<WorkerModule & { patched: boolean }> | null = null;
/**
 * The worker module for documents that are only read (text content, operator lists; pdf.ts
 * PdfPurpose `read`/`text`, reader-port.ts): a copy of pdf.worker.mjs that does not compile
 * embedded CFF font programs (see READER_PATCHES). Loaded once per thread, on first use.
 */
export function readerWorkerModule(): Promise<WorkerModule & { patched: boolean }> {
  return (readerWorker ??= loadReaderCopy().then((m) => (restoreNatives(), m)));
}

/**
 * Changes to the reader copy. Each must match its expected count exactly, else the module is
 * used as shipped (slower, same result; test/extract/reader-copy.test.ts notices).
 *
 * pdf.js converts every embedded font into an OpenType file for the browser to draw with, also
 * when the caller only reads text: CFF programs (most CJK fonts here) are recompiled glyph by
 * glyph (`CFFCompiler.compile`), ~12 % of an extraction thread's CPU and much of its garbage.
 * A document only read never uses those bytes (the font loader loads nothing, pdf.ts
 * skipFontLoading; glyph outlines are only compiled for drawing). The reader copy skips the two
 * compiles whose failure pdf.js already tolerates (it keeps going with the font's own bytes),
 * so everything else it derives from a font (metrics, encodings, Unicode maps, widths) and so
 * the text is unchanged.
 *
 * The copy is imported from a data: URL; the last patches keep it from registering itself as
 * globalThis.pdfjsWorker and resolve its one dynamic import against the original file.
 */
const READER_PATCHES: { find: string; replace: string; count: number }[] = [
  // CFFFont (Type1C, CIDFontType0C fonts).
  { find: '    try {\n      this.data = compiler.compile();\n    } catch {', replace: '    try {\n      this.data = [];\n    } catch {', count: 1 },
  // Font.checkAndRepair (OpenType fonts with a CFF table).
  { find: '        tables["CFF "].data = compiler.compile();', replace: '        tables["CFF "].data = [];', count: 1 },
  // TextState.clone (every `q` of getTextContent) made each saved state the prototype of the
  // next: V8 then turns the states into prototype-mode objects and every text-state read in the
  // text loop goes megamorphic (getTextContent ~15 % slower). The clone already copies every field
  // as its own property (all are class fields, assigned only on the current state), so
  // TextState.prototype as its prototype reads the same values.
  { find: '    const clone = Object.assign(Object.create(this), this);\n    clone.textMatrix', replace: '    const clone = Object.assign(Object.create(TextState.prototype), this);\n    clone.textMatrix', count: 1 },
  { find: 'globalThis.pdfjsWorker = {', replace: 'const readerCopyNotRegistered = {', count: 1 },
  // The JPX decoder's JavaScript fallback is imported by absolute path: no base in a data: URL.
  { find: '/*@vite-ignore*/\n      path);', replace: '/*@vite-ignore*/\n      new URL(path, import.meta.url).href);', count: 1 },
  { find: '//# sourceMappingURL=pdf.worker.mjs.map', replace: '', count: 1 },
];

async function loadReaderCopy(): Promise<WorkerModule & { patched: boolean }> {
  const file = createRequire(import.meta.url).resolve(WORKER_MODULE);
  let source = await readFile(file, 'utf8');
  for (const { find, replace, count } of READER_PATCHES) {
    if (source.split(find).length - 1 !== count) return { WorkerMessageHandler: (await renderWorkerModule()).WorkerMessageHandler, patched: false };
    source = source.replaceAll(find, replace);
  }
  // After the patches, which add a use of it: the copy's own URL would be the data: URL.
  source = source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(file).href));
  const module = (await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`)) as WorkerModule;
  return { WorkerMessageHandler: module.WorkerMessageHandler, patched: true };
}
