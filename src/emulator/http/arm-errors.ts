import { ArmError } from './types.js';

/**
 * ARM's error answers, worded as ARM words them, for the core and for route modules.
 * Bodies follow common-types ErrorResponse: `{ "error": { code, message, target?, details? } }`.
 */

export function errorBody(error: ArmError): { error: Record<string, unknown> } {
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  if (error.details && error.details.length > 0) body.details = error.details.map((d) => ({ ...d }));
  return { error: body };
}

export function missingApiVersion(): ArmError {
  return new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
}

export function invalidApiVersion(apiVersion: string, supported: readonly string[]): ArmError {
  return new ArmError(
    400,
    'InvalidApiVersionParameter',
    `The api-version '${apiVersion}' is invalid. The supported versions are '${supported.join(',')}'.`,
  );
}

export function noRegisteredProvider(apiVersion: string, resourceType: string, supported: readonly string[]): ArmError {
  return new ArmError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location 'global' and API version '${apiVersion}' for type '${resourceType}'. ` +
      `The supported api-versions are '${supported.join(', ')}'. The supported locations are 'global'.`,
  );
}

export function invalidResourceType(resourceType: string, namespace: string, apiVersion: string): ArmError {
  return new ArmError(
    404,
    'InvalidResourceType',
    `The resource type '${resourceType}' could not be found in the namespace '${namespace}' for api version '${apiVersion}'.`,
  );
}

export function methodNotAllowed(method: string): ArmError {
  return new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`);
}

export function invalidRequestContent(detail: string): ArmError {
  return new ArmError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${detail}'.`);
}

export function requestTooLarge(limit: number): ArmError {
  return new ArmError(413, 'RequestEntityTooLarge', `The request content size exceeds the maximum allowed size of ${limit} bytes.`);
}

export function invalidSkipToken(token: string): ArmError {
  return new ArmError(400, 'InvalidSkipToken', `The provided skip token '${token}' is not valid.`);
}

/** `ResourceNotFound` for a resource id, as ARM answers GET of a missing resource. */
export function resourceNotFound(type: string, name: string, resourceGroup?: string): ArmError {
  const where = resourceGroup === undefined ? '' : ` under resource group '${resourceGroup}'`;
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}'${where} was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function resourceGroupNotFound(resourceGroup: string): ArmError {
  return new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
}

export function subscriptionNotFound(subscriptionId: string): ArmError {
  return new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
}

/** The body of an unexpected failure: no stack, only what ARM itself discloses. */
export function internalServerError(trackingId: string, correlationId: string, subscriptionId = ''): ArmError {
  const stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, '');
  return new ArmError(
    500,
    'InternalServerError',
    `Encountered internal server error. Diagnostic information: timestamp '${stamp}', subscription id '${subscriptionId}', tracking id '${trackingId}', request correlation id '${correlationId}'.`,
  );
}

export function serviceUnavailable(): ArmError {
  return new ArmError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry the request later.');
}
