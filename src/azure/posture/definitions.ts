import type { PolicyDefinition } from '@azure/arm-policy';
import { findPolicy } from '../../domain/policy-catalog.js';
import type { PostureClients } from './clients.js';

/**
 * Display name and default effect of the definition an assignment names: from ShipShape's catalog
 * of container built-ins when it is one, else read once from Azure Policy. A definition the person
 * cannot read leaves the assignment's own words.
 */
export interface DefinitionSummary {
  displayName: string | undefined;
  defaultEffect: string | undefined;
}

function defaultEffectOf(definition: PolicyDefinition): string | undefined {
  const fromParameter = definition.parameters?.effect?.defaultValue;
  if (typeof fromParameter === 'string') return fromParameter;
  const literal = (definition.policyRule as { then?: { effect?: unknown } } | undefined)?.then?.effect;
  return typeof literal === 'string' && !literal.startsWith('[') ? literal : undefined;
}

export class DefinitionLookup {
  private readonly cache = new Map<string, Promise<DefinitionSummary>>();

  constructor(private readonly clients: PostureClients) {}

  summary(subscriptionId: string, definitionId: string): Promise<DefinitionSummary> {
    const key = definitionId.toLowerCase();
    let found = this.cache.get(key);
    if (!found) {
      found = this.read(subscriptionId, definitionId);
      this.cache.set(key, found);
    }
    return found;
  }

  private async read(subscriptionId: string, definitionId: string): Promise<DefinitionSummary> {
    const known = findPolicy(definitionId);
    if (known) return { displayName: known.displayName, defaultEffect: known.defaultEffect };
    const name = definitionId.split('/').pop() ?? '';
    const builtIn = /^\/providers\/microsoft\.authorization\//i.test(definitionId);
    const policy = this.clients.policy(subscriptionId);
    try {
      if (/\/policysetdefinitions\//i.test(definitionId)) {
        const set = builtIn ? await policy.policySetDefinitions.getBuiltIn(name) : await policy.policySetDefinitions.get(name);
        // An initiative has one effect per member: none to show for the whole.
        return { displayName: set.displayName, defaultEffect: undefined };
      }
      const definition = builtIn ? await policy.policyDefinitions.getBuiltIn(name) : await policy.policyDefinitions.get(name);
      return { displayName: definition.displayName, defaultEffect: defaultEffectOf(definition) };
    } catch {
      return { displayName: undefined, defaultEffect: undefined };
    }
  }
}
