import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { exampleAdapter, exampleOptionsSchema } from '@byosd/adapter-example';
import { optionsReferenceTable } from '@byosd/core';
import { z } from 'zod';
import { type AdapterNames, adapterNames, renameInPath, renameInText } from './rename-template.js';

/** The example adapter's folder: the template every scaffold is copied from. */
const TEMPLATE_DIRECTORY = dirname(require.resolve('@byosd/adapter-example/package.json'));

/** What the template brings: the adapter, its fake desk and protocol, its simulator, its test bed, its suite run. */
const TEMPLATE_FOLDERS = ['src', 'desk', 'protocol', 'simulator', 'testbed'];
const TEMPLATE_FILES = ['test/conformance.test.ts'];

const templatePackageSchema = z.object({
  version: z.string(),
  exports: z.record(z.string(), z.unknown()),
  dependencies: z.record(z.string(), z.string()),
  devDependencies: z.record(z.string(), z.string()),
});

export interface ScaffoldOptions {
  /** The adapter's name, kebab-case: `acme`. */
  name: string;
  /** The new package's folder (must not exist, or be empty). */
  directory: string;
  /** The workspace the folder belongs to (`adapters/<name>` of a byosd checkout), or undefined for a standalone package. */
  workspaceRoot?: string;
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listFiles(join(directory, entry.name)) : Promise.resolve([join(directory, entry.name)]))),
  );
  return nested.flat();
}

/** The TypeScript settings of a standalone package (inside a workspace, it extends the workspace's). */
const STANDALONE_COMPILER_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2023', 'DOM', 'DOM.Iterable'],
  module: 'nodenext',
  moduleResolution: 'nodenext',
  isolatedModules: true,
  strict: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  declaration: true,
  sourceMap: true,
  types: ['node', 'jest'],
};

function tsconfigJson(options: ScaffoldOptions): unknown {
  const include = [...TEMPLATE_FOLDERS, 'package.json'];
  const own = { composite: true, rootDir: '.', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' };
  if (!options.workspaceRoot) return { compilerOptions: { ...STANDALONE_COMPILER_OPTIONS, ...own }, include };
  const toRoot = relative(options.directory, options.workspaceRoot) || '.';
  const reference = (name: string) => ({ path: join(toRoot, 'packages', name) });
  return {
    extends: join(toRoot, 'tsconfig.json'),
    compilerOptions: { ...own, types: ['node'] },
    include,
    references: [reference('core'), reference('conformance'), reference('simulators')],
  };
}

async function packageJson(options: ScaffoldOptions, names: AdapterNames): Promise<unknown> {
  const template = templatePackageSchema.parse(JSON.parse(await readFile(join(TEMPLATE_DIRECTORY, 'package.json'), 'utf8')));
  const standalone = options.workspaceRoot === undefined;
  return {
    name: names.packageName,
    version: '0.1.0',
    description: `byosd adapter for ${names.pascal}, scaffolded from the example adapter.`,
    license: 'MIT',
    main: 'dist/src/index.js',
    types: 'dist/src/index.d.ts',
    exports: template.exports,
    files: ['dist', 'README.md'],
    byosd: { testbed: './testbed' },
    ...(standalone ? { scripts: { build: 'tsc -p tsconfig.json', conformance: 'byosd conformance ./testbed/index.ts' } } : {}),
    dependencies: template.dependencies,
    devDependencies: template.devDependencies,
  };
}

function readme(names: AdapterNames, options: ScaffoldOptions): string {
  const inWorkspace = options.workspaceRoot !== undefined;
  const conformance = inWorkspace ? `npx byosd conformance ${names.kebab} ${names.kebab}@gateway` : 'npx byosd conformance ./testbed/index.ts';
  return `# ${names.packageName}

A byosd adapter for ${names.pascal}, scaffolded by \`byosd new-adapter ${names.kebab}\` from the example adapter. It
builds and passes the conformance suite as it is: its simulator is the example desk under a new name. Make it
${names.pascal}'s by replacing, folder by folder:

| folder | what it holds | what to do |
|---|---|---|
| \`protocol/\` | the backend's wire protocol: zod schemas of every frame or body | write ${names.pascal}'s, from its documentation |
| \`simulator/\` | a loopback simulator of the backend on \`@byosd/simulators\`' kit, with an \`AgentDriver\` | make it speak \`protocol/\` as ${names.pascal} does (paths, auth, errors, limits), never importing \`src/\` |
| \`desk/\` | the example's in-process fake desk, which the simulator wraps | fold into \`simulator/\` once it speaks ${names.pascal}'s protocol |
| \`src/\` | the adapter: the plugin (options schema, capability manifest) and the desk class | talk to ${names.pascal}; declare only the capabilities it has |
| \`testbed/\` | the conformance target and the demo wiring | point them at your simulator |

Run the suite ${inWorkspace ? 'directly and through the gateway' : 'by path'}: \`${conformance}\`.${
    inWorkspace
      ? ` Run the simulator: \`npx byosd simulate ${names.kebab}\`. The demo (\`npm start\`) and the browser tests pick the backend up from \`testbed/\`.`
      : ''
  }
See docs/writing-an-adapter.md in the byosd repository for the contract each method must keep.

## Options

${optionsReferenceTable(exampleOptionsSchema, exampleAdapter.secretOptions ?? [])}
`;
}

/**
 * Writes a new adapter package into `options.directory`: the example adapter (plugin with a zod options schema and a
 * capability manifest, desk, protocol, a simulator on the kit with an agent driver, a test bed and the suite's test)
 * renamed to `options.name`, with its package.json, tsconfig.json and README. Returns the files written.
 * @throws TypeError when the folder exists and is not empty.
 */
export async function scaffoldAdapter(options: ScaffoldOptions): Promise<string[]> {
  if (existsSync(options.directory) && (await readdir(options.directory)).length > 0) throw new TypeError(`${options.directory} exists and is not empty`);
  // Outside this repository a package is the integrator's own: it takes no @byosd name.
  const names = adapterNames(options.name, options.workspaceRoot ? undefined : `byosd-adapter-${options.name}`);
  const written: string[] = [];
  const write = async (path: string, contents: string) => {
    const target = join(options.directory, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, contents);
    written.push(target);
  };
  const templateFiles = [
    ...(await Promise.all(TEMPLATE_FOLDERS.map((folder) => listFiles(join(TEMPLATE_DIRECTORY, folder))))).flat(),
    ...TEMPLATE_FILES.map((file) => join(TEMPLATE_DIRECTORY, file)),
  ];
  for (const file of templateFiles) {
    await write(renameInPath(relative(TEMPLATE_DIRECTORY, file), names), renameInText(await readFile(file, 'utf8'), names));
  }
  await write('package.json', `${JSON.stringify(await packageJson(options, names), null, 2)}\n`);
  await write('tsconfig.json', `${JSON.stringify(tsconfigJson(options), null, 2)}\n`);
  await write('README.md', readme(names, options));
  return written;
}
