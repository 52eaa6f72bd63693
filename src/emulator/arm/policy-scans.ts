import { ArmError, type ArmRequest, type EmulatorContext, type Route } from '../http/types.js';
import { requireScope } from './access.js';
import { API } from './api-versions.js';
import { resourceGroupPath, subscriptionPath } from './ids.js';
import { propertiesOf } from './policy-catalog.js';

/**
 * On-demand compliance scans: `POST …/policyStates/latest/triggerEvaluation` at a subscription or
 * resource group answers 202 with a `Location` to poll, as ARM does; the poll answers 202 while the
 * scan runs and 200 once it is done. States are computed when queried (see policy-compliance.ts), so
 * a scan here is finished as soon as it starts; the record keeps who asked, where and when.
 */

const TRIGGER = 'Microsoft.PolicyInsights/policyStates/triggerEvaluation/action';
const READ = 'Microsoft.PolicyInsights/policyStates/queryResults/read';
export const SCAN_TYPE = 'Microsoft.PolicyInsights/asyncOperationResults';
/** The api-version Policy Insights puts in the Location it returns. */
const OPERATION_API_VERSION = '2019-10-01';

function operationPath(subscriptionId: string, operationId: string): string {
  return `${subscriptionPath(subscriptionId)}/providers/${SCAN_TYPE}/${operationId}`;
}

function trigger(req: ArmRequest, ctx: EmulatorContext, scope: string, subscriptionId: string) {
  requireScope(ctx, req.caller, scope, TRIGGER);
  const operationId = ctx.newId();
  const now = ctx.now().toISOString();
  ctx.store.put({
    id: operationPath(subscriptionId, operationId),
    name: operationId,
    type: SCAN_TYPE,
    properties: { scope, status: 'Succeeded', startTime: now, endTime: now, requestedBy: req.caller.objectId },
  });
  const location = `${req.baseUrl}${operationPath(subscriptionId, operationId)}?api-version=${OPERATION_API_VERSION}`;
  return { status: 202, headers: { Location: location, 'Retry-After': '0' } };
}

const POLICY_STATES = 'providers/Microsoft.PolicyInsights/policyStates/latest/triggerEvaluation';

export const policyScanRoutes: readonly Route[] = [
  {
    method: 'POST',
    pattern: `/subscriptions/{subscriptionId}/${POLICY_STATES}`,
    apiVersions: API.policyInsights,
    handler: (req, ctx) => trigger(req, ctx, subscriptionPath(req.params.subscriptionId ?? ''), req.params.subscriptionId ?? ''),
  },
  {
    method: 'POST',
    pattern: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/${POLICY_STATES}`,
    apiVersions: API.policyInsights,
    handler: (req, ctx) => {
      const subscriptionId = req.params.subscriptionId ?? '';
      return trigger(req, ctx, resourceGroupPath(subscriptionId, req.params.resourceGroupName ?? ''), subscriptionId);
    },
  },
  {
    method: 'GET',
    pattern: `/subscriptions/{subscriptionId}/providers/${SCAN_TYPE}/{operationId}`,
    apiVersions: API.policyInsights,
    handler: (req, ctx) => {
      const scan = ctx.store.get(operationPath(req.params.subscriptionId ?? '', req.params.operationId ?? ''));
      if (!scan) throw new ArmError(404, 'AsyncOperationNotFound', `The asynchronous operation '${req.params.operationId ?? ''}' could not be found.`);
      // Whoever may read the scanned scope's states may follow the scan.
      requireScope(ctx, req.caller, String(propertiesOf(scan).scope ?? ''), READ);
      const status = String(propertiesOf(scan).status ?? 'Succeeded');
      return status === 'Succeeded' ? { status: 200, body: { status } } : { status: 202, headers: { 'Retry-After': '1' } };
    },
  },
];
