import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';

/** One locale of zod's locale index: the name it is exported under and its file, relative to the index. */
export interface LocaleEntry {
  name: string;
  file: string;
}

/**
 * The locales of zod's CommonJS locale index (`var x = require("./de.cjs")` and a getter `de` returning
 * `__importDefault(x).default`, for each), or undefined when the index holds anything else.
 */
export function parseLocaleIndex(source: string): LocaleEntry[] | undefined {
  const files = new Map([...source.matchAll(/^var (\w+) = require\("(\.\/[\w-]+\.cjs)"\);$/gm)].map(([, variable, file]) => [variable, file]));
  const getters = [
    ...source.matchAll(
      /^Object\.defineProperty\(exports, "(\w+)", \{ enumerable: true, get: function \(\) \{ return __importDefault\((\w+)\)\.default; \} \}\);$/gm,
    ),
  ];
  const requires = source.match(/require\(/g)?.length ?? 0;
  if (files.size === 0 || getters.length !== files.size || requires !== files.size) return undefined;
  const entries: LocaleEntry[] = [];
  for (const [, name, variable] of getters) {
    const file = files.get(variable as string);
    if (file === undefined) return undefined;
    entries.push({ name: name as string, file: file as string });
  }
  return entries;
}

/**
 * zod's CommonJS build loads all of its 60-odd locales as soon as zod is loaded (its locale index requires each
 * one, and `zod/mini` requires the index); byosd words its messages with the English one only. Before anything
 * loads zod, the CLI puts in the index's place one whose locales load when first read: every locale stays
 * available (`z.locales.de()`), and costs its load only when used. It took about 20 ms off the CLI's start-up
 * (docs/performance.md, fourth round).
 *
 * The index is read, not assumed: when it is not the plain list this expects (another zod version or layout),
 * nothing is replaced and zod loads as it ships. Resolves whether the index was replaced.
 */
export function loadZodLocalesLazily(): boolean {
  let indexFile: string;
  let source: string;
  try {
    indexFile = require.resolve('zod/v4/locales');
    source = readFileSync(indexFile, 'utf8');
  } catch {
    return false;
  }
  const locales = parseLocaleIndex(source);
  if (!locales) return false;

  const lazyIndex = new Module(indexFile);
  lazyIndex.filename = indexFile;
  lazyIndex.paths = [dirname(indexFile)];
  const exports: Record<string, unknown> = {};
  // `__esModule` has zod's own `__importStar` and `__exportStar` take the getters as they are, without reading them.
  Object.defineProperty(exports, '__esModule', { value: true });
  for (const { name, file } of locales) {
    const path = join(dirname(indexFile), file);
    // Not configurable: `zod/locales` freezes its exports by reading every configurable getter.
    Object.defineProperty(exports, name, {
      enumerable: true,
      get: () => {
        const locale = lazyIndex.require(path) as { __esModule?: boolean; default?: unknown };
        return locale.__esModule ? locale.default : locale;
      },
    });
  }
  lazyIndex.exports = exports;
  lazyIndex.loaded = true;
  require.cache[indexFile] = lazyIndex;
  return true;
}
