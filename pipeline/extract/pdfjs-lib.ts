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
const NATIVE = [
  [Array.prototype, 'push'],
  [JSON, 'parse'],
  [JSON, 'stringify'],
] as const;

const saved = NATIVE.map(([owner, key]) => ({ owner, key, desc: Object.getOwnPropertyDescriptor(owner, key)! }))
  // Already replaced (pdf.js loaded before this module, e.g. by a test): nothing native to restore.
  .filter(({ desc }) => /\[native code\]/.test(Function.prototype.toString.call(desc.value)));

export const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
// The in-thread ("fake") worker would import its module on the first document, polyfilling
// again then: load it now (it registers itself as globalThis.pdfjsWorker, which pdf.js uses).
const WORKER_MODULE: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs'; // (no type declarations ship for it)
await import(WORKER_MODULE);
for (const { owner, key, desc } of saved) Object.defineProperty(owner, key, desc);

export const OPS = pdfjs.OPS;
