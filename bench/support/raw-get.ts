import { Agent, request } from 'node:https';
import { createSecureContext } from 'node:tls';

export interface RawAnswer {
  status: number;
  retryAfter: number;
  body: string;
}

/**
 * Bearer GETs over one keep-alive pool with one TLS context (as ShipShape's pool has): the fastest a
 * client can be. The caller follows `nextLink` and waits out 429s.
 */
export function rawGetter(caCertPem: string, token: string): { get: (url: string) => Promise<RawAnswer>; close: () => void } {
  const agent = new Agent({ secureContext: createSecureContext({ ca: caCertPem }), keepAlive: true, maxSockets: Infinity });
  const get = (url: string): Promise<RawAnswer> =>
    new Promise((resolve, reject) => {
      request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: Number(res.headers['retry-after'] ?? 1), body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      }).on('error', reject).end();
    });
  return { get, close: () => agent.destroy() };
}
