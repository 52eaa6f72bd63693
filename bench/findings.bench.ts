/**
 * The per-subscription (fallback) path's memory and speed: "which prod images have criticals" with
 * Resource Graph refused, so ShipShape reads every prod registry's findings page by page. Per size,
 * BENCH_SAMPLES (default 3) samples of each, answers checked against the tenant's truth every time:
 *
 * - the ideal per-subscription fetch: the same lists and pages, raw, parallel, only parsed (after one
 *   unmeasured pass, so the emulator's own warm-up is not counted);
 * - ShipShape started exactly as the container image starts it (the Dockerfile's CMD, see
 *   shipped-bot.ts), a new process per sample, cold: time to the complete answer, the bot's CPU time,
 *   its peak resident set (`VmHWM`) and its resident set when ready;
 * - the same bot without the CMD's Node options (heap and GC settings), interleaved with it, so the
 *   figures show what those options save in memory and cost in CPU under the same load.
 *
 * The emulator runs in its own process with 50 ms latency and ARM's throttling on. Sizes: 20 k and
 * 200 k findings; BENCH_QUICK=1 20 k only; BENCH_FINDINGS=n one size only; BENCH_LARGE=1 adds 1 M (a
 * 2.2 GB tenant, ~10 GB of memory for the emulator). `npm run bench -- prod` asks the same question
 * every other way.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startConnector, type Connector } from '../test/harness/connector.js';
import { personas, rosterFor } from '../test/harness/personas.js';
import { TEST_APP } from '../test/harness/stack.js';
import { summaryCounts } from '../test/integration/findings/support/read-card.js';
import { rightCard, sample, truthFor } from './prod.bench.js';
import { buildOnce } from './support/build.js';
import { startBenchEmulator } from './support/bench-emulator.js';
import { perSubscriptionIdeal } from './support/prod-question.js';
import type { BenchResult } from './support/result.js';
import { median, spread } from './support/samples.js';
import { ask, type AskTiming } from './support/shipshape.js';
import { startShippedBot } from './support/shipped-bot.js';
import { estateFor, tenantFile } from './support/tenants.js';

const QUESTION = 'which prod images have criticals';
const FAULTS = { latencyMs: 50 };
/** Resource Graph refusing all but one query: ShipShape reads per subscription, as when it is not allowed. */
const NO_GRAPH = { ...FAULTS, resourceGraphQuota: { queries: 1, windowSeconds: 3600 } };
const SAMPLES = Math.max(1, Number(process.env.BENCH_SAMPLES ?? 3));
const log = (line: string): void => console.log(`  ${line}`);
/** Node's longest string, in bytes of an ASCII file (V8: 2^29 − 24 characters). */
const MAX_STRING_BYTES = 0x1fffffe8;

interface ColdRun {
  ms: number;
  /** The bot's CPU time for the answer. */
  cpuMs: number;
  peakMb: number;
  readyMb: number;
  right: boolean;
}

function sizes(): number[] {
  if (process.env.BENCH_FINDINGS) return [Number(process.env.BENCH_FINDINGS)];
  if (process.env.BENCH_QUICK === '1') return [20_000];
  return [20_000, 200_000, ...(process.env.BENCH_LARGE === '1' ? [1_000_000] : [])];
}

const labelOf = (findings: number): string => (findings >= 1_000_000 ? `${findings / 1_000_000}M` : `${findings / 1000}k`);

async function runSize(findings: number, workdir: string): Promise<BenchResult[]> {
  const label = labelOf(findings);
  const file = await tenantFile(estateFor(findings), log);
  // A tenant file past Node's longest string (the 1 M one) cannot be read whole: its answers are then
  // checked against the ideal fetch's count of open prod criticals, which reads the same pages raw.
  const truth = statSync(file).size < MAX_STRING_BYTES ? truthFor(file, personas.priya) : undefined;
  log(truth ? `${label}: the truth for Priya is ${truth.images} prod images with ${truth.criticals} open criticals` : `${label}: tenant file too large to read whole; answers are checked against the ideal fetch's critical count`);
  let idealCriticals: number | undefined;
  const right = (t: AskTiming): boolean => (truth ? rightCard(t, truth) : summaryCounts(t.card)?.Critical === idealCriticals);
  const caDir = path.join(workdir, `ca-${label}`);
  const { emulator, baseUrl, tenantId, caCertPem, token, refill: refillWith } = await startBenchEmulator(file, caDir, FAULTS, findings);
  let connector: Connector | undefined;
  try {
    const refill = refillWith;

    // One unmeasured pass first: the emulator's own code is cold at the first request, and that is not the ideal's cost.
    await refill(FAULTS)();
    await perSubscriptionIdeal(baseUrl, caCertPem, await token());
    const ideal = await sample(
      'ideal per-subscription fetch (raw, parallel)',
      async () => {
        const a = await perSubscriptionIdeal(baseUrl, caCertPem, await token());
        idealCriticals ??= a.criticals;
        const agrees = truth ? a.images === truth.images && a.criticals === truth.criticals : a.criticals === idealCriticals;
        return { ms: a.ms, right: agrees, note: `${a.requests ?? 0} requests` };
      },
      refill(FAULTS),
    );

    await buildOnce();
    connector = await startConnector({ roster: rosterFor(file, tenantId) });
    const context = { serviceUrl: connector.url, tenantId, bot: { id: `28:${TEST_APP.clientId}`, name: 'ShipShape' } };
    let run = 0;
    const cold = async (nodeOptions: 'dockerfile' | 'none'): Promise<ColdRun> => {
      await refill(NO_GRAPH)();
      const bot = await startShippedBot(
        {
          ...process.env, EMULATOR_URL: baseUrl, EMULATOR_CA_DIR: caDir, AZURE_TENANT_ID: tenantId, AZURE_CLIENT_ID: TEST_APP.clientId,
          AZURE_CLIENT_SECRET: TEST_APP.clientSecret, DATA_DIR: path.join(workdir, `data-${label}-${run++}`), PLAYGROUND: 'off', LOG_LEVEL: 'silent',
        },
        { nodeOptions },
      );
      try {
        const ready = bot.rssMb();
        const cpuBefore = bot.cpuMs();
        const t = await ask(bot.url, connector as Connector, context, QUESTION, personas.priya);
        const out = { ms: t.finalMs, cpuMs: bot.cpuMs() - cpuBefore, peakMb: bot.peakRssMb(), readyMb: ready, right: right(t) };
        log(`ShipShape cold${nodeOptions === 'none' ? ', without the CMD\'s Node options' : ''}: ${(out.ms / 1000).toFixed(2)} s, CPU ${(out.cpuMs / 1000).toFixed(2)} s, peak RSS ${out.peakMb.toFixed(0)} MB (${out.readyMb.toFixed(0)} MB when ready)${out.right ? '' : ' WRONG ANSWER'}${t.partialFirst ? `, partial first, ${t.refreshes} refresh` : ''}`);
        return out;
      } finally {
        await bot.stop();
      }
    };
    // Paired and interleaved, so that both see the same load on the machine.
    const shipped: ColdRun[] = [];
    const bare: ColdRun[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      shipped.push(await cold('dockerfile'));
      bare.push(await cold('none'));
    }
    const ms = shipped.map((r) => r.ms);
    const ratio = median(ms) / median(ideal.ms);
    const peak = Math.max(...shipped.map((r) => r.peakMb));
    const wrong = ideal.wrong + [...shipped, ...bare].filter((r) => !r.right).length;
    const cpu = (runs: ColdRun[]): number => median(runs.map((r) => r.cpuMs));
    return [
      { name: `${label} · ideal per-subscription fetch`, value: median(ideal.ms), unit: 'ms', note: `${spread(ideal.ms)}${ideal.note ? `; ${ideal.note}` : ''}` },
      { name: `${label} · ShipShape cold, per-subscription path`, value: median(ms), unit: 'ms', note: `${spread(ms)}; CPU ${Math.round(cpu(shipped))} ms` },
      { name: `${label} · per-subscription path cold ÷ its ideal`, value: ratio, unit: 'x', goal: '≤ 1.2×', pass: ratio <= 1.2 },
      { name: `${label} · peak RSS, per-subscription path (worst sample)`, value: peak, unit: 'MB', goal: '< 250 MB', pass: peak < 250, note: `median ${median(shipped.map((r) => r.peakMb)).toFixed(0)} MB` },
      { name: `${label} · RSS when ready, before the question`, value: median(shipped.map((r) => r.readyMb)), unit: 'MB' },
      { name: `${label} · without the CMD's Node options: peak RSS`, value: Math.max(...bare.map((r) => r.peakMb)), unit: 'MB', note: `ready ${median(bare.map((r) => r.readyMb)).toFixed(0)} MB` },
      { name: `${label} · CPU per answer, as shipped ÷ without the Node options`, value: cpu(shipped) / cpu(bare), unit: 'x', note: `wall ${(median(ms) / median(bare.map((r) => r.ms))).toFixed(2)}×` },
      { name: `${label} · wrong answer counts, every sample`, value: wrong, unit: 'answers', goal: '0', pass: wrong === 0 },
    ];
  } finally {
    await connector?.close();
    await emulator.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const workdir = mkdtempSync(path.join(tmpdir(), 'shipshape-findings-bench-'));
  try {
    const out: BenchResult[] = [];
    for (const findings of sizes()) out.push(...(await runSize(findings, workdir)));
    if (process.env.BENCH_LARGE !== '1' && !process.env.BENCH_FINDINGS) out.push({ name: '1M findings', value: 0, unit: 'ms', note: 'skipped: BENCH_LARGE=1 runs it' });
    return out;
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}
