/**
 * Hostile inputs for the extract stage's bounds (docs/ocr.md "Bounds"), written as raw PDF
 * without any library:
 *   - an image bomb: one page holding a W×W DeviceGray image of white pixels, Flate-compressed
 *     (20000×20000 is 400 Mpx in ~390 KB);
 *   - N blank pages (no content at all), or N pages each painting a white image (a scanner's
 *     blank sheets: the content has ink operators but the page renders white).
 *
 *   node --import tsx scripts/bounds-pdfs.ts bomb OUT.pdf [SIDE=20000]
 *   node --import tsx scripts/bounds-pdfs.ts blank OUT.pdf [PAGES=2000] [--white-image]
 */
import { rename, writeFile } from 'node:fs/promises';
import { deflateSync, createDeflate } from 'node:zlib';
import { once } from 'node:events';

/** One indirect object's bytes (without the `N 0 obj` wrapper). */
type Body = Buffer;

/** Assemble a PDF from object bodies (object i+1 = bodies[i]); object 1 must be the catalog. */
export function assemblePdf(bodies: Body[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(offset);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(chunk);
    offset += chunk.length;
  });
  const xref = ['xref', `0 ${bodies.length + 1}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
  parts.push(Buffer.from(`${xref}\ntrailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`));
  return Buffer.concat(parts);
}

const A4 = '[0 0 595 842]';

function stream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]);
}

/**
 * `pages` A4 pages. Blank: no content stream. With `whiteImage`, every page paints one shared
 * 100×100 white image over the whole page (ink operators, no ink).
 */
export function blankPagesPdf(pages: number, opts: { whiteImage?: boolean } = {}): Buffer {
  // 1 catalog, 2 pages, 3 image (when used), 4 content (when used), then the page objects.
  const first = 5;
  const kids = Array.from({ length: pages }, (_, i) => `${first + i} 0 R`).join(' ');
  const bodies: Body[] = [Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'), Buffer.from(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`)];
  const white = deflateSync(Buffer.alloc(100 * 100, 255));
  bodies.push(stream('/Type /XObject /Subtype /Image /Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode', white));
  bodies.push(stream('', Buffer.from('q 595 0 0 842 0 0 cm /Im0 Do Q')));
  const res = opts.whiteImage ? '/Resources << /XObject << /Im0 3 0 R >> >> /Contents 4 0 R' : '/Resources << >>';
  for (let i = 0; i < pages; i++) bodies.push(Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox ${A4} ${res} >>`));
  return assemblePdf(bodies);
}

/**
 * One A4 page painting a side×side 8-bit gray image of white pixels. The image stream is
 * deflated in chunks, so writing it never holds the decoded image in memory.
 */
export async function writeImageBombPdf(path: string, side: number): Promise<void> {
  const tmp = `${path}.tmp`;
  const compressed: Buffer[] = [];
  const deflate = createDeflate({ level: 9 });
  deflate.on('data', (c: Buffer) => compressed.push(c));
  const row = Buffer.alloc(side, 255);
  const rowsPerChunk = Math.max(1, Math.floor((1 << 20) / side));
  for (let y = 0; y < side; y += rowsPerChunk) {
    const n = Math.min(rowsPerChunk, side - y);
    if (!deflate.write(Buffer.concat(Array<Buffer>(n).fill(row)))) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  const data = Buffer.concat(compressed);
  const pdf = assemblePdf([
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox ${A4} /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>`),
    stream(`/Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`, data),
    stream('', Buffer.from('q 595 0 0 842 0 0 cm /Im0 Do Q')),
  ]);
  await writeFile(tmp, pdf);
  await rename(tmp, path);
}

async function main(argv: string[]): Promise<void> {
  const [kind, out, n] = argv;
  if (kind === 'bomb' && out) return writeImageBombPdf(out, Number(n ?? 20000));
  if (kind === 'blank' && out) {
    await writeFile(`${out}.tmp`, blankPagesPdf(Number(n ?? 2000), { whiteImage: argv.includes('--white-image') }));
    return rename(`${out}.tmp`, out);
  }
  console.error('usage: bounds-pdfs.ts bomb OUT.pdf [SIDE] | blank OUT.pdf [PAGES] [--white-image]');
  process.exitCode = 2;
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));
