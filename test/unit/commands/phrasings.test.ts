import { describe, expect, test } from 'vitest';
import { commands, createCommandRouter } from '../../../src/commands/index.js';
import type { CardReply, Reply } from '../../../src/commands/types.js';
import { FakeAccessPort, NO_ACCESS, context } from './support/context.js';

/** Which template answered: the command's own card, or "suggestions" when nothing matched. */
async function answeredBy(text: string): Promise<string> {
  const router = createCommandRouter(commands);
  const reply: Reply = await router.handleText(text, context({ access: new FakeAccessPort(NO_ACCESS) }));
  return (reply as CardReply).template;
}

describe('the shipped commands understand many phrasings', () => {
  test.for<[string, string]>([
    ['help', 'help'],
    ['HELP', 'help'],
    ['  help  ', 'help'],
    ['<at>ShipShape</at> help', 'help'],
    ['help <at>ShipShape</at>', 'help'],
    ['hlep', 'help'],
    ['?', 'help'],
    ['what can you do', 'help'],
    ['what can you do?', 'help'],
    ['commands', 'help'],
    ['show me the commands', 'help'],
    ['how does this work', 'help'],
    ['hi', 'help'],
    ['hello there', 'help'],
    ['', 'help'],
    ['whoami', 'whoami'],
    ['WhoAmI', 'whoami'],
    ['who am i', 'whoami'],
    ['who am I?', 'whoami'],
    ['whomai', 'whoami'],
    ['what access do i have', 'whoami'],
    ['my access', 'whoami'],
    ['show my roles', 'whoami'],
    ['my role assignments', 'whoami'],
    ['what are my permissions', 'whoami'],
    ['which subscriptions can i read', 'whoami'],
    ['my subscriptions', 'whoami'],
    ['ping', 'ping'],
    ['Ping!', 'ping'],
    ['pign', 'ping'],
    ['are you there', 'ping'],
    ['are you alive?', 'ping'],
    ['which version', 'ping'],
    ['frobnicate the turbo encabulator', 'suggestions'],
    ['asdf qwerty', 'suggestions'],
    ['critical findings in prod', 'findings'],
  ])('%s → %s', async ([text, template]) => {
    expect(await answeredBy(text)).toBe(template);
  });
});

describe('questions go to the command that answers them, requests to the one that changes things', () => {
  const router = createCommandRouter(commands);
  test.for<[string, string]>([
    ['which prod images have criticals', 'findings'],
    ['what runs the vulnerable payments image', 'where-running'],
    ['what runs stale images in prod', 'stale-workloads'],
    ['which images have CVE-2024-3094', 'cve'],
    ['is contosoprod hardened?', 'posture'],
    ['audit registries in prod', 'posture'],
    ['do our registries use customer-managed keys', 'posture'],
    ['which registries have private link', 'posture'],
    ['which registries allow anonymous pull', 'posture'],
    ['which registries have admin user enabled', 'posture'],
    ['is content trust enabled on contosoprod', 'posture'],
    ['show registries without customer-managed keys in prod', 'posture'],
    ['are registries encrypted with cmk in prod?', 'posture'],
    ['disable the admin user on registry contosoprod', 'registry-change'],
    ['assign the ACR private-link policy to rg-shared-tools', 'assign-policy'],
    ['can you disable the admin user on contosoprod?', 'registry-change'],
    ['disable the admin user on contosoprod?', 'registry-change'],
    ['is the admin user enabled on contosoprod?', 'posture'],
    ['please enable dedicated data endpoints on contosoprod', 'registry-change'],
    ['which registries violate policies in prod', 'compliance'],
    ['ACR policy compliance in rg-x', 'compliance'],
    ['are our prod workloads following the guidance?', 'guardrails'],
    ['any privileged containers in prod?', 'guardrails'],
    ['which prod containers are exposed to the internet', 'exposed-workloads'],
    ['show the audit log', 'audit-log'],
    ['who changed what yesterday', 'audit-log'],
    ['images not updated in 6 months', 'stale-images'],
    ['registry security in staging', 'posture'],
    ['apply the cmk policy to rg-registries-prod', 'assign-policy'],
    ['remove the private link policy from rg-dev-sandbox', 'unassign-policy'],
    ['approve request 123', 'approval'],
    ['are we logging container activity', 'guardrails'],
    ['is defender enabled', 'scan-coverage'],
    ['what can i ask', 'help'],
    ['is defender scanning our registries', 'scan-coverage'],
    ['which registries are not scanned in prod', 'scan-coverage'],
    ['scan coverage of our ACR', 'scan-coverage'],
    ['pending approvals', 'approval'],
    ['unsubscribe', 'digest-unsubscribe'],
    ['sign out', 'signout'],
  ])('%s → %s', async ([text, name]) => {
    const { parse } = await import('../../../src/domain/language/index.js');
    const parsed = parse(text);
    const ranked = router.list().map((c) => ({ name: c.name, score: c.match(parsed) })).sort((a, b) => b.score - a.score);
    expect(ranked[0]?.name).toBe(name);
    expect(ranked[0]?.score ?? 0).toBeGreaterThan(ranked[1]?.score ?? 0);
  });
});

describe('every example in the registry', () => {
  const router = createCommandRouter(commands);
  const examples = commands.flatMap((c) => c.examples.map((e) => [c.name, e] as const));

  test.for(examples)('%s: "%s" reaches its own command', async ([name, example]) => {
    const command = commands.find((c) => c.name === name);
    expect(command).toBeDefined();
    const others = router.list().filter((c) => c !== command);
    const { parse } = await import('../../../src/domain/language/index.js');
    const parsed = parse(example);
    const own = command?.match(parsed) ?? 0;
    expect(own).toBeGreaterThanOrEqual(0.5);
    for (const other of others) expect(other.match(parsed), `${other.name} competes for "${example}"`).toBeLessThan(own);
  });
});
