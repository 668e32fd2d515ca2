import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { type BundleSize, buildDemoBundles } from '../../src/build/bundles.js';
import { type DemoServer, startDemoServer } from '../../src/server/demo-server.js';

/** Every wait in the browser tests is bounded by this; nothing sleeps. */
export const STEP_TIMEOUT_MS = 15_000;

/** Debian's Chromium; `BYOSD_CHROMIUM` points the tests at another executable. */
export const CHROMIUM_PATH = process.env['BYOSD_CHROMIUM'] ?? '/usr/bin/chromium';

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
  const bundles = await buildDemoBundles({ outdir: assets });
  const demo = await startDemoServer({ port: 0, assetsDirectory: assets });
  const release = async () => {
    try {
      await demo.close();
    } finally {
      await rm(assets, { recursive: true, force: true });
    }
  };
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  } catch (error) {
    // Without this the demo server keeps jest alive after the failures are reported.
    await release();
    throw error;
  }
  return {
    browser,
    demo,
    bundles,
    close: async () => {
      try {
        await browser.close();
      } finally {
        await release();
      }
    },
  };
}
