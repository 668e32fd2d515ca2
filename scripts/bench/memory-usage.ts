/** This process's heap and RSS after a full collection (run with --expose-gc). */
export async function measureMemory(): Promise<{ heapUsed: number; rss: number }> {
  if (!globalThis.gc) throw new Error('Run with --expose-gc to measure memory');
  for (let i = 0; i < 3; i += 1) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}
