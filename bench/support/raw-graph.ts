import { Agent, request } from 'node:https';
import { createSecureContext } from 'node:tls';

/**
 * Resource Graph at its physical limit: raw POSTs over one keep-alive pool, each page only
 * `JSON.parse`d, `$skipToken` followed (the next page asked for while one is handled), a 429 waiting
 * exactly as long as the quota header says.
 */
export class RawGraph {
  readonly stats = { requests: 0, rows: 0, bytes: 0, throttled: 0 };
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    caCertPem: string,
    private readonly token: string,
  ) {
    this.agent = new Agent({ secureContext: createSecureContext({ ca: caCertPem }), keepAlive: true, maxSockets: Infinity });
  }

  private post(body: string): Promise<{ status: number; resetsAfter: string | undefined; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.baseUrl}/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01`,
        { method: 'POST', agent: this.agent, headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, resetsAfter: res.headers['x-ms-user-quota-resets-after'] as string | undefined, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** One page, a 429 waiting as long as the quota header says. */
  private async page(query: string, subscriptions: readonly string[] | undefined, skipToken: string | undefined): Promise<{ data?: Record<string, unknown>[]; $skipToken?: string }> {
    const body = JSON.stringify({ query, ...(subscriptions ? { subscriptions } : {}), options: { $top: 1000, ...(skipToken ? { $skipToken: skipToken } : {}) } });
    for (;;) {
      const answer = await this.post(body);
      this.stats.requests++;
      this.stats.bytes += answer.text.length;
      if (answer.status === 429) {
        this.stats.throttled++;
        const [h = 0, m = 0, s = 1] = (answer.resetsAfter ?? '00:00:01').split(':').map(Number);
        await new Promise((r) => setTimeout(r, (h * 3600 + m * 60 + s) * 1000));
        continue;
      }
      if (answer.status !== 200) throw new Error(`Resource Graph answered ${answer.status}: ${answer.text.slice(0, 200)}`);
      const page = JSON.parse(answer.text) as { data?: Record<string, unknown>[]; $skipToken?: string };
      this.stats.rows += page.data?.length ?? 0;
      return page;
    }
  }

  /** Every page, the next one asked for while this one is handled (as ShipShape's reader does). */
  async each(query: string, subscriptions: readonly string[] | undefined, _signal: AbortSignal, onRows: (rows: Record<string, unknown>[]) => void): Promise<void> {
    let page = await this.page(query, subscriptions, undefined);
    for (;;) {
      const next = page.$skipToken ? this.page(query, subscriptions, page.$skipToken) : undefined;
      next?.catch(() => undefined);
      onRows(page.data ?? []);
      if (!next) return;
      page = await next;
    }
  }

  async all(query: string, subscriptions: readonly string[] | undefined, signal: AbortSignal): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    await this.each(query, subscriptions, signal, (rows) => out.push(...rows));
    return out;
  }

  close(): void {
    this.agent.destroy();
  }
}
