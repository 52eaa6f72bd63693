import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditEntry } from '../../../src/domain/audit/index.js';
import type { ApprovalRequest } from '../../../src/domain/approvals/index.js';
import { openStore } from '../../../src/store/open-store.js';
import type { KeyValueStore } from '../../../src/store/types.js';
import { readableText } from '../../harness/cards.js';
import { personas } from '../../harness/personas.js';
import { startStack, type Stack } from '../../harness/stack.js';
import { TeamsClient } from '../../harness/teams-client.js';
import { startAzurite, type Azurite } from '../../unit/store/support/azurite.js';
import { RequestLog } from './support/azure.js';
import { approvalIdOf, invokeCard, messageIdOf } from './support/cards.js';
import { startDelayingProxy, type DelayingProxy } from './support/delaying-proxy.js';
import { botEnv, startBotProcess, type BotProcess } from './support/processes.js';

/**
 * Exactly once whatever the timing, with ShipShape as separate processes sharing a blob container
 * (Azurite): ARM writes held longer than the claim lease, a process killed with SIGKILL while its
 * write is in flight, and a click under sustained throttling. Leases and sweeps are short here
 * (configuration), so each case takes seconds.
 */
const requests = new RequestLog();
let stack: Stack;
let azurite: Azurite;
let proxy: DelayingProxy;
let store: KeyValueStore;
const processes: BotProcess[] = [];
const CONTAINER = 'shipshape-slow-writes';

beforeAll(async () => {
  azurite = await startAzurite();
  stack = await startStack({
    log: requests.log,
    env: { RATE_LIMIT_PER_MINUTE: '0', DIGEST_SCHEDULER: 'off', APPROVAL_ANSWER_WITHIN_MS: '1000', APPROVAL_CLAIM_LEASE_SECONDS: '1', APPROVAL_RECOVERY_SECONDS: '0.2' },
  });
  proxy = await startDelayingProxy(stack.emulator.baseUrl);
  store = await openStore({ kind: 'blob', container: CONTAINER, connectionString: azurite.connectionString, accountUrl: undefined });
}, 90_000);

afterAll(async () => {
  for (const p of processes) await p.stop();
  await store?.close();
  await proxy?.close();
  await stack?.close();
  await azurite?.close();
});

/** A bot process on the shared blob container, with short leases and sweeps. */
async function instance(id: string, extra: Record<string, string> = {}): Promise<{ bot: BotProcess; teams: TeamsClient }> {
  const bot = await startBotProcess(
    botEnv(stack, stack.workdir, {
      STORE: 'blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_CONTAINER: CONTAINER,
      INSTANCE_ID: id,
      APPROVAL_CLAIM_LEASE_SECONDS: '1.5',
      APPROVAL_RECOVERY_SECONDS: '0.2',
      APPROVAL_ANSWER_WITHIN_MS: '1000',
      ...extra,
    }),
  );
  processes.push(bot);
  return { bot, teams: new TeamsClient(bot.url, stack.connector, stack.context) };
}

async function eventually<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The newest update of the card message, as everyone in the chat sees it. */
function cardUpdate(messageId: string): string {
  const update = stack.connector.sent.filter((e) => e.kind === 'update' && e.activityId === messageId).at(-1);
  return update ? readableText(update.activity) : '';
}

/** PUTs of this request's assignment that Azure accepted (2xx), whoever sent them. */
function madeWrites(request: ApprovalRequest): number {
  const path = (request.operation?.path ?? '?').toLowerCase();
  return requests.lines.filter((l) => l.startsWith('PUT ') && l.toLowerCase().includes(path) && / 2\d\d /.test(l)).length;
}

async function stored(id: string): Promise<ApprovalRequest | undefined> {
  return (await store.get<ApprovalRequest>('approvals', id))?.value;
}

async function audited(id: string, action: string): Promise<number> {
  let n = 0;
  for await (const item of store.list<AuditEntry>('audit')) if (item.value.approvalId === id && item.value.action === action) n++;
  return n;
}

describe('two instances, ARM writes held longer than the claim lease', () => {
  test('exactly one PUT, one "done" audit entry, and the card updated for everyone', { timeout: 90_000 }, async () => {
    const a = await instance('slow-a', { ARM_ENDPOINT: proxy.url });
    const b = await instance('slow-b', { ARM_ENDPOINT: proxy.url });
    const reply = await a.teams.say('assign the ACR private-link policy to rg-shared-tools because slow writes must not run twice', { as: personas.diego, in: 'groupChat' });
    const approvalId = approvalIdOf(reply.card);
    const messageId = messageIdOf(reply);

    // Every byte to Azure now waits 5 s: the PUT arrives long after a 1.5 s lease would have lapsed.
    proxy.holdMs = 5_000;
    const body = await a.teams.click('approval.approve', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId: messageId });
    expect(readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: invokeCard(body) }] })).toMatch(/Approved by Priya Raman; running now|Done: approved by Priya Raman/);

    const done = await eventually(() => stored(approvalId), (r) => r?.state === 'succeeded', 60_000);
    proxy.holdMs = 0;
    expect(done?.state).toBe('succeeded');
    expect(await eventually(() => cardUpdate(messageId), (t) => /Done: approved by Priya Raman/.test(t), 10_000)).toMatch(/Done: approved by Priya Raman/);
    // Time for a late takeover by B to show, if there were going to be one.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(madeWrites(done as ApprovalRequest)).toBe(1);
    expect(await audited(approvalId, 'change.succeeded')).toBe(1);
    expect(await audited(approvalId, 'change.resumed')).toBe(0);
    await a.bot.stop();
    await b.bot.stop();
  });
});

describe('an instance killed while its write is in flight', () => {
  test('a restart under the same INSTANCE_ID finds the change made, sends nothing again, and updates the card within 10 s', { timeout: 90_000 }, async () => {
    // A long lease and rare sweeps: only a restart resuming its own claims can be this quick.
    const long = { APPROVAL_CLAIM_LEASE_SECONDS: '120', APPROVAL_RECOVERY_SECONDS: '300' };
    const first = await instance('killed-k', long);
    const reply = await first.teams.say('assign the anonymous pull policy to rg-shared-tools because a crash must not double it', { as: personas.diego, in: 'groupChat' });
    const approvalId = approvalIdOf(reply.card);
    const messageId = messageIdOf(reply);

    // Azure makes the change at once but its answer takes 4 s: the process dies before hearing it.
    stack.emulator.setFaults({ latencyMs: 4_000 });
    const click = first.teams.click('approval.approve', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId: messageId }).catch(() => undefined);
    const executing = await eventually(() => stored(approvalId), (r) => r?.state === 'executing', 30_000);
    expect(executing?.state).toBe('executing');
    await new Promise((r) => setTimeout(r, 600));
    first.bot.child.kill('SIGKILL');
    expect(await first.bot.exited).toBe('SIGKILL');
    await click;
    stack.emulator.setFaults({});

    // Measured from the moment the restarted process takes traffic (starting Node with TypeScript is the harness's cost).
    await instance('killed-k', long);
    const restartedAt = Date.now();
    const text = await eventually(() => cardUpdate(messageId), (t) => /Done: approved by Priya Raman/.test(t), 10_000);
    expect(text).toMatch(/Done: approved by Priya Raman/);
    expect(text).toMatch(/found it already made, so nothing was sent twice/);
    expect(Date.now() - restartedAt).toBeLessThan(10_000);
    const done = await stored(approvalId);
    expect(done?.state).toBe('succeeded');
    // The emulator logs the killed process's PUT only when its held answer goes out (4 s after it arrived);
    // a second PUT, from the restarted process, would be answered at once and logged before it.
    await eventually(async () => madeWrites(done as ApprovalRequest), (n) => n >= 1, 20_000);
    expect(madeWrites(done as ApprovalRequest)).toBe(1);
    expect(await audited(approvalId, 'change.succeeded')).toBe(1);
  });
});

describe('approving under sustained throttling', () => {
  test('the click answers in under 5 s; the change is made once after the throttle clears, and the card shows it', { timeout: 60_000 }, async () => {
    const reply = await stack.teams.say('assign the CMK policy to rg-shared-tools because keys are ours', { as: personas.diego, in: 'groupChat' });
    const approvalId = approvalIdOf(reply.card);
    const messageId = messageIdOf(reply);
    const path = /PUT (\/subscriptions\/\S+)\?api-version/.exec(reply.readable)?.[1] ?? 'missing';
    // One write a minute, and Priya's first one spent: every PUT of hers now gets 429, Retry-After ~60 s.
    stack.emulator.setFaults({ throttle: { writesPerMinute: 1 } });
    const { policyClientOf, SUB } = await import('./support/azure.js');
    const client = await policyClientOf(stack.emulator, personas.priya, SUB.dev);
    await client.policyAssignments.create('/subscriptions/' + SUB.dev + '/resourceGroups/rg-dev-sandbox', 'throttle-drain', { policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/e8eef0a8-67cf-4eb4-9386-14b0e78733d4' });

    const started = Date.now();
    const body = await stack.teams.click('approval.approve', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId: messageId });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: invokeCard(body) }] })).toMatch(/Approved by Priya Raman; running now/);

    // Longer than the SDK's own retries last (two, each waiting at most 4 s whatever Retry-After says).
    await new Promise((r) => setTimeout(r, 9_000));
    stack.emulator.setFaults({});
    const text = await eventually(() => cardUpdate(messageId), (t) => /Done: approved by Priya Raman/.test(t), 30_000);
    expect(text).toMatch(/Done: approved by Priya Raman/);
    const settled = (await stack.teams.click('approval.refresh', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId: messageId })) as { value?: unknown };
    expect(JSON.stringify(settled.value)).toMatch(/Done: approved by Priya Raman/);
    const puts = requests.lines.filter((l) => l.startsWith('PUT ') && l.includes(`${path} `));
    // The SDK's own retries (Retry-After capped) gave up while throttled; ShipShape tried again later, once it cleared.
    expect(puts.filter((l) => l.includes(' 429 ')).length).toBeGreaterThanOrEqual(3);
    expect(puts.filter((l) => / 20\d /.test(l))).toHaveLength(1);
  });
});
