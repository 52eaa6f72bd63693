import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { ClientSecretCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeSkipToken, encodeSkipToken } from '../../../src/emulator/http/paging.js';
import { startTestEmulator } from './support/client.js';
import type { TestEmulator } from './support/client.js';
import { DIGEST_APP, IDS, SUB_A, SUB_B, TENANT_ID } from './support/tenant.js';
import { trustCaPolicy } from './support/trust.js';

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ pageSize: 10, faults: { throttle: false } });
});
afterAll(() => t.close());

type Page = { value: Array<{ name: string }>; nextLink?: string };

async function follow(first: string): Promise<{ names: string[]; links: string[] }> {
  const names: string[] = [];
  const links: string[] = [];
  let next: string | undefined = first;
  while (next) {
    const reply = await t.arm(IDS.owner, next);
    expect(reply.status).toBe(200);
    const page = reply.json<Page>();
    names.push(...page.value.map((v) => v.name));
    next = page.nextLink === undefined ? undefined : (links.push(page.nextLink), page.nextLink.slice(t.emulator.baseUrl.length));
  }
  return { names, links };
}

describe('paging', () => {
  test('nextLinks walk the whole list in pages of the configured size', async () => {
    const { names, links } = await follow(`/subscriptions/${SUB_A}/providers/Test.Core/items?api-version=2024-01-01`);
    expect(names).toHaveLength(23);
    expect(new Set(names).size).toBe(23);
    expect(names[0]).toBe('item-00');
    expect(names[22]).toBe('item-22');
    expect(links).toHaveLength(2);
    for (const link of links) {
      const url = new URL(link);
      expect(url.origin).toBe(t.emulator.baseUrl);
      expect(url.pathname).toBe(`/subscriptions/${SUB_A}/providers/Test.Core/items`);
      expect(url.searchParams.get('api-version')).toBe('2024-01-01');
    }
  });

  test('a generic list served from an array pages the same way', async () => {
    const { names } = await follow(`/subscriptions/${SUB_A}/providers/Test.Core/array?api-version=2024-01-01`);
    expect(names).toEqual(Array.from({ length: 23 }, (_, i) => `item-${String(i).padStart(2, '0')}`));
  });

  test('$top makes pages smaller, and $filter and $top survive into nextLink', async () => {
    const filter = encodeURIComponent("name eq 'item-01' or item-11 or item-12 or item-13");
    const reply = await t.arm(IDS.owner, `/subscriptions/${SUB_A}/providers/Test.Core/items?api-version=2024-01-01&$filter=${filter}&$top=2`);
    const page = reply.json<Page>();
    expect(page.value.map((v) => v.name)).toEqual(['item-01', 'item-11']);
    const next = new URL(page.nextLink as string);
    expect(next.searchParams.get('$filter')).toBe("name eq 'item-01' or item-11 or item-12 or item-13");
    expect(next.searchParams.get('$top')).toBe('2');
    const second = (await t.arm(IDS.owner, `${next.pathname}${next.search}`)).json<Page>();
    expect(second.value.map((v) => v.name)).toEqual(['item-12', 'item-13']);
    expect(second.nextLink).toBeUndefined();
  });

  test('a tampered skip token is refused', async () => {
    const reply = await t.arm(IDS.owner, `/subscriptions/${SUB_A}/providers/Test.Core/items?api-version=2024-01-01&$skiptoken=bm9wZQ`);
    expect(reply.status).toBe(400);
    expect(reply.json<{ error: { code: string } }>().error.code).toBe('InvalidSkipToken');
    expect(decodeSkipToken(encodeSkipToken(1234))).toBe(1234);
  });

  test('an Azure SDK client follows the emulator’s nextLinks over TLS', async () => {
    const small = await startTestEmulator({ pageSize: 1, caDir: t.caDir });
    try {
      const { baseUrl, caCertPem } = small.emulator;
      const credential = new ClientSecretCredential(TENANT_ID, DIGEST_APP.appId, DIGEST_APP.secret, {
        authorityHost: baseUrl,
        disableInstanceDiscovery: true,
        additionalPolicies: [trustCaPolicy(caCertPem)],
      });
      const client = new SubscriptionClient(credential, {
        endpoint: baseUrl,
        additionalPolicies: [trustCaPolicy(caCertPem)],
      });
      const pages: string[][] = [];
      for await (const page of client.subscriptions.list().byPage()) pages.push(page.map((s) => s.subscriptionId ?? ''));
      expect(pages).toEqual([[SUB_A], [SUB_B]]);
    } finally {
      await small.close();
    }
  });
});
