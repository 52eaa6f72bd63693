import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Bot Framework connector that enforces Teams' proactive limits the way Teams does: a sliding
 * window of 7 messages per second per conversation and 50 per second per app per tenant, counted on
 * arrival. Over the limit it answers 429 with `Retry-After`. Faults can be injected per request.
 * Used by the delivery tests and the fan-out bench.
 */

export interface Delivered {
  conversationId: string;
  activity: Record<string, unknown>;
  at: number;
}

export interface LimitedConnectorOptions {
  perConversation?: { count: number; windowMs: number };
  perTenant?: { count: number; windowMs: number };
  retryAfterSeconds?: number;
  /** A forced answer for a request (403, 502, 429…), or undefined to handle it normally. */
  fault?: (conversationId: string, attempt: number) => number | undefined;
}

export interface LimitedConnector {
  url: string;
  delivered: Delivered[];
  /** Requests answered 429 because a limit was exceeded (not injected faults). */
  throttled: number;
  requests: number;
  setFault(fault: LimitedConnectorOptions['fault']): void;
  to(conversationId: string): Delivered[];
  close(): Promise<void>;
}

class Window {
  private readonly times: number[] = [];
  constructor(private readonly count: number, private readonly windowMs: number) {}
  room(now: number): boolean {
    while (this.times.length > 0 && (this.times[0] as number) <= now - this.windowMs) this.times.shift();
    return this.times.length < this.count;
  }
  take(now: number): void {
    this.times.push(now);
  }
}

function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
    });
  });
}

function answer(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function startLimitedConnector(options: LimitedConnectorOptions = {}): Promise<LimitedConnector> {
  const perConversation = options.perConversation ?? { count: 7, windowMs: 1_000 };
  const perTenant = options.perTenant ?? { count: 50, windowMs: 1_000 };
  const conversations = new Map<string, Window>();
  const tenants = new Map<string, Window>();
  const attempts = new Map<string, number>();
  let fault = options.fault;
  let nextId = 1;

  const state: LimitedConnector = {
    url: '',
    delivered: [],
    throttled: 0,
    requests: 0,
    setFault: (f) => {
      fault = f;
    },
    to: (id) => state.delivered.filter((d) => d.conversationId === id),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };

  const server = createServer((req, res) => {
    void (async () => {
      const parts = new URL(req.url ?? '/', 'http://x').pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const activity = await body(req);
      if (req.method !== 'POST' || parts[0] !== 'v3' || parts[1] !== 'conversations' || parts[3] !== 'activities') return answer(res, 200, {});
      state.requests++;
      const conversationId = parts[2] ?? '';
      const attempt = (attempts.get(conversationId) ?? 0) + 1;
      attempts.set(conversationId, attempt);
      const forced = fault?.(conversationId, attempt);
      if (forced !== undefined) {
        return answer(res, forced, { error: { code: forced === 403 ? 'BotNotInConversationRoster' : `Injected${forced}`, message: 'injected' } }, forced === 429 ? { 'retry-after': String(options.retryAfterSeconds ?? 1) } : {});
      }
      const conversation = activity.conversation as { tenantId?: string } | undefined;
      const tenant = conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? 'default';
      const now = Date.now();
      let lane = conversations.get(conversationId);
      if (!lane) conversations.set(conversationId, (lane = new Window(perConversation.count, perConversation.windowMs)));
      let budget = tenants.get(tenant);
      if (!budget) tenants.set(tenant, (budget = new Window(perTenant.count, perTenant.windowMs)));
      // A refused request counts against neither window, as with Teams.
      if (!lane.room(now) || !budget.room(now)) {
        state.throttled++;
        return answer(res, 429, { error: { code: 'Throttled', message: 'Too many requests' } }, { 'retry-after': String(options.retryAfterSeconds ?? 1) });
      }
      lane.take(now);
      budget.take(now);
      const id = String(nextId++);
      state.delivered.push({ conversationId, activity: { ...activity, id }, at: now });
      answer(res, 201, { id });
    })().catch(() => answer(res, 400, { error: { code: 'BadRequest', message: 'unreadable' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
