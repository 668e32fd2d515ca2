import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

/**
 * fastify's own JSON Schema compilers (ajv and fast-json-stringify), loaded when a route first declares a schema
 * instead of when fastify starts. The gateway parses with zod and declares none, and loading them took a tenth of
 * a second of every start-up; a route mounted through `routes` that declares one still gets them.
 */
export function lazySchemaCompilers(): CompilersFactory {
  const fromFastify = createRequire(require.resolve('fastify'));
  return {
    buildValidator: lazily(() => (fromFastify('@fastify/ajv-compiler') as () => NonNullable<CompilersFactory['buildValidator']>)()),
    buildSerializer: lazily(() => (fromFastify('@fastify/fast-json-stringify-compiler') as () => NonNullable<CompilersFactory['buildSerializer']>)()),
  };
}

/** A function that makes the real one (`load`) at its first call, and passes every call on to it. */
function lazily<F extends (...args: never[]) => unknown>(load: () => F): F {
  let loaded: F | undefined;
  return ((...args: Parameters<F>) => Reflect.apply((loaded ??= load()), undefined, args) as ReturnType<F>) as F;
}
