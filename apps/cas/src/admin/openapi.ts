/** The OpenAPI 3.1 document of the admin API, derived from ADMIN_ROUTES. */
import { z } from 'zod';
import type { AdminRoute } from './admin-route';

const ERROR_RESPONSE = {
  description: 'Error: `{ "error": code, "message": text }`',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: { error: { type: 'string' }, message: { type: 'string' } },
        required: ['error', 'message'],
      },
    },
  },
};

export function openApiDocument(routes: AdminRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const openApiPath = `/api${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
    const schema = z.toJSONSchema(route.payload, { io: 'input', unrepresentable: 'any' }) as {
      properties?: Record<string, unknown>;
      required?: string[];
    };
    const properties = { ...(schema.properties ?? {}) };
    for (const name of params) delete properties[name];
    const required = (schema.required ?? []).filter((name) => !params.includes(name));
    const inQuery = route.method === 'GET' || route.method === 'DELETE';
    (paths[openApiPath] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      operationId: route.subject.subject,
      parameters: [
        ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
        ...(inQuery
          ? Object.entries(properties).map(([name, s]) => ({
              name,
              in: 'query',
              required: required.includes(name),
              schema: s,
            }))
          : []),
      ],
      ...(inQuery || Object.keys(properties).length === 0
        ? {}
        : {
            requestBody: {
              required: required.length > 0,
              content: {
                'application/json': {
                  schema: { type: 'object', properties, required, additionalProperties: false },
                },
              },
            },
          }),
      responses: {
        [route.status]: { description: 'Success' },
        400: ERROR_RESPONSE,
        401: { description: 'Not signed in (Basic authentication)' },
        403: { description: 'Signed in, but not an administrator' },
        404: ERROR_RESPONSE,
        409: ERROR_RESPONSE,
        503: ERROR_RESPONSE,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Mail platform admin API', version },
    components: { securitySchemes: { basic: { type: 'http', scheme: 'basic' } } },
    security: [{ basic: [] }],
    paths,
  };
}
