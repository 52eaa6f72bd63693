import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Bot Framework connector service (the activity's `serviceUrl`). The bot's
 * CloudAdapter sends, updates and deletes activities here and asks it for members and team details,
 * exactly as it would ask Teams. Everything the bot sends is recorded in order for assertions.
 */

export type Json = Record<string, unknown>;

/** A member as `TeamsInfo.getMember` returns it (`TeamsChannelAccount`). */
export interface RosterMember {
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
}

export interface TeamInfo {
  id: string;
  name: string;
  aadGroupId: string;
  channels?: { id: string; name?: string }[];
}

export type SentKind = 'send' | 'reply' | 'update' | 'delete' | 'create';

export interface SentEntry {
  /** Position in the log, from 0. */
  seq: number;
  kind: SentKind;
  /** The conversation id as the bot named it (URL-decoded, `;messageid=` kept). */
  conversationId: string;
  /** The id the connector assigned (send/reply/create) or the id being updated or deleted. */
  activityId: string;
  /** For replies: the activity replied to. */
  replyToId?: string;
  /** The activity body (empty object for deletes; the conversation parameters for creates). */
  activity: Json;
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Only consider log entries from this position on (default 0). */
  since?: number;
}

export interface ConnectorOptions {
  roster?: RosterMember[];
  teams?: TeamInfo[];
  host?: string;
  /**
   * Checks each request's `Authorization` header, as the real connector does for a bot with an app
   * id; a request it refuses gets 401 and is listed in `refused`. Default: everything is accepted.
   */
  authorize?: (authorization: string | undefined) => Promise<boolean> | boolean;
}

export interface Connector {
  /** The `serviceUrl` to put on incoming activities (no trailing slash). */
  readonly url: string;
  /** Everything the bot sent, in order. */
  readonly sent: readonly SentEntry[];
  /** Requests the connector does not implement, for diagnosing a bot that calls something unexpected. */
  readonly unhandled: readonly string[];
  /** Requests refused by `options.authorize`, as `METHOD path`. */
  readonly refused: readonly string[];
  /** The current version of an activity (after updates), or undefined when unknown or deleted. */
  current(activityId: string): Json | undefined;
  /** Resolves with the first entry from `since` on that matches; rejects after `timeoutMs` (default 10 s). */
  waitFor(predicate: (entry: SentEntry) => boolean, options?: WaitOptions): Promise<SentEntry>;
  setRoster(roster: RosterMember[]): void;
  reset(): void;
  close(): Promise<void>;
}

class BotFrameworkError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function readJson(req: IncomingMessage): Promise<Json> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) resolve(parsed as Json);
        else reject(new BotFrameworkError(400, 'BadArgument', 'Body must be a JSON object'));
      } catch {
        reject(new BotFrameworkError(400, 'BadSyntax', 'Body is not valid JSON'));
      }
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? {});
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Teams matches a member by channel id, Entra object id or UPN. */
function findMember(roster: RosterMember[], userId: string): RosterMember | undefined {
  const wanted = userId.toLowerCase();
  return roster.find((m) => [m.id, m.aadObjectId, m.userPrincipalName].some((v) => v?.toLowerCase() === wanted));
}

export async function startConnector(options: ConnectorOptions = {}): Promise<Connector> {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const sent: SentEntry[] = [];
  const unhandled: string[] = [];
  const refused: string[] = [];
  const activities = new Map<string, Json | undefined>();
  let roster = [...(options.roster ?? [])];
  const teams = options.teams ?? [];
  // Teams message ids are epoch-millisecond strings; counting up from now keeps them unique and ordered.
  let nextId = Date.now();

  const record = (entry: Omit<SentEntry, 'seq'>): SentEntry => {
    const full: SentEntry = { ...entry, seq: sent.length };
    sent.push(full);
    if (entry.kind === 'delete') activities.set(entry.activityId, undefined);
    else if (entry.kind !== 'create') activities.set(entry.activityId, entry.activity);
    events.emit('sent', full);
    return full;
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://connector');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const [v3, collection, id, sub, subId, ...rest] = parts;
    if (options.authorize && !(await options.authorize(req.headers.authorization))) {
      refused.push(`${method} ${url.pathname}`);
      throw new BotFrameworkError(401, 'Unauthorized', 'Authorization has been denied for this request.');
    }
    if (v3 !== 'v3') throw new BotFrameworkError(404, 'NotFound', `No route for ${method} ${url.pathname}`);

    if (collection === 'teams' && id && method === 'GET') {
      const team = teams.find((t) => t.id === id);
      if (!team) throw new BotFrameworkError(404, 'TeamNotFound', 'The team was not found.');
      if (sub === 'conversations') return send(res, 200, { conversations: team.channels ?? [] });
      if (!sub) return send(res, 200, { id: team.id, name: team.name, aadGroupId: team.aadGroupId });
    }

    if (collection === 'conversations' && !id && method === 'POST') {
      const params = await readJson(req);
      const conversationId = `a:created-${nextId++}`;
      const inner = (params.activity ?? undefined) as Json | undefined;
      const activityId = inner ? String(nextId++) : '';
      record({ kind: 'create', conversationId, activityId, activity: params });
      return send(res, 201, { id: conversationId, activityId: activityId || undefined, serviceUrl: connector.url });
    }

    if (collection === 'conversations' && id && rest.length === 0) {
      if (sub === 'activities') {
        if (method === 'POST') {
          const activity = await readJson(req);
          const activityId = String(nextId++);
          const kind: SentKind = subId ? 'reply' : 'send';
          record({ kind, conversationId: id, activityId, ...(subId ? { replyToId: subId } : {}), activity: { ...activity, id: activityId } });
          return send(res, 200, { id: activityId });
        }
        if (subId && method === 'PUT') {
          const activity = await readJson(req);
          record({ kind: 'update', conversationId: id, activityId: subId, activity: { ...activity, id: subId } });
          return send(res, 200, { id: subId });
        }
        if (subId && method === 'DELETE') {
          record({ kind: 'delete', conversationId: id, activityId: subId, activity: {} });
          return send(res, 200, {});
        }
      }
      if (sub === 'members' && method === 'GET') {
        if (!subId) return send(res, 200, roster);
        const member = findMember(roster, subId);
        if (!member) throw new BotFrameworkError(404, 'MemberNotFoundInConversation', 'The specified user is not found in the conversation.');
        return send(res, 200, member);
      }
      if (sub === 'pagedmembers' && method === 'GET') return send(res, 200, { members: roster });
    }
    throw new BotFrameworkError(404, 'NotFound', `No route for ${method} ${url.pathname}`);
  };

  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof BotFrameworkError ? error.status : 500;
      const code = error instanceof BotFrameworkError ? error.code : 'ServiceError';
      if (status === 404 && code === 'NotFound') unhandled.push(`${req.method ?? 'GET'} ${req.url ?? ''}`);
      send(res, status, { error: { code, message: error instanceof Error ? error.message : String(error) } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const connector: Connector = {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    sent,
    unhandled,
    refused,
    current: (activityId) => activities.get(activityId),
    waitFor(predicate, { timeoutMs = 10_000, since = 0 } = {}) {
      const existing = sent.slice(since).find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const onSent = (entry: SentEntry): void => {
          if (entry.seq < since || !predicate(entry)) return;
          clearTimeout(timer);
          events.off('sent', onSent);
          resolve(entry);
        };
        const timer = setTimeout(() => {
          events.off('sent', onSent);
          const log = sent.slice(since).map((e) => `  #${e.seq} ${e.kind} ${String(e.activity.type ?? '')} ${e.conversationId}`);
          reject(new Error(`Connector: nothing matched within ${timeoutMs} ms. Sent since #${since}:\n${log.join('\n') || '  (nothing)'}`));
        }, timeoutMs);
        events.on('sent', onSent);
      });
    },
    setRoster(next) {
      roster = [...next];
    },
    reset() {
      // Keep the array identity so callers holding `connector.sent` see the cleared log.
      sent.length = 0;
      unhandled.length = 0;
      refused.length = 0;
      activities.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  return connector;
}
