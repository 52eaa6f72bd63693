import { ArmError } from '../http/types.js';

/** ARM's 404s and 400s, worded as ARM words them so that clients matching on text keep working. */

export function subscriptionNotFound(subscriptionId: string): ArmError {
  return new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
}

export function resourceGroupNotFound(resourceGroup: string): ArmError {
  return new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
}

/** `type` is the full ARM type (`Microsoft.ContainerRegistry/registries`). */
export function resourceNotFound(type: string, name: string, resourceGroup?: string): ArmError {
  const where = resourceGroup === undefined ? '' : ` under resource group '${resourceGroup}'`;
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}'${where} was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function badRequest(code: string, message: string, target?: string): ArmError {
  return new ArmError(400, code, message, target === undefined ? undefined : [{ code, message, target }]);
}

/** A request body that is not the JSON object the operation needs. */
export function invalidRequestContent(message: string): ArmError {
  return new ArmError(400, 'InvalidRequestContent', message);
}

/** ResourceNotFound for any id, naming it as ARM does (`Microsoft.Sql/servers/s/databases/d`). */
export function notFoundById(id: string): ArmError {
  const parts = id.split('/').filter(Boolean);
  let p = -1;
  for (let i = parts.length - 2; i >= 0; i -= 1) {
    if (parts[i]?.toLowerCase() === 'providers') {
      p = i;
      break;
    }
  }
  const rest = p < 0 ? parts : parts.slice(p + 1);
  const namespaceAndTypes = rest.slice(0, -1).join('/');
  const name = rest[rest.length - 1] ?? '';
  const rg = parts[0]?.toLowerCase() === 'subscriptions' && parts[2]?.toLowerCase() === 'resourcegroups' ? parts[3] : undefined;
  return resourceNotFound(namespaceAndTypes, name, rg);
}
