import { describe, expect, test } from 'vitest';
import { matchName } from '../../../../src/domain/language/index.js';
import { selectRegistries } from '../../../../src/domain/posture/index.js';
import { UserError } from '../../../../src/domain/errors.js';
import { hardened } from '../../posture/support.js';
import { p } from './support.js';

/** Names are generated per run: nothing here depends on one tenant's spelling. */
const SUFFIX = Math.random().toString(36).slice(2, 6).replace(/\d/g, 'x');
const PROD = `fabrikamprod${SUFFIX}`;
const DEV = `fabrikamdev${SUFFIX}`;
const estate = [hardened({ name: PROD, environment: 'prod' }), hardened({ name: DEV, environment: 'dev' })];

describe('a word becomes a registry name only with a signal', () => {
  test.for([
    'check ACR config in production',
    'are prod ACRs using private link?',
    'are prod ACRs having admin user enabled?',
    'check registries settings in prod',
    'which registries currently allow anonymous pull',
    'registries anywhere with public access',
    'is log4shell anywhere in prod',
  ])('%s: no registry', (text) => {
    expect(p(text).entities.registry).toBeUndefined();
  });

  test.for<[string, string]>([
    ['registry zzqxprod', 'zzqxprod'],
    ['acr named zzqxprod', 'zzqxprod'],
    ['criticals in zzqxprod', 'zzqxprod'],
    ['the zzqxprod registry', 'zzqxprod'],
    ['zzqxprod.azurecr.io/app:1.0', 'zzqxprod'],
  ])('%s: %s', ([text, name]) => {
    expect(p(text).entities.registry).toBe(name);
  });

  test('a plain English word after a singular naming word is still a word', () => {
    for (const word of ['config', 'settings', 'status', 'using', 'overall', 'setup']) {
      expect(p(`check ACR ${word} in prod`).entities.registry, word).toBeUndefined();
    }
  });
});

describe('names the person can read are matched case-insensitively and through typos', () => {
  const names = [PROD, DEV];
  test('exact, any case', () => {
    expect(matchName(PROD.toUpperCase(), names)).toEqual({ kind: 'exact', name: PROD });
  });
  test('one typo is read as the name', () => {
    expect(matchName(PROD.replace('prod', 'prd'), names)).toEqual({ kind: 'typo', name: PROD });
  });
  test('too far to assume: offered, not used', () => {
    const m = matchName(`fabrikampr${SUFFIX}zz`, names);
    expect(m.kind === 'near' || m.kind === 'none').toBe(true);
  });
  test('nothing alike: none', () => {
    expect(matchName('qqqqqqqq', names)).toEqual({ kind: 'none' });
  });
});

describe('posture selects registries by what was typed', () => {
  test('an unknown word shaped like a name is used only when it matches a readable registry', () => {
    expect(selectRegistries(estate, p(`is ${PROD.replace('prod', 'prd')} hardened?`)).map((r) => r.name)).toEqual([PROD]);
    expect(selectRegistries(estate, p('is zzzzzzzz hardened in dev?')).map((r) => r.name)).toEqual([DEV]);
  });

  test('stray words never turn into "a registry named"', () => {
    expect(selectRegistries(estate, p('check ACR config in production')).map((r) => r.name)).toEqual([PROD]);
    expect(selectRegistries(estate, p('are prod ACRs using private link?')).map((r) => r.name)).toEqual([PROD]);
  });

  test('a registry named with a signal but not readable is refused, with the near name offered', () => {
    const typed = `registry ${PROD.slice(0, -3)}qqq`;
    let error: unknown;
    try {
      selectRegistries(estate, p(typed));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain(`${PROD.slice(0, -3)}qqq`);
    expect(String((error as UserError & { hint?: string }).hint)).toContain(PROD);
  });
});
