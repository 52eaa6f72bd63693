import { request } from 'node:https';
import type { AzureConfig } from '../config/index.js';

/**
 * Whether the identity authority answers its OpenID metadata: a cheap, unauthenticated sign that
 * Azure (or the local emulator) can be reached. Results are cached briefly so probes stay cheap.
 */
export function createAzureProbe(azure: AzureConfig, cacheMs = 5_000): () => Promise<boolean> {
  const url = new URL(`/${encodeURIComponent(azure.tenantId || 'common')}/v2.0/.well-known/openid-configuration`, azure.authorityHost);
  let last: { at: number; ok: boolean } | undefined;
  const probe = () =>
    new Promise<boolean>((resolve) => {
      const req = request(url, { method: 'GET', timeout: 3_000, ...(azure.caCertPem ? { ca: azure.caCertPem } : {}) }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(false));
      req.end();
    });
  return async () => {
    if (last && Date.now() - last.at < cacheMs) return last.ok;
    const ok = await probe();
    last = { at: Date.now(), ok };
    return ok;
  };
}
