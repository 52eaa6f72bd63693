import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * ShipShape started exactly as the container image starts it: the Dockerfile's CMD (`node`, its
 * flags, `--import @azure/monitor-opentelemetry/loader dist/main.js`), read from the Dockerfile
 * itself so the two cannot drift apart, configured by its environment only. Ready when /healthz answers; its peak resident memory is read from the kernel
 * (`VmHWM`), so nothing in the bot is there for the bench.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ShippedBot {
  url: string;
  pid: number;
  /** Peak resident set so far, MB (Linux `VmHWM`). */
  peakRssMb(): number;
  /** Resident set now, MB (Linux `VmRSS`). */
  rssMb(): number;
  /** CPU time used so far, ms (user + system): less disturbed than wall time by other work on the machine. */
  cpuMs(): number;
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

function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function cpuMs(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name; clock ticks of 10 ms.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)\s*/, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The Dockerfile's `CMD [...]` (exec form): the program and its arguments. */
export function dockerfileCommand(dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8')): string[] {
  const line = dockerfile.split('\n').find((l) => /^CMD\s*\[/.test(l));
  if (!line) throw new Error('the Dockerfile has no CMD in exec form');
  const command = JSON.parse(line.replace(/^CMD\s*/, '')) as unknown;
  if (!Array.isArray(command) || command[0] !== 'node' || !command.every((a) => typeof a === 'string')) throw new Error(`the Dockerfile's CMD is not a node command: ${line}`);
  return command as string[];
}

/** Node's own options in a command line (`--max-old-space-size=…`), not `--import` and its module. */
function withoutNodeOptions(args: string[]): string[] {
  return args.filter((a, i) => !a.startsWith('--') || a === '--import' || args[i - 1] === '--import');
}

/**
 * `nodeOptions: 'none'` starts the same command without the CMD's Node options (heap and GC
 * settings), only for figures that show what those options cost or save.
 */
export async function startShippedBot(env: NodeJS.ProcessEnv, options: { nodeOptions?: 'dockerfile' | 'none' } = {}): Promise<ShippedBot> {
  const port = await freePort();
  const [, ...cmd] = dockerfileCommand();
  const args = options.nodeOptions === 'none' ? withoutNodeOptions(cmd) : cmd;
  const child: ChildProcess = spawn(process.execPath, args, {
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
    peakRssMb: () => statusMb(pid, 'VmHWM'),
    rssMb: () => statusMb(pid, 'VmRSS'),
    cpuMs: () => cpuMs(pid),
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
