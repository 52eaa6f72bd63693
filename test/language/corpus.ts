import type { Entities } from '../../src/domain/language/index.js';

/**
 * How people ask ShipShape things, labelled: the command each phrasing must reach and the slots it
 * must fill. Written from how security engineers type in chat: typos, shorthand, synonyms, word
 * order, polite forms, questions and imperatives. `suggestions` means nothing may claim the text.
 */
export type Slots = Partial<Pick<Entities, 'environments' | 'severities' | 'registry' | 'repository' | 'tag' | 'cves' | 'resourceGroup' | 'packages' | 'ecosystems' | 'conditions' | 'nicknames'>>;

export interface CorpusEntry {
  text: string;
  command: string;
  slots?: Slots;
}

function group(command: string, entries: readonly (string | [string, Slots])[]): CorpusEntry[] {
  return entries.map((e) => (typeof e === 'string' ? { text: e, command } : { text: e[0], command, slots: e[1] }));
}

const PROD = { environments: ['prod' as const] };
const CRIT = { severities: ['Critical' as const] };

export const CORPUS: readonly CorpusEntry[] = [
  ...group('help', ['help', 'HELP', 'hlep', 'halp', 'what can you do', 'what can you do?', 'commands', 'show me the commands', 'how does this work', 'what can i ask', 'hi', 'hello there', 'hey', '?', 'help please', 'what do you do']),
  ...group('whoami', ['whoami', 'who am i', 'who am I?', 'whomai', 'what access do i have', 'my access', 'show my roles', 'my role assignments', 'what are my permissions', 'which subscriptions can i read', 'my subscriptions', 'what can i see', 'whats my access', 'what roles do i have']),
  ...group('ping', ['ping', 'Ping!', 'pign', 'are you there', 'are you alive?', 'which version', 'you there?', 'are you up']),
  ...group('signout', ['sign out', 'log out', 'logout', 'sign me out', 'please log me out']),
  ...group('findings', [
    ['which prod images have criticals', { ...PROD, ...CRIT }],
    ['critical findings in prod', { ...PROD, ...CRIT }],
    ['critcal vulns in prodution', { ...PROD, ...CRIT }],
    ['crits in prod', { ...PROD, ...CRIT }],
    ['show me critical vulnerabilities in production please', { ...PROD, ...CRIT }],
    ['any criticals in staging?', { environments: ['staging'], ...CRIT }],
    ['high and above in dev', { environments: ['dev'], severities: ['Critical', 'High'] }],
    ['critical and high findings in registry contosoprod', { severities: ['Critical', 'High'], registry: 'contosoprod' }],
    ['fixable criticals in prod', { ...PROD, ...CRIT }],
    ['vulns with a fix in prod', { ...PROD, conditions: ['fixable'] }],
    ['log4j in prod', { ...PROD, packages: ['log4j'] }],
    ['any openssl vulns?', { packages: ['openssl'] }],
    ['glibc findings in staging', { environments: ['staging'], packages: ['glibc'] }],
    ['which images have curl vulnerabilities', { packages: ['curl'] }],
    ['npm packages with criticals', { ecosystems: ['javascript'], ...CRIT }],
    ['python packages with high vulns in prod', { ecosystems: ['python'], severities: ['High'], ...PROD }],
    ['java libraries with criticals', { ecosystems: ['java'], ...CRIT }],
    ['exploitable criticals', { ...CRIT, conditions: ['exploitable'] }],
    ['known exploited vulns in prod', { ...PROD, conditions: ['known-exploited'] }],
    ['whats being exploited in the wild in prod', { ...PROD, conditions: ['known-exploited'] }],
    ['critical vulns in prod that are internet facing', { ...PROD, ...CRIT, conditions: ['internet-facing'] }],
    ['highs in registry contosoprod that are internet-facing', { severities: ['High'], registry: 'contosoprod', conditions: ['internet-facing'] }],
    ['exploitable fixable criticals in registry contosoprod', { ...CRIT, registry: 'contosoprod' }],
    ['medium findings in dev', { environments: ['dev'], severities: ['Medium'] }],
    ['list vulnerable images in prod', PROD],
    ['prod images with vulns', PROD],
    ['vulnerable images', {}],
    ['criticals', CRIT],
    ['show criticals', CRIT],
    ['shwo criticals', CRIT],
    ['can you list the high severity findings in prod?', { ...PROD, severities: ['High'] }],
  ]),
  ...group('fix-first', [
    'what should we fix first in prod', 'fix first in staging', 'what should i fix first', 'what to patch first', 'prioritize prod vulns',
    'which images should we prioritise', 'what is most urgent to fix', 'top priority fixes in prod', 'what should we patch first in production',
    'fix first', 'priorities for prod', 'whats most urgent', 'what do we fix first',
  ]),
  ...group('image-details', [
    ["what's wrong with payments/api:1.4.2", { repository: 'payments/api', tag: '1.4.2' }],
    ['whats wrong with payments/api:1.4.2', { repository: 'payments/api', tag: '1.4.2' }],
    ['details of contosoprod.azurecr.io/web/storefront:2026.11.3', { registry: 'contosoprod', repository: 'web/storefront' }],
    ['payments/api:1.4.2', { repository: 'payments/api', tag: '1.4.2' }],
    ['show payments/api', { repository: 'payments/api' }],
    ['tell me about orders/service:3.1.4', { repository: 'orders/service', tag: '3.1.4' }],
    ['findings for payments/api 1.4.2', { repository: 'payments/api', tag: '1.4.2' }],
    ['is payments/api:1.4.2 vulnerable', { repository: 'payments/api', tag: '1.4.2' }],
    ['what is wrong with payments api 1.4.2', { repository: 'payments/api', tag: '1.4.2' }],
    ['vulns in image web/storefront', { repository: 'web/storefront' }],
    ['details for repository nginx', { repository: 'nginx' }],
    ['how bad is payments/api@sha256:0123456789abcdef', { repository: 'payments/api' }],
  ]),
  ...group('cve', [
    ['which images have CVE-2024-3094', { cves: ['CVE-2024-3094'] }],
    ['which images have CVE\u20102024\u20103094', { cves: ['CVE-2024-3094'] }],
    ['which images have CVE\u20112024\u20113094', { cves: ['CVE-2024-3094'] }],
    ['cve 2021 44228 in prod', { cves: ['CVE-2021-44228'], ...PROD }],
    ['is log4shell anywhere in prod', { cves: ['CVE-2021-44228'], nicknames: ['Log4Shell'], ...PROD }],
    ['are we affected by log4shell?', { cves: ['CVE-2021-44228'] }],
    ['text4shell', { cves: ['CVE-2022-42889'] }],
    ['any spring4shell in staging', { cves: ['CVE-2022-22965'], environments: ['staging'] }],
    ['heartbleed anywhere?', { cves: ['CVE-2014-0160'] }],
    ['are we vulnerable to shellshock', { cves: ['CVE-2014-6271', 'CVE-2014-7169'] }],
    ['the xz backdoor', { cves: ['CVE-2024-3094'] }],
    ['which images have the xz backdoor', { cves: ['CVE-2024-3094'] }],
    ['regreSSHion in prod', { cves: ['CVE-2024-6387'], ...PROD }],
    ['looney tunables', { cves: ['CVE-2023-4911'] }],
    ['leaky vessels', { cves: ['CVE-2024-21626', 'CVE-2024-23651', 'CVE-2024-23652', 'CVE-2024-23653'] }],
    ['http/2 rapid reset in prod', { cves: ['CVE-2023-44487'], ...PROD }],
    ['dirty pipe', { cves: ['CVE-2022-0847'] }],
    ['pwnkit anywhere', { cves: ['CVE-2021-4034'] }],
    ['top CVEs in prod', PROD],
    ['most common vulnerabilities', {}],
    ['which cves are worst in prod', PROD],
    ['images with cve-2023-44487', { cves: ['CVE-2023-44487'] }],
  ]),
  ...group('where-running', [
    'where are vulnerable prod images running', 'where is payments/api:1.4.2 running', 'what runs the vulnerable payments image',
    ['whats runnin payments api 1.4.2', { repository: 'payments/api', tag: '1.4.2' }],
    ["what's running payments/api:1.4.2", { repository: 'payments/api', tag: '1.4.2' }],
    'which apps run payments/api', 'where does orders/service run', 'is payments/api:1.4.2 deployed anywhere',
    ['critical vulns in prod that are running and internet facing', { ...PROD, ...CRIT, conditions: ['internet-facing', 'running'] }],
    'running images with criticals', 'where are critical images running in prod', 'which workloads run vulnerable images',
  ]),
  ...group('stale-images', [
    'prod images older than 90 days', 'stale images in prod', 'images not updated in 6 months', 'outdated images', 'old images in staging',
    'images not rebuilt for a year', 'which images are stale', 'images older than 30 days', 'oldest images in prod', 'images pushed more than 60 days ago',
  ]),
  ...group('scan-coverage', [
    'is defender scanning our registries', 'which prod registries are not scanned', 'which registries are not scanned in prod', 'scan coverage of our ACR',
    'is defender enabled', 'scan coverage', 'are all registries scanned', 'which registries have no scan', 'defender coverage in prod',
  ]),
  ...group('posture', [
    'audit registries in prod', 'is contosoprod hardened?', 'registry posture in dev', 'how secure are our registries', 'registry security in staging',
    'do our registries use customer-managed keys', 'which registries have private link', 'which registries allow anonymous pull',
    'which registries have admin user enabled', 'is content trust enabled on contosoprod', 'show registries without customer-managed keys in prod',
    'are registries encrypted with cmk in prod?', 'is the admin user enabled on contosoprod?', 'check ACR config in production',
    'are prod ACRs using private link?', 'registry hardening', 'how locked down are the prod registries', 'acr posture',
    'which registries have public network access', 'check registry contosoprod',
  ]),
  ...group('compliance', [
    'ACR policy compliance in rg-registries-prod', 'which registries violate policies in prod', 'policy compliance in prod', 'is contosopayments compliant',
    'ACR policy compliance in rg-x', 'non-compliant registries', 'which registries are noncompliant', 'compliance status in staging', 'are we compliant',
    'policy violations in dev',
  ]),
  ...group('assignments', [
    'which policies are assigned to rg-registries-prod', 'policy assignments in prod', 'what policies apply to rg-aks-prod', 'list policy assignments',
    'what policies are assigned in staging', 'show assignments for rg-dev-sandbox',
  ]),
  ...group('guardrails', [
    'check prod container groups against the security guidance', 'are our prod workloads following the guidance?', 'any privileged containers in prod?',
    'are we logging container activity', 'check prod container groups', 'are our workloads ok', 'security guidance for staging workloads',
    'any containers running as root in prod?', 'which prod workloads are not logged to log analytics', 'which prod containers pull with a username and password',
  ]),
  ...group('unapproved-registries', [
    'which prod workloads use unapproved registries', 'containers pulling from docker hub', 'images from docker.io in prod', 'workloads using untrusted registries',
    'anything pulling from public registries?', 'unapproved images in staging',
  ]),
  ...group('plain-secrets', [
    'secrets in plain environment variables in prod', 'which containers have passwords in env vars', 'plaintext secrets in containers',
    'any api keys in environment variables?', 'connection strings in plain text', 'containers with secrets in env vars in staging',
  ]),
  ...group('exposed-workloads', [
    'which prod containers are exposed to the internet', 'container groups with a public ip', 'what is internet facing in prod',
    'which workloads are publicly reachable', 'containers with public ips', 'exposed containers in staging', 'open ports on the internet',
  ]),
  ...group('stale-workloads', [
    'what runs stale images in prod', 'which workloads run images older than 60 days', 'containers running outdated images', 'what is running old images',
    'workloads with stale images in staging',
  ]),
  ...group('assign-policy', [
    'assign the ACR private-link policy to rg-shared-tools', 'assign the ACR private-link policy to rg-dev-sandbox', 'apply the cmk policy to rg-registries-prod',
    'assign the admin user policy to rg-dev-sandbox with effect Deny because audit finding 12', 'please assign the anonymous pull policy to rg-x',
    'enforce private link on rg-registries-prod', 'can you assign the admin account policy to rg-dev-sandbox?',
  ]),
  ...group('unassign-policy', [
    'unassign the ACR private-link policy from rg-registries-prod', 'remove the private link policy from rg-dev-sandbox', 'unassign acr-cmk-encryption because we use Microsoft-managed keys',
    'remove the admin user policy from rg-x', 'unassign the anonymous pull policy',
  ]),
  ...group('registry-change', [
    'disable the admin user on registry contosodev', 'disable public network access on contosoprod', 'enable dedicated data endpoints on contosoprod',
    'disable the admin user on registry contosoprod', 'can you disable the admin user on contosoprod?', 'disable the admin user on contosoprod?',
    'please enable dedicated data endpoints on contosoprod', 'turn off anonymous pull on contosodev', 'dissable admin user on contosoprod',
    'switch off public access for contosoprod',
  ]),
  ...group('remediate', [
    'create a remediation task for assignment acr-admin-account-disabled', 'remediate the admin user policy in rg-dev-sandbox', 'remediate the cmk policy',
    'start a remediation for the private link policy in rg-x', 'run remediation for acr-admin-account-disabled',
  ]),
  ...group('exempt', [
    'exempt rg-dev-sandbox from the anonymous pull policy until 2027-01-31 because the demo needs it',
    'exempt registry contosolegacy from the admin user policy for 30 days because the vendor migrates in March',
    'exempt rg-x from the private link policy because it is a sandbox', 'please exempt contosodev from the cmk policy for 90 days because dev only',
    'create an exemption for rg-dev-sandbox from the admin user policy because testing',
  ]),
  ...group('suppress', [
    'suppress CVE-2024-3094 on payments/api for 30 days because the vendor fix ships Friday', 'suppress CVE-2021-44228 on orders/service because not reachable',
    'hide CVE-2024-6387 on ext/agent for 2 weeks because mitigated by network policy', 'mute CVE-2023-44487 in payments/api for 7 days because waf blocks it',
  ]),
  ...group('approval', [
    'pending approvals', 'what is waiting for approval', 'approve request 123', 'approv request 12', 'anything to approve?', 'show pending approvals',
    'which requests need my approval', 'open approvals',
  ]),
  ...group('audit-log', [
    'show the audit log', 'audit log for rg-dev-sandbox this week', 'who approved what today', 'who changed what yesterday', 'audit trail',
    'approval history', 'who made changes this week', 'audit log for the last 7 days',
  ]),
  ...group('digest-subscribe', [
    'send a daily digest here at 9:00 for prod', 'weekly on Monday 8:00 Europe/Paris', 'digest every weekday at 7:30am America/New_York as me',
    'subscribe this channel to a daily digest', 'daily digest at 8am', 'send a weekly summary every friday at 16:00',
  ]),
  ...group('digest-now', ['digest now', 'send the digest now', 'send me the digest now', 'run the digest now']),
  ...group('digest-settings', ['show digest settings', 'which digests are set up here', 'digest settings', 'what digests do we have']),
  ...group('digest-unsubscribe', ['unsubscribe', 'stop the digest', 'unsubscirbe', 'stop sending digests here', 'cancel the daily digest']),

  ...group('who-can-approve', [
    'who can approve this?', "why can't I approve this", 'who can approve the private link request', 'who may approve this request', 'who is allowed to approve this',
    'why cannot i approve', "why can't i approve the admin user change", 'who should approve this', 'who can sign off on this', 'who are the approvers for this request',
    'who needs to approve it', "why am i not allowed to approve",
  ]),
  // More of how people ask, across commands: shorthand, typos, polite forms, word order.
  ...group('findings', [
    ['pls show crit findings in prod', { ...PROD, ...CRIT }],
    ['prod criticals?', { ...PROD, ...CRIT }],
    ['criticals prod', { ...PROD, ...CRIT }],
    ['Could you show me the highs in staging?', { environments: ['staging'], severities: ['High'] }],
    ['criticals and highs in prod', { ...PROD, severities: ['Critical', 'High'] }],
    ['high+ vulns in prod', { ...PROD, severities: ['Critical', 'High'] }],
    ['which images in dev have criticals', { environments: ['dev'], ...CRIT }],
    ['vulnerabilites in prodcution', PROD],
    ['open findings in registry contosoprod', { registry: 'contosoprod' }],
    ['log4j', { packages: ['log4j'] }],
    ['openssl in prod', { ...PROD, packages: ['openssl'] }],
    ['anything with curl in staging?', { environments: ['staging'], packages: ['curl'] }],
    ['go modules with criticals', { ecosystems: ['go'], ...CRIT }],
    ['os packages with highs in prod', { ecosystems: ['os'], severities: ['High'], ...PROD }],
    ['exploitable vulns in prod', { ...PROD, conditions: ['exploitable'] }],
    ['criticals with known exploits', { ...CRIT, conditions: ['exploitable'] }],
    ['actively exploited findings', { conditions: ['known-exploited'] }],
    ['criticals in prod with a fix', { ...PROD, ...CRIT, conditions: ['fixable'] }],
    ['crit vulns in contosoprod', { ...CRIT, registry: 'contosoprod' }],
    ['show me lows in dev', { environments: ['dev'], severities: ['Low'] }],
  ]),
  ...group('image-details', [
    ['payments/api 1.4.2', { repository: 'payments/api', tag: '1.4.2' }],
    ['whats wrong with orders/service', { repository: 'orders/service' }],
    ['details of payments/api:1.4.2 please', { repository: 'payments/api', tag: '1.4.2' }],
    ['findings on web/storefront:stable', { repository: 'web/storefront', tag: 'stable' }],
  ]),
  ...group('cve', [
    ['CVE-2021-44228 in prod', { cves: ['CVE-2021-44228'], ...PROD }],
    ['where do we have cve-2024-6387', { cves: ['CVE-2024-6387'] }],
    ['Log4Shell?', { cves: ['CVE-2021-44228'] }],
    ['are we hit by ingressnightmare', { cves: ['CVE-2025-1097', 'CVE-2025-1098', 'CVE-2025-1974', 'CVE-2025-24513', 'CVE-2025-24514'] }],
    ['terrapin in prod', { cves: ['CVE-2023-48795'], ...PROD }],
    ['dirty cow anywhere', { cves: ['CVE-2016-5195'] }],
    ['top vulns', {}],
  ]),
  ...group('where-running', ['where is orders/service:3.1.4 running', 'what is running payments/api', 'where does the vulnerable storefront image run']),
  ...group('fix-first', ['what should we fix 1st', 'wat should we fix first', 'fix-first in prod please', 'most urgent fixes']),
  ...group('stale-images', ['images older than 6 months in prod', 'stale images', 'which images havent been updated in 90 days']),
  ...group('posture', [
    'which registries have the admin user disabled', 'registries without private link', 'is anonymous pull off everywhere', 'which registries have content trust',
    'which acrs are on premium', 'registries with public network access in prod', 'posture of contosoprod', 'hows our registry security',
  ]),
  ...group('compliance', ['compliance in prod', 'which registries fail policies', 'is contosoprod compliant?', 'policy compliance for rg-registries-prod']),
  ...group('guardrails', ['any privileged containers?', 'privileged containers in staging', 'are prod workloads ok?', 'check our container groups against the guidance']),
  ...group('exposed-workloads', ['which containers have a public ip in prod', 'internet exposed workloads']),
  ...group('plain-secrets', ['passwords in env vars in prod', 'secrets in environment variables']),
  ...group('unapproved-registries', ['which containers pull from docker hub', 'images from unapproved registries in prod']),
  ...group('registry-change', ['disable admin user on contosodev please', 'enable data endpoints on contosoprod']),
  ...group('assign-policy', ['assign the private link policy to rg-dev-sandbox', 'apply the admin user policy to rg-x']),
  ...group('approval', ['whats pending', 'pending requests', 'show me what needs approval']),
  ...group('audit-log', ['audit log', 'what changed in the audit log this week', 'who approved the admin user change']),
  ...group('whoami', ['what permissions do i have', 'do i have access to prod']),
  ...group('help', ['how do i use this', 'what commands are there']),
  ...group('digest-unsubscribe', ['stop digests']),
  ...group('suggestions', ['blah blah', 'the quick brown fox', 'sing me a song']),
  ...group('findings', [
    ['whats critical in prod right now', { ...PROD, ...CRIT }],
    ['give me the highs for contosoprod', { severities: ['High'], registry: 'contosoprod' }],
    ['critical cves in prod images', { ...PROD, ...CRIT }],
  ]),
  ...group('scan-coverage', ['are our registries being scanned by defender?', 'unscanned registries']),
  ...group('digest-subscribe', ['daily digest for prod at 9', 'subscribe to a weekly digest on monday at 9:00']),
  ...group('digest-settings', ['what digests are configured here']),
  ...group('compliance', ['noncompliant registries in staging']),
  ...group('stale-workloads', ['which containers run images older than 90 days']),
  ...group('what-changed', [
    'what changed since yesterday', 'what changed since Monday', 'what changed this week', 'what changed in November', 'whats changed since yesterday',
    'what changed in prod in the last 7 days', 'anything new since yesterday?', 'what is new in prod since monday', 'changes since yesterday in staging',
    'what has changed this week', 'what changed', 'what is different since friday',
    'new criticals since monday', 'what got fixed this week', 'new highs in prod in the last 7 days', 'criticals since yesterday',
  ]),
  ...group('suggestions', ['frobnicate the turbo encabulator', 'asdf qwerty', 'lorem ipsum dolor', 'what is the weather in paris', 'order a pizza']),
];
