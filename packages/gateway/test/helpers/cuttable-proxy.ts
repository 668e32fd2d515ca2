import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of the gateway, standing in for the network and a load balancer: a test can cut its
 * connections, as a network failure would, and send new ones to another gateway instance.
 */
export class CuttableProxy {
  private constructor(
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    private readonly target: { port: number },
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<CuttableProxy> {
    const sockets = new Set<Socket>();
    const target = { port: targetPort };
    const server = createServer((client) => {
      const upstream = createConnection({ host: '127.0.0.1', port: target.port });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return new CuttableProxy(server, sockets, target, typeof address === 'object' && address ? address.port : 0);
  }

  /** Sends new connections to another port (open ones stay where they are). */
  retarget(port: number): void {
    this.target.port = port;
  }

  /** Cuts every open connection. */
  cut(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
