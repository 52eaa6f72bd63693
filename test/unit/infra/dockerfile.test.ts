import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

/**
 * No Docker engine runs here, so the image is checked as text: dockerfilelint, then the properties the
 * deployment relies on (stages, user, health check, start command, files the app reads at run time).
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const DOCKERFILE = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const run = promisify(execFile);

interface LintReport { totalIssues: number; files: { issues: { line: string; title: string }[] }[] }

async function lint(content: string): Promise<LintReport> {
  // dockerfilelint exits 1 when it finds issues; the JSON report is on stdout either way.
  const bin = path.join(ROOT, 'node_modules', '.bin', 'dockerfilelint');
  const result = await run(bin, ['-j', content], { cwd: ROOT }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return JSON.parse(result.stdout) as LintReport;
}

/** Instructions with continuation lines joined, comments dropped, split into stages at each FROM. */
function stages(text: string): { from: string; lines: string[] }[] {
  const joined = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const out: { from: string; lines: string[] }[] = [];
  for (const line of joined) {
    if (/^FROM\s/i.test(line)) out.push({ from: line, lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
}

const all = stages(DOCKERFILE);
const runtime = all.at(-1) as { from: string; lines: string[] };
const build = all.slice(0, -1);

describe('Dockerfile', () => {
  test('passes dockerfilelint', async () => {
    const report = await lint(path.join(ROOT, 'Dockerfile'));
    expect(report.files.flatMap((f) => f.issues.map((i) => `${i.line}: ${i.title}`))).toEqual([]);
  });

  test('dockerfilelint does find problems (the check above can fail)', async () => {
    const report = await lint('FROM node:latest\nRUN apt-get install curl\nRUN cd /tmp\n');
    expect(report.totalIssues).toBeGreaterThan(0);
  });

  test('builds in one stage and runs from another', () => {
    expect(build.length).toBeGreaterThanOrEqual(1);
    expect(build.some((s) => s.lines.some((l) => /^RUN .*npm run build/.test(l)))).toBe(true);
    expect(runtime.lines.some((l) => /^COPY --from=\w+ \/app\/dist /.test(l))).toBe(true);
  });

  test('ships production dependencies only, without the compilers', () => {
    const pruned = build.some((s) => s.lines.some((l) => /npm prune --omit=dev|npm ci .*--omit=dev/.test(l)));
    expect(pruned).toBe(true);
    expect(runtime.lines.filter((l) => /^RUN .*\b(npm (ci|install)|apt-get install)/.test(l))).toEqual([]);
    expect(build.some((s) => s.lines.some((l) => /apt-get install .*\bg\+\+/.test(l)))).toBe(true);
  });

  test('runs as a non-root user', () => {
    const users = runtime.lines.filter((l) => /^USER\s/i.test(l));
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^USER\s+(root|0)(:|\s|$)/i);
  });

  test('checks /healthz and starts dist/main.js with the telemetry loader', () => {
    const healthcheck = runtime.lines.find((l) => /^HEALTHCHECK\s/i.test(l));
    expect(healthcheck).toMatch(/\/healthz/);
    const cmd = runtime.lines.filter((l) => /^CMD\s/i.test(l)).at(-1) ?? '';
    const argv = JSON.parse(cmd.replace(/^CMD\s+/i, '')) as string[];
    expect(argv[0]).toBe('node');
    expect(argv.at(-1)).toBe('dist/main.js');
    expect(argv.slice(1, 3)).toEqual(['--import', '@azure/monitor-opentelemetry/loader']);
    expect(runtime.lines.some((l) => /^EXPOSE\s+3978\b/.test(l))).toBe(true);
  });

  test('copies every file the app reads at run time, relative to the project root', () => {
    // Files under src/ that run in production (not the local tools, the emulator or the packaging).
    const devOnly = /^src\/(local|emulator|package|tools)\//;
    const files = (readdirSync(path.join(ROOT, 'src'), { recursive: true }) as string[])
      .map((f) => `src/${f.split(path.sep).join('/')}`)
      .filter((f) => f.endsWith('.ts') && !devOnly.test(f));
    const needed = new Set<string>();
    for (const file of files) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      for (const [, rel] of text.matchAll(/new URL\('([^']+)', import\.meta\.url\)/g)) {
        const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), rel as string)).split(path.sep)[0];
        if (target && !target.startsWith('src')) needed.add(target);
      }
      for (const [, name] of text.matchAll(/readFileSync\(path\.join\(projectRoot, '([^']+)'/g)) needed.add(name as string);
    }
    expect([...needed].sort()).toEqual(['cards', 'package.json']);
    const copied = runtime.lines.filter((l) => /^COPY\s/i.test(l) && !/--from=/.test(l)).map((l) => l.split(/\s+/)[1]);
    for (const asset of needed) expect(copied).toContain(asset);
  });
});

describe('.dockerignore', () => {
  const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));

  test('keeps secrets, local state and host builds out of the build context', () => {
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.git', '.shipshape', '**/node_modules', 'dist']));
  });

  test('keeps everything the Dockerfile copies', () => {
    const sources = all.flatMap((s) => s.lines).filter((l) => /^COPY\s/i.test(l) && !/--from=/.test(l)).flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(ignored, source).not.toContain(source);
  });
});
