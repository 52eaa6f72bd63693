import type { UserIdentity } from '../identity.js';
import type { RegistrySnapshot } from './registry.js';
import type { ScopeQuery, SearchedScope } from './scope.js';

export interface RegistryListing {
  registries: RegistrySnapshot[];
  scope: SearchedScope;
}

/** Reads registries with the asking person's own Azure rights. */
export interface PosturePort {
  /** The api-version registry requests are sent with (fix proposals name it). */
  readonly apiVersion: string;
  /** Registries the question covers that the person can read. */
  registries(user: UserIdentity, query: ScopeQuery): Promise<RegistryListing>;
  /** One registry by id, or undefined when it is gone or the person cannot read it. */
  registry(user: UserIdentity, registryId: string): Promise<RegistrySnapshot | undefined>;
}
