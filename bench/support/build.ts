import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let built: Promise<void> | undefined;

/** Compiles src/ to dist/ once per bench run (`npm run build`), so the bot is measured as it ships. */
export function buildOnce(): Promise<void> {
  built ??= promisify(execFile)(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')], { cwd: root }).then(() => undefined);
  return built;
}
