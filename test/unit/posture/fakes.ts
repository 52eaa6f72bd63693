import type { CommandContext, ConversationInfo } from '../../../src/commands/types.js';
import type { AssignmentInfo, AssignmentsData, ComplianceData, CompliancePort, PolicyStateView } from '../../../src/domain/compliance/index.js';
import type { UserIdentity } from '../../../src/domain/identity.js';
import {
  createFixProposalStore, type DocumentStore, type FixProposalStore, type PosturePort, type RegistryListing, type RegistrySnapshot, type ScopeQuery, type SearchedScope,
} from '../../../src/domain/posture/index.js';
import { FakeAccessPort, NO_ACCESS } from '../commands/support/context.js';

/** Fakes behind the posture, compliance and assignments commands, answering from plain data. */

export const NOW = new Date('2026-11-20T10:05:00.000Z');
export const TENANT = '72f988bf-0000-4000-8000-00000000c0de';
export const SUBS = [
  { id: '1d6e3a2b-7c4f-4e5d-9a8b-000000000001', displayName: 'Contoso Prod', environment: 'prod' as const },
  { id: '1d6e3a2b-7c4f-4e5d-9a8b-000000000003', displayName: 'Contoso Dev', environment: 'dev' as const },
];

export function searched(readable = SUBS, resourceGroups: SearchedScope['resourceGroups'] = []): SearchedScope {
  return { readable, searched: readable, resourceGroups };
}

export class FakePosturePort implements PosturePort {
  readonly apiVersion = '2025-11-01';
  readonly asked: ScopeQuery[] = [];
  constructor(private readonly registriesAnswer: RegistrySnapshot[], private readonly scope: SearchedScope = searched()) {}
  async registries(_user: UserIdentity, query: ScopeQuery): Promise<RegistryListing> {
    this.asked.push(query);
    return { registries: structuredClone(this.registriesAnswer), scope: this.scope };
  }
  async registry(_user: UserIdentity, registryId: string): Promise<RegistrySnapshot | undefined> {
    return structuredClone(this.registriesAnswer.find((r) => r.id.toLowerCase() === registryId.toLowerCase()));
  }
}

export class FakeCompliancePort implements CompliancePort {
  constructor(
    private readonly states: PolicyStateView[],
    private readonly assignmentList: AssignmentInfo[],
    private readonly scope: SearchedScope = searched(),
    private readonly explained: Map<string, PolicyStateView[]> = new Map(),
  ) {}
  async policyStates(_user: UserIdentity, _query: ScopeQuery, options: { includeCompliant: boolean }): Promise<ComplianceData> {
    const states = options.includeCompliant ? this.states : this.states.filter((s) => s.state === 'NonCompliant');
    return { states: structuredClone(states), allStates: options.includeCompliant, counts: undefined, assignments: this.assignmentList, scope: this.scope };
  }
  async explain(): Promise<Map<string, PolicyStateView[]>> {
    return this.explained;
  }
  async assignments(): Promise<AssignmentsData> {
    const targets = this.scope.resourceGroups.map((g) => `/subscriptions/${g.subscriptionId}/resourceGroups/${g.name}`);
    return { targets, assignments: this.assignmentList, scope: this.scope };
  }
}

/** The key-value store's shape, in memory. */
export class MemoryDocuments implements DocumentStore {
  readonly items = new Map<string, { value: unknown; ttlSeconds?: number }>();
  async get<T>(namespace: string, key: string): Promise<{ value: T } | undefined> {
    const item = this.items.get(`${namespace}/${key}`);
    return item ? { value: structuredClone(item.value) as T } : undefined;
  }
  async put<T>(namespace: string, key: string, value: T, options: { ttlSeconds?: number } = {}): Promise<string> {
    this.items.set(`${namespace}/${key}`, { value: structuredClone(value), ...(options.ttlSeconds === undefined ? {} : { ttlSeconds: options.ttlSeconds }) });
    return 'etag';
  }
}

export interface PostureContextOptions {
  posture?: PosturePort;
  compliance?: CompliancePort;
  fixes?: FixProposalStore;
  conversation?: Partial<ConversationInfo>;
  user?: UserIdentity;
}

export function postureContext(options: PostureContextOptions = {}): CommandContext {
  return {
    user: options.user ?? { channelUserId: '29:priya', aadObjectId: '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51', name: 'Priya Raman' },
    conversation: { id: 'conv-posture', type: 'personal', tenantId: TENANT, ...options.conversation },
    services: {
      access: new FakeAccessPort(NO_ACCESS),
      ...(options.posture ? { posture: options.posture } : {}),
      ...(options.compliance ? { compliance: options.compliance } : {}),
      fixProposals: options.fixes ?? createFixProposalStore(new MemoryDocuments()),
    },
    now: () => NOW,
    botVersion: '0.1.0',
  };
}
