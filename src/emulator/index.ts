/**
 * The local Azure emulator: ARM REST and Entra ID token endpoints over HTTPS, serving a tenant
 * loaded from a JSON file (see TENANT-FORMAT.md).
 */
import { armRoutes } from './arm/index.js';
import type { EmulatorOptions, RunningEmulator } from './http/options.js';
import { resourceGraphRoutes } from './resourcegraph/index.js';
import { startEmulatorWithRoutes } from './server.js';

export type { EmulatorOptions, FaultOptions, RunningEmulator } from './http/options.js';
export { CA_FILES, ensureDevCa } from './tls/dev-ca.js';
export { TenantFileError } from './tenant/load-tenant.js';

/** Starts the emulator with every ARM route module and Resource Graph; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const graph = resourceGraphRoutes(options.faults?.resourceGraphQuota);
  const running = await startEmulatorWithRoutes(options, [...armRoutes, ...graph.routes]);
  return {
    ...running,
    setFaults: (faults) => {
      running.setFaults(faults);
      graph.quota.set(faults.resourceGraphQuota);
    },
  };
}
