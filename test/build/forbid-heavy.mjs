// Loaded with `node --import`: registers a resolve hook that refuses pdf.js, DuckDB and
// tesseract, so a command that would load them fails loudly (test/build/build.test.ts).
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    const HEAVY = /pdfjs-dist|@duckdb|tesseract/;
    export async function resolve(specifier, context, next) {
      const r = await next(specifier, context);
      if (HEAVY.test(r.url)) throw new Error('heavy module loaded: ' + r.url);
      return r;
    }`)}`,
);
