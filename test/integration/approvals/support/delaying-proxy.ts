import net from 'node:net';

/**
 * A TCP proxy in front of the emulator that holds every byte sent to it for `holdMs` before passing
 * it on: TLS goes through untouched (the bot still checks the emulator's certificate), and a write
 * reaches "Azure" only after the hold — a slow ARM front door, as seen from the bot.
 */
export interface DelayingProxy {
  url: string;
  holdMs: number;
  close(): Promise<void>;
}

export async function startDelayingProxy(target: string): Promise<DelayingProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const proxy: DelayingProxy = { url: '', holdMs: 0, close: async () => undefined };
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    // One chain per connection keeps the bytes in order whatever the hold was when they came.
    let chain = Promise.resolve();
    client.on('data', (chunk) => {
      const hold = proxy.holdMs;
      chain = chain.then(() => (hold > 0 ? new Promise((r) => setTimeout(r, hold)) : undefined)).then(() => void upstream.write(chunk));
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', () => void chain.then(() => upstream.end()));
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  proxy.url = `https://127.0.0.1:${address.port}`;
  proxy.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
