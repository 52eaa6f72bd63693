import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { NAMESPACES } from '../../../src/store/namespaces.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';

const here = path.dirname(fileURLToPath(import.meta.url));

test('SQLite keeps every acknowledged record when the process is killed with SIGKILL mid-write', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-kill-'));
  const file = path.join(dir, 'db.sqlite');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'support', 'write-until-killed.ts'), file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acknowledged: { i: number; audit: string }[] = [];
  let buffer = '';
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited early (${String(code)})`))));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [i, audit] = line.split(' ');
        acknowledged.push({ i: Number(i), audit: audit ?? '' });
      }
      // Kill while writes are in full flow, well after the first commits.
      if (acknowledged.length >= 400 && child.exitCode === null) child.kill('SIGKILL');
    });
  });

  const store = new SqliteStore(file);
  try {
    expect(acknowledged.length).toBeGreaterThanOrEqual(400);
    for (const { i, audit } of acknowledged) {
      expect((await store.get(NAMESPACES.claims, `approval-${i}`))?.value, `approval-${i}`).toEqual({ executedBy: 'child', i });
      expect(await store.get(NAMESPACES.audit, audit), audit).toBeDefined();
    }
    // Nothing doubled either: one claim per number, no gaps before the last acknowledged one.
    const claimed: number[] = [];
    for await (const item of store.list<{ i: number }>(NAMESPACES.claims)) claimed.push(item.value.i);
    claimed.sort((a, b) => a - b);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.slice(0, acknowledged.length)).toEqual(acknowledged.map((a) => a.i));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
