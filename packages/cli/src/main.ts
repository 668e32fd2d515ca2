import { type CommandIo, processIo, UsageError } from './command-io.js';

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

interface Command {
  run: (args: string[], io: CommandIo) => Promise<number>;
  usage: string;
}

/**
 * Each command with options, loaded when it runs: a command imports only what it needs (the gateway neither the
 * conformance suite nor the demo), which keeps start-up short.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  conformance: async () => {
    const { CONFORMANCE_USAGE, runConformanceCommand } = await import('./commands/conformance.js');
    return { run: runConformanceCommand, usage: CONFORMANCE_USAGE };
  },
  simulate: async () => {
    const { runSimulateCommand, SIMULATE_USAGE } = await import('./commands/simulate.js');
    return { run: runSimulateCommand, usage: SIMULATE_USAGE };
  },
  start: async () => {
    const { runStartCommand, START_USAGE } = await import('./commands/start.js');
    return { run: runStartCommand, usage: START_USAGE };
  },
  'new-adapter': async () => {
    const { NEW_ADAPTER_USAGE, runNewAdapterCommand } = await import('./commands/new-adapter.js');
    return { run: runNewAdapterCommand, usage: NEW_ADAPTER_USAGE };
  },
  gateway: async () => {
    const { GATEWAY_USAGE, runGateway } = await import('./commands/gateway.js');
    return { run: (args, io) => runGateway(args, { print: (line) => io.out(`${line}\n`) }), usage: GATEWAY_USAGE };
  },
};

/** Runs the byosd command line; resolves to the exit code (2 for a bad command line). */
export async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'demo':
      await (await import('./commands/demo.js')).runDemo();
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE);
      return 0;
  }
  const load = COMMANDS[command];
  if (!load) {
    io.err(`byosd: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  const known = await load();
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
