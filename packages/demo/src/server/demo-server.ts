import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, type JsonObject, ServiceDeskError } from '@byosd/core';
import { type Gateway, startGateway } from '@byosd/gateway';
import { DEFAULT_BUNDLE_DIRECTORY } from '../build/bundles.js';
import { type RunningBackend, startDemoBackends, stopDemoBackends } from './demo-backends.js';
import { mountDemoRoutes } from './demo-routes.js';

export interface DemoServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** The built widget (`npm run build:widget`). Default: packages/widget/dist/browser. */
  assetsDirectory?: string;
}

export interface DemoServer {
  /** The demo page. */
  readonly url: string;
  /** The agent console page. */
  readonly consoleUrl: string;
  /** The Carbon AI Chat demo page (`@byosd/carbon`). */
  readonly carbonUrl: string;
  readonly gateway: Gateway;
  readonly backends: readonly RunningBackend[];
  close(): Promise<void>;
}

/**
 * `npm start`: one process with a simulator of every backend in the registry that has demo wiring, a gateway
 * (memory stores) hosting each backend's adapter pointed at its simulator, and, on the gateway's port, the demo
 * page, the agent console and the simulators' control APIs.
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const assetsDirectory = options.assetsDirectory ?? DEFAULT_BUNDLE_DIRECTORY;
  await access(join(assetsDirectory, 'index.html')).catch(() => {
    throw new ServiceDeskError(ErrorCode.INVALID_OPTIONS, `The widget is not built (no ${join(assetsDirectory, 'index.html')}): run npm run build:widget`);
  });
  const backends = await startDemoBackends();
  try {
    const adapters: Record<string, JsonObject> = Object.fromEntries(backends.map((backend) => [backend.wiring.adapter.name, backend.gatewayOptions]));
    const gateway = await startGateway(
      // Any origin may connect: the demo listens on loopback, and its pages are served from the gateway itself.
      { host: options.host ?? '127.0.0.1', port: options.port ?? 8080, adapters, allowedOrigins: ['*'], logLevel: 'warn' },
      { plugins: backends.map((backend) => backend.wiring.adapter), routes: (app) => mountDemoRoutes(app, backends, assetsDirectory) },
    );
    for (const backend of backends) {
      await backend.wiring.deliverWebhooksTo?.(backend.simulator, `${gateway.httpUrl}/webhooks/${backend.wiring.adapter.name}`);
    }
    return {
      url: `${gateway.httpUrl}/`,
      consoleUrl: `${gateway.httpUrl}/console`,
      carbonUrl: `${gateway.httpUrl}/carbon`,
      gateway,
      backends,
      close: async () => {
        await gateway.close();
        await stopDemoBackends(backends);
      },
    };
  } catch (error) {
    await stopDemoBackends(backends);
    throw error;
  }
}
