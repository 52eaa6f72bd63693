import type { UserIdentity } from '../domain/identity.js';
import { NAMESPACES } from '../store/namespaces.js';
import type { KeyValueStore } from '../store/types.js';

interface Preferences {
  timeZone?: string;
}

/**
 * The time zone each person's Teams client reports, so "daily at 9:00" means nine o'clock where
 * the person who said it is. Written only when it changes.
 */
export class UserPreferences {
  private readonly known = new Map<string, string>();

  constructor(private readonly store: KeyValueStore) {}

  private keyOf(user: UserIdentity): string {
    return user.aadObjectId ?? user.channelUserId;
  }

  async rememberTimeZone(user: UserIdentity, timeZone: string): Promise<void> {
    const key = this.keyOf(user);
    if (this.known.get(key) === timeZone) return;
    await this.store.put<Preferences>(NAMESPACES.userPreferences, key, { timeZone });
    this.known.set(key, timeZone);
    if (this.known.size > 10_000) this.known.delete(this.known.keys().next().value as string);
  }

  async timeZoneOf(user: UserIdentity): Promise<string | undefined> {
    return (await this.store.get<Preferences>(NAMESPACES.userPreferences, this.keyOf(user)))?.value.timeZone;
  }
}
