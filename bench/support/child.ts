import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A child process of the bench (TypeScript through tsx, or plain JavaScript), talked to over IPC with request/answer messages. */
export interface Child {
  readonly process: ChildProcess;
  readonly ready: Record<string, unknown>;
  ask(message: Record<string, unknown>): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
let nextId = 0;

export async function startChild(script: string, args: string[], options: { env?: NodeJS.ProcessEnv; heapMb?: number } = {}): Promise<Child> {
  const child = fork(path.join(here, script), args, {
    execArgv: [
      // Plain JavaScript children (the compiled bot) run without the TypeScript loader.
      ...(script.endsWith('.ts') ? ['--import', 'tsx'] : []),
      ...(options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : []),
      // BENCH_PROFILE=dir writes a CPU profile of every child process there, for finding where time goes.
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    ],
    env: options.env ?? process.env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    child.on('message', (m: Record<string, unknown>) => {
      if (m.type === 'ready') resolve(m);
    });
  });
  return {
    process: child,
    ready,
    ask(message) {
      const id = ++nextId;
      return new Promise((resolve) => {
        const onMessage = (m: Record<string, unknown>): void => {
          if (m.type === 'done' && m.id === id) {
            child.off('message', onMessage);
            resolve(m);
          }
        };
        child.on('message', onMessage);
        child.send({ ...message, id });
      });
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ type: 'stop' });
      });
    },
  };
}
