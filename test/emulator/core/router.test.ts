import { describe, expect, test } from 'vitest';
import { Router } from '../../../src/emulator/http/router.js';
import type { Route } from '../../../src/emulator/http/types.js';

const handler: Route['handler'] = () => ({ status: 200 });
const route = (method: Route['method'], pattern: string): Route => ({ method, pattern, apiVersions: [], handler });

const routes = [
  route('GET', '/{*scope}/providers/Microsoft.Security/assessments/{assessmentName}'),
  route('GET', '/{*scope}/providers/Microsoft.Security/assessments/{assessmentName}/subAssessments'),
  route('GET', '/{*scope}/providers/Microsoft.Security/subAssessments'),
  route('GET', '/subscriptions/{subscriptionId}/providers/Microsoft.Security/assessments/{assessmentName}'),
  route('PUT', '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}'),
];
const router = new Router(routes);
const segs = (p: string): string[] => p.split('/').filter(Boolean);
const REG = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r';

describe('router', () => {
  test('a greedy scope yields to the literal segments after it', () => {
    const m = router.match('GET', segs(`${REG}/providers/Microsoft.Security/assessments/k/subAssessments`));
    expect(m.kind).toBe('found');
    if (m.kind !== 'found') return;
    expect(m.candidates[0].route).toBe(routes[1]);
    expect(m.candidates[0].params).toEqual({ scope: REG, assessmentName: 'k' });
  });

  test('literal routes win over greedy ones for the same path', () => {
    const m = router.match('GET', segs('/subscriptions/s/providers/Microsoft.Security/assessments/k'));
    expect(m.kind === 'found' && m.candidates.map((c) => c.route)).toEqual([routes[3], routes[0]]);
  });

  test('literals match case-insensitively; captured values keep their case', () => {
    const m = router.match('PUT', segs('/SUBSCRIPTIONS/S1/ResourceGroups/My-RG'));
    expect(m.kind === 'found' && m.candidates[0].params).toEqual({ subscriptionId: 'S1', resourceGroupName: 'My-RG' });
  });

  test('other methods and unknown paths are told apart', () => {
    expect(router.match('DELETE', segs('/subscriptions/s/resourcegroups/rg'))).toEqual({ kind: 'method', allowed: ['PUT'] });
    expect(router.match('GET', segs('/providers/Microsoft.Security/subAssessments')).kind).toBe('none');
    expect(router.match('GET', segs(`${REG}/providers/Microsoft.Security/assessments`)).kind).toBe('none');
  });
});
