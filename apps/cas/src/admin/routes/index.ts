import type { AdminRoute } from '../admin-route';
import { DEVICE_ROUTES } from './devices.routes';
import { ORG_CONFIG_ROUTES } from './org-config.routes';
import { POLICY_ROUTES } from './policies.routes';
import { QUEUE_ROUTES } from './queue.routes';
import { RECIPIENT_ROUTES } from './recipients.routes';

/** Every admin API route, in the order of the OpenAPI document. */
export const ADMIN_ROUTES: AdminRoute[] = [
  ...RECIPIENT_ROUTES,
  ...DEVICE_ROUTES,
  ...POLICY_ROUTES,
  ...ORG_CONFIG_ROUTES,
  ...QUEUE_ROUTES,
];
