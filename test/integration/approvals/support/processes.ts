import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Stack } from '../../../harness/stack.js';
import { TEST_APP } from '../../../harness/stack.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface BotProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited, with the signal that ended it (if any). */
  exited: Promise<NodeJS.Signals | null>;
  stop(): Promise<void>;
}

/** The environment of a bot that shares the stack's emulator and the given data folder (its store). */
export function botEnv(stack: Stack, dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    PORT: '0',
    HOST: '127.0.0.1',
    EMULATOR_URL: stack.emulator.baseUrl,
    EMULATOR_CA_DIR: path.join(stack.workdir, 'ca'),
    TENANT_FILE: stack.tenantFile,
    AZURE_TENANT_ID: stack.emulator.tenantId,
    AZURE_CLIENT_ID: TEST_APP.clientId,
    AZURE_CLIENT_SECRET: TEST_APP.clientSecret,
    DATA_DIR: dataDir,
    PLAYGROUND: 'off',
    LOG_LEVEL: 'silent',
    DIGEST_SCHEDULER: 'off',
    RATE_LIMIT_PER_MINUTE: '0',
    ...extra,
  };
}

/** Starts `bot-process.ts` in its own Node process and waits until it listens. */
export function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'bot-process.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`bot process did not start in time: ${stderr}`)), 45_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      const { url } = JSON.parse(line) as { url: string };
      resolve({
        url,
        child,
        exited,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
    void exited.then((signal) => {
      clearTimeout(timer);
      reject(new Error(`bot process exited before listening (${String(signal)}): ${stderr}`));
    });
  });
}
