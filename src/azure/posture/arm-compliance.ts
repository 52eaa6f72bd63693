import type { PolicyAssignment } from '@azure/arm-policy';
import type { AzureConfig } from '../../config/index.js';
import type { AssignmentCounts, AssignmentInfo, AssignmentsData, ComplianceData, CompliancePort, PolicyStateView } from '../../domain/compliance/index.js';
import type { UserIdentity } from '../../domain/identity.js';
import type { ScopeQuery } from '../../domain/posture/index.js';
import type { CredentialFactory } from '../credentials.js';
import { toUserError } from '../errors.js';
import { armClientOptions } from '../clients.js';
import { PostureClients, type ArmOptions } from './clients.js';
import { DefinitionLookup } from './definitions.js';
import { readEstate, type Estate } from './estate.js';
import { collect, mapLimit } from '../lists.js';
import { FAN_OUT } from './parallel.js';
import { allPolicyStates } from './policy-state-pages.js';
import { idParts } from './registry-mapper.js';
import { rawRows, rowKey, toAssignmentInfo, toCounts, toStateView } from './state-mapper.js';

/**
 * Compliance through Microsoft.PolicyInsights (`queryResults` and `summarize`, POST with OData
 * envelopes; every page of `queryResults` read by POST, see policy-state-pages.ts) and assignments through Microsoft.Authorization, with the person's own credential.
 * Evaluation details come one resource at a time, as the service offers them.
 */

const FAILING = 'IsCompliant eq false';

/** The SDKs send a scope's leading slash as `//`; ARM ids go without it. */
const relative = (id: string): string => id.replace(/^\/+/, '');

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Per-assignment counts of several resource groups, added up per assignment. */
function summed(counts: readonly AssignmentCounts[]): AssignmentCounts[] {
  const out = new Map<string, AssignmentCounts>();
  for (const c of counts) {
    const key = c.assignmentId.toLowerCase();
    const seen = out.get(key);
    if (!seen) {
      out.set(key, { ...c });
      continue;
    }
    seen.compliant += c.compliant;
    seen.nonCompliant += c.nonCompliant;
    seen.exempt += c.exempt;
    if (c.conflict !== undefined) seen.conflict = (seen.conflict ?? 0) + c.conflict;
    if (c.unknown !== undefined) seen.unknown = (seen.unknown ?? 0) + c.unknown;
  }
  return [...out.values()];
}

interface Target {
  subscriptionId: string;
  resourceGroup?: string;
}

function targetsOf(estate: Estate): Target[] {
  if (estate.resourceGroups.length > 0) return estate.resourceGroups.map((g) => ({ subscriptionId: g.subscriptionId, resourceGroup: g.name }));
  return estate.searched.map((s) => ({ subscriptionId: s.id }));
}

export class ArmCompliance implements CompliancePort {
  private readonly options: ArmOptions;

  constructor(
    azure: AzureConfig,
    private readonly credentials: CredentialFactory,
  ) {
    this.options = armClientOptions(azure);
  }

  private async clients(user: UserIdentity): Promise<PostureClients> {
    return new PostureClients(this.options, await this.credentials.forUser(user));
  }

  async policyStates(user: UserIdentity, query: ScopeQuery, options: { includeCompliant: boolean }): Promise<ComplianceData> {
    try {
      const clients = await this.clients(user);
      const { estate } = await readEstate(clients, query, async () => undefined);
      const definitions = new DefinitionLookup(clients);
      const narrowed: NonNullable<ComplianceData['narrowed']> = [];
      const read = async (t: Target) => {
        const client = clients.insights(t.subscriptionId);
        const insights = client.policyStates;
        const queryOptions = options.includeCompliant ? {} : { filter: FAILING };
        const [states, summary, assignments] = await Promise.all([
          allPolicyStates(
            { client, endpoint: this.options.endpoint },
            t.resourceGroup
              ? insights.listQueryResultsForResourceGroup('latest', t.subscriptionId, t.resourceGroup, { queryOptions })
              : insights.listQueryResultsForSubscription('latest', t.subscriptionId, { queryOptions }),
          ),
          t.resourceGroup
            ? insights.summarizeForResourceGroup('latest', t.subscriptionId, t.resourceGroup)
            : insights.summarizeForSubscription('latest', t.subscriptionId),
          this.assignmentsAt(clients, t, false),
        ]);
        return { states, counts: toCounts(summary), assignments: await this.describe(definitions, t.subscriptionId, assignments) };
      };
      const perTarget = (
        await mapLimit(targetsOf(estate), FAN_OUT, async (t) => {
          try {
            return [await read(t)];
          } catch (error) {
            // Rights on some resource groups only: Azure refuses the subscription, not the groups.
            const groups = t.resourceGroup === undefined && statusOf(error) === 403 ? estate.groupNames(t.subscriptionId) : [];
            if (groups.length === 0) throw error;
            const name = estate.readable.find((s) => s.id.toLowerCase() === t.subscriptionId.toLowerCase())?.displayName ?? t.subscriptionId;
            narrowed.push({ subscription: name, resourceGroups: groups });
            const parts = await mapLimit(groups, FAN_OUT, (resourceGroup) => read({ subscriptionId: t.subscriptionId, resourceGroup }));
            // One subscription's answer: each group's summary counts other resources, so they add up.
            return [{ states: parts.flatMap((p) => p.states), counts: summed(parts.flatMap((p) => p.counts)), assignments: parts.flatMap((p) => p.assignments) }];
          }
        })
      ).flat();
      const states: PolicyStateView[] = perTarget.flatMap((p) => p.states.map((s) => toStateView(s, (sub, rg, tags) => estate.environmentOf(sub, rg, tags))));
      const counts: AssignmentCounts[] = perTarget.flatMap((p) => p.counts);
      return {
        states,
        allStates: options.includeCompliant,
        counts,
        assignments: dedupe(perTarget.flatMap((p) => p.assignments)),
        scope: estate.scope(),
        ...(narrowed.length > 0 ? { narrowed } : {}),
      };
    } catch (error) {
      throw toUserError(error, 'reading policy compliance');
    }
  }

  /** Keyed by lower-case resource id. */
  async explain(user: UserIdentity, resourceIds: readonly string[]): Promise<Map<string, PolicyStateView[]>> {
    const clients = await this.clients(user);
    const explained = await mapLimit(resourceIds, FAN_OUT, async (id): Promise<[string, PolicyStateView[]]> => {
      const { subscriptionId } = idParts(id);
      try {
        const bodies: string[] = [];
        const client = clients.insights(subscriptionId);
        const rows = await allPolicyStates(
          { client, endpoint: this.options.endpoint },
          client.policyStates.listQueryResultsForResource('latest', relative(id), {
            queryOptions: { filter: FAILING, expand: 'PolicyEvaluationDetails,components' },
            onResponse: (response) => {
              if (response.bodyAsText) bodies.push(response.bodyAsText);
            },
          }),
          (text) => bodies.push(text),
        );
        const raw = rawRows(bodies);
        return [id.toLowerCase(), rows.map((r) => toStateView(r, () => undefined, raw.get(rowKey(r))))];
      } catch {
        // Reasons are a courtesy: without them the answer still names the failing policy.
        return [id.toLowerCase(), []];
      }
    });
    return new Map(explained);
  }

  async assignments(user: UserIdentity, query: ScopeQuery): Promise<AssignmentsData> {
    try {
      const clients = await this.clients(user);
      const { estate } = await readEstate(clients, query, async () => undefined);
      const definitions = new DefinitionLookup(clients);
      const envs = query.environments;
      // "in prod" without a group: the subscriptions of that environment.
      const targets = targetsOf(estate).filter((t) => t.resourceGroup !== undefined || envs.length === 0 || envs.includes(estate.readable.find((s) => s.id.toLowerCase() === t.subscriptionId.toLowerCase())?.environment ?? 'test'));
      const found = await mapLimit(targets, FAN_OUT, async (t) => this.describe(definitions, t.subscriptionId, await this.assignmentsAt(clients, t, true)));
      return {
        targets: targets.map((t) => (t.resourceGroup ? `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}` : `/subscriptions/${t.subscriptionId}`)),
        assignments: dedupe(found.flat()),
        scope: estate.scope(),
      };
    } catch (error) {
      throw toUserError(error, 'listing policy assignments');
    }
  }

  /** Assignments at a target and inherited from above (`atScope()`), or everything touching it. */
  private assignmentsAt(clients: PostureClients, t: Target, atScopeOnly: boolean): Promise<PolicyAssignment[]> {
    const policy = clients.policy(t.subscriptionId).policyAssignments;
    const options = atScopeOnly ? { filter: 'atScope()' } : {};
    return collect(t.resourceGroup ? policy.listForResourceGroup(t.resourceGroup, options) : policy.list(options));
  }

  private async describe(definitions: DefinitionLookup, subscriptionId: string, assignments: PolicyAssignment[]): Promise<AssignmentInfo[]> {
    return Promise.all(
      assignments.map(async (a) => {
        const info = toAssignmentInfo(a);
        const definition = await definitions.summary(subscriptionId, info.definitionId);
        return { ...info, definitionDisplayName: definition.displayName, effect: info.effect ?? definition.defaultEffect };
      }),
    );
  }
}

function dedupe(assignments: AssignmentInfo[]): AssignmentInfo[] {
  const seen = new Map<string, AssignmentInfo>();
  for (const a of assignments) if (!seen.has(a.id.toLowerCase())) seen.set(a.id.toLowerCase(), a);
  return [...seen.values()];
}
