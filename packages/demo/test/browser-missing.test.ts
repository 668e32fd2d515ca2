import { spawn } from 'node:child_process';
import { join } from 'node:path';

const REPOSITORY = join(__dirname, '..', '..', '..');
/** Bounds the whole child run: a hang (the bug this guards against) fails here instead of stalling CI. */
const RUN_TIMEOUT_MS = 240_000;

/**
 * When Chromium cannot start, the browser tests must fail and jest must exit: the demo server started before the
 * launch used to stay open, and `npm test` hung after "Jest did not exit one second after the test run has
 * completed".
 */
test(
  'npm test exits, with the failures reported, when the browser cannot start',
  async () => {
    const child = spawn(
      process.execPath,
      [
        '--experimental-vm-modules',
        '--no-warnings=ExperimentalWarning',
        join(REPOSITORY, 'node_modules', 'jest', 'bin', 'jest.js'),
        '--selectProjects',
        'packages/demo',
        '--testPathPatterns',
        'widget-page',
      ],
      { cwd: REPOSITORY, env: { ...process.env, BYOSD_CHROMIUM: '/nonexistent/chromium' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exit = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`jest did not exit within ${RUN_TIMEOUT_MS} ms:\n${output.slice(-2000)}`));
      }, RUN_TIMEOUT_MS);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    expect(exit).toBe(1);
    expect(output).toContain('/nonexistent/chromium');
    expect(output).toMatch(/\d+ failed/);
  },
  RUN_TIMEOUT_MS + 10_000,
);
