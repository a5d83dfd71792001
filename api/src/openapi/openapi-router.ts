import { Router } from 'express';
import { buildOpenApiDocument } from './openapi-document';

/** `GET /openapi.json` (public): built once, it only changes with the code. */
export function createOpenApiRouter(): Router {
  const router = Router();
  const document = buildOpenApiDocument();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  return router;
}
