import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ApprovalRequest } from '../../../src/domain/approvals/index.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { readableText } from '../../harness/cards.js';
import { personas } from '../../harness/personas.js';
import { startStack, type Stack } from '../../harness/stack.js';
import { TeamsClient } from '../../harness/teams-client.js';
import { assignmentsAt, policyClientOf, RequestLog, SUB } from './support/azure.js';
import { approvalIdOf, invokeCard, messageIdOf } from './support/cards.js';
import { botEnv, startBotProcess, type BotProcess } from './support/processes.js';

/**
 * ShipShape as several processes sharing one store (the embedded SQLite file): the claim in the store
 * decides which process runs a change, and a process killed between its claim and the change leaves
 * the change to be finished, once, after a restart.
 */
const requests = new RequestLog();
let stack: Stack;
let shared: string;
const processes: BotProcess[] = [];

beforeAll(async () => {
  shared = await mkdtemp(path.join(tmpdir(), 'shipshape-shared-store-'));
  stack = await startStack({ log: requests.log, env: { DATA_DIR: shared, RATE_LIMIT_PER_MINUTE: '0', DIGEST_SCHEDULER: 'off', APPROVAL_ANSWER_WITHIN_MS: '10000' } });
});

afterAll(async () => {
  for (const p of processes) await p.stop();
  await stack?.close();
  if (shared) await rm(shared, { recursive: true, force: true });
});

async function storedRequest(id: string): Promise<ApprovalRequest | undefined> {
  const store = new SqliteStore(path.join(shared, 'shipshape.db'));
  try {
    return (await store.get<ApprovalRequest>('approvals', id))?.value;
  } finally {
    await store.close();
  }
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const PRIVATE_LINK = '/providers/Microsoft.Authorization/policyDefinitions/e8eef0a8-67cf-4eb4-9386-14b0e78733d4';
const ANONYMOUS = '/providers/Microsoft.Authorization/policyDefinitions/9f2dea28-e834-476c-99c5-3507b4728395';

describe('two bot processes sharing one store', () => {
  test('forty clicks split between them run the change exactly once', { timeout: 90_000 }, async () => {
    const second = await startBotProcess(botEnv(stack, shared, { APPROVAL_ANSWER_WITHIN_MS: '10000' }));
    processes.push(second);
    const other = new TeamsClient(second.url, stack.connector, stack.context);

    const reply = await stack.teams.say('assign the ACR private-link policy to rg-shared-tools because shared tools go private too', { as: personas.diego, in: 'groupChat' });
    const approvalId = approvalIdOf(reply.card);
    const replyToId = messageIdOf(reply);
    const before = requests.count('PUT', '/policyAssignments/');

    const clicks = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? stack.teams : other).click('approval.approve', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId })),
    );

    expect(requests.count('PUT', '/policyAssignments/') - before).toBe(1);
    const texts = clicks.map((b) => readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: invokeCard(b) }] }));
    for (const text of texts) expect(text).toMatch(/Done: approved by Priya Raman|Priya Raman is approving this right now/);
    // Once the change has run, either process answers a late click from the shared store.
    for (const client of [stack.teams, other]) {
      const late = await client.click('approval.approve', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId });
      expect(readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: invokeCard(late) }] })).toMatch(/Done: approved by Priya Raman/);
    }
    expect(requests.count('PUT', '/policyAssignments/') - before).toBe(1);
    const client = await policyClientOf(stack.emulator, personas.priya, SUB.dev);
    const made = (await assignmentsAt(client, 'rg-shared-tools')).filter((a) => a.policyDefinitionId?.toLowerCase() === PRIVATE_LINK.toLowerCase());
    expect(made).toHaveLength(1);
    expect((made[0]?.metadata as { createdBy?: string }).createdBy).toBe(personas.priya.aadObjectId);
    expect((await storedRequest(approvalId))?.state).toBe('succeeded');
    await second.stop();
  });

  test('a process killed between claim and execution: the change runs once, after a restart', { timeout: 120_000 }, async () => {
    const killer = await startBotProcess(botEnv(stack, shared, { SHIPSHAPE_TEST_KILL_AFTER_CLAIM: '1', SHIPSHAPE_TEST_CLAIM_LEASE_MS: '500' }));
    processes.push(killer);
    const reply = await stack.teams.say('assign the anonymous pull policy to rg-shared-tools because nobody pulls without signing in', { as: personas.diego, in: 'groupChat' });
    const approvalId = approvalIdOf(reply.card);
    const before = requests.count('PUT', '/policyAssignments/');

    const dying = new TeamsClient(killer.url, stack.connector, stack.context);
    await expect(dying.click('approval.approve', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId: messageIdOf(reply) })).rejects.toThrow();
    expect(await killer.exited).toBe('SIGKILL');

    // The claim survived the kill; nothing reached Azure.
    const claimed = await storedRequest(approvalId);
    expect(claimed?.state).toBe('approved');
    expect(claimed?.approvedBy?.objectId).toBe(personas.priya.aadObjectId);
    expect(requests.count('PUT', '/policyAssignments/')).toBe(before);

    await new Promise((r) => setTimeout(r, 600));
    const restarted = await startBotProcess(botEnv(stack, shared));
    processes.push(restarted);
    const done = await eventually(() => storedRequest(approvalId), (r) => r?.state === 'succeeded');
    expect(done?.state).toBe('succeeded');
    expect(done?.outcome?.status).toBe(201);
    expect(requests.count('PUT', '/policyAssignments/') - before).toBe(1);

    // It ran as Priya, who approved, not as whoever restarted the process.
    const client = await policyClientOf(stack.emulator, personas.priya, SUB.dev);
    const made = (await assignmentsAt(client, 'rg-shared-tools')).filter((a) => a.policyDefinitionId?.toLowerCase() === ANONYMOUS.toLowerCase());
    expect(made).toHaveLength(1);
    expect((made[0]?.metadata as { createdBy?: string }).createdBy).toBe(personas.priya.aadObjectId);

    const trail = await stack.teams.say('audit log for rg-shared-tools today', { as: personas.priya, in: 'groupChat' });
    expect(trail.readable).toContain('Resumed');
    // The card message itself shows the outcome, for everyone, though no click was left to answer.
    const update = await eventually(
      async () => stack.connector.sent.filter((e) => e.kind === 'update' && e.activityId === messageIdOf(reply)).at(-1),
      (e) => e !== undefined && /Done: approved by Priya Raman/.test(readableText(e.activity)),
      10_000,
    );
    expect(update && readableText(update.activity)).toMatch(/Done: approved by Priya Raman/);
  });
});
