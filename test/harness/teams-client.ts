import { cardAction, invoke, message, type Scope, type TeamsContext } from './activities.js';
import { adaptiveCardOf, readableText } from './cards.js';
import type { Connector, Json, SentEntry } from './connector.js';
import { personas, type Persona } from './personas.js';

/**
 * Talks to the bot the way Teams does: posts an activity to `/api/messages` and collects what the
 * bot sends back through the connector during (and right after) that turn.
 */

export interface PostResult {
  status: number;
  contentType: string;
  /** Raw response body. */
  body: string;
  /** Parsed body when it was JSON. */
  json: unknown;
}

export interface Reply {
  /** HTTP status of the POST to /api/messages. */
  status: number;
  /** The activity that was posted. */
  incoming: Json;
  /** Current version (after updates) of the last message the bot sent in this turn. */
  activity: Json;
  text: string | undefined;
  card: Json | undefined;
  /** Message text plus the readable text of its card. */
  readable: string;
  /** Current versions of every message the bot sent in this turn, in order (deleted ones left out). */
  messages: Json[];
  /** Everything the bot sent to this conversation during the turn (typing, sends, updates), in order. */
  entries: SentEntry[];
}

export interface InvokeResponseBody {
  statusCode: number;
  type: string;
  value?: unknown;
}

export interface SayOptions {
  as?: Persona;
  in?: Scope;
  mention?: boolean;
  threadId?: string;
  timeoutMs?: number;
  /** True while a message is only a "working on it" acknowledgement that an update will replace. */
  isPending?: (activity: Json) => boolean;
}

export interface ClickOptions {
  as?: Persona;
  in?: Scope;
  replyToId?: string;
}

const PENDING_TEXT = /^(working on it|one moment|just a moment)\b/i;

/**
 * The default "acknowledgement" test: the bot may mark its placeholder with
 * `channelData.shipshape.pending: true`; otherwise a message (text, summary or card) with a line
 * that opens with a working phrase such as "Working on it…".
 */
export function looksPending(activity: Json): boolean {
  const channelData = activity.channelData as { shipshape?: { pending?: unknown } } | undefined;
  if (channelData?.shipshape?.pending === true) return true;
  const lines = [activity.summary, readableText(activity)].filter((t): t is string => typeof t === 'string').join('\n').split('\n');
  return lines.some((line) => PENDING_TEXT.test(line.trim()));
}

/** Channel replies may go to the thread (`;messageid=`) or the channel itself: compare without it. */
export function sameConversation(a: string, b: string): boolean {
  const strip = (id: string): string => id.split(';messageid=')[0] ?? id;
  return strip(a) === strip(b);
}

export class TeamsClient {
  /**
   * For a bot with an app id: the `Authorization` header Teams would send with an activity (a
   * channel token for its serviceUrl). Unset, activities are posted without one (local mode).
   */
  authorize: ((activity: Json) => Promise<string | undefined>) | undefined;

  constructor(
    readonly botUrl: string,
    readonly connector: Connector,
    readonly context: TeamsContext,
  ) {}

  /**
   * POSTs anything to a bot path; a string body is sent as is (for malformed-input tests). `headers`
   * are added as given (an explicit `authorization` wins over `authorize`).
   */
  async post(body: unknown, options: { path?: string; contentType?: string; headers?: Record<string, string> } = {}): Promise<PostResult> {
    const signed = this.authorize && typeof body === 'object' && body !== null && options.headers?.authorization === undefined ? await this.authorize(body as Json) : undefined;
    const response = await fetch(`${this.botUrl}${options.path ?? '/api/messages'}`, {
      method: 'POST',
      headers: { 'content-type': options.contentType ?? 'application/json', ...(signed ? { authorization: signed } : {}), ...options.headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return toResult(response);
  }

  async get(path: string): Promise<PostResult> {
    return toResult(await fetch(`${this.botUrl}${path}`));
  }

  /** Sends a message as `as` (Priya by default) in `in` (personal by default) and waits for the answer. */
  async say(text: string, options: SayOptions = {}): Promise<Reply> {
    const incoming = message(this.context, {
      text,
      as: options.as ?? personas.priya,
      in: options.in ?? 'personal',
      ...(options.mention === undefined ? {} : { mention: options.mention }),
      ...(options.threadId ? { threadId: options.threadId } : {}),
    });
    return this.send(incoming, options);
  }

  /** Posts a prepared activity and waits until the bot's last message of the turn is final. */
  async send(incoming: Json, options: Pick<SayOptions, 'timeoutMs' | 'isPending'> = {}): Promise<Reply> {
    const start = this.connector.sent.length;
    const result = await this.post(incoming);
    if (result.status >= 300) throw new Error(`The bot answered HTTP ${result.status}: ${result.body.slice(0, 500)}`);

    const conversationId = String((incoming.conversation as Json | undefined)?.id ?? '');
    const isPending = options.isPending ?? looksPending;
    const turn = (): SentEntry[] =>
      this.connector.sent.slice(start).filter((e) => e.kind !== 'create' && sameConversation(e.conversationId, conversationId));
    const messages = (): Json[] => {
      const ids = turn()
        .filter((e) => (e.kind === 'send' || e.kind === 'reply') && e.activity.type === 'message')
        .map((e) => e.activityId);
      return ids.map((id) => this.connector.current(id)).filter((a): a is Json => a !== undefined);
    };
    const settled = (): boolean => {
      const last = messages().at(-1);
      return last !== undefined && !isPending(last);
    };
    // The turn is over when the POST returns, but a placeholder may still be replaced afterwards.
    await this.connector.waitFor(() => settled(), { since: start, timeoutMs: options.timeoutMs ?? 15_000 });

    const all = messages();
    const activity = all.at(-1) as Json;
    return {
      status: result.status,
      incoming,
      activity,
      text: typeof activity.text === 'string' ? activity.text : undefined,
      card: adaptiveCardOf(activity),
      readable: readableText(activity),
      messages: all,
      entries: turn(),
    };
  }

  /** Posts any invoke and returns the raw HTTP result. */
  async invoke(name: string, value: unknown, options: ClickOptions = {}): Promise<PostResult> {
    const activity = invoke(this.context, {
      name,
      value,
      as: options.as ?? personas.priya,
      in: options.in ?? 'personal',
      ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    });
    return this.post(activity);
  }

  /** Clicks an `Action.Execute` button: returns the synchronous invoke response body. */
  async click(verb: string, data: Json = {}, options: ClickOptions = {}): Promise<InvokeResponseBody> {
    const activity = cardAction(this.context, {
      verb,
      data,
      as: options.as ?? personas.priya,
      in: options.in ?? 'personal',
      ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    });
    const result = await this.post(activity);
    const body = result.json as InvokeResponseBody | null;
    if (result.status !== 200 || body === null || typeof body !== 'object' || typeof body.statusCode !== 'number') {
      throw new Error(`Invoke ${verb} answered HTTP ${result.status}: ${result.body.slice(0, 500)}`);
    }
    return body;
  }
}

async function toResult(response: Response): Promise<PostResult> {
  const body = await response.text();
  let json: unknown;
  try {
    json = body === '' ? undefined : JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body, json };
}
