/** The chaos run's table, per backend, and its JSON. */
import { writeFileSync } from 'node:fs';
import { backendPassed, type ChaosResult } from './run-chaos.js';

export function printChaosReport(result: ChaosResult): void {
  const { disruptions } = result;
  const at = (count: number | null) => (count === null ? 'not reached' : `after ${count} of ${disruptions.messagesInRun} user messages`);
  console.log(`Redis restarted empty: ${at(disruptions.redisRestartedAt)}; gateway instance SIGKILLed: ${at(disruptions.instanceKilledAt)}`);
  console.table(
    result.backends.map((backend) => ({
      backend: backend.backend,
      seed: backend.seed,
      chats: backend.chats,
      sent: backend.total.sent,
      acknowledged: backend.total.acknowledged,
      received: backend.total.received,
      lost: backend.total.lost,
      duplicated: backend.total.duplicated,
      'out of order': backend.total.outOfOrder,
      result: backendPassed(backend) ? 'ok' : 'FAIL',
    })),
  );
  for (const backend of result.backends) {
    const strikes = Object.entries(backend.faults)
      .map(([name, count]) => `${name} ×${count}`)
      .join(', ');
    const { toAgent, toUser } = backend;
    console.log(
      `${backend.backend}: faults ${strikes || 'none'}; user→agent ${toAgent.acknowledged} acknowledged, ${toAgent.lost} lost, ${toAgent.duplicated} duplicated, ${toAgent.outOfOrder} out of order; agent→user ${toUser.acknowledged} acknowledged, ${toUser.lost} lost, ${toUser.duplicated} duplicated, ${toUser.outOfOrder} out of order`,
    );
    for (const error of backend.errors) console.log(`  ${error}`);
    for (const finding of backend.findings) console.log(`  ${finding}`);
  }
  if (result.skipped.length > 0) console.log(`Not run (no gateway wiring): ${result.skipped.join(', ')}`);
  console.log(result.passed ? 'PASS: no acknowledged message lost, duplicated or out of order' : 'FAIL');
}

export function writeChaosJson(result: ChaosResult, file: string): void {
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}
