import { spawnSync } from 'node:child_process';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { findWorkspaceRoot, listWorkspacePackages } from '@byosd/testbed';
import { z } from 'zod';
import { type CommandIo, UsageError } from '../command-io.js';
import { parseCommandLine } from '../parse-command-line.js';
import { scaffoldAdapter } from '../scaffold/scaffold-adapter.js';

export const NEW_ADAPTER_USAGE = `Usage: byosd new-adapter <name> [options]

Scaffolds an adapter package: the plugin with a zod options schema and a capability manifest, a simulator on the
kit with an agent driver, its conformance test bed and test, and a README. It builds and passes the suite at once.
Inside this repository it goes to adapters/<name>, where every tool finds it (and npm install links it).

Options:
  --dir PATH       write the package here instead (outside a workspace: a standalone package)
  --skip-install   do not run npm install in the workspace afterwards
`;

const optionsSchema = z.object({
  positionals: z
    .array(z.string())
    .length(1, 'name exactly one adapter')
    .refine(([name = '']) => /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name), 'the name must be kebab-case: lowercase letters and digits, words joined by "-"'),
  dir: z.string().min(1).optional(),
  'skip-install': z.boolean().optional(),
});

/** The workspace whose `adapters/*` (or other folder pattern) `directory` belongs to, if any. */
function workspaceOf(directory: string): string | undefined {
  let root: string;
  try {
    root = findWorkspaceRoot(dirname(directory));
  } catch {
    return undefined;
  }
  const parent = relative(root, dirname(directory));
  const packageFolders = new Set(listWorkspacePackages(root).map((workspacePackage) => relative(root, dirname(workspacePackage.directory))));
  return packageFolders.has(parent) ? root : undefined;
}

/** `byosd new-adapter`: resolves to the exit code. */
export async function runNewAdapterCommand(args: string[], io: CommandIo, cwd: string = process.cwd()): Promise<number> {
  const options = parseCommandLine(args, { dir: { type: 'string' }, 'skip-install': { type: 'boolean' } }, optionsSchema);
  const [name = ''] = options.positionals;
  const directory =
    options.dir === undefined ? join(findWorkspaceRoot(cwd), 'adapters', name) : isAbsolute(options.dir) ? options.dir : resolve(cwd, options.dir);
  const workspaceRoot = workspaceOf(directory);
  if (workspaceRoot && basename(directory) !== name)
    throw new UsageError(`inside the workspace the folder must be named after the adapter: ${join(dirname(directory), name)}`);
  try {
    await scaffoldAdapter({ name, directory, ...(workspaceRoot ? { workspaceRoot } : {}) });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  io.out(`Created ${workspaceRoot ? `@byosd/adapter-${name}` : name} in ${directory}\n`);
  if (workspaceRoot && !options['skip-install']) {
    io.out('Linking it into the workspace: npm install\n');
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: workspaceRoot, stdio: 'inherit' });
    if (install.status !== 0) {
      io.err('npm install failed: run it in the repository before using the new adapter.\n');
      return 1;
    }
  }
  const next = workspaceRoot
    ? [`npx byosd conformance ${name} ${name}@gateway`, `npx byosd simulate ${name}`, 'npm start   (the demo lists it)']
    : [`cd ${directory} && npm install`, 'npx byosd conformance ./testbed/index.ts'];
  io.out(`Next:\n${next.map((line) => `  ${line}\n`).join('')}See its README.md for what to replace.\n`);
  return 0;
}
