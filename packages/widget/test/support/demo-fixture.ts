import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { type BundleSize, buildWidgetBundles } from '../../src/build/widget-bundles.js';
import { type DemoServer, startDemoServer } from '../../src/demo-server/demo-server.js';

/** Every wait in the browser tests is bounded by this; nothing sleeps. */
export const STEP_TIMEOUT_MS = 15_000;

export interface DemoFixture {
  browser: Browser;
  demo: DemoServer;
  /** The bundles built for this run, with their sizes. */
  bundles: BundleSize[];
  close(): Promise<void>;
}

/**
 * Builds the widget from its sources (so that a test never runs against a stale build), starts the demo server
 * on a free loopback port, and launches Debian's Chromium, headless: one browser per test file, a fresh context
 * per test.
 */
export async function startDemoFixture(): Promise<DemoFixture> {
  const assets = await mkdtemp(join(tmpdir(), 'byosd-widget-'));
  const bundles = await buildWidgetBundles({ outdir: assets });
  const demo = await startDemoServer({ port: 0, assetsDirectory: assets });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    browser,
    demo,
    bundles,
    close: async () => {
      await browser.close();
      await demo.close();
      await rm(assets, { recursive: true, force: true });
    },
  };
}
