import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/index.js';
import { decide, exceptionsFileSchema, FAILING_SEVERITIES, type AuditFinding } from './audit-policy.js';

/**
 * `tsx src/tools/audit-gate.ts [--strict]`, run by .ci/run: `npm audit --omit=dev`, judged by the
 * policy in audit-policy.ts against .ci/audit-exceptions.json. Exit 1 on a failing advisory or an
 * expired exception. When the advisory service cannot be reached (offline mirrors), it says so and
 * passes, unless --strict.
 */
const EXCEPTIONS_FILE = path.join(projectRoot, '.ci', 'audit-exceptions.json');
const say = (line: string): void => void process.stdout.write(`${line}\n`);
const show = (f: AuditFinding): string => `${f.severity.padEnd(8)} ${f.package}  ${f.advisory}  ${f.title}`;

function main(argv: readonly string[]): number {
  const strict = argv.includes('--strict');
  const exceptions = existsSync(EXCEPTIONS_FILE) ? exceptionsFileSchema.parse(JSON.parse(readFileSync(EXCEPTIONS_FILE, 'utf8'))).exceptions : [];
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['audit', '--omit=dev', '--json'], { cwd: projectRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let report: unknown;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    report = undefined;
  }

  const decision = decide(report, exceptions, new Date());
  if (!decision.reachable) {
    const detail = typeof report === 'object' && report !== null && 'message' in report ? String((report as { message: unknown }).message) : (run.stderr || run.error?.message || '').trim().split('\n')[0];
    console.error(`npm audit: the advisory service could not be reached (${detail}).`);
    if (strict) return 1;
    say('Not failing: --strict was not given. Run the audit where the npm registry is reachable.');
    return 0;
  }
  say(`npm audit --omit=dev: ${decision.failures.length} failing, ${decision.excepted.length} excepted, ${decision.below.length} below ${FAILING_SEVERITIES.join('/')}.`);
  for (const f of decision.below) say(`  (below threshold) ${show(f)}`);
  for (const f of decision.excepted) say(`  (excepted) ${show(f)}`);
  for (const s of decision.stale) console.error(`  exception: ${s}`);
  for (const f of decision.failures) console.error(`  FAIL ${show(f)}`);
  const expired = decision.stale.some((s) => s.includes('expired'));
  if (decision.failures.length > 0 || expired) {
    console.error('Fix by upgrading (npm update, or an "overrides" entry), or record a reviewed exception in .ci/audit-exceptions.json (see README, Security).');
    return 1;
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
