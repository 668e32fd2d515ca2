/**
 * A round-robin TCP load balancer on loopback, in front of the gateway instances, as a cluster runs behind one:
 * clients and webhooks reach "the gateway" at one address, and a connection that cannot reach an instance (it was
 * killed) is tried on the next one. Nothing sticky: a resume may land on any instance.
 */
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpBalancer {
  readonly port: number;
  /** The instances' ports, tried in turn. */
  setUpstreams(ports: readonly number[]): void;
  close(): Promise<void>;
}

function connectUpstream(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const upstream = connect({ host: '127.0.0.1', port });
    upstream.once('connect', () => {
      upstream.removeListener('error', reject);
      resolve(upstream);
    });
    upstream.once('error', reject);
  });
}

export async function startTcpBalancer(): Promise<TcpBalancer> {
  let upstreams: readonly number[] = [];
  let next = 0;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const server: Server = createServer((client) => {
    track(client);
    client.pause();
    client.on('error', () => client.destroy());
    void (async () => {
      for (let tried = 0; tried < upstreams.length; tried += 1) {
        const port = upstreams[(next += 1) % upstreams.length] as number;
        try {
          const upstream = await connectUpstream(port);
          track(upstream);
          if (client.destroyed) {
            upstream.destroy();
            return;
          }
          upstream.on('error', () => client.destroy());
          client.on('close', () => upstream.destroy());
          upstream.on('close', () => client.destroy());
          client.pipe(upstream);
          upstream.pipe(client);
          client.resume();
          return;
        } catch {
          // That instance is down: try the next one.
        }
      }
      client.destroy();
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The balancer has no port');
  return {
    port: address.port,
    setUpstreams(ports) {
      upstreams = [...ports];
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
