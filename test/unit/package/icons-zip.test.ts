import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { MANIFEST_DIR } from '../../../src/package/app-package.js';
import { iconProblems } from '../../../src/package/icon-check.js';
import { zip } from '../../../src/package/zip.js';
import { encodePng, unzip } from './support/png-zip.js';

const WHITE = [255, 255, 255, 255] as [number, number, number, number];
const CLEAR = [0, 0, 0, 0] as [number, number, number, number];

describe('icons', () => {
  test('the shipped icons are what Teams asks for', () => {
    expect(iconProblems('color', readFileSync(path.join(MANIFEST_DIR, 'color.png')))).toEqual([]);
    expect(iconProblems('outline', readFileSync(path.join(MANIFEST_DIR, 'outline.png')))).toEqual([]);
  });

  test('a white-on-transparent 32×32 outline passes', () => {
    expect(iconProblems('outline', encodePng(32, 32, (x) => (x < 16 ? WHITE : CLEAR)))).toEqual([]);
  });

  test.for([
    ['a coloured pixel', encodePng(32, 32, (x, y) => (x === 3 && y === 4 ? [0, 120, 212, 255] : WHITE)), /white on a transparent/],
    ['the wrong size', encodePng(48, 48, () => WHITE), /48×48; Teams needs 32×32/],
    ['nothing visible', encodePng(32, 32, () => CLEAR), /fully transparent/],
    ['not a PNG', Buffer.from('GIF89a'), /not a PNG/],
  ] as const)('an outline with %s is refused', ([, data, message]) => {
    expect(iconProblems('outline', data).join('\n')).toMatch(message);
  });

  test('a colour icon must be 192×192', () => {
    expect(iconProblems('color', encodePng(192, 192, () => [0, 120, 212, 255]))).toEqual([]);
    expect(iconProblems('color', encodePng(96, 96, () => WHITE)).join('\n')).toMatch(/96×96; Teams needs 192×192/);
  });
});

describe('zip', () => {
  test('round-trips files, with checksums', () => {
    const files = [
      { name: 'manifest.json', data: Buffer.from('{"a":1}\n') },
      { name: 'empty.txt', data: Buffer.alloc(0) },
      { name: 'big.bin', data: Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 251)) },
    ];
    const read = unzip(zip(files));
    expect([...read.keys()]).toEqual(files.map((f) => f.name));
    for (const file of files) expect(read.get(file.name)?.equals(file.data)).toBe(true);
  });

  test('refuses names with folders or odd characters', () => {
    expect(() => zip([{ name: '../manifest.json', data: Buffer.alloc(1) }])).toThrow(/Unsupported file name/);
  });
});
