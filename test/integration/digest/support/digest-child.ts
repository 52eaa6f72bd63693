import { createApp } from '../../../../src/app.js';
import { loadConfig } from '../../../../src/config/index.js';

/**
 * A bot process for the kill -9 test. Its clock is fixed by the parent (so "now" is a chosen
 * digest time), its sends are limited to 10 a second (so a run of 40 digests takes long enough to
 * be interrupted), and it prints `ready` once it listens. Everything else is the real app.
 */
const input = JSON.parse(process.argv[2] ?? '{}') as { env: Record<string, string>; now: string; leaseMs: number };
const config = loadConfig({ ...input.env, PORT: '0', HOST: '127.0.0.1', PLAYGROUND: 'off', LOG_LEVEL: 'silent', DIGEST_POLL_SECONDS: '0.1' });
const now = new Date(input.now);
const app = await createApp(config, {
  digests: { now: () => now, leaseMs: input.leaseMs, queue: { perTenant: { count: 10, windowMs: 1_000 } } },
});
await app.listen(0, '127.0.0.1');
process.stdout.write('ready\n');
