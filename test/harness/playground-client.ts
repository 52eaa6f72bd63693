import { once } from 'node:events';
import WebSocket from 'ws';
import { readableText } from './cards.js';
import type { Json } from './connector.js';

/**
 * Drives a running Agents Playground without a browser, through the same API its web page uses:
 * messages go in over HTTP, the bot's messages come back as WebSocket frames
 * (`createMessage` / `updateMessage`, keyed by `messageId`).
 */

export interface PlaygroundConfigView {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: { id: string; name: string; aadObjectId: string };
  users: { id: string; name: string; aadObjectId: string }[];
  personalChat: { id: string };
  groupChats: { id: string; name: string }[];
}

interface Frame {
  action?: string;
  actionConversationId?: string;
  message?: Json & { messageId?: string; from?: { id?: string } };
}

export class PlaygroundClient {
  /** Latest version of every bot message, by message id, in arrival order. */
  private readonly messages = new Map<string, Json>();
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly url: string,
    private readonly socket: WebSocket,
  ) {
    socket.on('message', (data: WebSocket.RawData) => {
      const frame = JSON.parse(String(data)) as Frame;
      const id = frame.message?.messageId;
      if ((frame.action === 'createMessage' || frame.action === 'updateMessage') && id) {
        this.messages.set(id, { ...frame.message, conversationId: frame.actionConversationId });
        for (const listener of this.listeners) listener();
      }
    });
  }

  static async connect(url: string): Promise<PlaygroundClient> {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws').replace(/\/$/, '')}/_ws_conversation/v1/conversations/stream`);
    await once(socket, 'open');
    return new PlaygroundClient(url.replace(/\/$/, ''), socket);
  }

  async config(): Promise<PlaygroundConfigView> {
    const response = await fetch(`${this.url}/_internal/v1/config`);
    return ((await response.json()) as { config: PlaygroundConfigView }).config;
  }

  /** Sends text as the signed-in user; resolves with the id the Playground gave the message. */
  async send(conversationId: string, text: string, options: { fromId: string; mention?: { id: string; name: string } }): Promise<string> {
    const markup = options.mention ? `<at>${options.mention.name}</at>` : '';
    const response = await fetch(`${this.url}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text: markup ? `${markup} ${text}` : text,
        textFormat: 'plain',
        from: { id: options.fromId },
        ...(options.mention ? { mentions: [{ mentioned: { id: options.mention.id }, text: markup }] } : {}),
      }),
    });
    if (!response.ok) throw new Error(`Playground refused the message: HTTP ${response.status} ${await response.text()}`);
    return String(((await response.json()) as { messageId?: unknown }).messageId);
  }

  /** Resolves with the first bot message (latest version) in the conversation that satisfies `predicate`. */
  waitForMessage(conversationId: string, predicate: (message: Json, text: string) => boolean, timeoutMs = 15_000): Promise<Json> {
    const find = (): Json | undefined =>
      [...this.messages.values()].find((m) => m.conversationId === conversationId && predicate(m, readableText(m)));
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const match = find();
        if (!match) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(match);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        const seen = [...this.messages.values()].map((m) => readableText(m).slice(0, 120)).join(' | ');
        reject(new Error(`No matching bot message within ${timeoutMs} ms; seen: ${seen || 'nothing'}`));
      }, timeoutMs);
      this.listeners.add(check);
    });
  }

  close(): void {
    this.socket.close();
  }
}
