import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlaygroundPersona } from './playground-config.js';

/**
 * A small page, served by `npm start` on loopback, listing the served tenant's people: clicking one
 * signs them in to the Agents Playground (which restarts; the bot and the emulator keep running, so
 * nothing said or changed so far is lost). No terminal needed.
 */

export interface SwitchPageOptions {
  host: string;
  port: number;
  people: readonly PlaygroundPersona[];
  /** Who is signed in now (object id). */
  current(): string | undefined;
  /** Signs `objectId` in; resolves with the Playground's URL once it is back. */
  switchTo(objectId: string): Promise<string>;
}

export interface SwitchPage {
  url: string;
  close(): Promise<void>;
}

const MAX_FORM = 4096;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderSwitchPage(people: readonly PlaygroundPersona[], current: string | undefined, note = ''): string {
  const rows = people
    .map((p) => {
      const signedIn = p.aadObjectId.toLowerCase() === current?.toLowerCase();
      const label = `${escapeHtml(p.name)}${p.email ? ` <small>${escapeHtml(p.email)}</small>` : ''}`;
      return signedIn
        ? `<li><strong>${label}</strong> — signed in</li>`
        : `<li><form method="post" action="/switch"><input type="hidden" name="objectId" value="${escapeHtml(p.aadObjectId)}"><button>${label}</button></form></li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ShipShape: who is signed in</title>
<style>body{font:16px system-ui,sans-serif;margin:2rem;max-width:40rem}li{margin:.4rem 0;list-style:none}button{font:inherit;cursor:pointer}small{color:#555}</style>
</head><body>
<h1>Sign in to the Agents Playground as…</h1>
${note ? `<p>${escapeHtml(note)}</p>` : ''}
<ul>
${rows}
</ul>
<p>The people of the tenant the emulator serves. Switching restarts the Playground as that person and opens it; the chat history starts over, Azure and ShipShape keep everything.</p>
</body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_FORM) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

export async function startSwitchPage(options: SwitchPageOptions): Promise<SwitchPage> {
  let origin = '';
  const send = (res: ServerResponse, status: number, html: string): void => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  };
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      if (req.method === 'GET' && url.pathname === '/') return send(res, 200, renderSwitchPage(options.people, options.current()));
      if (req.method === 'POST' && url.pathname === '/switch') {
        // Only this page may switch: a form on another site posting here is refused.
        if (req.headers.origin !== undefined && req.headers.origin !== origin) return send(res, 403, 'Switch people from the page itself.');
        const objectId = (await readForm(req)).get('objectId') ?? '';
        const person = options.people.find((p) => p.aadObjectId.toLowerCase() === objectId.toLowerCase());
        if (!person) return send(res, 400, renderSwitchPage(options.people, options.current(), 'That person is not in the tenant.'));
        const playground = await options.switchTo(person.aadObjectId);
        res.writeHead(303, { location: playground });
        return res.end();
      }
      send(res, 404, 'Not found');
    })().catch((error: unknown) => send(res, 500, renderSwitchPage(options.people, options.current(), `Could not switch: ${String(error)}`)));
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  origin = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  return {
    url: `${origin}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
