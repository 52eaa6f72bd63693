/**
 * The Azure emulator in its own process for the bench, so that its CPU and memory are not counted
 * against the client being measured. Driven over IPC: `faults` changes (and refills the throttle
 * buckets), `stop` ends it. Usage: `node --import tsx bench/support/emulator-child.ts <tenant> <caDir> <clientId> <secret> <faultsJson>`.
 */
import { startEmulator, type FaultOptions } from '../../src/emulator/index.js';

const [tenantFile, caDir, clientId, clientSecret, faultsJson] = process.argv.slice(2);
if (!tenantFile || !caDir || !clientId || !clientSecret || !process.send) throw new Error('usage: emulator-child <tenant> <caDir> <clientId> <secret> [faults]');
const send = process.send.bind(process);

const emulator = await startEmulator({
  tenantFile,
  caDir,
  app: { clientId, clientSecret },
  port: 0,
  faults: faultsJson ? (JSON.parse(faultsJson) as FaultOptions) : {},
});
send({ type: 'ready', baseUrl: emulator.baseUrl, tenantId: emulator.tenantId });

process.on('message', (message: { type?: string; faults?: FaultOptions; id?: number }) => {
  if (message.type === 'faults' && message.faults) {
    emulator.setFaults(message.faults);
    send({ type: 'done', id: message.id });
  } else if (message.type === 'stop') {
    void emulator.close().then(() => process.exit(0));
  }
});
