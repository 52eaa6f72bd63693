import { patch, policies, type PostureCheck } from './check-types.js';
import { is, type RegistrySnapshot } from './registry.js';

/** Where a registry can be reached from: private link, public access, its firewall, data endpoints. */

function connectionsByStatus(registry: RegistrySnapshot, status: string) {
  return registry.privateEndpointConnections.filter((c) => is(c.status, status));
}

export const privateLink: PostureCheck = {
  id: 'private-link',
  title: 'Private link',
  why: 'Pushes and pulls stay on your virtual network instead of crossing the internet.',
  premiumOnly: true,
  policies: policies('ACR_PrivateEndpointEnabled_Audit', 'ACR_PrivateEndpoint_DINE'),
  evaluate(r) {
    const approved = connectionsByStatus(r, 'Approved');
    if (approved.length > 0) return { outcome: 'pass', detail: `${approved.length} approved private endpoint${approved.length === 1 ? '' : 's'} (${approved.map((c) => c.name).join(', ')})` };
    const pending = connectionsByStatus(r, 'Pending');
    if (pending.length > 0) return { outcome: 'fail', detail: `Private endpoint ${pending.map((c) => c.name).join(', ')} is waiting for approval` };
    const other = r.privateEndpointConnections.map((c) => `${c.name} ${c.status ?? 'unknown'}`);
    return { outcome: 'fail', detail: other.length > 0 ? `No approved private endpoint (${other.join(', ')})` : 'No private endpoint' };
  },
  fix(r) {
    const pending = connectionsByStatus(r, 'Pending')[0];
    if (!pending) return undefined;
    // Approving an existing connection is one request; creating an endpoint needs a virtual network.
    return {
      method: 'PUT',
      resourceId: pending.id,
      body: { properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'Approved through ShipShape' } } },
      summary: `Approve the pending private endpoint connection ${pending.name}.`,
    };
  },
  advice: 'Create a private endpoint in the virtual network that pushes and pulls (Networking › Private access), or assign “Configure Container registries with private endpoints”.',
};

export const publicNetwork: PostureCheck = {
  id: 'public-network',
  title: 'Public network access',
  why: 'A registry reachable from the internet can be tried with leaked credentials from anywhere.',
  premiumOnly: true,
  policies: policies('ACR_PublicNetworkAccess_AuditDeny', 'ACR_PublicNetworkAccess_Modify'),
  evaluate(r) {
    if (is(r.publicNetworkAccess, 'Disabled')) return { outcome: 'pass', detail: 'Disabled: reachable through private endpoints only' };
    const firewall = is(r.networkDefaultAction, 'Deny') ? `, firewall denies by default (${r.ipRules.length} IP rule${r.ipRules.length === 1 ? '' : 's'})` : ', open to any address';
    return { outcome: 'fail', detail: `${r.publicNetworkAccess ?? 'Enabled (not set)'}${firewall}` };
  },
  fix(r) {
    const hasPrivateLink = connectionsByStatus(r, 'Approved').length > 0;
    return patch(
      r,
      { publicNetworkAccess: 'Disabled' },
      'Turn off public network access.',
      hasPrivateLink ? undefined : 'This registry has no approved private endpoint: nothing could reach it until one exists.',
    );
  },
  advice: 'Disable public network access once clients reach the registry through private endpoints.',
};

export const networkRules: PostureCheck = {
  id: 'network-rules',
  title: 'Firewall default action',
  why: 'Without a deny-by-default firewall any internet address can try to sign in.',
  premiumOnly: true,
  policies: policies('ACR_NetworkRulesExist_AuditDeny'),
  evaluate(r) {
    if (is(r.publicNetworkAccess, 'Disabled')) return { outcome: 'pass', detail: 'Public access is off, so the firewall has nothing to let in' };
    if (is(r.networkDefaultAction, 'Deny')) return { outcome: 'pass', detail: `Deny by default, ${r.ipRules.length} allowed IP range${r.ipRules.length === 1 ? '' : 's'}` };
    return { outcome: 'fail', detail: `Default action ${r.networkDefaultAction ?? 'not set (Allow)'}: every address is let in` };
  },
  fix(r) {
    return patch(
      r,
      { networkRuleSet: { defaultAction: 'Deny', ipRules: r.ipRules.map((value) => ({ action: 'Allow', value })) } },
      `Deny by default and keep the ${r.ipRules.length} allowed IP range${r.ipRules.length === 1 ? '' : 's'}.`,
      r.ipRules.length === 0 ? 'No IP range is allowed yet: only private endpoints and trusted services would get in.' : undefined,
    );
  },
  advice: 'Set the firewall to deny by default and allow only your build agents’ addresses.',
};

export const dataEndpoints: PostureCheck = {
  id: 'data-endpoints',
  title: 'Dedicated data endpoints',
  why: 'Firewalls can allow this registry’s own data host names instead of every storage account.',
  premiumOnly: true,
  policies: [],
  evaluate(r) {
    if (r.dataEndpointEnabled === true) {
      const hosts = r.dataEndpointHostNames;
      return { outcome: 'pass', detail: hosts.length > 0 ? hosts.join(', ') : 'On' };
    }
    return { outcome: 'fail', detail: 'Off: clients download layers from shared *.blob.core.windows.net hosts' };
  },
  fix(r) {
    return patch(r, { dataEndpointEnabled: true }, 'Turn on dedicated data endpoints (one per region).', 'Clients behind a firewall must then allow the new *.data.azurecr.io host names.');
  },
  advice: 'Turn on dedicated data endpoints and allow their host names in your firewalls.',
};
