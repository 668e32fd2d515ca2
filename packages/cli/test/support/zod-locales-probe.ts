/**
 * Run by zod-locales.test.ts in a process of its own (the replacement works on Node's module cache, which Jest
 * does not use): replaces zod's locale index as the CLI does, then loads zod and reports which locales loaded when.
 */
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import type * as ZodMini from 'zod/mini';
import { loadZodLocalesLazily } from '../../src/lazy-zod-locales.js';

const load = createRequire(__filename);
const localesLoaded = () =>
  Object.keys(load.cache)
    .filter((file) => /zod[\\/]v4[\\/]locales[\\/]/.test(file) && basename(file) !== 'index.cjs')
    .map((file) => basename(file));

const replaced = loadZodLocalesLazily();
const z = load('zod/mini') as typeof ZodMini;
const locales = load('zod/locales') as { en: typeof z.locales.en };
const afterLoad = localesLoaded();
// As core's zod-issues.ts does (its import reads the `en` getter).
const { en } = locales;
const messageIn = (locale: () => { localeError: ZodMini.core.$ZodErrorMap }) =>
  z.safeParse(z.string(), 1, { error: locale().localeError }).error?.issues[0]?.message;
const english = messageIn(en);
const afterEnglish = localesLoaded();
const german = messageIn(z.locales.de);
const afterGerman = localesLoaded();
process.stdout.write(JSON.stringify({ replaced, afterLoad, english, afterEnglish, german, afterGerman, locales: Object.keys(z.locales).length }));
