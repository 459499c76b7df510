import net from 'node:net';

export interface TcpProxy {
  /** The target's URL with the proxy's port: connect through it. */
  url: string;
  /** Ends every proxied connection at once, without a word to either side (as a killed server or a lost network). */
  cutConnections(): void;
  /** Cuts the connections and stops accepting new ones: the server behind is unreachable. */
  close(): void;
}

/**
 * A TCP proxy of a test's own in front of the test run's PostgreSQL (or any URL's host:port): a
 * test cuts its own connections to simulate an outage without touching the shared server or
 * other files' connections.
 */
export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = new URL(target.toString());
  url.port = String((server.address() as net.AddressInfo).port);
  const cutConnections = () => {
    for (const s of sockets) s.destroy();
  };
  return {
    url: url.toString(),
    cutConnections,
    close() {
      server.close();
      cutConnections();
    },
  };
}

