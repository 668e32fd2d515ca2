import { writeFile } from 'node:fs/promises';
import { type ConformanceTarget, formatMatrix, formatProgress, runSuite, toJsonReport, toJunitXml } from '@byosd/conformance';
import { conformanceTargets, resolveConformanceTarget, targetName, VIA_GATEWAY_SUFFIX, viaGateway } from '@byosd/testbed';
import { z } from 'zod';
import { type CommandIo, UsageError } from '../command-io.js';
import { integerOption, parseCommandLine } from '../parse-command-line.js';

export const CONFORMANCE_USAGE = `Usage: byosd conformance [adapter name | module path ...] [options]

Runs the conformance suite against each adapter (default: every adapter of this workspace) and prints a
scenario x adapter matrix. Exits 1 when any scenario fails. An adapter followed by @gateway (example@gateway)
runs through the gateway: proxy desk -> in-process gateway -> the adapter -> its simulator.

Options:
  --via-gateway         run every adapter through the gateway (reported as <adapter>@gateway)
  --grep PATTERN        only scenarios whose "group: name [mode]" matches (a regular expression)
  --seed N              seed the simulators' faults (a failing run prints the seed that replays it)
  --report-json FILE    write the results as JSON
  --report-junit FILE   write the results as JUnit XML
`;

const optionsSchema = z.object({
  positionals: z.array(z.string().min(1)),
  grep: z
    .string()
    .refine((pattern) => {
      try {
        new RegExp(pattern);
        return true;
      } catch {
        return false;
      }
    }, 'must be a valid regular expression')
    .optional(),
  seed: integerOption(
    z
      .number()
      .int()
      .max(2 ** 32 - 1),
  ).optional(),
  'report-json': z.string().min(1).optional(),
  'report-junit': z.string().min(1).optional(),
  'via-gateway': z.boolean().optional(),
});

/** `byosd conformance`: resolves to the exit code. */
export async function runConformanceCommand(args: string[], io: CommandIo): Promise<number> {
  const options = parseCommandLine(
    args,
    {
      grep: { type: 'string' },
      seed: { type: 'string' },
      'report-json': { type: 'string' },
      'report-junit': { type: 'string' },
      'via-gateway': { type: 'boolean' },
    },
    optionsSchema,
  );
  const specifiers = options.positionals.length > 0 ? options.positionals : conformanceTargets().map(targetName);
  const resolved = await Promise.all(
    specifiers.map((specifier) =>
      resolveConformanceTarget(specifier).catch((error: unknown) => {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }),
    ),
  );
  // An adapter named with @gateway already runs through the gateway.
  const throughGateway = (target: ConformanceTarget) => {
    if (target.name?.endsWith(VIA_GATEWAY_SUFFIX)) return target;
    try {
      return viaGateway(target);
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  };
  const targets = options['via-gateway'] ? resolved.map(throughGateway) : resolved;
  const report = await runSuite(targets, {
    ...(options.grep === undefined ? {} : { grep: new RegExp(options.grep, 'i') }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    onResult: (result) => io.out(`${formatProgress(result)}\n`),
  });
  if (report.results.length === 0) throw new UsageError(`No scenario matches --grep ${options.grep ?? ''}`);
  io.out(`\n${formatMatrix(report)}\n`);
  if (options['report-json']) await writeFile(options['report-json'], `${JSON.stringify(toJsonReport(report), null, 2)}\n`);
  if (options['report-junit']) await writeFile(options['report-junit'], toJunitXml(report));
  return report.results.some((result) => result.status === 'failed') ? 1 : 0;
}
