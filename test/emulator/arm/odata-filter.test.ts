import { describe, expect, test } from 'vitest';
import { ArmError } from '../../../src/emulator/http/types.js';
import { callsIn, evaluateFilter, parseFilter } from '../../../src/emulator/arm/odata-filter.js';

const row = { IsCompliant: false, ComplianceState: 'NonCompliant', ResourceType: 'Microsoft.ContainerRegistry/registries', Count: 3, Name: "o'brien" };
const scope = {
  field: (name: string) => Object.entries(row).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1],
  call: (name: string, args: unknown[]) => (name === 'assignedto' ? args[0] === 'me' : name === 'atscope' ? true : undefined),
};
const holds = (filter: string) => evaluateFilter(parseFilter(filter), scope);

describe('OData $filter', () => {
  test.for([
    ['IsCompliant eq false', true],
    ['iscompliant eq true', false],
    ["ComplianceState eq 'noncompliant'", true],
    ["ComplianceState ne 'NonCompliant'", false],
    ["IsCompliant eq false and ResourceType eq 'Microsoft.ContainerRegistry/registries'", true],
    ["IsCompliant eq true or ComplianceState eq 'NonCompliant'", true],
    ["not (ComplianceState eq 'Compliant')", true],
    ['Count gt 2 and Count le 3', true],
    ['Count lt 3', false],
    ["Name eq 'O''Brien'", true],
    ["atScope() and assignedTo('me')", true],
    ["atScope() and assignedTo('someone-else')", false],
    ['Missing eq null', true],
  ] as const)('%s → %s', ([filter, expected]) => {
    expect(holds(filter)).toBe(expected);
  });

  test('lists the function calls of a filter', () => {
    expect(callsIn(parseFilter("atScope() and assignedTo('x')")).map((c) => c.name)).toEqual(['atScope', 'assignedTo']);
  });

  test.for(["IsCompliant eq 'unterminated", 'IsCompliant eq false)', '(IsCompliant eq false', 'eq eq'])('rejects %s with ARM 400', (filter) => {
    let error: unknown;
    try {
      holds(filter);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ArmError);
    expect((error as ArmError).status).toBe(400);
    expect((error as ArmError).code).toBe('InvalidFilterInQueryString');
  });
});
