/**
 * The soak's misbehaving clients, in their own process so that their load does not slow the well-behaved
 * clients' own event loop (whose ack times are measured). Each client restarts its misbehaviour whenever the
 * gateway cuts it off; `stop` reports how many rounds each kind ran.
 */
import { serveCommands } from '../bench/child-process.js';
import { MISBEHAVING_MIX, type Targets } from './misbehaviours.js';

let stopped = false;
const rounds: Record<string, number> = {};
const running: Array<Promise<void>> = [];

serveCommands({
  start(targets: Targets) {
    for (const [misbehaviour, clients] of MISBEHAVING_MIX) {
      rounds[misbehaviour.name] = 0;
      for (let client = 0; client < clients; client += 1) {
        running.push(
          (async () => {
            while (!stopped) {
              await misbehaviour.once(targets, () => stopped).catch(() => undefined);
              rounds[misbehaviour.name] = (rounds[misbehaviour.name] ?? 0) + 1;
            }
          })(),
        );
      }
    }
  },
  async finish(): Promise<Record<string, number>> {
    stopped = true;
    await Promise.all(running);
    return rounds;
  },
  stop: () => undefined,
});
