import { SqliteStore } from '../../../../src/store/sqlite-store.js';
import { appendAudit, claimOnce } from '../../../../src/store/claims.js';

/**
 * Child process for the kill -9 test: writes records as fast as it can and reports each one on
 * stdout only after the store acknowledged it. Whatever it reported must be there after a kill.
 */
const file = process.argv[2];
if (!file) throw new Error('usage: write-until-killed <sqlite file>');
const store = new SqliteStore(file);
for (let i = 0; ; i++) {
  const approval = await claimOnce(store, `approval-${i}`, { executedBy: 'child', i });
  const audit = await appendAudit(store, { at: new Date().toISOString(), actor: 'child', action: 'approval.execute', target: `approval-${i}` });
  if (approval) process.stdout.write(`${i} ${audit}\n`);
}
