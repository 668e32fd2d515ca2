import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { findWorkspaceRoot, listWorkspacePackages, type WorkspacePackage } from '../src/index.js';

const root = findWorkspaceRoot(__dirname);
const packages = listWorkspacePackages(root);
const byName = new Map(packages.map((workspacePackage) => [workspacePackage.name, workspacePackage]));
const isAdapter = (name: string) => name.startsWith('@byosd/adapter-');

/** Every .ts/.cjs/.mjs file below `directory`, outside dist/ and node_modules/. */
function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|cjs|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** The workspace packages a file imports (static, dynamic or require), by package name. */
function importedPackages(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\(\s*|require\(\s*)['"](@byosd\/[\w.-]+)/g)].map((match) => match[1] ?? '');
  return [...new Set(specifiers.filter((name) => byName.has(name)))];
}

/** What the files of `workspacePackage` (below `folders`, default all of it) import, other than itself. */
function importsOf(workspacePackage: WorkspacePackage, folders?: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const files = (folders ?? ['']).flatMap((folder) => {
    try {
      return sourceFiles(join(workspacePackage.directory, folder));
    } catch {
      return [];
    }
  });
  for (const file of files) {
    for (const name of importedPackages(file)) {
      if (name !== workspacePackage.name) found.set(name, [...(found.get(name) ?? []), relative(root, file)]);
    }
  }
  return found;
}

const workspaceDependencies = (workspacePackage: WorkspacePackage, kinds: Array<'dependencies' | 'devDependencies'>) =>
  kinds.flatMap((kind) => Object.keys(workspacePackage[kind])).filter((name) => byName.has(name));

function requirePackage(name: string): WorkspacePackage {
  const found = byName.get(name);
  if (!found) throw new Error(`no workspace package ${name}`);
  return found;
}

test('core depends on no workspace package, and imports none', () => {
  const core = requirePackage('@byosd/core');
  expect(workspaceDependencies(core, ['dependencies', 'devDependencies'])).toEqual([]);
  expect([...importsOf(core).keys()]).toEqual([]);
});

test('the conformance suite depends on core only, dev dependencies included', () => {
  const conformance = requirePackage('@byosd/conformance');
  expect(workspaceDependencies(conformance, ['dependencies', 'devDependencies'])).toEqual(['@byosd/core']);
  expect([...importsOf(conformance).keys()]).toEqual(['@byosd/core']);
});

test('the simulator kit knows no adapter, no gateway and no tool above it', () => {
  const kit = requirePackage('@byosd/simulators');
  expect(workspaceDependencies(kit, ['dependencies', 'devDependencies']).sort()).toEqual(['@byosd/conformance', '@byosd/core']);
});

test('the widget needs core, the gateway client and zod at run time, nothing else', () => {
  const widget = requirePackage('@byosd/widget');
  expect(Object.keys(widget.dependencies).sort()).toEqual(['@byosd/core', '@byosd/gateway', 'zod']);
  for (const file of sourceFiles(join(widget.directory, 'src'))) {
    const gatewayImports = [...readFileSync(file, 'utf8').matchAll(/['"]@byosd\/gateway(\/[\w-]+)?['"]/g)].map((match) => match[1] ?? '');
    for (const subpath of gatewayImports) expect(`${relative(root, file)}: @byosd/gateway${subpath}`).toBe(`${relative(root, file)}: @byosd/gateway/client`);
  }
});

describe.each(packages.filter((workspacePackage) => isAdapter(workspacePackage.name)).map((adapter) => [adapter.name, adapter] as const))(
  '%s',
  (_name, adapter) => {
    test('depends on core alone among workspace packages at run time, and its run-time code imports nothing else', () => {
      expect(workspaceDependencies(adapter, ['dependencies'])).toEqual(['@byosd/core']);
      expect([...importsOf(adapter, ['src', 'protocol', 'desk']).keys()]).toEqual(['@byosd/core']);
    });

    test('its simulator imports no adapter code: neither its own src/ nor any adapter package', () => {
      const offending = sourceFiles(join(adapter.directory, 'simulator')).filter((file) => {
        const text = readFileSync(file, 'utf8');
        return /['"]\.\.\/src\//.test(text) || importedPackages(file).some(isAdapter);
      });
      expect(offending.map((file) => relative(root, file))).toEqual([]);
    });
  },
);

test("every import of a workspace package is declared in the importer's package.json", () => {
  const undeclared = packages.flatMap((workspacePackage) => {
    const declared = new Set(workspaceDependencies(workspacePackage, ['dependencies', 'devDependencies']));
    return [...importsOf(workspacePackage)]
      .filter(([name]) => !declared.has(name))
      .map(([name, files]) => `${workspacePackage.name} imports ${name} (${files[0]?.split(sep).join('/')})`);
  });
  expect(undeclared).toEqual([]);
});

test('no cycle between workspace packages, dev dependencies included', () => {
  const cycles: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (path.includes(name)) {
      cycles.push([...path.slice(path.indexOf(name)), name].join(' -> '));
      return;
    }
    for (const dependency of workspaceDependencies(requirePackage(name), ['dependencies', 'devDependencies'])) visit(dependency, [...path, name]);
  };
  for (const workspacePackage of packages) visit(workspacePackage.name, []);
  expect([...new Set(cycles)]).toEqual([]);
});
