import { type CommandIo, processIo, UsageError } from './command-io.js';
import { CONFORMANCE_USAGE, runConformanceCommand } from './commands/conformance.js';
import { runDemo } from './commands/demo.js';
import { GATEWAY_USAGE, runGateway } from './commands/gateway.js';
import { NEW_ADAPTER_USAGE, runNewAdapterCommand } from './commands/new-adapter.js';
import { runSimulateCommand, SIMULATE_USAGE } from './commands/simulate.js';
import { runStartCommand, START_USAGE } from './commands/start.js';

const USAGE = `Usage: byosd <command> [options]

Commands:
  start         run the browser demo: every simulator, the gateway, the demo page and agent console (npm start)
  demo          run a scripted chat with the example adapter and print it
  conformance   run the conformance suite against adapters (byosd conformance --help)
  gateway       run the gateway (byosd gateway --help)
  simulate      run a backend simulator (byosd simulate --help)
  new-adapter   scaffold an adapter package that passes the suite at once (byosd new-adapter --help)
  help          show this text
`;

/** Each command with options: how to run it, and its usage text. */
const COMMANDS: Record<string, { run: (args: string[], io: CommandIo) => Promise<number>; usage: string }> = {
  conformance: { run: runConformanceCommand, usage: CONFORMANCE_USAGE },
  simulate: { run: (args, io) => runSimulateCommand(args, io), usage: SIMULATE_USAGE },
  start: { run: (args, io) => runStartCommand(args, io), usage: START_USAGE },
  'new-adapter': { run: (args, io) => runNewAdapterCommand(args, io), usage: NEW_ADAPTER_USAGE },
  gateway: { run: (args, io) => runGateway(args, { print: (line) => io.out(`${line}\n`) }), usage: GATEWAY_USAGE },
};

/** Runs the byosd command line; resolves to the exit code (2 for a bad command line). */
export async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'demo':
      await runDemo();
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE);
      return 0;
  }
  const known = COMMANDS[command];
  if (!known) {
    io.err(`byosd: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(known.usage);
    return 0;
  }
  try {
    return await known.run(rest, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`byosd ${command}: ${error.message}\n\n${known.usage}`);
    return 2;
  }
}
