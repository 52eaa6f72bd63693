import { createApp } from '../../../../src/app.js';
import { environment, loadConfig } from '../../../../src/config/index.js';

/**
 * A second ShipShape process for the multi-instance tests: configured from its environment like
 * `npm run bot`, listening on a free port, printing `{"url": …}` once it takes traffic.
 * SHIPSHAPE_TEST_KILL_AFTER_CLAIM=1 makes it kill itself (SIGKILL) right after storing a claim, before
 * the change is sent: the crash the approval flow must recover from.
 */
const config = loadConfig(environment());
const killAfterClaim = process.env.SHIPSHAPE_TEST_KILL_AFTER_CLAIM === '1';
const lease = process.env.SHIPSHAPE_TEST_CLAIM_LEASE_MS;

const app = await createApp(config, {
  approvals: {
    ...(lease ? { claimLeaseMs: Number(lease) } : {}),
    ...(killAfterClaim
      ? {
          afterClaim: () => {
            process.kill(process.pid, 'SIGKILL');
            return new Promise<void>(() => undefined);
          },
        }
      : {}),
  },
});
const url = await app.listen(0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ url })}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
