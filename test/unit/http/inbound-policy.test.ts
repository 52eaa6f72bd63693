import { describe, expect, test } from 'vitest';
import { inboundRefusal, type InboundPolicy } from '../../../src/bot/inbound-policy.js';

const TENANT = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const production: InboundPolicy = { mode: 'production', channels: ['msteams'], tenants: [TENANT] };
const activity = (channelId: string, tenantId?: string): Record<string, unknown> => ({
  channelId,
  conversation: { id: 'a:1', ...(tenantId ? { tenantId } : {}) },
  channelData: tenantId ? { tenant: { id: tenantId } } : {},
});

describe('which activities a deployment accepts', () => {
  test('production: Teams from a served tenant only', () => {
    expect(inboundRefusal(activity('msteams', TENANT), production, '10.0.0.4')).toBeUndefined();
    expect(inboundRefusal(activity('msteams', TENANT.toUpperCase()), production, '10.0.0.4')).toBeUndefined();
    expect(inboundRefusal(activity('webchat', TENANT), production, '10.0.0.4')).toMatch(/Channel "webchat"/);
    expect(inboundRefusal(activity('msteams', '0badc0de-0000-4000-8000-00000000f00d'), production, '10.0.0.4')).toMatch(/Tenant/);
    expect(inboundRefusal(activity('msteams'), production, '10.0.0.4')).toMatch(/Tenant \(none\)/);
  });

  test('production: a channel added explicitly is accepted, still only from a served tenant', () => {
    const policy = { ...production, channels: ['msteams', 'webchat'] };
    expect(inboundRefusal(activity('webchat', TENANT), policy, '10.0.0.4')).toBeUndefined();
    expect(inboundRefusal(activity('webchat', 'other'), policy, '10.0.0.4')).toMatch(/Tenant/);
  });

  test('local: the Playground\'s channel only on loopback', () => {
    const local: InboundPolicy = { mode: 'local', channels: ['msteams'], tenants: [] };
    expect(inboundRefusal(activity('emulator'), local, '127.0.0.1')).toBeUndefined();
    expect(inboundRefusal(activity('emulator'), local, '::1')).toBeUndefined();
    expect(inboundRefusal(activity('emulator'), local, '::ffff:127.0.0.1')).toBeUndefined();
    expect(inboundRefusal(activity('emulator'), local, '192.168.1.20')).toMatch(/only from this machine/);
  });
});
