import { request } from 'node:https';
import type { RunningEmulator } from '../../../../src/emulator/index.js';

/**
 * A user token from the emulator's Teams-SSO stand-in: what the Teams client obtains for the bot
 * (audience = the bot's exposed API), or what the token service hands the bot (audience = the
 * on-behalf-of app).
 */
export function ssoToken(emulator: RunningEmulator, principalId: string, audience: string): Promise<string> {
  const payload = JSON.stringify({ principalId, audience });
  return new Promise((resolve, reject) => {
    const req = request(
      new URL('/_emulator/sso-token', emulator.baseUrl),
      { method: 'POST', ca: emulator.caCertPem, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { token?: unknown };
          if (res.statusCode !== 200 || typeof body.token !== 'string') reject(new Error(`sso-token answered ${res.statusCode ?? 0}`));
          else resolve(body.token);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
