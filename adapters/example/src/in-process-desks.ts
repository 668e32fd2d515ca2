import { ExampleDesk } from '../desk/example-desk.js';
import { startAutoAgent } from '../desk/auto-agent.js';

const desks = new Map<string, ExampleDesk>();

/**
 * The in-process desks that the example adapter connects to when it has no `url`, by name. A desk that does not
 * exist yet is created with the auto agent playing the agent, so that `loadServiceDesk('example', {})` works out
 * of the box; `registerExampleDesk` puts your own (for example, one a test drives by hand) under a name.
 */
export function getExampleDesk(name: string): ExampleDesk {
  let desk = desks.get(name);
  if (!desk) {
    desk = new ExampleDesk();
    startAutoAgent(desk);
    desks.set(name, desk);
  }
  return desk;
}

/** Puts `desk` under `name`; returns a function that removes it again. */
export function registerExampleDesk(name: string, desk: ExampleDesk): () => void {
  desks.set(name, desk);
  return () => {
    if (desks.get(name) === desk) desks.delete(name);
  };
}
