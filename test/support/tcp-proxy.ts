import { once } from 'node:events';
import net from 'node:net';

/** A loopback TCP proxy that can cut a dependency off (connections reset, new ones refused) and bring it back. */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<this> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server.listen(this.port, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  /** The dependency becomes unreachable: open connections are reset and new ones refused. */
  async cut(): Promise<void> {
    const server = this.server!;
    server.close();
    for (const socket of this.sockets) socket.destroy();
    await once(server, 'close');
  }

  /** Listens again on the same port; a no-op while it listens. */
  async restore(): Promise<void> {
    if (!this.server?.listening) await this.start();
  }

  async stop(): Promise<void> {
    if (this.server?.listening) await this.cut();
  }
}
