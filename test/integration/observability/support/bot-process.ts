import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '../../../..');

/** A package's ESM entry for a subpath, from its exports map (node resolves `--import` from the cwd). */
function esmEntry(pkg: string, subpath: string): string {
  const dir = path.join(ROOT, 'node_modules', pkg);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  const entry = manifest.exports[subpath] as string | { import?: string | { default?: string } };
  const file = typeof entry === 'string' ? entry : typeof entry.import === 'string' ? entry.import : entry.import?.default;
  if (!file) throw new Error(`no ESM entry for ${pkg} ${subpath}`);
  return pathToFileURL(path.join(dir, file)).href;
}

export interface BotProcess {
  url: string;
  /** Everything the process wrote to stdout (pino JSON lines and others). */
  output(): string;
  /** SIGTERM, as the platform sends it; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Runs src/main.ts the way the container image runs dist/main.js: a separate Node process started
 * with `--import @azure/monitor-opentelemetry/loader`. The working directory is `cwd` so that no
 * developer's .env leaks in; `env` is the whole environment.
 */
export async function startBotProcess(cwd: string, env: Record<string, string>): Promise<BotProcess> {
  const args = ['--import', esmEntry('@azure/monitor-opentelemetry', './loader'), '--import', esmEntry('tsx', '.'), path.join(ROOT, 'src', 'main.ts')];
  const child: ChildProcess = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not start in 90 s:\n${out}\n${err}`)), 90_000);
    child.stdout?.on('data', () => {
      const found = /"url":"(http:\/\/[^"]+)\/api\/messages"/.exec(out);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited with ${code}:\n${out}\n${err}`));
    });
  });
  return {
    url,
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
