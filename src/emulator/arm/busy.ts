import type { EmulatorContext } from '../http/types.js';
import { ArmError } from '../http/types.js';

/**
 * ARM refuses a write to a resource another operation is still changing: 409
 * `AnotherOperationInProgress`. A resource is busy while one of its own asynchronous operations runs
 * (a registry `Updating`), or when the run's `busyResources` knob names it (a test standing in for
 * a change made elsewhere: a deployment, a colleague, a policy remediation).
 */
export function refuseWhileBusy(ctx: EmulatorContext, resourceId: string, statusUri?: string): void {
  const named = (ctx.knobs().busyResources ?? []).some((id) => id.toLowerCase() === resourceId.toLowerCase());
  if (!named && statusUri === undefined) return;
  const where = statusUri === undefined ? '' : ` To retrieve status of the operation use uri: ${statusUri}.`;
  throw new ArmError(409, 'AnotherOperationInProgress', `Another operation on this or dependent resource is in progress.${where}`);
}
