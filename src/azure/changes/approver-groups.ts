import type { ApproverDirectory, Person } from '../../domain/approvals/index.js';
import type { CredentialFactory } from '../credentials.js';

/**
 * Group membership from the approver's own ARM token (`groups` claim): the same token that will run
 * the change. Locally the emulator fills it from the tenant file's principals.
 */
export class TokenGroupDirectory implements ApproverDirectory {
  constructor(private readonly credentials: CredentialFactory) {}

  async groupsOf(person: Person): Promise<readonly string[]> {
    try {
      const credential = await this.credentials.forUser({ channelUserId: person.channelUserId ?? person.objectId, aadObjectId: person.objectId, name: person.name });
      const token = await credential.getToken('https://management.azure.com/.default');
      const payload = token?.token.split('.')[1] ?? '';
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { groups?: unknown };
      return Array.isArray(claims.groups) ? claims.groups.filter((g): g is string => typeof g === 'string') : [];
    } catch {
      // No token, no proven membership: the person is treated as in no group.
      return [];
    }
  }
}
