/**
 * Scan generator: turns text-layer reports (the variant generator's output, or any PDF with a
 * truth CSV beside it) into image-only scans with controlled degradations, so the OCR path is
 * scored on reports it was not tuned on (scripts/variants/scan-scorecard.sh).
 *
 *   node --import tsx scripts/variants/make-scans.ts OUTDIR SRC.pdf [SRC.pdf ...] [--only PROFILE,…]
 *
 * Each SRC.pdf needs SRC.truth.csv. Only table pages are kept (a page whose text names a
 * 公开NN表 or …决算表/预算表 and prints amounts, with two decimals or as whole 元 with separators): the truth covers tables only and OCR is slow.
 * Writes OUTDIR/<src>--<profile>.pdf and .truth.csv. Deterministic: the noise, rotation sign and
 * seal positions come from a hash of the file and page.
 *
 * Needs poppler-utils (pdftoppm, pdftotext), ImageMagick 6 (convert) and img2pdf.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { degradeV7, drawPage, readPgm, seeded, toPpm, type V7Page } from './v7like.ts';

/** One degradation recipe. Every field is optional; `dpi` defaults to 200. */
export interface Profile {
  dpi?: number;
  /** Maximum rotation in degrees; the sign and size vary per page (seeded). */
  rotate?: number;
  blur?: number;
  /** Salt-and-pepper noise strength for ImageMagick's Impulse noise (0.05–0.5). */
  speckle?: number;
  jpeg?: number;
  /** Brightness falls off across the page by this share (0–1): a curled page under a lamp. */
  uneven?: number;
  /** Ink lightened to this gray level (0–100 %): a faint photocopy. */
  faint?: number;
  /** Number of thin white breaks cut across the page (broken ruling lines). */
  breaks?: number;
  /** Red official seals stamped over the value columns. */
  seals?: number;
  /** Blue pen strokes and a signature in the margins. */
  scribbles?: boolean;
  /**
   * Made like the shared harsh scans (v7like.ts): every degradation drawn per page within the
   * v7 metadata's ranges, dpi and JPEG quality included (the other fields are ignored).
   */
  v7like?: boolean;
}

export const PROFILES: Record<string, Profile> = {
  clean200: {},
  dpi150: { dpi: 150, jpeg: 80 },
  rotate3: { rotate: 3 },
  blur: { blur: 1.1 },
  speckle: { speckle: 0.3 },
  jpeg25: { jpeg: 25 },
  uneven: { uneven: 0.45 },
  faint: { faint: 55, breaks: 14 },
  seal: { seals: 2, jpeg: 85 },
  scribble: { scribbles: true },
  v7like: { v7like: true },
  harsh: { dpi: 150, rotate: 2, jpeg: 45, uneven: 0.3, faint: 35, breaks: 8, seals: 1, scribbles: true, speckle: 0.1 },
};

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

/** A number in [0, 1) from a string: deterministic per file, page and purpose. */
function rand(...key: (string | number)[]): number {
  return createHash('sha256').update(key.join('|')).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Pages whose text says they hold a standard table: a table title (…决算表, …决算总表, 公开NN表)
 * with amounts, many amounts, or the continuation of a table page (amounts, no prose: prose
 * sentences end in 。). A real report's 04 starts on a page with few amounts and its tables run
 * over pages without a title; dropping those would score the OCR on cells it never saw.
 */
export function tablePages(pdf: string): number[] {
  const n = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))?.[1] ?? 0);
  const out: number[] = [];
  for (let p = 1; p <= n; p++) {
    const text = run('pdftotext', ['-f', String(p), '-l', String(p), '-layout', pdf, '-']);
    // Two-decimal amounts, or whole 元 with thousands separators (Shanghai budgets: 4,212,300).
    const amounts = text.match(/\d[\d,]*\.\d{2}|\d{1,3}(,\d{3})+(?![\d.])/g)?.length ?? 0;
    const titled = /公开\s*\d{2}\s*表|决算(总)?表|预算(总)?表|情况表/.test(text) && amounts >= 2;
    const continued = out[out.length - 1] === p - 1 && amounts >= 2 && !text.includes('。');
    if (titled || continued || amounts >= 12) out.push(p);
  }
  return out;
}

/** ImageMagick arguments that degrade one rendered page (gray PNG in, colour out when stamped). */
function degrade(p: Profile, key: string, w: number, h: number): string[] {
  const a: string[] = [];
  const dpi = p.dpi ?? 200;
  if (p.faint) a.push('+level', `${p.faint}%,100%`);
  if (p.breaks) {
    // Thin white cuts, alternately vertical and horizontal, at seeded positions.
    const draws: string[] = [];
    for (let i = 0; i < p.breaks; i++) {
      const x = Math.round(rand(key, 'bx', i) * w);
      const y = Math.round(rand(key, 'by', i) * h);
      const len = Math.round((0.05 + 0.1 * rand(key, 'bl', i)) * h);
      draws.push(i % 2 ? `rectangle ${x},${y} ${x + 1},${y + len}` : `rectangle ${x},${y} ${x + len},${y + 1}`);
    }
    a.push('-fill', 'white', '-stroke', 'none', '-draw', draws.join(' '));
  }
  if (p.uneven) {
    // Multiply by a seeded linear gradient from white to (1 − uneven) gray.
    const dark = Math.round(255 * (1 - p.uneven));
    const angle = Math.round(rand(key, 'ua') * 360);
    a.push('(', '-size', `${w}x${h}`, '-define', `gradient:angle=${angle}`, `gradient:white-rgb(${dark},${dark},${dark})`, ')', '-compose', 'multiply', '-composite');
  }
  if (p.seals || p.scribbles) a.push('-colorspace', 'sRGB', '-type', 'TrueColor');
  for (let i = 0; i < (p.seals ?? 0); i++) {
    // A red ring with a star and a band of text, centred over the value columns (right 60 %).
    const r = Math.round(0.8 * dpi);
    const cx = Math.round((0.45 + 0.4 * rand(key, 'sx', i)) * w);
    const cy = Math.round((0.25 + 0.5 * rand(key, 'sy', i)) * h);
    const star = Array.from({ length: 10 }, (_, k) => {
      const rr = k % 2 ? r * 0.12 : r * 0.3;
      const t = (Math.PI * k) / 5 - Math.PI / 2;
      return `${Math.round(cx + rr * Math.cos(t))},${Math.round(cy + rr * Math.sin(t))}`;
    }).join(' ');
    a.push('(', '-size', `${w}x${h}`, 'xc:white', '-fill', 'none', '-stroke', 'rgb(220,30,40)', '-strokewidth', String(Math.max(3, Math.round(dpi / 30))),
      '-draw', `circle ${cx},${cy} ${cx + r},${cy}`, '-draw', `circle ${cx},${cy} ${cx + Math.round(r * 0.93)},${cy}`,
      '-fill', 'rgb(220,30,40)', '-stroke', 'none', '-draw', `polygon ${star}`,
      '-draw', `rectangle ${cx - Math.round(r * 0.6)},${cy + Math.round(r * 0.4)} ${cx + Math.round(r * 0.6)},${cy + Math.round(r * 0.5)}`,
      ')', '-compose', 'multiply', '-composite');
  }
  if (p.scribbles) {
    const m = Math.round(0.35 * dpi);
    const s = (k: string) => Math.round(rand(key, k) * 0.3 * dpi);
    a.push('-fill', 'none', '-stroke', 'rgb(30,50,160)', '-strokewidth', String(Math.max(2, Math.round(dpi / 60))),
      '-draw', `bezier ${m},${Math.round(h * 0.2)} ${m + s('a')},${Math.round(h * 0.3)} ${m - s('b')},${Math.round(h * 0.4)} ${m},${Math.round(h * 0.5)}`,
      '-draw', `bezier ${Math.round(w * 0.6)},${h - m} ${Math.round(w * 0.7)},${h - m - s('c')} ${Math.round(w * 0.75)},${h - m + s('d')} ${Math.round(w * 0.9)},${h - m - s('e')}`,
      '-draw', `line ${w - m},${Math.round(h * 0.3)} ${w - m + s('f') - Math.round(0.15 * dpi)},${Math.round(h * 0.45)}`);
  }
  if (p.blur) a.push('-blur', `0x${p.blur}`);
  if (p.speckle) a.push('-attenuate', String(p.speckle), '+noise', 'Impulse');
  if (p.rotate) {
    const deg = (rand(key, 'rot') < 0.5 ? -1 : 1) * p.rotate * (0.5 + 0.5 * rand(key, 'rotm'));
    a.push('-background', 'white', '-rotate', deg.toFixed(2), '-gravity', 'center', '-extent', `${w}x${h}`);
  }
  return a;
}

/** Render the table pages of `src` at the profile's dpi, degrade them, and bind them into `out`. */
export function makeScan(src: string, profileName: string, out: string): number {
  const p = PROFILES[profileName];
  if (!p) throw new Error(`unknown profile ${profileName}; known: ${Object.keys(PROFILES).join(', ')}`);
  const dpi = p.dpi ?? 200;
  const tmp = mkdtempSync(join(tmpdir(), 'scan-'));
  try {
    const images: string[] = [];
    const pages: Record<number, V7Page> = {};
    for (const page of tablePages(src)) {
      if (p.v7like) {
        pages[page] = v7Page(src, page, `${basename(src)}|${profileName}|${page}`, join(tmp, `p${page}`));
        images.push(join(tmp, `p${page}.jpg`));
        continue;
      }
      const base = join(tmp, `p${page}`);
      run('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-singlefile', '-f', String(page), '-l', String(page), src, base]);
      const [w, h] = run('identify', ['-format', '%w %h', `${base}.png`]).split(' ').map(Number) as [number, number];
      const key = `${basename(src)}|${profileName}|${page}`;
      const img = `${base}.${p.jpeg ? 'jpg' : 'png'}`;
      run('convert', [`${base}.png`, ...degrade(p, key, w, h), ...(p.jpeg ? ['-quality', String(p.jpeg)] : []), '-density', String(dpi), img]);
      images.push(img);
    }
    if (!images.length) throw new Error(`${src}: no table pages found`);
    // v7like pages each carry their own dpi in the JPEG header.
    run('img2pdf', [...(p.v7like ? [] : ['--imgsize', `${dpi}dpi`]), '-o', `${out}.tmp`, ...images]);
    renameSync(`${out}.tmp`, out);
    if (p.v7like) writeFileSync(out.replace(/\.pdf$/, '.meta.json'), JSON.stringify({ profile: profileName, source: basename(src), pages }, null, 1));
    return images.length;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** One page made like the v7 scans: rendered gray at its drawn dpi, degraded, JPEG at its drawn quality (base.jpg). */
function v7Page(src: string, page: number, key: string, base: string): V7Page {
  const r = seeded(key);
  const params = drawPage(r);
  run('pdftoppm', ['-r', String(params.dpi), '-gray', '-singlefile', '-f', String(page), '-l', String(page), src, base]);
  const img = degradeV7(readPgm(readFileSync(`${base}.pgm`)), params, r);
  writeFileSync(`${base}.ppm`, toPpm(img));
  run('convert', [`${base}.ppm`, '-quality', String(params.jpeg), '-density', String(params.dpi), '-units', 'PixelsPerInch', `${base}.jpg`]);
  return params;
}

function main(argv: string[]): void {
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? argv[onlyAt + 1]!.split(',') : Object.keys(PROFILES);
  const rest = argv.filter((a, i) => !a.startsWith('--') && (onlyAt < 0 || i !== onlyAt + 1));
  const [outDir, ...sources] = rest;
  if (!outDir || !sources.length) {
    console.error('usage: make-scans.ts OUTDIR SRC.pdf [SRC.pdf ...] [--only PROFILE,…]');
    process.exitCode = 2;
    return;
  }
  mkdirSync(resolve(outDir), { recursive: true });
  for (const src of sources) {
    for (const profile of only) {
      const name = `${basename(src, '.pdf')}--${profile}`;
      const pages = makeScan(src, profile, join(outDir, `${name}.pdf`));
      copyFileSync(src.replace(/\.pdf$/, '.truth.csv'), join(outDir, `${name}.truth.csv`));
      console.error(`${name}: ${pages} table pages`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
