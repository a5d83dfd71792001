import { createPrisma } from '@hro/db';
import type { Express } from 'express';
import pino from 'pino';
import { createAlertEvents } from '../src/alert-events';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { buildOpenApiDocument } from '../src/openapi/openapi-document';
import { createTemporalAccess } from '../src/temporal';

// The document must describe exactly the routes the app serves: this walks the real
// Express router stack (nothing hand-listed) and compares both ways, so neither can drift.

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: string | string[];
  slash?: boolean;
}

// Express 5 (router 2.x) keeps each layer's mount path in `rawPath`.
function walk(stack: Layer[], prefix: string, out: Set<string>): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of paths) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') out.add(`${method} ${prefix}${path}`);
        }
      }
    } else if (layer.handle.stack) {
      const mount = layer.slash || typeof layer.rawPath !== 'string' ? '' : layer.rawPath;
      walk(layer.handle.stack, `${prefix}${mount}`, out);
    }
  }
}

/** `method /path/{param}` for every route the app has, except the static UIs. */
function appRoutes(app: Express): string[] {
  const out = new Set<string>();
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '', out);
  return [...out]
    .map((r) => r.replace(/:([A-Za-z0-9_]+)/g, '{$1}'))
    .filter((r) => !/^get \/(responder|analytics)(\/|$)|^get \/$/.test(r))
    .sort();
}

function documentRoutes(): string[] {
  const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
    .sort();
}

describe('OpenAPI document vs. the real routes', () => {
  let app: Express;
  const prisma = createPrisma('postgresql://127.0.0.1:1/unused');
  const temporal = createTemporalAccess({ address: '127.0.0.1:1', namespace: 'default' });

  beforeAll(() => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://127.0.0.1:1/unused' });
    app = createApp({
      config,
      prisma,
      temporal,
      logger: pino({ level: 'silent' }),
      alertEvents: createAlertEvents(),
      kickRouter: () => undefined,
    });
  });
  afterAll(async () => {
    await temporal.close();
    await prisma.$disconnect();
  });

  it('documents every mounted route and nothing else', () => {
    const routes = appRoutes(app);
    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toContain('post /api/v1/situations/{id}/approve');
    expect(routes).toContain('post /api/v1/ingest/{kind}');
    expect(documentRoutes()).toEqual(routes);
  });

  it('is OpenAPI 3.1 with schemas generated from zod and problem+json errors', () => {
    const doc = buildOpenApiDocument() as {
      openapi: string;
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const approve = doc.paths['/api/v1/situations/{id}/approve']!.post!;
    const body = approve.requestBody as {
      content: Record<string, { schema: { properties: Record<string, unknown> } }>;
    };
    expect(Object.keys(body.content['application/json']!.schema.properties)).toEqual(
      expect.arrayContaining(['planHash', 'reason', 'runbookId', 'params']),
    );
    expect(Object.keys(approve.responses as object)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409', '503']),
    );
    const detail = doc.paths['/api/v1/situations/{id}']!.get!.responses as Record<
      string,
      { content: Record<string, { schema: { properties: Record<string, unknown> } }> }
    >;
    expect(Object.keys(detail['200']!.content['application/json']!.schema.properties)).toEqual(
      expect.arrayContaining(['alerts', 'timeline', 'recommendation', 'plan', 'approvals', 'steps', 'temporalUrl']),
    );
  });

  it('is served at /api/v1/openapi.json without a session', async () => {
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/openapi.json`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { openapi: string }).openapi).toBe('3.1.0');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
