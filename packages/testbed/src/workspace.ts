import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * The `byosd` field of an adapter's package.json: how tools find the backend's test bed without a hand-kept list.
 * `testbed` is the package's export (`"./testbed"`) whose `testbed` binding is the backend's `SimulatorDefinition`;
 * `bench` is an optional script (relative to the package) that `npm run bench -- <name>` runs.
 */
const byosdFieldSchema = z.object({
  testbed: z.string().startsWith('./', 'must be a subpath export such as "./testbed"'),
  bench: z.string().min(1).optional(),
});

const packageJsonSchema = z.object({
  name: z.string().min(1),
  private: z.boolean().optional(),
  workspaces: z.array(z.string()).optional(),
  dependencies: z.record(z.string(), z.string()).optional(),
  devDependencies: z.record(z.string(), z.string()).optional(),
  byosd: byosdFieldSchema.optional(),
});

/** A package of the workspace, with what its package.json declares. */
export interface WorkspacePackage {
  name: string;
  /** Its folder, absolute. */
  directory: string;
  private: boolean;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** An adapter package of the workspace that declares a test bed. */
export interface BackendPackage {
  /** The npm package name, `@byosd/adapter-example`. */
  packageName: string;
  /** Its folder, absolute. */
  directory: string;
  /** What to `require` for its test bed: `@byosd/adapter-example/testbed`. */
  testbedSpecifier: string;
  /** Its benchmark script, absolute, when it declares one. */
  benchScript?: string;
}

function readPackageJson(directory: string): z.infer<typeof packageJsonSchema> | undefined {
  const path = join(directory, 'package.json');
  if (!existsSync(path)) return undefined;
  const parsed = packageJsonSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new TypeError(`${path}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

/**
 * The root of the npm workspace that `from` is in: the nearest folder upwards whose package.json has
 * `workspaces`. Falls back to the workspace this package itself belongs to (a `byosd` run from elsewhere).
 */
export function findWorkspaceRoot(from: string = process.cwd()): string {
  for (const start of [resolve(from), __dirname]) {
    for (let directory = start; ; directory = dirname(directory)) {
      if (readPackageJson(directory)?.workspaces) return directory;
      if (dirname(directory) === directory) break;
    }
  }
  throw new TypeError(`No npm workspace (a package.json with "workspaces") above ${from}`);
}

/** The folders a workspace pattern names: `adapters/*` or a literal folder. */
function expandPattern(root: string, pattern: string): string[] {
  if (!pattern.endsWith('/*')) return [join(root, pattern)];
  const parent = join(root, pattern.slice(0, -2));
  if (!existsSync(parent)) return [];
  return readdirSync(parent, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(parent, entry.name))
    .sort();
}

/** Every package of the workspace at `root`, in the order of its `workspaces` patterns and then of folder names. */
export function listWorkspacePackages(root: string = findWorkspaceRoot()): WorkspacePackage[] {
  const workspaces = readPackageJson(root)?.workspaces ?? [];
  return workspaces.flatMap((pattern) =>
    expandPattern(root, pattern).flatMap((directory): WorkspacePackage[] => {
      const manifest = readPackageJson(directory);
      if (!manifest) return [];
      return [
        {
          name: manifest.name,
          directory,
          private: manifest.private ?? false,
          dependencies: manifest.dependencies ?? {},
          devDependencies: manifest.devDependencies ?? {},
        },
      ];
    }),
  );
}

/** Every workspace package of `root` whose package.json declares a `byosd.testbed`, in folder order. */
export function listBackendPackages(root: string = findWorkspaceRoot()): BackendPackage[] {
  const workspaces = readPackageJson(root)?.workspaces ?? [];
  return workspaces.flatMap((pattern) =>
    expandPattern(root, pattern).flatMap((directory): BackendPackage[] => {
      const manifest = readPackageJson(directory);
      if (!manifest?.byosd) return [];
      const { testbed, bench } = manifest.byosd;
      return [
        {
          packageName: manifest.name,
          directory,
          testbedSpecifier: `${manifest.name}/${testbed.slice(2)}`,
          ...(bench === undefined ? {} : { benchScript: join(directory, bench) }),
        },
      ];
    }),
  );
}
