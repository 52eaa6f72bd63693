import type { DigestSubscription } from '../domain/digest/types.js';
import type { UserIdentity } from '../domain/identity.js';
import { NAMESPACES } from '../store/namespaces.js';
import type { KeyValueStore } from '../store/types.js';

/**
 * Digests read "as" a subscriber who could not be read as when they were due (no renewable grant,
 * or it ended). Nothing is posted in the conversation; the subscriber is told on their next
 * message, and the record goes once they have been told what to do.
 */
export interface SignInNotice {
  subscriptionId: string;
  conversationKey: string;
  conversationType: DigestSubscription['conversationType'];
  environment: DigestSubscription['environment'];
  subscriberOid: string;
  /** The occurrence that did not go out. */
  dueAt: string;
  timeZone: string;
  /** When the subscriber was last asked, so that they are not asked on every message. */
  remindedAt?: string;
}

function prefixOf(oid: string): string {
  return `${oid.toLowerCase()}#`;
}

export class SignInNotices {
  constructor(private readonly store: KeyValueStore) {}

  async waitFor(sub: DigestSubscription, dueAt: string): Promise<void> {
    const oid = sub.subscriber.aadObjectId;
    if (!oid) return;
    const notice: SignInNotice = {
      subscriptionId: sub.id,
      conversationKey: sub.conversationKey,
      conversationType: sub.conversationType,
      environment: sub.environment,
      subscriberOid: oid.toLowerCase(),
      dueAt,
      timeZone: sub.schedule.timeZone,
    };
    await this.store.put(NAMESPACES.signInNotices, `${prefixOf(oid)}${sub.id}`, notice);
  }

  async pendingFor(user: UserIdentity): Promise<SignInNotice[]> {
    if (!user.aadObjectId) return [];
    const out: SignInNotice[] = [];
    for await (const item of this.store.list<SignInNotice>(NAMESPACES.signInNotices, prefixOf(user.aadObjectId))) out.push(item.value);
    return out;
  }

  async reminded(notices: readonly SignInNotice[], at: string): Promise<void> {
    for (const n of notices) await this.store.put(NAMESPACES.signInNotices, `${prefixOf(n.subscriberOid)}${n.subscriptionId}`, { ...n, remindedAt: at });
  }

  async clear(notices: readonly SignInNotice[]): Promise<void> {
    for (const n of notices) await this.store.delete(NAMESPACES.signInNotices, `${prefixOf(n.subscriberOid)}${n.subscriptionId}`);
  }
}
