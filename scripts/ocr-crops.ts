/**
 * Debug: the paddle engine's boxes and readings on one scanned page, with their crops as PNG.
 *   node --import tsx scripts/ocr-crops.ts SCAN.pdf PAGE OUTDIR [x0,y0,x1,y1 (points)]
 * Writes OUTDIR/p<PAGE>-<n>.png for each box (inside the region, if given) and prints the readings.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPdf } from '../pipeline/extract/ocr/pdfjs.ts';
import { renderPageGray } from '../pipeline/extract/ocr/render.ts';
import { preprocess } from '../pipeline/extract/ocr/preprocess.ts';
import { isVertical } from '../pipeline/extract/ocr/rules.ts';
import { textBoxes } from '../pipeline/extract/ocr/paddle/layout.ts';
import { cropBox } from '../pipeline/extract/ocr/paddle/items.ts';
import { PaddleRecognizer } from '../pipeline/extract/ocr/paddle/rec.ts';
import type { GrayImage } from '../pipeline/extract/ocr/render.ts';

function png(img: GrayImage, path: string): void {
  const head = Buffer.from(`P5\n${img.width} ${img.height}\n255\n`);
  writeFileSync(path + '.pgm', Buffer.concat([head, Buffer.from(img.data)]));
  execFileSync('convert', [path + '.pgm', '-scale', '300%', path + '.png']);
}

const [pdfPath, pageArg, out, region] = process.argv.slice(2);
mkdirSync(out!, { recursive: true });
const doc = await openPdf(pdfPath!);
const page = await doc.getPage(Number(pageArg));
const r = await renderPageGray(page, { dpi: 200 });
const pre = preprocess(r.image, r.scale);
const src = { gray: pre.deskewed, bin: pre.image, threshold: pre.threshold };
const vr = pre.rules.filter(isVertical);
let boxes = textBoxes(src, vr);
if (region) {
  const [a, b, c, d] = region.split(',').map((v) => Number(v) * r.scale);
  boxes = boxes.filter((bx) => bx.x1 > a! && bx.x0 < c! && bx.y1 > b! && bx.y0 < d!);
}
const crops = boxes.map((b) => cropBox(src, b));
const rec = await PaddleRecognizer.create({ workers: 0 });
const res = await rec.recognise(crops);
boxes.forEach((b, i) => {
  const name = `p${pageArg}-${i}`;
  png(crops[i]!, join(out!, name));
  const pt = (v: number) => (v / r.scale).toFixed(1);
  console.log(name, `[${pt(b.x0)},${pt(b.y0)},${pt(b.x1)},${pt(b.y1)}]`, JSON.stringify(res[i]!.text), res[i]!.chars.map((c) => c.p.toFixed(2)).join(' '));
});
await rec.close();
