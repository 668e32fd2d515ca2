import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run, startUntil } from './support/child-process';

const REPOSITORY = join(__dirname, '..', '..', '..');
const MINUTE = 60_000;
let clone: string;

/** Runs `npx byosd ...` in the clone, as a user types it. */
const npxByosd = (args: string[], timeoutMs: number) => run('npx', ['byosd', ...args], { cwd: clone, timeoutMs });
const git = (args: string[]) => execFileSync('git', args, { cwd: clone, encoding: 'utf8' });

/**
 * A fresh clone of the repository as it stands (its tracked and new files, what `git ls-files` lists), installed
 * from scratch with `npm ci` as a new user would.
 */
beforeAll(async () => {
  clone = mkdtempSync(join(tmpdir(), 'byosd-clone-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPOSITORY, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    try {
      cpSync(join(REPOSITORY, file), join(clone, file));
    } catch {
      // A file deleted from the work tree but not yet from the index: the clone goes without it, as git would.
    }
  }
  git(['init', '--quiet']);
  git(['add', '--all']);
  git(['-c', 'user.name=byosd test', '-c', 'user.email=test@example.invalid', 'commit', '--quiet', '-m', 'clone']);
  const install = await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: clone, timeoutMs: 6 * MINUTE });
  if (install.code !== 0) throw new Error(`npm ci failed in the clone:\n${install.output.slice(-3000)}`);
}, 7 * MINUTE);

afterAll(() => {
  if (clone) rmSync(clone, { recursive: true, force: true });
});

test(
  'npx byosd --help works right after npm ci',
  async () => {
    const help = await npxByosd(['--help'], MINUTE);
    expect(help).toMatchObject({ code: 0 });
    expect(help.output).toContain('Usage: byosd <command>');
    expect(help.output).toContain('new-adapter');
  },
  MINUTE,
);

test(
  'byosd new-adapter acme adds one folder (and the lockfile), and conformance, simulate and the demo all see it',
  async () => {
    const created = await npxByosd(['new-adapter', 'acme'], 3 * MINUTE);
    expect(created).toMatchObject({ code: 0 });
    expect(git(['status', '--porcelain']).split('\n').filter(Boolean).sort()).toEqual([' M package-lock.json', '?? adapters/acme/']);

    const conformance = await npxByosd(['conformance', 'acme'], 3 * MINUTE);
    expect(conformance.output).toMatch(/acme: \d+ passed, 0 failed/);
    expect(conformance.code).toBe(0);

    const simulator = await startUntil('npx', ['byosd', 'simulate', 'acme', '--port', '0'], /control API: (http:\/\/\S+)/, { cwd: clone, timeoutMs: MINUTE });
    await simulator.stop();

    const build = await run('npm', ['run', 'build:widget'], { cwd: clone, timeoutMs: 3 * MINUTE });
    expect(build).toMatchObject({ code: 0 });
    const demo = await startUntil('npx', ['byosd', 'start', '--port', '0'], /demo page:\s+(http:\/\/\S+)\//, { cwd: clone, timeoutMs: 2 * MINUTE });
    try {
      const catalog = (await (await fetch(`${demo.match[1]}/demo/backends`)).json()) as { backends: Array<{ name: string }> };
      expect(catalog.backends.map((backend) => backend.name)).toContain('acme');
    } finally {
      await demo.stop();
    }
  },
  12 * MINUTE,
);
