import { describe, expect, test } from 'vitest';
import { commands } from '../../../src/commands/index.js';
import { loadConfig } from '../../../src/config/index.js';
import { parse } from '../../../src/domain/language/index.js';

/** The guardrail questions reach their commands (and only theirs); their two settings load and validate. */

function winner(text: string): string | undefined {
  const parsed = parse(text);
  let best: { name: string; score: number } | undefined;
  for (const c of commands) {
    const score = c.match(parsed);
    if (score >= 0.5 && (!best || score > best.score)) best = { name: c.name, score };
  }
  return best?.name;
}

describe('routing', () => {
  test.for<[string, string | undefined]>([
    ['check prod container groups against the security guidance', 'guardrails'],
    ['are our prod workloads following the guidance?', 'guardrails'],
    ['workload guardrails in staging', 'guardrails'],
    ['check our container groups', 'guardrails'],
    ['which prod workloads use unapproved registries', 'unapproved-registries'],
    ['which containers pull images from docker hub', 'unapproved-registries'],
    ['images from docker.io in prod', 'unapproved-registries'],
    ['secrets in plain environment variables in prod', 'plain-secrets'],
    ['plaintext passwords in dev containers', 'plain-secrets'],
    ['connection strings in env vars', 'plain-secrets'],
    ['which prod containers are exposed to the internet', 'exposed-workloads'],
    ['container groups with a public ip in prod', 'exposed-workloads'],
    ['which workloads have open ports', 'exposed-workloads'],
    ['what runs stale images in prod', 'stale-workloads'],
    ['which container groups run images older than 60 days', 'stale-workloads'],
    // Other subjects keep their own commands.
    ['stale images in prod', 'stale-images'],
    ['prod images older than 90 days', 'stale-images'],
    ['which prod images have criticals', 'findings'],
    ['how secure are our registries', 'posture'],
    ['policy compliance in prod', 'compliance'],
    ['which registries violate policies in prod', 'compliance'],
    ['who am i', 'whoami'],
  ])('"%s" → %s', ([text, expected]) => {
    expect(winner(text)).toBe(expected);
  });
});

describe('configuration', () => {
  const base = { PORT: '0', EMULATOR_URL: 'https://127.0.0.1:8443' };
  test('defaults: Microsoft\'s registry approved, stale after 90 days', () => {
    expect(loadConfig(base, { requireEmulatorCa: false }).guardrails).toEqual({ approvedRegistries: ['mcr.microsoft.com'], staleImageDays: 90 });
  });

  test('a list of hosts, prefixes and wildcards; "none"; a number of days', () => {
    const set = loadConfig({ ...base, APPROVED_REGISTRIES: 'mcr.microsoft.com, docker.io/contoso  *.example.com', STALE_IMAGE_DAYS: '30' }, { requireEmulatorCa: false });
    expect(set.guardrails).toEqual({ approvedRegistries: ['mcr.microsoft.com', 'docker.io/contoso', '*.example.com'], staleImageDays: 30 });
    expect(loadConfig({ ...base, APPROVED_REGISTRIES: 'none' }, { requireEmulatorCa: false }).guardrails.approvedRegistries).toEqual([]);
  });

  test('nonsense is reported, all problems at once', () => {
    expect(() => loadConfig({ ...base, APPROVED_REGISTRIES: 'https://bad host', STALE_IMAGE_DAYS: '0' }, { requireEmulatorCa: false })).toThrow(/STALE_IMAGE_DAYS/);
    expect(() => loadConfig({ ...base, APPROVED_REGISTRIES: 'bad host!' }, { requireEmulatorCa: false })).toThrow(/APPROVED_REGISTRIES: "host!"/);
  });
});
