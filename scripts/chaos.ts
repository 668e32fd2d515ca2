/**
 * `npm run chaos [-- --chats 50 --messages 50 --seed 1 --backends a,b --json FILE]`: every backend's adapter on a
 * gateway cluster under every fault at once (scripts/chaos/run-chaos.ts). Prints, per backend, the messages sent,
 * acknowledged, received, lost, duplicated and out of order; exits 1 unless no acknowledged message was lost,
 * duplicated or delivered out of order.
 */
import { parseArgs } from 'node:util';
import { printChaosReport, writeChaosJson } from './chaos/chaos-report.js';
import { runChaos } from './chaos/run-chaos.js';

const { values } = parseArgs({
  options: {
    chats: { type: 'string', default: '50' },
    messages: { type: 'string', default: '50' },
    seed: { type: 'string', default: '1' },
    backends: { type: 'string' },
    'lease-ttl-ms': { type: 'string', default: '1500' },
    'pace-ms': { type: 'string', default: '0' },
    'drain-ms': { type: 'string', default: '30000' },
    'send-deadline-ms': { type: 'string', default: '30000' },
    json: { type: 'string' },
    'no-redis-restart': { type: 'boolean', default: false },
    'no-kill': { type: 'boolean', default: false },
  },
});

function count(name: keyof typeof values): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 0) throw new TypeError(`--${name} must be a whole number, got ${String(values[name])}`);
  return value;
}

async function main(): Promise<void> {
  const result = await runChaos({
    chats: count('chats'),
    messages: count('messages'),
    seed: count('seed'),
    ...(values.backends ? { backends: values.backends.split(',') } : {}),
    leaseTtlMs: count('lease-ttl-ms'),
    paceMs: count('pace-ms'),
    drainMs: count('drain-ms'),
    sendDeadlineMs: count('send-deadline-ms'),
    skipRedisRestart: values['no-redis-restart'],
    skipKill: values['no-kill'],
  });
  printChaosReport(result);
  if (values.json) writeChaosJson(result, values.json);
  process.exitCode = result.passed ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
