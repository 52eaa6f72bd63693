import type { ParsedText } from '../domain/language/index.js';
import type { FocusSpec } from './guardrails-focus.js';
import { said } from './guardrails-match.js';

/**
 * Guardrails asked about on their own inside the general check ("any privileged containers in
 * prod?", "which workloads aren't logged"): the answer lists those workloads first, with why. The
 * other four guardrails have commands of their own (unapproved registries, plain secrets, exposure,
 * stale images).
 */

function phrase(parsed: ParsedText, ...phrases: string[]): boolean {
  const text = ` ${parsed.text.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  return phrases.some((p) => text.includes(` ${p} `));
}

const FOCUSES: readonly { spec: FocusSpec; asked: (parsed: ParsedText) => boolean }[] = [
  {
    asked: (p) => said(p, 'privileged', 'privilege', 'privileges') || phrase(p, 'run as root', 'runs as root', 'running as root', 'as root'),
    spec: {
      command: 'guardrails',
      guardrail: 'privilege',
      kinds: ['privileged'],
      title: 'Privileged containers',
      finding: { one: 'runs a privileged container', many: 'run privileged containers' },
      offerKinds: [],
      none: 'runs a privileged container',
    },
  },
  {
    asked: (p) => phrase(p, 'password login', 'password logins', 'admin credentials', 'registry password', 'registry passwords', 'pull with a password', 'pulls with a password', 'username and password'),
    spec: {
      command: 'guardrails',
      guardrail: 'credentials',
      kinds: ['passwordLogin'],
      title: 'Pulling with a registry password',
      finding: { one: 'pulls with a username and password', many: 'pull with a username and password' },
      offerKinds: ['disable-admin-user'],
      none: 'pulls with a username and password',
    },
  },
  {
    asked: (p) => said(p, 'logging', 'logged', 'logs', 'diagnostics', 'monitoring', 'monitored', 'insights') || phrase(p, 'log analytics'),
    spec: {
      command: 'guardrails',
      guardrail: 'monitoring',
      kinds: ['noLogAnalytics', 'clusterNotMonitored'],
      title: 'Not monitored',
      finding: { one: 'is not monitored', many: 'are not monitored' },
      offerKinds: [],
      none: 'is unmonitored',
    },
  },
  {
    asked: (p) => phrase(p, 'pod security', 'kubernetes policy', 'kubernetes policies', 'aks policy', 'aks policies', 'policy add on', 'policy addon', 'azure policy add on'),
    spec: {
      command: 'guardrails',
      guardrail: 'kubernetes',
      kinds: ['policyNotAssigned', 'policyNonCompliant', 'policyAddonOff', 'policyStatesUnknown'],
      title: 'Kubernetes policies',
      finding: { one: 'lacks a Kubernetes policy in force', many: 'lack a Kubernetes policy in force' },
      offerKinds: ['assign-allowed-images', 'assign-no-privileged'],
      none: 'lacks a Kubernetes policy in force',
    },
  },
  {
    asked: (p) => said(p, 'unscanned') || phrase(p, 'not scanned', 'without scan', 'without scans', 'no scan'),
    spec: {
      command: 'guardrails',
      guardrail: 'images',
      kinds: ['unscannedImage'],
      title: 'Running unscanned images',
      finding: { one: 'runs an image Defender has not scanned', many: 'run images Defender has not scanned' },
      offerKinds: [],
      none: 'runs an unscanned image',
    },
  },
];

/** The guardrail a question singles out, if any. */
export function guardrailFocusOf(parsed: ParsedText): FocusSpec | undefined {
  return FOCUSES.find((f) => f.asked(parsed))?.spec;
}
