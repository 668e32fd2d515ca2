import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandIo, main } from '../src/index.js';

/** Runs the CLI in-process and captures what it prints. */
async function byosd(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIo = { out: (text) => (out += text), err: (text) => (err += text) };
  const code = await main(argv, io);
  return { code, out, err };
}

/**
 * An adapter package outside the repository: it speaks the example desk protocol, reports every agent message twice,
 * and brings its own harness (the example simulator) as its `conformance` export. It requires byosd by absolute
 * path, as a package with byosd installed would by name.
 */
function writeExternalAdapter(directory: string): string {
  const path = join(directory, 'acme-adapter.cjs');
  writeFileSync(
    path,
    `
const { defineAdapter } = require(${JSON.stringify(require.resolve('@byosd/core'))});
const { exampleAdapter, ExampleServiceDesk } = require(${JSON.stringify(require.resolve('@byosd/adapter-example'))});
const { createExampleConformanceTarget } = require(${JSON.stringify(require.resolve('@byosd/adapter-example/testbed'))});

class AcmeServiceDesk extends ExampleServiceDesk {
  constructor(context) {
    const callback = {
      ...context.callback,
      sendMessageToUser(message, agentId) {
        context.callback.sendMessageToUser(message, agentId);
        context.callback.sendMessageToUser(message, agentId);
      },
    };
    super({ ...context, callback });
  }
}

const plugin = defineAdapter({ ...exampleAdapter, name: 'acme', serviceDesk: AcmeServiceDesk });
module.exports = { default: plugin, conformance: createExampleConformanceTarget(plugin) };
`,
  );
  return path;
}

describe('byosd conformance', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'byosd-conformance-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('runs the selected scenarios, prints progress and the matrix, and writes JSON and JUnit reports', async () => {
    const json = join(directory, 'report.json');
    const junit = join(directory, 'report.xml');
    const { code, out } = await byosd(
      'conformance',
      'example',
      '--grep',
      '^lifecycle: the agent (ends|leaves)',
      '--seed',
      '7',
      '--report-json',
      json,
      '--report-junit',
      junit,
    );
    expect(code).toBe(0);
    expect(out).toContain('pass  example  lifecycle: the agent ends the chat: agentEndedChat reaches the user [raw]');
    expect(out).toContain('example: 4 passed, 0 failed, 0 skipped');
    expect(out).toContain('seed 7');
    const report = JSON.parse(readFileSync(json, 'utf8')) as { specVersion: string; results: Array<Record<string, unknown>> };
    expect(report.specVersion).toBe('byosd.v1');
    expect(report.results).toHaveLength(4);
    expect(report.results[0]).toEqual({
      adapter: 'example',
      scenario: 'the agent ends the chat: agentEndedChat reaches the user',
      group: 'lifecycle',
      mode: 'session',
      status: 'passed',
      durationMs: expect.any(Number),
    });
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="byosd conformance: example" tests="4" failures="0" skipped="0"');
  }, 30_000);

  it('loads an adapter from a module path, shows it beside the others, and exits 1 when it fails', async () => {
    const path = writeExternalAdapter(directory);
    const { code, out } = await byosd('conformance', path, 'example', '--grep', '200 agent messages');
    expect(code).toBe(1);
    expect(out).toMatch(/messaging: 200 agent messages reach the user once each, in order \[raw\] +FAIL +pass/);
    expect(out).toMatch(/messaging: 200 agent messages reach the user once each, in order \[session\] +pass +pass/);
    expect(out).toContain('acme: 1 passed, 1 failed, 0 skipped');
    expect(out).toContain('example: 2 passed, 0 failed, 0 skipped');
  }, 30_000);

  it('runs through the gateway with --via-gateway, reporting example@gateway in the matrix, JSON and JUnit', async () => {
    const json = join(directory, 'report.json');
    const junit = join(directory, 'report.xml');
    const { code, out } = await byosd(
      'conformance',
      'example',
      '--via-gateway',
      '--grep',
      '^(lifecycle: the agent ends|errors-and-faults: the connection drops)',
      '--report-json',
      json,
      '--report-junit',
      junit,
    );
    expect(code).toBe(0);
    expect(out).toContain(
      'pass  example@gateway  errors-and-faults: the connection drops mid-chat: DISCONNECTED, reconnected, no message lost or repeated [raw]',
    );
    expect(out).toMatch(/^scenario +example@gateway$/m);
    expect(out).toContain('example@gateway: 4 passed, 0 failed, 0 skipped');
    const report = JSON.parse(readFileSync(json, 'utf8')) as { results: Array<{ adapter: string }> };
    expect(new Set(report.results.map((result) => result.adapter))).toEqual(new Set(['example@gateway']));
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="byosd conformance: example@gateway" tests="4" failures="0" skipped="0"');
    expect(xml).toContain('classname="example@gateway.lifecycle"');
  }, 30_000);

  it('puts an adapter and the same adapter through the gateway side by side', async () => {
    const { code, out } = await byosd('conformance', 'example', 'example@gateway', '--grep', 'resuming a chat that the user ended');
    expect(code).toBe(0);
    expect(out).toMatch(/resume: resuming a chat that the user ended meanwhile resolves false \[raw\] +pass +pass/);
    expect(out).toContain('example: 2 passed, 0 failed, 0 skipped');
    expect(out).toContain('example@gateway: 2 passed, 0 failed, 0 skipped');
  }, 30_000);

  it('refuses a bad command line with exit code 2, naming the problem', async () => {
    expect(await byosd('conformance', '--seed', 'soon')).toMatchObject({ code: 2, err: expect.stringContaining('--seed: must be a non-negative integer') });
    expect(await byosd('conformance', '--grep', '(')).toMatchObject({ code: 2, err: expect.stringContaining('--grep: must be a valid regular expression') });
    expect(await byosd('conformance', 'nonesuch')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Unknown adapter "nonesuch"\. Adapters of this workspace: .*\bexample\b/),
    });
    expect(await byosd('conformance', 'nonesuch@gateway')).toMatchObject({ code: 2, err: expect.stringContaining('Unknown adapter "nonesuch"') });
    expect(await byosd('conformance', '--via-gateway=yes')).toMatchObject({
      code: 2,
      err: expect.stringContaining("--via-gateway' does not take an argument"),
    });
    expect(await byosd('conformance', './missing-adapter.js')).toMatchObject({ code: 2, err: expect.stringContaining('Cannot load "./missing-adapter.js"') });
    expect(await byosd('conformance', '--report-html', 'x')).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--report-html'") });
  });
});
