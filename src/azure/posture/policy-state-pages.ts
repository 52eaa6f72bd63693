import { getContinuationToken, type PolicyInsightsClient, type PolicyState } from '@azure/arm-policyinsights';
import { createPipelineRequest, RestError } from '@azure/core-rest-pipeline';

/**
 * Every row of a Policy Insights `queryResults` listing. The service answers at most 1,000 rows a page
 * and serves the next page only to a POST on `@odata.nextLink`; @azure/arm-policyinsights fetches it
 * with GET, which Azure refuses with 404 `ResourceTypeNotSupported` (Azure/azure-sdk-for-js#36686,
 * Azure/azure-rest-api-specs#15136). So the SDK reads the first page and each further page is POSTed
 * through the same client's pipeline: the person's own credential, the same retries and TLS trust.
 */

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A wire row as the SDK's model holds it: OData annotations renamed, the timestamp a Date. */
function toModel(row: Json): PolicyState {
  const { '@odata.id': odataId, '@odata.context': odataContext, timestamp, ...rest } = row;
  const state: PolicyState = { ...rest };
  if (typeof odataId === 'string') state.odataId = odataId;
  if (typeof odataContext === 'string') state.odataContext = odataContext;
  if (typeof timestamp === 'string') state.timestamp = new Date(timestamp);
  return state;
}

/** The client and the ARM endpoint it was made for (the person's token goes nowhere else). */
export interface InsightsReader {
  client: PolicyInsightsClient;
  endpoint: string;
}

async function postPage({ client, endpoint }: InsightsReader, nextLink: string): Promise<{ text: string; body: Json }> {
  if (new URL(nextLink).origin !== new URL(endpoint).origin) throw new Error(`Policy Insights answered with a next page on another host (${new URL(nextLink).host})`);
  const request = createPipelineRequest({ url: nextLink, method: 'POST', headers: undefined });
  request.headers.set('Accept', 'application/json');
  const response = await client.sendRequest(request);
  const text = response.bodyAsText ?? '';
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    body = {};
  }
  if (response.status !== 200 || !isJson(body)) {
    const error = isJson(body) && isJson(body.error) ? body.error : {};
    const message = typeof error.message === 'string' ? error.message : `Policy Insights answered ${response.status} for the next page.`;
    throw new RestError(message, { statusCode: response.status, code: typeof error.code === 'string' ? error.code : undefined, request, response });
  }
  return { text, body };
}

/**
 * Reads `listing` to its end. `onBody` receives every page's raw JSON text (the first page's too, when
 * the caller passes it to the SDK call as `onResponse`).
 */
export async function allPolicyStates(
  reader: InsightsReader,
  listing: { byPage(): AsyncIterableIterator<PolicyState[]> },
  onBody?: (text: string) => void,
): Promise<PolicyState[]> {
  const pages = listing.byPage();
  const first = await pages.next();
  // Only the first page comes from the SDK; stop its pager before it tries the refused GET.
  await pages.return?.();
  const rows: PolicyState[] = first.done === true ? [] : [...first.value];
  let next = first.done === true ? undefined : getContinuationToken(first.value);
  while (next) {
    const { text, body } = await postPage(reader, next);
    onBody?.(text);
    rows.push(...(Array.isArray(body.value) ? body.value.filter(isJson).map(toModel) : []));
    const link = body['@odata.nextLink'];
    next = typeof link === 'string' && link !== '' ? link : undefined;
  }
  return rows;
}
