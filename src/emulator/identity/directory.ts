import { createHash } from 'node:crypto';
import type { Principal } from '../http/types.js';
import { CaseInsensitiveMap } from '../tenant/case-insensitive-map.js';
import type { LoadedTenant, TenantPrincipal } from '../tenant/load-tenant.js';

/** A confidential client that may use the token endpoint. */
export interface ClientApp {
  appId: string;
  secret: string | undefined;
  /** The service principal the app acts as for app-only tokens. */
  principal: Principal;
  enabled: boolean;
}

/**
 * Who exists in the emulated directory: the tenant file's principals plus the bot's own app
 * registration, which every tenant accepts so that any tenant file works with any bot config.
 */
export class Directory {
  readonly principals = new CaseInsensitiveMap<TenantPrincipal>();
  private readonly clients = new CaseInsensitiveMap<ClientApp>();
  readonly registeredApp: ClientApp;

  constructor(tenant: LoadedTenant, app: { clientId: string; clientSecret: string }) {
    for (const [id, entry] of tenant.principals) this.principals.set(id, entry);
    for (const entry of tenant.principals.values()) {
      const { principal } = entry;
      if (principal.type === 'ServicePrincipal' && principal.appId) {
        this.clients.set(principal.appId, { appId: principal.appId, secret: entry.clientSecret, principal, enabled: entry.enabled });
      }
    }
    // A tenant may describe the bot's service principal itself (with its role assignments).
    const declared = this.clients.get(app.clientId);
    const principal: Principal = declared?.principal ?? {
      id: objectIdForApp(app.clientId),
      displayName: 'ShipShape bot (registered app)',
      type: 'ServicePrincipal',
      appId: app.clientId,
    };
    this.registeredApp = { appId: app.clientId, secret: app.clientSecret, principal, enabled: true };
    this.clients.set(app.clientId, this.registeredApp);
    if (!declared) this.principals.set(principal.id, { principal, enabled: true });
  }

  principal(objectId: string): TenantPrincipal | undefined {
    return this.principals.get(objectId);
  }

  client(appId: string): ClientApp | undefined {
    return this.clients.get(appId);
  }

  /** Plain principals for route modules (no secrets). */
  publicPrincipals(): CaseInsensitiveMap<Principal> {
    const out = new CaseInsensitiveMap<Principal>();
    for (const [id, entry] of this.principals) out.set(id, entry.principal);
    return out;
  }
}

/** A stable object id for the registered app's service principal (a name-based GUID of its client id). */
export function objectIdForApp(clientId: string): string {
  const h = createHash('sha1').update(`shipshape-emulator-app:${clientId.toLowerCase()}`).digest('hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
