import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One Application Insights telemetry item as the exporter sends it (the fields the tests read). */
export interface Envelope {
  name: string;
  tags?: Record<string, string>;
  data?: { baseType?: string; baseData?: Record<string, unknown> & { properties?: Record<string, string>; metrics?: { name: string; value: number }[] } };
}

export interface Ingestion {
  /** A connection string pointing the exporter at this server. */
  connectionString: string;
  envelopes: Envelope[];
  close(): Promise<void>;
}

/**
 * A local stand-in for the Application Insights ingestion endpoint (`POST /v2.1/track`), recording
 * every envelope, so tests see exactly what would reach Azure Monitor. The exporter only speaks
 * HTTPS: the server uses a certificate for 127.0.0.1 that the exporting process must trust.
 */
export async function startIngestion(tls: { cert: string; key: string }): Promise<Ingestion> {
  const envelopes: Envelope[] = [];
  const server: Server = createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      let accepted = 0;
      if (req.method === 'POST' && (req.url ?? '').includes('/track')) {
        const text = body.toString('utf8').trim();
        const items = text.startsWith('[') ? (JSON.parse(text) as Envelope[]) : text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Envelope);
        envelopes.push(...items);
        accepted = items.length;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: accepted, itemsAccepted: accepted, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    connectionString: `InstrumentationKey=11111111-2222-4333-8444-555555555555;IngestionEndpoint=https://127.0.0.1:${port}/;LiveEndpoint=https://127.0.0.1:${port}/`,
    envelopes,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
