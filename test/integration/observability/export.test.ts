import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { message } from '../../harness/activities.js';
import { startConnector, type Connector } from '../../harness/connector.js';
import { DEMO_TENANT_FILE, personas, rosterFor } from '../../harness/personas.js';
import { TEST_APP } from '../../harness/stack.js';
import { startBotProcess, type BotProcess } from './support/bot-process.js';
import { startIngestion, type Envelope, type Ingestion } from './support/ingestion.js';

/**
 * The bot process as deployed (instrumentation loader, APPLICATIONINSIGHTS_CONNECTION_STRING set)
 * answers one question, is stopped with SIGTERM, and what it exported on the way out is read from a
 * local ingestion endpoint: the request, the turn, the Azure calls, and ShipShape's own metrics.
 */
let work: string;
let emulator: RunningEmulator;
let connector: Connector;
let ingestion: Ingestion;
let bot: BotProcess;
let exitCode: number | null;

const baseType = (type: string) => (e: Envelope) => e.data?.baseType === type;
const metricNames = (envelopes: Envelope[]): string[] =>
  envelopes.filter(baseType('MetricData')).flatMap((e) => e.data?.baseData?.metrics?.map((m) => m.name) ?? []);

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'shipshape-otel-'));
  const caDir = path.join(work, 'ca');
  emulator = await startEmulator({ tenantFile: DEMO_TENANT_FILE, host: '127.0.0.1', port: 0, caDir, app: { ...TEST_APP } });
  connector = await startConnector({ roster: rosterFor(DEMO_TENANT_FILE, emulator.tenantId) });
  // The exporter only speaks HTTPS: reuse the emulator's certificate for 127.0.0.1, trusted through its CA.
  ingestion = await startIngestion({ cert: await readFile(path.join(caDir, 'server.pem'), 'utf8'), key: await readFile(path.join(caDir, 'server-key.pem'), 'utf8') });
  bot = await startBotProcess(work, {
    PORT: '0',
    HOST: '127.0.0.1',
    EMULATOR_URL: emulator.baseUrl,
    EMULATOR_CA_DIR: caDir,
    AZURE_TENANT_ID: emulator.tenantId,
    AZURE_CLIENT_ID: TEST_APP.clientId,
    AZURE_CLIENT_SECRET: TEST_APP.clientSecret,
    DATA_DIR: path.join(work, 'data'),
    PLAYGROUND: 'off',
    DIGEST_SCHEDULER: 'off',
    LOG_LEVEL: 'info',
    APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString,
    // The exporter's own usage statistics would go to Microsoft's endpoints: not from a test.
    APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
    APPLICATIONINSIGHTS_SDKSTATS_DISABLED: 'true',
    NODE_EXTRA_CA_CERTS: path.join(caDir, 'ca.pem'),
  });
  const context = { serviceUrl: connector.url, tenantId: emulator.tenantId, bot: { id: `28:${TEST_APP.clientId}`, name: 'ShipShape' } };
  const response = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify(message(context, { text: 'whoami', as: personas.priya })),
  });
  expect(response.status).toBe(200);
  await connector.waitFor(() => connector.sent.some((e) => e.activity.type === 'message'), { timeoutMs: 20_000 });
  exitCode = await bot.stop();
}, 150_000);

afterAll(async () => {
  await ingestion?.close();
  await connector?.close();
  await emulator?.close();
  await rm(work, { recursive: true, force: true });
});

describe('telemetry exported to Azure Monitor', () => {
  test('the process drains and flushes on SIGTERM', () => {
    expect(exitCode).toBe(0);
    expect(ingestion.envelopes.length).toBeGreaterThan(0);
  });

  test('the incoming activity is a request, with the turn inside the same operation', () => {
    const request = ingestion.envelopes.find((e) => baseType('RequestData')(e) && e.data?.baseData?.name === 'POST /api/messages');
    const turn = ingestion.envelopes.find((e) => e.data?.baseData?.name === 'turn message');
    expect(request).toBeDefined();
    expect(turn).toBeDefined();
    const operation = request?.tags?.['ai.operation.id'];
    expect(turn?.tags?.['ai.operation.id']).toBe(operation);
    expect(turn?.data?.baseData?.properties?.['shipshape.activity.type']).toBe('message');
  });

  test('Azure calls are dependencies of that operation, traced once each', () => {
    const operation = ingestion.envelopes.find(baseType('RequestData'))?.tags?.['ai.operation.id'];
    const arm = ingestion.envelopes.filter((e) => baseType('RemoteDependencyData')(e) && String(e.data?.baseData?.data ?? '').includes('/subscriptions'));
    expect(arm.length).toBeGreaterThan(0);
    expect(arm.every((e) => e.tags?.['ai.operation.id'] === operation)).toBe(true);
    const urls = arm.map((e) => String(e.data?.baseData?.data));
    expect(new Set(urls).size).toBe(urls.length);
  });

  test("ShipShape's turn and Azure-call metrics are exported", () => {
    expect(metricNames(ingestion.envelopes)).toEqual(expect.arrayContaining(['shipshape.turns', 'shipshape.turn.duration', 'shipshape.azure.calls', 'shipshape.azure.call.duration']));
  });

  test('log lines of the turn carry the operation id as their correlation id', () => {
    const operation = ingestion.envelopes.find(baseType('RequestData'))?.tags?.['ai.operation.id'];
    const lines = bot.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const turn = lines.find((l) => l.msg === 'turn');
    expect(turn).toMatchObject({ correlationId: operation, type: 'message', outcome: 'ok' });
    expect(turn?.turnId).toMatch(/^[0-9a-f]{12}$/);
  });

  test('no token or secret reaches the telemetry', () => {
    const all = JSON.stringify(ingestion.envelopes);
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    expect(all).not.toContain(TEST_APP.clientSecret);
  });
});
