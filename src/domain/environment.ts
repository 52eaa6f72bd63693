/** Deployment stages people name when they ask about their estate. */
export type Environment = 'prod' | 'staging' | 'dev' | 'test';

export const ENVIRONMENTS: readonly Environment[] = ['prod', 'staging', 'dev', 'test'];

/**
 * Words people (and `env` tags on subscriptions and resource groups) use for each stage. Kept in one
 * place so the parser and the Azure adapters agree on what "prod" means.
 */
export const ENVIRONMENT_WORDS: Readonly<Record<string, Environment>> = {
  prod: 'prod',
  production: 'prod',
  prd: 'prod',
  staging: 'staging',
  stage: 'staging',
  stg: 'staging',
  preprod: 'staging',
  dev: 'dev',
  development: 'dev',
  develop: 'dev',
  test: 'test',
  testing: 'test',
  tst: 'test',
  qa: 'test',
  uat: 'test',
};

export function environmentFromWord(word: string): Environment | undefined {
  return ENVIRONMENT_WORDS[word.trim().toLowerCase()];
}

/** Reads an `env`/`environment` tag as Azure returns it (case of keys and values varies). */
export function environmentFromTags(tags: Readonly<Record<string, string>> | undefined): Environment | undefined {
  if (!tags) return undefined;
  for (const [key, value] of Object.entries(tags)) {
    const k = key.toLowerCase();
    if (k === 'env' || k === 'environment' || k === 'stage') return environmentFromWord(value);
  }
  return undefined;
}
