import { startDemoServer } from '@byosd/demo';
import { z } from 'zod';
import type { CommandIo } from '../command-io.js';
import { integerOption, parseCommandLine } from '../parse-command-line.js';
import { untilInterrupted } from '../until-interrupted.js';

export const START_USAGE = `Usage: byosd start [options]

Runs the browser demo in one process: a simulator of every backend, the gateway hosting each backend's adapter
(memory stores), the demo page and the agent console. Build the widget first (npm run build:widget; npm start
does both).

Options:
  --port N      listen on this port (default: 8080; 0 picks a free one)
  --host HOST   listen on this address (default: 127.0.0.1)
  --assets DIR  serve the widget build from DIR (default: packages/widget/dist/browser)
`;

const optionsSchema = z.object({
  positionals: z.array(z.string()).length(0, 'takes no arguments'),
  port: integerOption(z.number().int().min(0).max(65_535)).optional(),
  host: z.string().min(1).optional(),
  assets: z.string().min(1).optional(),
});

/** `byosd start`: runs the demo until `until` resolves (default: Ctrl+C); resolves to the exit code. */
export async function runStartCommand(args: string[], io: CommandIo, until: Promise<void> = untilInterrupted()): Promise<number> {
  const options = parseCommandLine(args, { port: { type: 'string' }, host: { type: 'string' }, assets: { type: 'string' } }, optionsSchema);
  const demo = await startDemoServer({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.assets === undefined ? {} : { assetsDirectory: options.assets }),
  });
  const backends = demo.backends.map((backend) => backend.name).join(', ');
  io.out(
    [
      `byosd demo (backends: ${backends})`,
      `  demo page:     ${demo.url}`,
      `  Carbon page:   ${demo.carbonUrl}`,
      `  agent console: ${demo.consoleUrl}`,
      `  gateway:       ${demo.gateway.url}`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  await until;
  await demo.close();
  io.out('Stopped.\n');
  return 0;
}
