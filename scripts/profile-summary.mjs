#!/usr/bin/env node
// Summarise V8 CPU profiles (node --cpu-prof --cpu-prof-dir=DIR; worker threads write their own
// file): per profile, busy time, a busy-% timeline per half second (is a core idle at the start
// or the end?), and self time by module and by function. See docs/bench.md "Profiling".
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/juesuan.js run BATCH --data-dir /tmp/d --no-ocr -q
//   node scripts/profile-summary.mjs /tmp/prof [top=25]
import { readFileSync, readdirSync } from 'node:fs';

const [dir, top = '25'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node scripts/profile-summary.mjs DIR [top]');
  process.exit(2);
}
// The reader copy of pdf.js's worker (pipeline/extract/pdfjs-lib.ts) is imported from a data: URL.
const short = (url) => url.startsWith('data:') ? 'nm/pdfjs-dist/legacy/build/pdf.worker.mjs (reader copy)' : url.replace(/^.*node_modules\//, 'nm/').replace(/^file:\/\/.*?\/(dist|pipeline|scripts)\//, '$1/');
for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile')).sort()) {
  const p = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
  const node = new Map(p.nodes.map((n) => [n.id, n]));
  const byFn = new Map();
  const byMod = new Map();
  const buckets = [];
  let busy = 0;
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    const dt = p.timeDeltas[i + 1] ?? 0;
    const cf = node.get(p.samples[i]).callFrame;
    if (cf.functionName === '(idle)') continue;
    busy += dt;
    const b = Math.floor((t - p.startTime) / 5e5);
    buckets[b] = (buckets[b] ?? 0) + dt;
    const fn = `${cf.functionName || '(anonymous)'} ${short(cf.url)}:${cf.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + dt);
    const mod = short(cf.url) || cf.functionName;
    byMod.set(mod, (byMod.get(mod) ?? 0) + dt);
  }
  const s = (us) => (us / 1e6).toFixed(3).padStart(7);
  const pct = (us) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  console.log(`\n== ${f}: ${((p.endTime - p.startTime) / 1e6).toFixed(2)} s, busy ${(busy / 1e6).toFixed(2)} s (start ${(p.startTime / 1e6).toFixed(2)})`);
  console.log('busy % per 0.5 s:', Array.from(buckets, (x) => Math.round((x ?? 0) / 5e3)).join(' '));
  for (const [title, map] of [['by module', byMod], ['by function', byFn]]) {
    console.log(`-- self time ${title}`);
    for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${s(v)} ${pct(v)}  ${k}`);
  }
}
