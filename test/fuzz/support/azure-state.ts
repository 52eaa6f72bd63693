import { readFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import type { Principal } from '../../../src/emulator/http/types.js';
import { loadSigningKey } from '../../../src/emulator/identity/signing-key.js';
import { TokenFactory } from '../../../src/emulator/identity/token-factory.js';
import { SUBSCRIPTIONS } from './arm-paths.js';

/**
 * Watches the emulator for Azure writes: its request log (every request, with method and status)
 * and a snapshot of the state a write could change, read back through ARM itself.
 */

/** One emulator log line: `METHOD /path STATUS 12ms`. */
const LINE = /^(GET|HEAD|PUT|PATCH|POST|DELETE|OPTIONS|\S+) (\S*) (\d{3}) \d+ms$/;
/** POSTs that read (policy state queries) or that belong to the identity endpoints. */
const READ_POSTS = /\/(queryResults|summarize)$|\/oauth2\/v2\.0\/token$|^\/_emulator\/sso-token$/i;

export class WriteWatch {
  readonly lines: string[] = [];

  /** Pass as the emulator's `log` option. */
  readonly log = (line: string): void => {
    this.lines.push(line);
  };

  /** Requests that changed, or asked to change, Azure state and were not refused. */
  writes(): string[] {
    return this.lines.filter((line) => {
      const m = LINE.exec(line);
      if (!m) return false;
      const [, method, target, status] = m as unknown as [string, string, string, string];
      const mutating = ['PUT', 'PATCH', 'DELETE'].includes(method) || (method === 'POST' && !READ_POSTS.test(target));
      return mutating && Number(status) < 400;
    });
  }

  /** How many requests reached the emulator at all (to show the fuzzing got that far). */
  requests(): number {
    return this.lines.filter((l) => LINE.test(l)).length;
  }
}

function get(url: string, token: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** Everything a write through ShipShape could change, per subscription, as one comparable string. */
const COLLECTIONS = [
  'resourcegroups?api-version=2025-04-01',
  'providers/Microsoft.ContainerRegistry/registries?api-version=2025-11-01',
  'providers/Microsoft.Authorization/policyAssignments?api-version=2025-03-01',
  'providers/Microsoft.Authorization/policyExemptions?api-version=2024-12-01-preview',
  'providers/Microsoft.PolicyInsights/remediations?api-version=2024-10-01',
  'providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01',
];

export interface Snapshotter {
  snapshot(): Promise<string>;
}

/**
 * Reads the state as a tenant principal who can see all of it (the security lead), with a token
 * signed by the emulator's key in `caDir`, the way `npm run token` makes one.
 */
export async function snapshotter(baseUrl: string, caDir: string, tenantId: string, reader: Principal, clientId: string): Promise<Snapshotter> {
  const factory = new TokenFactory(await loadSigningKey(await readFile(path.join(caDir, 'signing-key.pem'), 'utf8')), tenantId);
  const ca = await readFile(path.join(caDir, 'ca.pem'), 'utf8');
  return {
    async snapshot() {
      const { token } = await factory.armToken(baseUrl, reader, clientId, true);
      const parts: string[] = [];
      for (const sub of SUBSCRIPTIONS) {
        for (const collection of COLLECTIONS) {
          const { status, body } = await get(`${baseUrl}/subscriptions/${sub}/${collection}`, token, ca);
          if (status !== 200) throw new Error(`snapshot read ${collection} in ${sub} answered ${status}: ${body.slice(0, 300)}`);
          parts.push(`${sub}/${collection}\n${body}`);
        }
      }
      return parts.join('\n');
    },
  };
}
