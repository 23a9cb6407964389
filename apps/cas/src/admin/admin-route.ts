/**
 * One admin API route as data: the bus request it makes and the schema of its payload (path
 * parameters, query and JSON body merged). ADMIN_ROUTES (routes/index.ts) lists them all; the
 * same table registers the routes, validates requests and writes the OpenAPI document.
 */
import type { ZodType } from 'zod';
import type { RequestSubject } from '@mail/contracts';

export interface AdminRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Fastify path under /api, parameters as `:name`. */
  path: string;
  summary: string;
  tag: string;
  subject: RequestSubject<unknown, unknown>;
  payload: ZodType;
  /** HTTP status of a success: 201 for creations. */
  status: 200 | 201;
}

export const route = <Req, Rep>(
  method: AdminRoute['method'],
  path: string,
  tag: string,
  summary: string,
  subject: RequestSubject<Req, Rep>,
  payload: ZodType,
): AdminRoute => ({
  method,
  path,
  tag,
  summary,
  // The table holds every route alike; the payload schema is what types each one at run time.
  subject: subject as unknown as RequestSubject<unknown, unknown>,
  payload,
  status: method === 'POST' ? 201 : 200,
});
