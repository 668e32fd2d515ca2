import { randomUUID } from 'node:crypto';
import { exampleAdapter, ExampleDesk, registerExampleDesk } from '@byosd/adapter-example';
import type { AdapterPlugin } from '@byosd/core';
import { type Gateway, type GatewayConfigInput, type GatewayDependencies, startGateway } from '@byosd/gateway';

export interface TestGateway {
  gateway: Gateway;
  /** The example desk behind the gateway's `example` adapter, driven by hand (no auto agent). */
  desk: ExampleDesk;
  /** The name the desk is registered under: pass it in `adapters.example.deskName` to share the desk. */
  deskName: string;
  close(): Promise<void>;
}

/**
 * A real gateway on 127.0.0.1, port 0, in-memory stores, offering the example adapter over a desk of its own, and
 * the adapters named in `shareDeskWith` (variants of the example adapter, among `plugins`) over the same desk.
 */
export async function startTestGateway(
  config: Partial<GatewayConfigInput> = {},
  dependencies: GatewayDependencies & { plugins?: readonly AdapterPlugin[]; shareDeskWith?: readonly string[] } = {},
): Promise<TestGateway> {
  const desk = new ExampleDesk();
  const deskName = `test-${randomUUID()}`;
  const unregister = registerExampleDesk(deskName, desk);
  const { shareDeskWith = [], ...rest } = dependencies;
  const shared = Object.fromEntries(shareDeskWith.map((name) => [name, { deskName }]));
  const gateway = await startGateway(
    { port: 0, logLevel: 'silent', ...config, adapters: { example: { deskName }, ...shared, ...config.adapters } },
    { ...rest, plugins: [exampleAdapter, ...(rest.plugins ?? [])] },
  );
  return {
    gateway,
    desk,
    deskName,
    close: async () => {
      await gateway.close();
      unregister();
    },
  };
}

/** Waits, within a bound, for a condition that only the passing of time brings (a grace period, a TTL). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const CONNECT = { output: { generic: [{ response_type: 'connect_to_agent', message_to_human_agent: 'Billing question' }] } };
