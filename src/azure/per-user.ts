import type { UserIdentity } from '../domain/identity.js';

/**
 * One value per person (a throttle gate, a quota budget), made on first use. Azure counts budgets per
 * caller, whichever question is asking. The oldest person is forgotten past `max`, so memory stays bounded.
 */
export class PerUser<T> {
  private readonly values = new Map<string, T>();

  constructor(
    private readonly make: () => T,
    private readonly max = 200,
  ) {}

  of(user: UserIdentity): T {
    const key = user.aadObjectId ?? user.channelUserId;
    let value = this.values.get(key);
    if (value === undefined) {
      value = this.make();
      this.values.set(key, value);
      if (this.values.size > this.max) this.values.delete(this.values.keys().next().value as string);
    }
    return value;
  }
}
