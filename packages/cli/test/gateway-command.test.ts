import { GATEWAY_USAGE, runGateway } from '@byosd/cli';
import type { Gateway } from '@byosd/gateway';

const quiet = { BYOSD_LOG_LEVEL: 'silent' };

describe('byosd gateway', () => {
  test('starts from flags and environment, serves, and stops gracefully', async () => {
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    let listening: (gateway: Gateway) => void = () => undefined;
    const started = new Promise<Gateway>((resolve) => (listening = resolve));
    const lines: string[] = [];
    const exit = runGateway(['--port', '0', '--allowed-origins', 'https://a.example, https://b.example'], {
      environment: { ...quiet, BYOSD_GRACE_PERIOD_MS: '1000', BYOSD_PORT: '1', BYOSD_TRUST_PROXY: 'true' },
      stop: stopped,
      onListening: listening,
      print: (line) => lines.push(line),
    });
    const gateway = await started;
    expect(gateway.config).toMatchObject({
      port: 0,
      gracePeriodMs: 1000,
      trustProxy: true,
      allowedOrigins: ['https://a.example', 'https://b.example'],
      adapters: { example: {} },
    });
    expect((await fetch(`${gateway.httpUrl}/healthz`)).status).toBe(200);
    expect(lines[0]).toContain(gateway.url);
    stop();
    expect(await exit).toBe(0);
  });

  test('a bad value stops start-up with a message naming it', async () => {
    await expect(runGateway(['--port', 'eighty'], { environment: quiet })).rejects.toThrow(/port/);
    await expect(runGateway([], { environment: { ...quiet, BYOSD_STORE: 'postgres' } })).rejects.toThrow(/store/);
    await expect(runGateway(['--adapters', '{"example":{"requestTimeoutMs":"soon"}}'], { environment: quiet })).rejects.toThrow(
      /adapters\.example[\s\S]*requestTimeoutMs/,
    );
    await expect(runGateway(['--adapters', '{oops'], { environment: quiet })).rejects.toThrow(/adapters .*not valid JSON/);
    await expect(runGateway(['--colour', 'blue'], { environment: quiet })).rejects.toThrow(/colour/);
    await expect(runGateway(['--trust-proxy', 'yes'], { environment: quiet })).rejects.toThrow(/trustProxy/);
  });
});

test('byosd gateway --help keeps its columns apart: every flag is followed by two spaces, and no line is over 100 columns', () => {
  const lines = GATEWAY_USAGE.split('\n');
  const optionLines = lines.filter((line) => /^ {2}--/.test(line));
  expect(optionLines.length).toBeGreaterThan(10);
  // Where each meaning starts: after the flag and at least two spaces, in one column for all.
  const columns = optionLines.map((line) => /^( {2}--\S+(?: <\w+>)? {2,})\S/.exec(line)?.[1]?.length);
  expect(columns).not.toContain(undefined);
  expect(new Set(columns).size).toBe(1);
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
});
