/**
 * Findings at tenant scale. A generated tenant of 20 subscriptions,
 * 200 registries, 20,000 images and 200,000 findings is served by the emulator (its own process)
 * with 50 ms latency per request and ARM's throttling on, and one question is timed three ways:
 *
 * - naive: the official SDK, `subAssessments.listAll` per subscription, one after another, in memory;
 * - ideal fetch: the same pages ShipShape reads, raw and fully parallel within the throttle budget;
 * - ShipShape: the question through /api/messages to the bot (its own process), cold and warm.
 *
 * Then the cold time at 20 k, 200 k and (with BENCH_LARGE=1: a 2.2 GB tenant, ~10 GB of memory for the
 * emulator, over half an hour) 1 M findings. The question needs every finding: "which images have criticals".
 * BENCH_QUICK=1 runs the 20 k estate only, naive included; BENCH_PROFILE=dir profiles the child processes.
 * BENCH_BOT_HEAP_MB=n caps the bot's V8 heap (`--max-old-space-size`), to see what memory costs in time.
 *
 * The bot runs compiled (dist/, built first), as the container image runs it: the TypeScript loader
 * alone adds about 80 MB of resident memory.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OnBehalfOfCredentialFactory } from '../src/azure/credentials.js';
import { EmulatorSsoAssertions } from '../src/azure/user-assertion.js';
import type { AzureConfig } from '../src/config/index.js';
import { startConnector } from '../test/harness/connector.js';
import { DEMO_TENANT_FILE, personas, rosterFor } from '../test/harness/personas.js';
import { TEST_APP } from '../test/harness/stack.js';
import { buildOnce } from './support/build.js';
import { startChild, type Child } from './support/child.js';
import { idealFetch, type IdealResult } from './support/ideal.js';
import { naive, type NaiveResult } from './support/naive.js';
import type { BenchResult } from './support/result.js';
import { ask, type AskTiming } from './support/shipshape.js';
import { estateFor, tenantFile } from './support/tenants.js';

const QUESTION = 'which images have criticals';
const FAULTS = { latencyMs: 50 };
const LARGE = process.env.BENCH_LARGE === '1';
/** BENCH_QUICK=1: the 20 k estate only, naive included (a minute, for trying changes). */
const QUICK = process.env.BENCH_QUICK === '1';
const log = (line: string): void => console.log(`  ${line}`);

interface SizeRun {
  findings: number;
  naive?: NaiveResult;
  ideal: IdealResult;
  cold: AskTiming;
  warm: AskTiming;
  idleRssMb: number;
  peakRssMb: number;
}

async function runSize(findings: number, workdir: string, withNaive: boolean): Promise<SizeRun> {
  const file = await tenantFile(estateFor(findings), log);
  const caDir = path.join(workdir, 'ca');
  const loadStart = Date.now();
  const emulator = await startChild('emulator-child.ts', [file, caDir, TEST_APP.clientId, TEST_APP.clientSecret, JSON.stringify(FAULTS)], { heapMb: findings >= 1_000_000 ? 24_000 : 8_192 });
  log(`${findings.toLocaleString('en')} findings: emulator up in ${((Date.now() - loadStart) / 1000).toFixed(0)} s`);
  let bot: Child | undefined;
  try {
    const baseUrl = String(emulator.ready.baseUrl);
    const tenantId = String(emulator.ready.tenantId);
    const caCertPem = readFileSync(path.join(caDir, 'ca.pem'), 'utf8');
    const azure: AzureConfig = { kind: 'emulator', tenantId, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, armEndpoint: baseUrl, authorityHost: baseUrl, caCertPem };
    const credential = await new OnBehalfOfCredentialFactory(azure, new EmulatorSsoAssertions(baseUrl, azure.clientId, caCertPem)).forUser({ channelUserId: 'bench', aadObjectId: personas.priya.aadObjectId });
    // New fault settings refill every throttle bucket: each contender starts with ARM's full budget.
    const refill = (): Promise<unknown> => emulator.ask({ type: 'faults', faults: FAULTS });

    let naiveResult: NaiveResult | undefined;
    if (withNaive) {
      await refill();
      log('naive SDK run (minutes)…');
      naiveResult = await naive(azure, credential);
      log(`  naive: ${(naiveResult.ms / 1000).toFixed(1)} s, ${naiveResult.subAssessments.toLocaleString('en')} sub-assessments`);
    }
    await refill();
    const token = (await credential.getToken('https://management.azure.com/.default'))?.token ?? '';
    const ideal = await idealFetch(baseUrl, caCertPem, token);
    log(`  ideal fetch: ${(ideal.ms / 1000).toFixed(2)} s, ${ideal.requests} requests, ${ideal.megabytes.toFixed(0)} MB, ${ideal.throttled} throttled`);

    await refill();
    const connector = await startConnector({ roster: rosterFor(DEMO_TENANT_FILE, tenantId) });
    try {
      await buildOnce();
      bot = await startChild('bot-child.mjs', [], {
        ...(process.env.BENCH_BOT_HEAP_MB ? { heapMb: Number(process.env.BENCH_BOT_HEAP_MB) } : {}),
        env: {
          ...process.env, PORT: '0', HOST: '127.0.0.1', EMULATOR_URL: baseUrl, EMULATOR_CA_DIR: caDir, AZURE_TENANT_ID: tenantId,
          AZURE_CLIENT_ID: TEST_APP.clientId, AZURE_CLIENT_SECRET: TEST_APP.clientSecret, DATA_DIR: path.join(workdir, `data-${findings}`),
          PLAYGROUND: 'off', LOG_LEVEL: 'silent',
        },
      });
      const context = { serviceUrl: connector.url, tenantId, bot: { id: `28:${TEST_APP.clientId}`, name: 'ShipShape' } };
      const botUrl = String(bot.ready.url).replace(/\/+$/, '');
      const cold = await ask(botUrl, connector, context, QUESTION, personas.priya);
      const warm = await ask(botUrl, connector, context, QUESTION, personas.priya);
      const rss = await bot.ask({ type: 'rss' });
      log(`  ShipShape: cold ${(cold.finalMs / 1000).toFixed(2)} s${cold.partialFirst ? ` (partial first, ${cold.refreshes} refresh)` : ''}, warm ${warm.finalMs.toFixed(0)} ms; RSS idle ${Number(bot.ready.idleRssMb).toFixed(0)} MB, peak ${Number(rss.peakRssMb).toFixed(0)} MB; event loop lag max ${Number(rss.maxLagMs).toFixed(0)} ms; peak JS heap used ${Number(rss.heapUsedMb).toFixed(0)} MB, external ${Number(rss.externalMb).toFixed(0)} MB (array buffers ${Number(rss.arrayBuffersMb).toFixed(0)} MB)`);
      return { findings, ...(naiveResult ? { naive: naiveResult } : {}), ideal, cold, warm, idleRssMb: Number(bot.ready.idleRssMb), peakRssMb: Number(rss.peakRssMb) };
    } finally {
      await bot?.stop();
      await connector.close();
    }
  } finally {
    await emulator.stop();
  }
}

function results(runs: SizeRun[]): BenchResult[] {
  const main = runs.find((r) => r.naive) ?? runs[runs.length - 1];
  if (!main) return [];
  const out: BenchResult[] = [];
  const k = `${main.findings / 1000}k`;
  if (main.naive) out.push({ name: `${k} · naive SDK (listAll per subscription, sequential)`, value: main.naive.ms, unit: 'ms', note: `${main.naive.subAssessments.toLocaleString('en')} sub-assessments, ${main.naive.imagesWithCriticals} images with criticals` });
  out.push({
    name: `${k} · ideal fetch (same pages, raw, parallel)`,
    value: main.ideal.ms,
    unit: 'ms',
    note: `${main.ideal.requests} requests, ${main.ideal.megabytes.toFixed(0)} MB, ${main.ideal.throttled} × 429, ${(main.ideal.requests / (main.ideal.ms / 1000)).toFixed(0)} requests/s`,
  });
  out.push({ name: `${k} · ShipShape cold, to the complete answer`, value: main.cold.finalMs, unit: 'ms', note: main.cold.partialFirst ? `partial answer first, completed by ${main.cold.refreshes} refresh` : 'complete at once' });
  const ratio = main.cold.finalMs / main.ideal.ms;
  out.push({ name: `${k} · ShipShape cold ÷ ideal fetch`, value: ratio, unit: 'x', goal: '≤ 1.2×', pass: ratio <= 1.2 });
  if (main.naive) {
    const speedup = main.naive.ms / main.cold.finalMs;
    out.push({ name: `${k} · naive ÷ ShipShape cold (speed-up)`, value: speedup, unit: 'x', goal: '≥ 10×', pass: speedup >= 10 });
  }
  out.push({ name: `${k} · ShipShape warm (same user, cached)`, value: main.warm.finalMs, unit: 'ms', goal: '< 200 ms', pass: main.warm.finalMs < 200 });
  const visible = main.cold.typingMs ?? main.cold.firstMessageMs;
  out.push({ name: `${k} · first visible reply (typing indicator)`, value: visible, unit: 'ms', goal: '< 1,000 ms', pass: visible < 1000 });
  out.push({ name: `${k} · first message (working card or answer)`, value: main.cold.firstMessageMs, unit: 'ms', goal: '< 1,000 ms', pass: main.cold.firstMessageMs < 1000 });
  out.push({ name: `${k} · ShipShape RSS before the question (bot process, idle)`, value: main.idleRssMb, unit: 'MB' });
  out.push({ name: `${k} · ShipShape peak RSS (bot process)`, value: main.peakRssMb, unit: 'MB', goal: '< 300 MB', pass: main.peakRssMb < 300 });
  for (const run of runs) {
    const label = run.findings >= 1_000_000 ? `${run.findings / 1_000_000}M` : `${run.findings / 1000}k`;
    out.push({ name: `cold time at ${label} findings (ideal fetch ${(run.ideal.ms / 1000).toFixed(1)} s)`, value: run.cold.finalMs, unit: 'ms', note: `warm ${run.warm.finalMs.toFixed(0)} ms, peak RSS ${run.peakRssMb.toFixed(0)} MB` });
  }
  if (!LARGE && !QUICK) out.push({ name: 'cold time at 1M findings', value: 0, unit: 'ms', note: 'skipped: BENCH_LARGE=1 runs it (2.2 GB tenant file, ~10 GB for the emulator, over half an hour at its current cost per page)' });
  return out;
}

export async function run(): Promise<BenchResult[]> {
  const workdir = mkdtempSync(path.join(tmpdir(), 'shipshape-bench-'));
  try {
    const runs: SizeRun[] = [];
    const sizes = QUICK ? [20_000] : [20_000, 200_000, ...(LARGE ? [1_000_000] : [])];
    for (const findings of sizes) runs.push(await runSize(findings, workdir, findings === (QUICK ? 20_000 : 200_000)));
    return results(runs);
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}
