import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandIo, runStartCommand } from '../src/index.js';

describe('byosd start', () => {
  let assets: string;

  beforeAll(async () => {
    // The command serves whatever build it is given; the browser tests cover the real one.
    assets = await mkdtemp(join(tmpdir(), 'byosd-start-'));
    await writeFile(join(assets, 'index.html'), '<!doctype html><title>demo page</title>');
    await writeFile(join(assets, 'console.html'), '<!doctype html><title>agent console</title>');
    await writeFile(join(assets, 'carbon.html'), '<!doctype html><title>Carbon AI Chat</title>');
  });

  afterAll(async () => {
    await rm(assets, { recursive: true, force: true });
  });

  it('prints the demo page, Carbon page and agent console URLs, serves them with every backend, and stops when told', async () => {
    let printed = '';
    let listening: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (listening = resolve));
    const io: CommandIo = {
      out: (text) => {
        printed += text;
        if (printed.includes('Press Ctrl+C')) listening();
      },
      err: () => undefined,
    };
    let stop: () => void = () => undefined;
    const running = runStartCommand(['--port', '0', '--assets', assets], io, new Promise<void>((resolve) => (stop = resolve)));
    await started;
    const page = /demo page: +(\S+)/.exec(printed)?.[1] ?? '';
    const agentConsole = /agent console: +(\S+)/.exec(printed)?.[1] ?? '';
    const carbonPage = /Carbon page: +(\S+)/.exec(printed)?.[1] ?? '';
    expect(printed).toMatch(/gateway: +ws:\/\/127\.0\.0\.1:\d+\/v1\/chat/);
    expect(await (await fetch(page)).text()).toContain('demo page');
    expect(await (await fetch(agentConsole)).text()).toContain('agent console');
    expect(await (await fetch(carbonPage)).text()).toContain('Carbon AI Chat');
    const catalog = (await (await fetch(new URL('/demo/backends', page))).json()) as { backends: Array<{ name: string }> };
    expect(catalog.backends.map((backend) => backend.name)).toContain('example');
    stop();
    expect(await running).toBe(0);
    await expect(fetch(page)).rejects.toThrow();
  });

  it('refuses to start without a widget build, saying how to make one', async () => {
    const io: CommandIo = { out: () => undefined, err: () => undefined };
    const empty = await mkdtemp(join(tmpdir(), 'byosd-start-empty-'));
    try {
      await expect(runStartCommand(['--port', '0', '--assets', empty], io, new Promise<void>(() => undefined))).rejects.toThrow('run npm run build:widget');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
