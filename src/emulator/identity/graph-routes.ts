import { errors, jwtVerify } from 'jose';
import type { Directory } from './directory.js';
import type { SigningKey } from './signing-key.js';
import { GRAPH_AUDIENCE } from './token-factory.js';

export interface GraphAnswer {
  status: number;
  body: unknown;
}

/** Graph's own limit on `checkMemberGroups`. */
const MAX_GROUP_IDS = 20;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function graphError(status: number, code: string, message: string): GraphAnswer {
  return { status, body: { error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ''), 'request-id': crypto.randomUUID() } } } };
}

/**
 * The part of Microsoft Graph that group overage needs, shaped as Graph answers it:
 * `POST /v1.0/me/checkMemberGroups` and `POST /v1.0/me/getMemberObjects`, with a delegated Graph
 * token of this tenant (group membership is transitive in Graph; the tenant file lists it flat).
 */
export class GraphRoutes {
  constructor(
    private readonly tenantId: string,
    private readonly key: SigningKey,
    private readonly directory: Directory,
  ) {}

  async handle(method: string, path: string, authorization: string | undefined, readBody: () => Promise<Buffer>): Promise<GraphAnswer> {
    const route = path.toLowerCase();
    if (method !== 'POST' || (route !== 'me/checkmembergroups' && route !== 'me/getmemberobjects')) {
      return graphError(400, 'BadRequest', `Resource not found for the segment '${path.split('/').at(-1) ?? ''}'.`);
    }
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    let oid: string;
    try {
      const { payload } = await jwtVerify(token, this.key.publicKey, { algorithms: ['RS256'], audience: [GRAPH_AUDIENCE, `${GRAPH_AUDIENCE}/`, '00000003-0000-0000-c000-000000000000'] });
      if (String(payload.tid ?? '').toLowerCase() !== this.tenantId.toLowerCase() || typeof payload.oid !== 'string') throw new Error('tenant');
      if (!String(payload.scp ?? '').split(' ').some((s) => ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All', 'User.Read'].includes(s))) {
        return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      }
      oid = payload.oid;
    } catch (error) {
      const message = error instanceof errors.JWTExpired ? 'Lifetime validation failed, the token is expired.' : 'Access token validation failure. Invalid audience.';
      return graphError(401, 'InvalidAuthenticationToken', message);
    }
    const entry = this.directory.principal(oid);
    if (!entry) return graphError(404, 'Request_ResourceNotFound', `Resource '${oid}' does not exist or one of its queried reference-property objects are not present.`);
    const groups = (entry.principal.groups ?? []).map((g) => g.toLowerCase());
    let body: { groupIds?: unknown };
    try {
      body = JSON.parse((await readBody()).toString('utf8') || '{}') as { groupIds?: unknown };
    } catch {
      return graphError(400, 'BadRequest', 'Unable to read JSON request payload.');
    }
    const context = `https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)`;
    if (route === 'me/getmemberobjects') return { status: 200, body: { '@odata.context': context, value: groups } };
    const ids = body.groupIds;
    if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string' && GUID.test(id))) {
      return graphError(400, 'Request_BadRequest', "Invalid GUID specified in 'groupIds'.");
    }
    if (ids.length > MAX_GROUP_IDS) return graphError(400, 'Request_BadRequest', `The number of group IDs exceeds the maximum of ${MAX_GROUP_IDS}.`);
    return { status: 200, body: { '@odata.context': context, value: ids.filter((id) => groups.includes(id.toLowerCase())) } };
  }
}
