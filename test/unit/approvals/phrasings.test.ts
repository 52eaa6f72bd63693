import { describe, expect, test } from 'vitest';
import { commands, createCommandRouter } from '../../../src/commands/index.js';
import { context } from '../commands/support/context.js';

/** Which command a phrasing reaches, among every shipped command (the acknowledgement names it). */
function commandFor(text: string): string {
  const understood = String(createCommandRouter(commands).acknowledge(text, context()).data.understood ?? '');
  return understood.split(' · ')[0] ?? '';
}

describe('changes are understood as changes, not questions', () => {
  test.for<[string, string]>([
    ['assign the ACR private-link policy to rg-x', 'Assign a policy'],
    ['assign the ACR private-link policy to rg-dev-sandbox with effect Deny because audit finding 12', 'Assign a policy'],
    ['please assign the admin user policy to rg-shared-tools', 'Assign a policy'],
    ['assign the configure admin user policy to subscription Contoso Dev', 'Assign a policy'],
    ['unassign the ACR private-link policy from rg-registries-prod', 'Remove a policy assignment'],
    ['unassign acr-cmk-encryption', 'Remove a policy assignment'],
    ['disable the admin user on registry contosodev', 'Change a registry setting'],
    ['disable public network access on contosoprod', 'Change a registry setting'],
    ['enable dedicated data endpoints on contosoprod', 'Change a registry setting'],
    ['create a remediation task for assignment acr-admin-account-disabled', 'Remediate'],
    ['remediate the admin user policy in rg-dev-sandbox', 'Remediate'],
    ['exempt rg-dev-sandbox from the anonymous pull policy until 2027-01-31 because the demo needs it', 'Exempt from a policy'],
    ['exempt registry contosolegacy from the admin user policy for 30 days because the ERP connector logs in with it', 'Exempt from a policy'],
    ['suppress CVE-2024-3094 on payments/api for 30 days because the vendor fix ships Friday', 'Suppress a finding'],
    ['snooze CVE-2024-3094 on payments/api for a week because the vendor fix ships Friday', 'Suppress a finding'],
    ['pending approvals', 'Approvals'],
    ['what is waiting for approval', 'Approvals'],
    ['audit log for rg-x this week', 'Audit log'],
    ['who approved what today', 'Audit log'],
  ])('“%s” → %s', ([text, title]) => {
    expect(commandFor(text)).toBe(title);
  });

  test.for<[string, string]>([
    ['which policies are assigned to rg-dev-sandbox', 'Assign a policy'],
    ['which prod images have CVE-2024-3094', 'Suppress a finding'],
    ['is contosoprod compliant', 'Audit log'],
    ['who am i', 'Audit log'],
  ])('“%s” is not %s', ([text, title]) => {
    expect(commandFor(text)).not.toBe(title);
  });
});
