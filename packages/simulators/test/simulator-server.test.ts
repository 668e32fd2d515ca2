import { WebSocket } from 'ws';
import { SimulatorServer } from '../src/index.js';

/** Resolves with how a client socket to `url` ended up: opened, or refused. */
function connect(url: string): Promise<{ socket: WebSocket; opened: boolean }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve({ socket, opened: true }));
    socket.once('error', () => resolve({ socket, opened: false }));
  });
}

describe('SimulatorServer', () => {
  it('listens on an ephemeral loopback port, serves its socket paths only, records requests, and closes everything on stop', async () => {
    const server = new SimulatorServer();
    server.app.post('/echo', async (request) => request.body);
    server.webSocket('/socket', (socket) => socket.send('hello'));
    const urls = await server.start();
    expect(urls.http).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(urls.ws).toBe(urls.http.replace('http:', 'ws:'));

    const response = await fetch(`${urls.http}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ping":1}' });
    expect(await response.json()).toEqual({ ping: 1 });
    expect(server.recorder.all()).toMatchObject([{ transport: 'http', direction: 'in', method: 'POST', path: '/echo', body: { ping: 1 } }]);

    expect((await connect(`${urls.ws}/elsewhere`)).opened).toBe(false);
    const { socket, opened } = await connect(`${urls.ws}/socket`);
    expect(opened).toBe(true);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await server.stop();
    await closed;
    await expect(fetch(`${urls.http}/echo`, { method: 'POST' })).rejects.toThrow();
    expect(() => server.urls).toThrow('The simulator has not been started');
  });
});
