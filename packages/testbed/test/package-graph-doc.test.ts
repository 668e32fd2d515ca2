import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot, listWorkspacePackages, packageGraphMermaid, withPackageGraph } from '../src/index.js';

test('docs/architecture.md shows the package graph of the workspace as it is (npm run docs:graph rewrites it)', () => {
  const root = findWorkspaceRoot(__dirname);
  const page = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
  expect(page).toBe(withPackageGraph(page, packageGraphMermaid(listWorkspacePackages(root))));
});
