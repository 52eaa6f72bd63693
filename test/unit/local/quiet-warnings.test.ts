import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const run = promisify(execFile);
const quiet = fileURLToPath(new URL('../../../src/local/quiet-warnings.ts', import.meta.url));

/** npm start's terminal: restify's known DEP0111 is dropped, every other warning still shows. */
describe('the warning filter of npm start', () => {
  async function stderrOf(first: string): Promise<string> {
    const script = `${first}await import('restify'); process.emitWarning('something else', { type: 'DeprecationWarning', code: 'DEP9999' }); await new Promise((r) => setTimeout(r, 50));`;
    const { stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../../..', import.meta.url)) });
    return stderr;
  }

  test('without it, loading restify prints DEP0111 (so the filter below has something to drop)', async () => {
    expect(await stderrOf('')).toContain("process.binding('http_parser')");
  }, 30_000);

  test('with it, DEP0111 from restify is gone and other warnings still print', async () => {
    const stderr = await stderrOf(`await import(${JSON.stringify(quiet)});`);
    expect(stderr).not.toContain('DEP0111');
    expect(stderr).toContain('[DEP9999] DeprecationWarning: something else');
  }, 30_000);
});
