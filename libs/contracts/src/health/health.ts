import { ROLE_NAMES, type RoleName } from '../roles';
import { request, type RequestSubject } from '../bus/subject';

export interface HealthCheckRequest {
  /** Free text the caller may use to trace the check; echoed back. */
  probe?: string;
}

export interface HealthCheckReply {
  role: RoleName;
  status: 'ok' | 'degraded';
  /** Identifies the answering process (host name and pid), so a caller can see load spreading. */
  instance: string;
  uptimeSeconds: number;
  /** Per-dependency state, e.g. `{ database: 'ok' }`. */
  checks: Record<string, 'ok' | 'failing'>;
  probe?: string;
}

/** Every role answers `<role>.health.check`. */
export const HealthCheck = Object.fromEntries(
  ROLE_NAMES.map((role) => [
    role,
    request<HealthCheckRequest, HealthCheckReply>(role, 'health', 'check'),
  ]),
) as Record<RoleName, RequestSubject<HealthCheckRequest, HealthCheckReply>>;
