import type { AdminRoute } from '../admin-route';
import { RECIPIENT_ROUTES } from './recipients.routes';

/** Every admin API route, in the order of the OpenAPI document. */
export const ADMIN_ROUTES: AdminRoute[] = [...RECIPIENT_ROUTES];
