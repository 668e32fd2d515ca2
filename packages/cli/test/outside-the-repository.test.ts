import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './support/child-process';

const REPOSITORY = join(__dirname, '..', '..', '..');
const BYOSD = join(REPOSITORY, 'packages', 'cli', 'bin', 'byosd.cjs');
const MINUTE = 60_000;
/** The packages an adapter author outside this repository installs: the suite, core, the kit, and an adapter to test. */
const PACKED = ['packages/core', 'packages/conformance', 'packages/simulators', 'adapters/example'];

let scratch: string;
const tarballs: Record<string, string> = {};

const install = (directory: string, packages: string[]) =>
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...packages], { cwd: directory, timeoutMs: 4 * MINUTE });

/** `npm pack` of each package, as it would be published (built first: a package ships its dist). */
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'byosd-outside-'));
  const build = await run('npx', ['tsc', '-b', ...PACKED.map((folder) => join(folder, 'tsconfig.json'))], { cwd: REPOSITORY, timeoutMs: 4 * MINUTE });
  if (build.code !== 0) throw new Error(`build failed:\n${build.output.slice(-3000)}`);
  for (const folder of PACKED) {
    const name =
      execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch, `./${folder}`], { cwd: REPOSITORY, encoding: 'utf8' })
        .trim()
        .split('\n')
        .pop() ?? '';
    tarballs[folder] = join(scratch, name);
  }
}, 6 * MINUTE);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function newProject(name: string): string {
  const directory = join(scratch, name);
  execFileSync('mkdir', ['-p', directory]);
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  return directory;
}

test(
  'the suite installs alone, with core and none of the gateway, simulators or adapters, and runs the example adapter from there',
  async () => {
    const project = newProject('suite-user');
    expect(await install(project, [tarballs['packages/core'] ?? '', tarballs['packages/conformance'] ?? ''])).toMatchObject({ code: 0 });
    expect(readdirSync(join(project, 'node_modules', '@byosd')).sort()).toEqual(['conformance', 'core']);
    for (const server of ['fastify', 'ioredis', 'pino', 'prom-client']) expect(existsSync(join(project, 'node_modules', server))).toBe(false);

    const adapter = [tarballs['packages/simulators'] ?? '', tarballs['adapters/example'] ?? ''];
    expect(await install(project, [tarballs['packages/core'] ?? '', tarballs['packages/conformance'] ?? '', ...adapter])).toMatchObject({ code: 0 });
    writeFileSync(
      join(project, 'run-suite.cjs'),
      `const { runSuite } = require('@byosd/conformance');
const { exampleConformance } = require('@byosd/adapter-example/testbed');
runSuite([exampleConformance]).then((report) => {
  const failed = report.results.filter((result) => result.status === 'failed');
  console.log(\`\${report.results.length - failed.length} of \${report.results.length} runs passed\`);
  process.exitCode = failed.length === 0 ? 0 : 1;
});
`,
    );
    const suite = await run(process.execPath, ['run-suite.cjs'], { cwd: project, timeoutMs: 3 * MINUTE });
    expect(suite.output).toMatch(/(\d+) of \1 runs passed/);
    expect(suite.code).toBe(0);
  },
  10 * MINUTE,
);

test(
  'byosd new-adapter --dir outside the repository writes a standalone package whose suite runs by path',
  async () => {
    const directory = join(scratch, 'acme-adapter');
    const created = await run(process.execPath, [BYOSD, 'new-adapter', 'acme', '--dir', directory], { cwd: scratch, timeoutMs: 2 * MINUTE });
    expect(created).toMatchObject({ code: 0 });
    expect(
      await install(directory, [tarballs['packages/core'] ?? '', tarballs['packages/conformance'] ?? '', tarballs['packages/simulators'] ?? '']),
    ).toMatchObject({ code: 0 });
    const suite = await run(process.execPath, [BYOSD, 'conformance', './testbed/index.ts'], { cwd: directory, timeoutMs: 3 * MINUTE });
    expect(suite.output).toMatch(/acme: \d+ passed, 0 failed/);
    expect(suite.code).toBe(0);
  },
  8 * MINUTE,
);
