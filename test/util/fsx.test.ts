/** Atomic writes remember the folders they made, and make one again when it was removed meanwhile. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../pipeline/util/fsx.ts';

const root = mkdtempSync(join(tmpdir(), 'juesuan-fsx-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('writes into a folder it makes, and again after the folder was removed', async () => {
    const file = join(root, 'a', 'b', 'x.json');
    await writeFileAtomic(file, '1');
    expect(readFileSync(file, 'utf8')).toBe('1');
    rmSync(join(root, 'a'), { recursive: true });
    await writeFileAtomic(file, '2');
    expect(readFileSync(file, 'utf8')).toBe('2');
    expect(readdirSync(join(root, 'a', 'b'))).toEqual(['x.json']); // no temp file left
  });
});
