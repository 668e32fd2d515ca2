/** @jest-config-loader esbuild-register */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from 'jest';

/** One ts-jest project per workspace that has tests. */
const workspaces = ['packages', 'adapters'].flatMap((group) =>
  readdirSync(join(__dirname, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(__dirname, group, entry.name, 'test')))
    .map((entry) => `${group}/${entry.name}`),
);

const project = (workspace: string): Config => ({
  displayName: workspace,
  rootDir: join(__dirname, workspace),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // A build copies package.json into dist/ (packages that read their version from it): two packages of one name.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  // Tests run against the sources of every workspace (the "byosd-source" export condition), not a stale build.
  testEnvironmentOptions: { customExportConditions: ['byosd-source', 'node', 'require', 'default'] },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  // Sources import siblings as './x.js' (nodenext); map those back to the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.[cm]?[tj]s$': ['ts-jest', { tsconfig: join(__dirname, 'tsconfig.test.json') }],
  },
  // inversify 8 ships ESM only: let ts-jest turn it into CommonJS too.
  transformIgnorePatterns: ['/node_modules/(?!(inversify|@inversifyjs)/)'],
});

const config: Config = {
  projects: workspaces.map(project),
  // Every wait in a test has its own bound (waitForEvent and the suite's per-event bound); Jest's timeout only
  // catches a hang. Its 5 s default is shorter than scripted flows (paced agents, rate limits, backoffs) take when
  // the whole suite shares two cores, and twice failed CI on a passing test.
  testTimeout: 30_000,
  reporters: ['default', join(__dirname, 'scripts', 'summary-reporter.cjs')],
};

export default config;
