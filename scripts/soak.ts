/**
 * `npm run soak [-- --minutes 10 --backend example --clients 20 --json FILE]`: the gateway under mixed load with
 * misbehaving clients (scripts/soak/run-soak.ts). Exits 1 if the gateway's heap after GC grew more than 10% from
 * the start to the end, if the well-behaved clients' p99 ack time in the last minute is more than 1.5 times the
 * first minute's plus 25 ms, or if a well-behaved chat failed.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runSoak } from './soak/run-soak.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    backend: { type: 'string', default: 'example' },
    clients: { type: 'string', default: '20' },
    json: { type: 'string' },
  },
});

async function main(): Promise<void> {
  const minutes = Number(values.minutes);
  const clients = Number(values.clients);
  if (!(minutes > 0)) throw new TypeError(`--minutes must be a positive number, got ${values.minutes}`);
  if (!Number.isInteger(clients) || clients < 1) throw new TypeError(`--clients must be a whole number above 0, got ${values.clients}`);
  const result = await runSoak({ minutes, backend: values.backend, clients, maxHeapGrowth: 0.1, maxP99Growth: 0.5, p99SlackMs: 25 }, (text) =>
    console.error(`[soak ${new Date().toISOString().slice(11, 19)}] ${text}`),
  );
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  const window = `${Math.round(result.windowMs / 1000)} s`;
  console.log(
    `Gateway heap after GC: ${mb(result.heapStartBytes)} at the start, ${mb(result.heapEndBytes)} at the end (${(result.heapGrowth * 100).toFixed(1)}%, limit 10%)`,
  );
  console.log(
    `Well-behaved p99 ack: ${result.p99FirstMs.toFixed(1)} ms in the first ${window}, ${result.p99LastMs.toFixed(1)} ms in the last ${window} (limit ${result.p99BoundMs.toFixed(1)} ms)`,
  );
  console.log(`Well-behaved: ${result.acks} messages acknowledged over ${result.wellBehavedChats} chats; errors: ${result.wellBehavedErrors.length}`);
  for (const error of result.wellBehavedErrors) console.log(`  ${error}`);
  console.log(
    `Misbehaving client rounds: ${Object.entries(result.misbehavingRounds)
      .map(([name, rounds]) => `${name} ${rounds}`)
      .join(', ')}`,
  );
  console.log(result.passed ? 'PASS' : 'FAIL');
  if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
  process.exitCode = result.passed ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
