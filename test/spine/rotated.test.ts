/**
 * A page's /Rotate must not change what is read: a text page shown sideways (the /Rotate of a
 * scanner or a print driver) is read in its own orientation, with the same facts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputCsv, removeTemps, runCli, tempDir } from '../helpers/cli.ts';
import { readCsv, score } from '../helpers/score.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('rotated pages', () => {
  afterAll(removeTemps);

  it.each([90, 270])('/Rotate %i on every page gives the same facts', async (deg) => {
    const dir = tempDir('juesuan-rotated-');
    const bytes = readFileSync(join(ROOT, 'samples', 'jingdezhen-ybj-2024.pdf'));
    // Insert /Rotate into each page dictionary (pdf.js rebuilds the shifted cross-reference table).
    const rotated = Buffer.from(bytes.toString('latin1').replaceAll('/Type /Page\n', `/Type /Page /Rotate ${deg}\n`), 'latin1');
    expect(rotated.length).toBeGreaterThan(bytes.length);
    const file = join(dir, `rotated-${deg}.pdf`);
    writeFileSync(file, rotated);
    const run = await runCli(['run', file, '--data-dir', dir, '--no-ocr']);
    expect(run.code).toBe(0);
    const s = score(outputCsv(dir, 'facts'), readCsv(join(ROOT, 'test', 'fixtures', 'spine', 'truth', 'jingdezhen-ybj-2024.truth.csv')));
    expect({ wrong: s.wrong, missing: s.missing, extra: s.extra }).toEqual({ wrong: [], missing: [], extra: [] });
  });
});
