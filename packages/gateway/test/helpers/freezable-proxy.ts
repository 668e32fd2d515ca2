import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of Redis that a test can freeze (bytes stop flowing both ways, connections stay open, as
 * with a Redis that hangs), take down (open connections cut, new ones refused) and bring back.
 */
export class FreezableProxy {
  private frozen = false;
  private down = false;
  private readonly held: Array<() => void> = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<FreezableProxy> {
    const proxies: FreezableProxy[] = [];
    const server = createServer((client) => proxies[0]?.relay(client, targetHost, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const proxy = new FreezableProxy(server, typeof address === 'object' && address ? address.port : 0);
    proxies.push(proxy);
    return proxy;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Stops every byte, both ways, until `thaw`. */
  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
    for (const release of this.held.splice(0)) release();
  }

  /** Cuts every open connection and refuses new ones until `up`. */
  takeDown(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
  }

  up(): void {
    this.down = false;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket, host: string, port: number): void {
    if (this.down) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host, port });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
      socket.on('error', () => socket.destroy());
    }
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk) => {
        if (!this.frozen) return void to.write(chunk);
        this.held.push(() => to.write(chunk));
      });
    forward(client, upstream);
    forward(upstream, client);
  }
}
