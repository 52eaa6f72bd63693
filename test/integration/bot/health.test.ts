import { describe, expect, test } from 'vitest';
import { botTest } from '../../harness/fixture.js';
import { startStack } from '../../harness/stack.js';

describe('health endpoints', () => {
  botTest('/healthz answers 200 while the process runs', async ({ teams }) => {
    const result = await teams.get('/healthz');

    expect(result.status).toBe(200);
    expect(result.contentType).toContain('application/json');
  });

  botTest('/readyz answers 200 when the emulator answers and the store is open', async ({ teams }) => {
    const result = await teams.get('/readyz');

    expect(result.status, result.body).toBe(200);
  });

  test('/readyz answers 503 once the emulator is gone, while /healthz stays 200', async () => {
    // A stack of its own: stopping the emulator must not disturb other tests. /readyz has not been
    // asked before the emulator stops, so no cached "ready" answer can hide the outage.
    const stack = await startStack();
    try {
      await stack.emulator.close();

      const ready = await stack.teams.get('/readyz');
      const alive = await stack.teams.get('/healthz');

      expect(ready.status, ready.body).toBe(503);
      expect(ready.body).not.toMatch(/\n\s+at\s/);
      expect(alive.status).toBe(200);
    } finally {
      await stack.close();
    }
  });

  test('closing the stack releases the bot\'s port', async () => {
    const stack = await startStack();
    try {
      const before = await stack.teams.get('/readyz');
      expect(before.status, before.body).toBe(200);
    } finally {
      await stack.close();
    }
    // After close the port is released: nothing answers any more.
    await expect(stack.teams.get('/healthz')).rejects.toThrow();
  });
});
