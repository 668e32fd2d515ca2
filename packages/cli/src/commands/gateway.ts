import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { exampleAdapter } from '@byosd/adapter-example';
import { ErrorCode, ServiceDeskError } from '@byosd/core';
import { UsageError } from '../command-io.js';
import { optionColumns } from '../help-text.js';
import { describeConfigField, flagName, type Gateway, GATEWAY_CONFIG_KEYS, environmentName, readGatewayConfig, startGateway } from '@byosd/gateway';

export interface GatewayCommandOptions {
  environment?: Readonly<Record<string, string | undefined>>;
  /** Resolves when the gateway should stop. Default: SIGINT or SIGTERM. */
  stop?: Promise<unknown>;
  /** Told once the gateway listens. */
  onListening?(gateway: Gateway): void;
  print?: (line: string) => void;
}

export const GATEWAY_USAGE = `Usage: byosd gateway [options]

Runs the byosd gateway. Each option can also be set by its environment variable; a flag wins.
Without adapters configured, the gateway offers the example adapter (a demo desk in this process).

Options:
${optionColumns([
  ['--adapters-file <path>', 'a JSON file with the adapters and their server-side options'],
  ...GATEWAY_CONFIG_KEYS.map((key) => [`--${flagName(key)} <value>`, `${environmentName(key)}: ${describeConfigField(key).description}`] as const),
  ['--help', 'show this text'],
])}
`;

/** `byosd gateway`: reads the configuration from flags and environment, runs until stopped, shuts down gracefully. */
export async function runGateway(argv: string[], options: GatewayCommandOptions = {}): Promise<number> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const flags = Object.fromEntries(GATEWAY_CONFIG_KEYS.map((key) => [flagName(key), { type: 'string' as const }]));
  const { values } = parseCommandLine(argv, flags);
  if (values.help) {
    print(GATEWAY_USAGE);
    return 0;
  }
  const { help: _help, 'adapters-file': adaptersFile, ...configFlags } = values;
  const config = readGatewayConfig(configFlags as Record<string, string | undefined>, options.environment ?? process.env);
  if (typeof adaptersFile === 'string') config.adapters = await readAdaptersFile(adaptersFile);
  config.adapters ??= { example: {} };

  const gateway = await startGateway(config, { plugins: [exampleAdapter] });
  print(`byosd gateway: widgets connect to ${gateway.url}; health, metrics and webhooks at ${gateway.httpUrl}`);
  options.onListening?.(gateway);
  await (options.stop ?? stopSignal());
  await gateway.close();
  return 0;
}

function parseCommandLine(argv: string[], flags: Record<string, { type: 'string' }>) {
  try {
    return parseArgs({ args: argv, options: { ...flags, 'adapters-file': { type: 'string' }, help: { type: 'boolean' } }, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function readAdaptersFile(path: string): Promise<Record<string, never>> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, never>;
  } catch (error) {
    throw new ServiceDeskError(
      ErrorCode.INVALID_OPTIONS,
      `Invalid gateway configuration: --adapters-file ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
