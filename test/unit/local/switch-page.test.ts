import { afterEach, describe, expect, test } from 'vitest';
import { tenantPersonas } from '../../../src/local/playground-config.js';
import { startSwitchPage, type SwitchPage } from '../../../src/local/switch-page.js';
import { formatTurn } from '../../../src/log/terminal.js';

/** Switching who is signed in from a page, with the served tenant's own people. */

const tenant = {
  tenantId: '0f0f0f0f-1111-4222-8333-444444444444',
  principals: [
    { id: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'Zoë <Admin>', userPrincipalName: 'zoe@fabrikam.example', type: 'User' },
    { id: 'aaaaaaaa-0000-4000-8000-000000000002', displayName: 'Kofi Mensah', type: 'User' },
    { id: 'aaaaaaaa-0000-4000-8000-000000000003', displayName: 'Nightly scanner', type: 'ServicePrincipal', appId: 'aaaaaaaa-0000-4000-8000-0000000000ff' },
  ],
};
const people = tenantPersonas(tenant);

let page: SwitchPage | undefined;
afterEach(async () => page?.close());

async function start(): Promise<{ page: SwitchPage; switched: string[] }> {
  const switched: string[] = [];
  let current = people[0]?.aadObjectId;
  page = await startSwitchPage({
    host: '127.0.0.1',
    port: 0,
    people,
    current: () => current,
    switchTo: async (objectId) => {
      switched.push(objectId);
      current = objectId;
      return 'http://127.0.0.1:9/playground/';
    },
  });
  return { page, switched };
}

function post(url: string, objectId: string, origin?: string): Promise<Response> {
  return fetch(`${url}switch`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
    body: new URLSearchParams({ objectId }).toString(),
  });
}

describe('the switch page', () => {
  test("lists the tenant's users (not its service principals), escaped, with who is signed in", async () => {
    const { page } = await start();
    const html = await (await fetch(page.url)).text();
    expect(html).toContain('Zoë &#60;Admin&#62; <small>zoe@fabrikam.example</small></strong> — signed in');
    expect(html).toContain('value="aaaaaaaa-0000-4000-8000-000000000002"><button>Kofi Mensah</button>');
    expect(html).not.toContain('Nightly scanner');
    expect(html).not.toContain('<Admin>');
  });

  test('a click signs that person in and opens the Playground; strangers and other sites change nothing', async () => {
    const { page, switched } = await start();
    const origin = page.url.replace(/\/$/, '');
    const ok = await post(page.url, 'AAAAAAAA-0000-4000-8000-000000000002', origin);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('http://127.0.0.1:9/playground/');
    expect(await (await fetch(page.url)).text()).toContain('Kofi Mensah</strong> — signed in');

    expect((await post(page.url, 'aaaaaaaa-0000-4000-8000-000000000003', origin)).status).toBe(400);
    expect((await post(page.url, 'aaaaaaaa-0000-4000-8000-000000000001', 'https://evil.example')).status).toBe(403);
    expect(switched).toEqual(['aaaaaaaa-0000-4000-8000-000000000002']);
  });
});

describe('the terminal line of a turn', () => {
  const at = new Date(2026, 0, 2, 9, 5, 7);
  test('says who, what, what the bot answered with, how long and the outcome', () => {
    expect(formatTurn({ from: 'Kofi Mensah', text: 'which prod images have criticals', type: 'message', answer: 'findings', status: 200, outcome: 'ok', durationMs: 1234 }, at)).toBe(
      '09:05:07  Kofi Mensah: “which prod images have criticals” → findings  1.2 s  ok',
    );
    expect(formatTurn({ from: 'Zoë', type: 'invoke', verb: 'approval.approve', status: 500, outcome: 'error', durationMs: 80 }, at)).toBe(
      '09:05:07  Zoë: clicked approval.approve  80 ms  failed (HTTP 500)',
    );
  });

  test('turns nobody asked anything in print nothing, unless they failed', () => {
    expect(formatTurn({ type: 'conversationUpdate', status: 200, outcome: 'ok', durationMs: 3 }, at)).toBeUndefined();
    expect(formatTurn({ type: 'conversationUpdate', status: 500, outcome: 'error', durationMs: 3 }, at)).toBe('09:05:07  someone: conversationUpdate  3 ms  failed (HTTP 500)');
  });

  test('long questions are cut to one line', () => {
    const line = formatTurn({ from: 'A', text: 'x'.repeat(200), type: 'message', status: 200, outcome: 'ok', durationMs: 1 }, at) ?? '';
    expect(line.length).toBeLessThan(110);
    expect(line).toContain('…”');
  });
});
