import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * ShipShape started exactly as the container image starts it: `node --import
 * @azure/monitor-opentelemetry/loader dist/main.js` (see the Dockerfile's CMD), configured by its
 * environment only. Ready when /healthz answers; its peak resident memory is read from the kernel
 * (`VmHWM`), so nothing in the bot is there for the bench.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ShippedBot {
  url: string;
  pid: number;
  /** Peak resident set so far, MB (Linux `VmHWM`). */
  peakRssMb(): number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function vmHwmMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export async function startShippedBot(env: NodeJS.ProcessEnv): Promise<ShippedBot> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', '@azure/monitor-opentelemetry/loader', 'dist/main.js'], {
    cwd: root,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode} before it was ready`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error('the bot was not ready within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid as number;
  return {
    url,
    pid,
    peakRssMb: () => vmHwmMb(pid),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
