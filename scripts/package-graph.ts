/**
 * `npm run docs:graph`: writes the workspace's package graph (from the package.json files) into
 * docs/architecture.md, between its package-graph markers. A test fails when the page and the packages differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot, listWorkspacePackages, packageGraphMermaid, withPackageGraph } from '@byosd/testbed';

const root = findWorkspaceRoot(__dirname);
const page = join(root, 'docs', 'architecture.md');
writeFileSync(page, withPackageGraph(readFileSync(page, 'utf8'), packageGraphMermaid(listWorkspacePackages(root))));
console.log(`Wrote the package graph into ${page}`);
