/**
 * Clients that misbehave against the gateway, each as a loop that starts again whenever the gateway cuts it off,
 * until stopped: what the gateway's limits exist for (docs/gateway.md, "Limits").
 */
import { connect } from 'node:net';
import { connectMessage } from '@byosd/core';
import { PROTOCOL_VERSION } from '@byosd/gateway/client';
import { WebSocket } from 'ws';

export interface Targets {
  /** The widget WebSocket URL. */
  url: string;
  httpUrl: string;
  adapter: string;
}

export interface Misbehaviour {
  name: string;
  /** Runs one client's misbehaviour once; resolves when the gateway has cut it off (or `stopped` is set). */
  once(targets: Targets, stopped: () => boolean): Promise<void>;
}

function closed(socket: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    socket.once('error', () => resolve());
  });
}

const until = (stopped: () => boolean, socket: WebSocket) =>
  new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (stopped()) socket.terminate();
    }, 500);
    void closed(socket).then(() => {
      clearInterval(timer);
      resolve();
    });
  });

/** Starts a chat, then never reads again while it keeps asking for replies (acks pile up at the gateway). */
export const neverReads: Misbehaviour = {
  name: 'never reads',
  async once({ url, adapter }, stopped) {
    const socket = new WebSocket(url);
    const done = until(stopped, socket);
    socket.once('open', () => {
      socket.send(JSON.stringify({ type: 'hello', id: 'h', protocol: PROTOCOL_VERSION }));
      socket.send(JSON.stringify({ type: 'start', id: 's', adapter, connectMessage: connectMessage('never reads') }));
      socket.pause();
      const timer = setInterval(() => {
        if (socket.readyState !== WebSocket.OPEN) return clearInterval(timer);
        socket.send(JSON.stringify({ type: 'typing', id: `t${Date.now()}`, isTyping: true }));
      }, 50);
    });
    await done;
  },
};

/** Sends garbage (not JSON) as fast as the socket takes it. */
export const floodsGarbage: Misbehaviour = {
  name: 'floods garbage frames',
  async once({ url }, stopped) {
    const socket = new WebSocket(url);
    const done = until(stopped, socket);
    socket.once('open', () => {
      const timer = setInterval(() => {
        if (socket.readyState !== WebSocket.OPEN) return clearInterval(timer);
        for (let i = 0; i < 50; i += 1) socket.send(`garbage ${Math.random()} {{{`);
      }, 10);
    });
    await done;
  },
};

/** Opens a connection and never says hello. */
export const neverSaysHello: Misbehaviour = {
  name: 'never says hello',
  async once({ url }, stopped) {
    const socket = new WebSocket(url);
    await until(stopped, socket);
  },
};

/** Sends an HTTP request (a short-code creation) whose body trickles in one byte a second. */
export const slowLoris: Misbehaviour = {
  name: 'slow-loris HTTP body',
  async once({ httpUrl }, stopped) {
    const { hostname, port } = new URL(httpUrl);
    const socket = connect({ host: hostname, port: Number(port) });
    socket.on('error', () => undefined);
    socket.write(
      `PUT /assistserver/shortcode/create HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`,
    );
    const timer = setInterval(() => {
      if (stopped()) socket.destroy();
      else socket.write('x');
    }, 1000);
    await new Promise((resolve) => socket.once('close', resolve));
    clearInterval(timer);
  },
};

/** Connects, says hello and goes away, over and over. */
export const reconnectStorm: Misbehaviour = {
  name: 'reconnect storm',
  async once({ url }) {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      socket.send(JSON.stringify({ type: 'hello', id: 'h', protocol: PROTOCOL_VERSION }));
      socket.once('message', () => socket.terminate());
    });
    await closed(socket);
  },
};

/** The mix the soak runs: how many clients of each misbehaviour at once. */
export const MISBEHAVING_MIX: ReadonlyArray<readonly [Misbehaviour, number]> = [
  [neverReads, 5],
  [floodsGarbage, 3],
  [neverSaysHello, 50],
  [slowLoris, 10],
  [reconnectStorm, 5],
];
