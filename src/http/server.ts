import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from '../log/logger.js';

/** What the HTTP layer needs from the rest of the process. */
export interface HttpDeps {
  /** Hands a validated Bot Framework activity request to the adapter. */
  processActivity(req: Request, res: Response): Promise<void>;
  /** Named readiness checks; each resolves true when its dependency can serve. */
  readiness: Record<string, () => Promise<boolean>>;
  /** False once draining has begun: /readyz turns 503 so load balancers stop sending. */
  isAcceptingTraffic(): boolean;
  log: Logger;
  version: string;
}

/** Bot Framework activities are small; Teams caps messages near 28 KB, so 256 KB leaves ample room. */
const MAX_BODY_BYTES = 256 * 1024;

function problem(res: Response, status: number, message: string): void {
  res.status(status);
  res.json({ error: { code: status === 413 ? 'PayloadTooLarge' : 'BadRequest', message } });
}

/** A minimal structural check so that malformed posts get a 400 instead of reaching bot code. */
export function activityProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The body must be a JSON activity object.';
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string' || a.type.length === 0) return 'The activity needs a string "type".';
  const from = a.from as Record<string, unknown> | undefined;
  if (typeof from !== 'object' || from === null || typeof from.id !== 'string') return 'The activity needs "from" with a string "id".';
  const conversation = a.conversation as Record<string, unknown> | undefined;
  if (typeof conversation !== 'object' || conversation === null || typeof conversation.id !== 'string') {
    return 'The activity needs "conversation" with a string "id".';
  }
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\//.test(a.serviceUrl)) return 'The activity needs an http(s) "serviceUrl".';
  if (a.text !== undefined && typeof a.text !== 'string') return '"text" must be a string.';
  for (const field of ['channelId', 'id', 'replyToId', 'name', 'locale'] as const) {
    if (a[field] !== undefined && a[field] !== null && typeof a[field] !== 'string') return `"${field}" must be a string.`;
  }
  for (const field of ['channelData', 'recipient'] as const) {
    if (a[field] !== undefined && a[field] !== null && (typeof a[field] !== 'object' || Array.isArray(a[field]))) return `"${field}" must be an object.`;
  }
  if (conversation.tenantId !== undefined && typeof conversation.tenantId !== 'string') return '"conversation.tenantId" must be a string.';
  // Lists of objects: botbuilder iterates them and reads fields of every entry.
  for (const field of ['entities', 'attachments', 'reactionsAdded', 'reactionsRemoved'] as const) {
    const problem = listProblem(a[field], field);
    if (problem) return problem;
  }
  for (const field of ['membersAdded', 'membersRemoved'] as const) {
    const problem = listProblem(a[field], field, (m) => typeof m.id === 'string');
    if (problem) return problem;
  }
  return undefined;
}

function listProblem(value: unknown, field: string, valid: (entry: Record<string, unknown>) => boolean = () => true): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return `"${field}" must be an array.`;
  const bad = value.findIndex((entry) => typeof entry !== 'object' || entry === null || Array.isArray(entry) || !valid(entry as Record<string, unknown>));
  return bad >= 0 ? `"${field}[${bad}]" must be an object${field.startsWith('members') ? ' with a string "id"' : ''}.` : undefined;
}

/** Builds the restify server without listening, so tests and the composition root choose the port. */
export function createServer(deps: HttpDeps): Server {
  const server = restify.createServer({ name: 'shipshape', version: deps.version, handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: true }));

  server.post('/api/messages', async (req: Request, res: Response) => {
    const invalid = activityProblem(req.body);
    if (invalid) {
      problem(res, 400, invalid);
      return;
    }
    try {
      await deps.processActivity(req, res);
    } catch (error) {
      deps.log.error({ err: error }, 'activity processing failed');
      if (!res.headersSent) problem(res, 500, 'The activity could not be processed.');
    }
  });

  // Clients (the Agents Playground among them) probe the endpoint before posting.
  server.head('/api/messages', async (_req: Request, res: Response) => {
    res.send(200);
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.json({ status: 'alive', version: deps.version });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    const entries = await Promise.all(
      Object.entries(deps.readiness).map(async ([name, check]) => [name, await check().catch(() => false)] as const),
    );
    const checks = Object.fromEntries(entries);
    const ready = deps.isAcceptingTraffic() && entries.every(([, ok]) => ok);
    res.status(ready ? 200 : 503);
    res.json({ status: ready ? 'ready' : 'not ready', draining: !deps.isAcceptingTraffic(), checks });
  });

  // restify answers malformed JSON and oversized bodies itself; keep those answers terse and stack-free.
  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: number; toJSON?: () => unknown }, next: (e?: unknown) => void) => {
    deps.log.warn({ path: req.path(), status: err.statusCode, message: err.message }, 'request rejected');
    err.toJSON = () => ({ error: { code: err.name, message: err.statusCode === 413 ? 'The request body is too large.' : err.message } });
    next();
  });
  return server;
}
