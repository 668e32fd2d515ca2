import { backendNames, findBackend } from '@byosd/testbed';
import { z } from 'zod';
import { type CommandIo, UsageError } from '../command-io.js';
import { integerOption, parseCommandLine } from '../parse-command-line.js';
import { untilInterrupted } from '../until-interrupted.js';

export const SIMULATE_USAGE = `Usage: byosd simulate <backend> [options]

Runs one backend simulator until Ctrl+C, and prints the URLs to configure an adapter and an agent console with.

Options:
  --port N      listen on this port (default: a free one)
  --host HOST   listen on this address (default: 127.0.0.1)
  --seed N      seed the random faults you inject through the control API
`;

const optionsSchema = z.object({
  positionals: z.array(z.string()).length(1, 'name exactly one backend'),
  port: integerOption(z.number().int().max(65_535)).optional(),
  host: z.string().min(1).optional(),
  seed: integerOption(
    z
      .number()
      .int()
      .max(2 ** 32 - 1),
  ).optional(),
});

/** `byosd simulate`: runs until `until` resolves (default: Ctrl+C); resolves to the exit code. */
export async function runSimulateCommand(args: string[], io: CommandIo, until: Promise<void> = untilInterrupted()): Promise<number> {
  const options = parseCommandLine(args, { port: { type: 'string' }, host: { type: 'string' }, seed: { type: 'string' } }, optionsSchema);
  const [name = ''] = options.positionals;
  if (!backendNames().includes(name)) throw new UsageError(`Unknown backend "${name}". Backends: ${backendNames().join(', ')}`);
  const simulator = findBackend(name).create({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const urls = await simulator.start();
  const endpoints = Object.entries(simulator.endpoints()).map(([purpose, url]) => `  ${purpose}: ${url}`);
  io.out(
    [`byosd simulate ${name} (seed ${simulator.faults.seed})`, `  base URLs: ${urls.http} and ${urls.ws}`, ...endpoints, 'Press Ctrl+C to stop.', ''].join(
      '\n',
    ),
  );
  await until;
  await simulator.stop();
  io.out('Stopped.\n');
  return 0;
}
