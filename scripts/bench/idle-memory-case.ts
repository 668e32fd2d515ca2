/**
 * Memory per idle chat: the gateway's heap and RSS growth from no chat to `chats` started ones (the example
 * adapter with its in-process desk, so the desk's own records count against the gateway), against a bare `ws`
 * server holding as many sockets. Both processes run with --expose-gc and are measured after full collections; the
 * gateway runs its build (dist/), so run `npm run build` first.
 */
import { startChild } from './child-process.js';
import type { BenchResult } from './bench-result.js';

interface Memory {
  heapUsed: number;
  rss: number;
}

async function growth(server: 'gateway' | 'bare', chats: number): Promise<Memory> {
  // The gateway as it ships (`npm run build` first): see `built` in child-process.ts.
  const process_ = startChild(server === 'gateway' ? 'gateway-process' : 'bare-echo-process', { nodeFlags: ['--expose-gc'], built: true });
  const load = startChild('load-client-process');
  try {
    const { url } = await process_.call<{ url: string }>('start', server === 'gateway' ? { backend: 'example', options: {}, store: 'memory' } : undefined);
    const before = await process_.call<Memory>('memory');
    await load.call('open', { kind: server === 'gateway' ? 'idle' : 'bare', url, adapter: 'example', from: 0, count: chats });
    const after = await process_.call<Memory>('memory');
    return { heapUsed: (after.heapUsed - before.heapUsed) / chats, rss: (after.rss - before.rss) / chats };
  } finally {
    await load.stop();
    await process_.stop();
  }
}

export async function measureIdleMemory(chats: number): Promise<BenchResult[]> {
  const bare = await growth('bare', chats);
  const gateway = await growth('gateway', chats);
  const name = `idle chats, ${chats.toLocaleString('en')}`;
  const row = (metric: string, key: keyof Memory): BenchResult => ({
    name,
    metric,
    value: gateway[key] / 1024,
    unit: 'KB/chat',
    baseline: bare[key] / 1024,
    baselineName: 'bare ws server',
    ratio: gateway[key] / bare[key],
  });
  return [row('heap per chat', 'heapUsed'), row('RSS per chat', 'rss')];
}
