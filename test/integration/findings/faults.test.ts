import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OnBehalfOfCredentialFactory } from '../../../src/azure/credentials.js';
import { DefenderFindingsSource, type DefenderSourceOptions } from '../../../src/azure/findings/index.js';
import { EmulatorSsoAssertions } from '../../../src/azure/user-assertion.js';
import type { AzureConfig } from '../../../src/config/index.js';
import { FindingsService, type EstateView } from '../../../src/domain/findings/index.js';
import { startEmulator, type FaultOptions, type RunningEmulator } from '../../../src/emulator/index.js';
import { DEMO_TENANT_FILE, personas } from '../../harness/personas.js';
import { TEST_APP } from '../../harness/stack.js';
import { expectedEstate, type ExpectedImage } from './support/expected.js';

/**
 * The Defender source against the emulator misbehaving on purpose: throttling (429 with Retry-After),
 * 5xx answers, slow pages and pages that never come. Pages of two items make every registry a chain
 * of requests. Expectations come from the tenant file.
 */
const priya = { channelUserId: '29:priya', aadObjectId: personas.priya.aadObjectId };
const expected = expectedEstate(DEMO_TENANT_FILE, personas.priya.aadObjectId);

let workdir: string;
const running: RunningEmulator[] = [];
const statuses: number[] = [];

/** An emulator of the demo tenant with small pages, so that every registry is a chain of requests. */
async function emulatorWithPages(pageSize: number): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    tenantFile: DEMO_TENANT_FILE,
    caDir: path.join(workdir, 'ca'),
    app: { ...TEST_APP },
    port: 0,
    pageSize,
    faults: { throttle: false },
    // "GET /path 429 3ms": the status of every answer, to see what the source met.
    log: (line) => {
      const status = /^GET \S+ (\d{3}) /.exec(line)?.[1];
      if (status) statuses.push(Number(status));
    },
  });
  running.push(emulator);
  return emulator;
}

let twoPerPage: RunningEmulator;

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'shipshape-faults-'));
  twoPerPage = await emulatorWithPages(2);
});

afterAll(async () => {
  for (const emulator of running) await emulator.close();
  if (workdir) await rm(workdir, { recursive: true, force: true });
});

interface ScanOptions {
  source?: DefenderSourceOptions;
  budgetMs?: number;
  emulator?: RunningEmulator;
}

/** A fresh service and source (fresh caches), the emulator set to misbehave as given. */
async function scan(faults: FaultOptions, options: ScanOptions = {}): Promise<{ view: EstateView; statuses: number[]; service: FindingsService }> {
  const emulator = options.emulator ?? twoPerPage;
  emulator.setFaults(faults);
  statuses.length = 0;
  const azure: AzureConfig = { kind: 'emulator', tenantId: emulator.tenantId, clientId: TEST_APP.clientId, clientSecret: TEST_APP.clientSecret, armEndpoint: emulator.baseUrl, authorityHost: emulator.baseUrl, caCertPem: emulator.caCertPem };
  const credentials = new OnBehalfOfCredentialFactory(azure, new EmulatorSsoAssertions(emulator.baseUrl, azure.clientId, emulator.caCertPem));
  const service = new FindingsService(new DefenderFindingsSource(azure, credentials, options.source), { budgetMs: options.budgetMs ?? 60_000, maxScanMs: 90_000 });
  const view = await service.view(priya, { environments: [] });
  return { view, statuses: [...statuses], service };
}

/** Open findings per image (registry images), as the view counts them and as the tenant file says. */
function counts(view: EstateView): Record<string, number[]> {
  return Object.fromEntries(view.images.filter((i) => i.registryId).map((i) => [i.key, i.counts]));
}

function expectedCounts(images: readonly ExpectedImage[]): Record<string, number[]> {
  return Object.fromEntries(images.filter((i) => i.registry !== 'contosotools').map((i) => [i.key, [i.counts.Critical, i.counts.High, i.counts.Medium, i.counts.Low]]));
}

describe('faults', () => {
  test('no faults: every image counted as the tenant file says', async () => {
    const { view } = await scan({ throttle: false });
    expect(view.complete).toBe(true);
    expect(view.missing).toEqual([]);
    expect(counts(view)).toEqual(expectedCounts(expected.images));
  });

  test('5xx answers are retried (bounded, with jitter) and the answer is still complete and right', async () => {
    const { view, statuses: seen } = await scan({ throttle: false, errorRate: 0.2, seed: 7 });
    expect(seen.filter((s) => s >= 500).length, 'the emulator did fail some requests').toBeGreaterThan(0);
    expect(view.missing).toEqual([]);
    expect(counts(view)).toEqual(expectedCounts(expected.images));
  });

  test('429: the source waits as told instead of hammering, and finishes right', { timeout: 60_000 }, async () => {
    const { view, statuses: seen } = await scan({ throttle: { readsPerMinute: 40 } });
    const throttled = seen.filter((s) => s === 429).length;
    expect(throttled, 'the throttle did bite').toBeGreaterThan(0);
    // Every request to a throttled subscription waits for Retry-After: a few 429s, not a storm.
    expect(throttled).toBeLessThan(seen.length / 4);
    expect(view.missing).toEqual([]);
    expect(counts(view)).toEqual(expectedCounts(expected.images));
  });

  test('slow pages: the answer within the budget is partial and names what is still loading; then it completes', { timeout: 60_000 }, async () => {
    // Listing the subscriptions takes one slow page; their registries' findings take many.
    const { view, service } = await scan({ throttle: false, slowPageMs: 1_000 }, { budgetMs: 3_500 });
    expect(view.listed).toBe(true);
    expect(view.complete).toBe(false);
    expect(view.missing.filter((m) => m.state === 'loading').map((m) => m.label).length).toBeGreaterThan(0);
    const later = await service.view(priya, { environments: [] }, { budgetMs: 60_000 });
    expect(later.complete).toBe(true);
    expect(counts(later)).toEqual(expectedCounts(expected.images));
  });

  test('pages that never come: bounded retries, then what is missing is named with the reason', { timeout: 60_000 }, async () => {
    // Three per page: the subscription list fits one page; Contoso Prod's lists and several registries do not.
    const emulator = await emulatorWithPages(3);
    const { view } = await scan({ throttle: false, slowPageMs: 2_000 }, { emulator, source: { attemptTimeoutMs: 300, maxRetries: 1 } });
    expect(view.complete).toBe(true);
    const failed = view.missing.filter((m) => m.state === 'failed');
    expect(failed.map((m) => m.label)).toContain('Contoso Prod');
    for (const part of failed) expect(part.reason).toBe('no answer from Azure after retries');
    // Inside the subscriptions that could be listed, the registries that timed out are named one by one.
    expect(failed.some((m) => /^registry \w+ in Contoso (Staging|Dev)$/.test(m.label))).toBe(true);
  });

  test('when not even the subscriptions can be listed, the person is told plainly', { timeout: 60_000 }, async () => {
    const error = await scan({ throttle: false, slowPageMs: 2_000 }, { source: { attemptTimeoutMs: 300, maxRetries: 1 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'UserError', message: expect.stringMatching(/could not be reached while listing the subscriptions/) });
  });
});
