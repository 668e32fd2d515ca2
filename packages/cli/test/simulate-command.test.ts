import { type CommandIo, runSimulateCommand } from '../src/index.js';

describe('byosd simulate', () => {
  it('runs the simulator, prints its URLs, serves the control API, and stops when told', async () => {
    let out = '';
    let announced: (url: string) => void = () => undefined;
    const controlUrl = new Promise<string>((resolve) => (announced = resolve));
    const io: CommandIo = {
      out: (text) => {
        out += text;
        const match = /control API: (\S+)/.exec(out);
        if (match?.[1]) announced(match[1]);
      },
      err: () => undefined,
    };
    let stop: () => void = () => undefined;
    const running = runSimulateCommand(['example', '--port', '0', '--seed', '11'], io, new Promise<void>((resolve) => (stop = resolve)));
    const control = await controlUrl;
    expect(out).toMatch(/desk WebSocket \(the adapter option "url"\): ws:\/\/127\.0\.0\.1:\d+\/desk/);
    expect(out).toContain('(seed 11)');
    const response = await fetch(`${control}/chats`);
    expect(await response.json()).toEqual({ chats: [] });
    stop();
    expect(await running).toBe(0);
    await expect(fetch(`${control}/chats`)).rejects.toThrow();
  });

  it('refuses an unknown backend or a bad port, naming it', async () => {
    const never = new Promise<void>(() => undefined);
    const io: CommandIo = { out: () => undefined, err: () => undefined };
    await expect(runSimulateCommand(['genesys-mars'], io, never)).rejects.toThrow(/Unknown backend "genesys-mars"\. Backends: .*\bexample\b/);
    await expect(runSimulateCommand(['example', '--port', '70000'], io, never)).rejects.toThrow('--port:');
  });
});
