import type { ArmRequest, EmulatorContext, Route, RouteModule } from '../http/types.js';
import { requireScope } from './access.js';
import { API } from './api-versions.js';
import { ArmError } from '../http/types.js';
import { pageOf } from '../http/paging.js';
import { badRequest } from './errors.js';
import { armTypeOf, normalizeScope } from './ids.js';
import { evaluateFilter, parseFilter, type FilterNode } from './odata-filter.js';
import { propertiesOf } from './policy-catalog.js';
import { computePolicyStates, type PolicyStateRow, type StateOptions } from './policy-compliance.js';
import { policyScanRoutes } from './policy-scans.js';
import { summarizeByAssignment } from './policy-summary.js';

/**
 * Policy Insights `policyStates/{latest|default}/queryResults` and `/summarize` at any scope: a
 * subscription, a resource group, a resource, or a policy assignment / definition (which narrows the
 * rows to it). Answers carry OData annotations and hold at most 1,000 rows, as the service pages them;
 * further pages are fetched with POST on `@odata.nextLink`. A GET there is refused the way Azure refuses
 * it (404 `ResourceTypeNotSupported`), which is what the SDKs that page with GET meet in Azure.
 * On-demand scans (`triggerEvaluation`) are served from policy-scans.ts.
 */

/** Policy Insights' page: at most this many rows per answer. */
export const POLICY_STATES_PAGE = 1000;

const QUERY_READ = 'Microsoft.PolicyInsights/policyStates/queryResults/read';
const SUMMARIZE_READ = 'Microsoft.PolicyInsights/policyStates/summarize/read';

interface Target {
  /** The scope whose resources are judged. */
  scope: string;
  /** Row field that must equal `value` (an assignment or definition named in the path). */
  narrow?: { field: string; value: string };
}

function targetOf(ctx: EmulatorContext, raw: string): Target {
  const scope = normalizeScope(raw);
  const type = armTypeOf(scope)?.toLowerCase();
  if (type === 'microsoft.authorization/policyassignments') {
    const assignmentScope = String(propertiesOf(ctx.store.get(scope)).scope ?? scope.split('/providers/')[0] ?? '/');
    return { scope: assignmentScope, narrow: { field: 'policyAssignmentId', value: scope } };
  }
  if (type === 'microsoft.authorization/policydefinitions' || type === 'microsoft.authorization/policysetdefinitions') {
    const field = type.endsWith('setdefinitions') ? 'policySetDefinitionId' : 'policyDefinitionId';
    // Custom definitions live at the subscription; built-in ones are named by their tenant-level id.
    const name = scope.split('/').pop() ?? '';
    const owner = scope.split('/providers/')[0] ?? '/';
    return { scope: owner, narrow: { field, value: name } };
  }
  return { scope };
}

function rowField(row: PolicyStateRow, name: string): unknown {
  const key = Object.keys(row).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : row[key];
  // Rows spell types with a leading slash; filters may use either spelling.
  return name.toLowerCase() === 'resourcetype' && typeof value === 'string' ? value.replace(/^\//, '') : value;
}

function stripTypeSlashes(node: FilterNode): FilterNode {
  if (node.kind === 'and' || node.kind === 'or') return { ...node, left: stripTypeSlashes(node.left), right: stripTypeSlashes(node.right) };
  if (node.kind === 'not') return { ...node, operand: stripTypeSlashes(node.operand) };
  if (node.kind !== 'cmp') return node;
  const isType = (o: typeof node.left) => o.kind === 'field' && o.name.toLowerCase() === 'resourcetype';
  const strip = (o: typeof node.left) => (o.kind === 'literal' && typeof o.value === 'string' ? { ...o, value: o.value.replace(/^\//, '') } : o);
  return isType(node.left) ? { ...node, right: strip(node.right) } : isType(node.right) ? { ...node, left: strip(node.left) } : node;
}

/** `$expand=PolicyEvaluationDetails` and `$expand=components` (comma-separated, any case). */
function expandOf(req: ArmRequest): StateOptions {
  const expand = (req.query.get('$expand') ?? '').toLowerCase().split(',').map((s) => s.trim());
  return { details: expand.includes('policyevaluationdetails'), components: expand.includes('components') };
}

const ID_FIELDS = ['resourceId', 'policyAssignmentId', 'policyDefinitionId', 'policySetDefinitionId', 'policyAssignmentScope'] as const;

/** Policy Insights answers with ids lower-cased, whatever casing the resources were created with. */
function spelledAsTheService(ctx: EmulatorContext, row: PolicyStateRow): PolicyStateRow {
  if (ctx.knobs().policyInsightsIds === 'stored') return row;
  const lowered = { ...row };
  for (const field of ID_FIELDS) if (typeof row[field] === 'string') lowered[field] = row[field].toLowerCase();
  return lowered;
}

function selectedRows(req: ArmRequest, ctx: EmulatorContext, action: string): { target: Target; rows: PolicyStateRow[] } {
  const resource = (req.params.policyStatesResource ?? '').toLowerCase();
  if (resource !== 'latest' && resource !== 'default') {
    throw badRequest('InvalidPolicyStatesResource', `The policy states resource '${req.params.policyStatesResource ?? ''}' is not valid. Allowed values: default, latest.`);
  }
  const target = targetOf(ctx, req.params.scope ?? '');
  requireScope(ctx, req.caller, target.scope, action);
  let rows = computePolicyStates(ctx, target.scope, expandOf(req)).map((r) => spelledAsTheService(ctx, r));
  const narrow = target.narrow;
  if (narrow) {
    const wanted = narrow.value.toLowerCase();
    rows = rows.filter((r) => {
      const v = String(rowField(r, narrow.field) ?? '').toLowerCase();
      return v === wanted || v.endsWith(`/${wanted}`);
    });
  }
  const filter = req.query.get('$filter');
  if (filter) {
    const tree = stripTypeSlashes(parseFilter(filter));
    rows = rows.filter((r) => evaluateFilter(tree, { field: (name) => rowField(r, name) }));
  }
  return { target, rows };
}

/** `$orderby=field [asc|desc], …`; Policy Insights sorts descending unless told `asc`. */
function ordered(rows: PolicyStateRow[], orderBy: string | null): PolicyStateRow[] {
  if (!orderBy) return rows;
  const keys = orderBy.split(',').map((part) => {
    const [field = '', dir = 'desc'] = part.trim().split(/\s+/);
    return { field, sign: dir.toLowerCase() === 'asc' ? 1 : -1 };
  });
  return [...rows].sort((a, b) => {
    for (const { field, sign } of keys) {
      const x = String(rowField(a, field) ?? '');
      const y = String(rowField(b, field) ?? '');
      if (x !== y) return x < y ? -sign : sign;
    }
    return 0;
  });
}

/** `$select=a, b` keeps those fields (and the OData annotations). */
function projected(row: PolicyStateRow, select: string | null): PolicyStateRow {
  if (!select) return row;
  const wanted = new Set(select.split(',').map((s) => s.trim().toLowerCase()));
  return Object.fromEntries(Object.entries(row).filter(([k]) => k.startsWith('@odata') || wanted.has(k.toLowerCase())));
}

function metadataUrl(req: ArmRequest, scope: string): string {
  return `${req.baseUrl}${scope === '/' ? '' : scope}/providers/Microsoft.PolicyInsights/policyStates/$metadata`;
}

function topOf(req: ArmRequest): number | undefined {
  const text = req.query.get('$top');
  if (text === null) return undefined;
  const top = Number(text);
  if (!Number.isInteger(top) || top < 0) throw badRequest('InvalidQueryParameterValue', `Invalid $top '${text}'.`);
  return top;
}

const queryResults = (req: ArmRequest, ctx: EmulatorContext) => {
  const { target, rows } = selectedRows(req, ctx, QUERY_READ);
  const context = `${metadataUrl(req, target.scope)}#latest`;
  // `$top` caps the whole result (not one page), so the rows are cut before paging.
  const top = topOf(req);
  const sorted = ordered(rows, req.query.get('$orderby'));
  const page = pageOf(req, top === undefined ? sorted : sorted.slice(0, top), ctx.knobs().policyStatesPageSize ?? POLICY_STATES_PAGE);
  const value = page.value.map((row) => projected({ '@odata.id': null, '@odata.context': `${context}/$entity`, ...row }, req.query.get('$select')));
  return {
    status: 200,
    body: { '@odata.nextLink': page.nextLink ?? null, '@odata.context': context, '@odata.count': value.length, value },
  };
};

const summarizeHandler = (req: ArmRequest, ctx: EmulatorContext) => {
  const { target, rows } = selectedRows(req, ctx, SUMMARIZE_READ);
  const top = topOf(req);
  const base = `${req.baseUrl}${target.scope === '/' ? '' : target.scope}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?api-version=${req.apiVersion}`;
  const context = `${metadataUrl(req, target.scope)}#summary`;
  const summary = summarizeByAssignment(rows, base, top);
  return {
    status: 200,
    body: { '@odata.context': context, '@odata.count': 1, value: [{ '@odata.id': null, '@odata.context': `${context}/$entity`, ...summary }] },
  };
};

/** What Azure answers a GET on `queryResults` (the first page or a nextLink alike). */
const getRefused = (): never => {
  throw new ArmError(404, 'ResourceTypeNotSupported', "Unsupported resource type: 'Microsoft.PolicyInsights/policyStates/queryResults'.");
};

const BASE = '/{*scope}/providers/Microsoft.PolicyInsights/policyStates/{policyStatesResource}';

const routes: Route[] = [
  { method: 'POST', pattern: `${BASE}/queryResults`, apiVersions: API.policyInsights, handler: queryResults },
  { method: 'GET', pattern: `${BASE}/queryResults`, apiVersions: [], handler: getRefused },
  { method: 'POST', pattern: `${BASE}/summarize`, apiVersions: API.policyInsights, handler: summarizeHandler },
  ...policyScanRoutes,
];

export const policyStateRoutes: RouteModule = routes;
