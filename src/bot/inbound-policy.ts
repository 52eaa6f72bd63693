/**
 * Which activities may reach the bot at all, decided before anything runs: in production only
 * Teams (plus channels the deployment names explicitly) and only the tenants the deployment serves;
 * in local mode any channel from the loopback interface (the Agents Playground), Teams from anywhere.
 */
export interface InboundPolicy {
  mode: 'local' | 'production';
  /** Channel ids accepted in production; always includes `msteams`. */
  channels: readonly string[];
  /** Tenant ids accepted in production (lower case). */
  tenants: readonly string[];
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.test(address);
}

/** The tenant an activity says it comes from (Teams puts it in both places). */
export function tenantOf(activity: Record<string, unknown>): string | undefined {
  const conversation = activity.conversation as { tenantId?: unknown } | undefined;
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const id = conversation?.tenantId ?? channelData?.tenant?.id;
  return typeof id === 'string' && id !== '' ? id.toLowerCase() : undefined;
}

/** Why the activity is refused (403), or undefined when it may go on to authentication. */
export function inboundRefusal(activity: Record<string, unknown>, policy: InboundPolicy, remoteAddress: string | undefined): string | undefined {
  const channel = typeof activity.channelId === 'string' ? activity.channelId.toLowerCase() : '';
  if (policy.mode === 'local') {
    return channel === 'msteams' || isLoopback(remoteAddress) ? undefined : `Channel "${channel}" is accepted only from this machine in local mode.`;
  }
  if (!policy.channels.includes(channel)) return `Channel "${channel || '(none)'}" is not accepted by this deployment.`;
  const tenant = tenantOf(activity);
  // Teams always names the tenant; channels added by ALLOWED_CHANNELS must too.
  if (!tenant || !policy.tenants.includes(tenant)) return `Tenant ${tenant ?? '(none)'} is not served by this deployment.`;
  return undefined;
}
