import { whatChanged } from './what-changed.js';
import { whoCanApprove } from './who-can-approve.js';
import { assignments } from './assignments.js';
import { compliance } from './compliance.js';
import { cve } from './cve.js';
import { findings } from './findings.js';
import { fixFirst } from './fix-first.js';
import { exposedWorkloads } from './exposed-workloads.js';
import { guardrails } from './guardrails.js';
import { digestNowCommand } from './digest-now.js';
import { digestSettings } from './digest-settings.js';
import { digestSubscribe } from './digest-subscribe.js';
import { digestUnsubscribe } from './digest-unsubscribe.js';
import { createHelpCommand } from './help.js';
import { imageDetails } from './image-details.js';
import { ping } from './ping.js';
import { plainSecrets } from './plain-secrets.js';
import { posture } from './posture.js';
import { signOut } from './sign-out.js';
import { scanCoverage } from './scan-coverage.js';
import { staleImages } from './stale-images.js';
import { staleWorkloads } from './stale-workloads.js';
import { unapprovedRegistries } from './unapproved-registries.js';
import { whereRunning } from './where-running.js';
import { approval } from './approval.js';
import { assignPolicy } from './assign-policy.js';
import { auditLogCommand } from './audit-log.js';
import { exemptCommand } from './exempt.js';
import { registryChange } from './registry-change.js';
import { remediateCommand } from './remediate.js';
import { suppressCommand } from './suppress.js';
import { unassignPolicy } from './unassign-policy.js';
import type { Command } from './types.js';
import { whoami } from './whoami.js';

/**
 * Every command ShipShape knows, in help order within each group. Adding a command is one file and
 * one line here.
 */
export const commands: readonly Command[] = [
  createHelpCommand(() => commands),
  findings,
  fixFirst,
  imageDetails,
  cve,
  whereRunning,
  staleImages,
  scanCoverage,
  posture,
  compliance,
  assignments,
  guardrails,
  unapprovedRegistries,
  plainSecrets,
  exposedWorkloads,
  staleWorkloads,
  assignPolicy,
  unassignPolicy,
  registryChange,
  remediateCommand,
  exemptCommand,
  suppressCommand,
  approval,
  whoCanApprove,
  auditLogCommand,
  whatChanged,
  digestSubscribe,
  digestNowCommand,
  digestSettings,
  digestUnsubscribe,
  whoami,
  signOut,
  ping,
];

export { createCommandRouter, DISPATCH_THRESHOLD, type RouterOptions } from './router.js';
export { defineCommand, verbOf } from './define-command.js';
export { HELP_TRY_VERB, PAGE_MORE_VERB } from './registry.js';
export { COMMAND_GROUPS } from './help.js';
export type * from './types.js';
