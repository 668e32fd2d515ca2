import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

const CONTENT_TYPES: Record<string, string> = {
  mjs: 'text/javascript; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/**
 * Names a served file may have: path segments of plain characters and dots (`byosd-widget.iife.js`), each starting
 * with a plain character, so that no segment is `..` and nothing can climb out of the directory.
 */
const SAFE_PATH = /^[\w-][\w.-]*(?:\/[\w-][\w.-]*)*\.(mjs|js|css|html)$/;

/**
 * Serves the built widget directory: the pages at `/`, `/carbon` and `/console`, every bundle and stylesheet under
 * `/widget/`. Files are read on each request, so a rebuild shows without a restart.
 */
export function mountStaticAssets(app: FastifyInstance, directory: string): void {
  const serve = async (path: string, reply: FastifyReply) => {
    const match = SAFE_PATH.exec(path);
    if (!match) return reply.code(404).send({ error: 'NOT_FOUND' });
    try {
      const contents = await readFile(join(directory, path));
      return reply
        .type(CONTENT_TYPES[match[1] ?? 'html'] ?? 'application/octet-stream')
        .header('cache-control', 'no-cache')
        .send(contents);
    } catch {
      return reply.code(404).send({ error: 'NOT_FOUND', message: `No ${path} in ${directory}: run npm run build:widget` });
    }
  };
  app.get('/', (_request, reply) => serve('index.html', reply));
  app.get('/console', (_request, reply) => serve('console.html', reply));
  app.get('/carbon', (_request, reply) => serve('carbon.html', reply));
  app.get('/widget/*', (request, reply) => serve((request.params as { '*': string })['*'], reply));
}
