/**
 * The operator contract (DESIGN.md): every setting comes from the environment and is checked
 * once at start. A bad value stops the process with a message that names the variable, what
 * it must be and what it was, so an operator can fix it without reading code.
 */
import { isAbsolute, resolve } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { ROLE_NAMES, SYNC_STATE_LIMITS, isRoleName, type RoleName } from '@mail/contracts';

const port = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a TCP port number (1-65535)`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= 65535, `${name} must be a TCP port number (1-65535)`);

const url = (name: string, schemes: string[]) =>
  z.string().refine((value) => {
    try {
      const parsed = new URL(value);
      return schemes.includes(parsed.protocol.replace(/:$/, '')) && parsed.hostname !== '';
    } catch {
      return false;
    }
  }, `${name} must be a URL of the form ${schemes[0]}://host[:port]...`);

const domain = z
  .string()
  .toLowerCase()
  .regex(
    /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/,
    'ORG_DOMAIN must be a domain name such as example.com',
  );

const roles = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  )
  .refine((list) => list.length > 0, 'ROLES must name at least one role')
  .superRefine((list, ctx) => {
    for (const role of list) {
      if (!isRoleName(role)) {
        ctx.addIssue({
          code: 'custom',
          message: `ROLES has unknown role "${role}"; known roles: ${ROLE_NAMES.join(', ')}`,
        });
      }
    }
  })
  .transform((list) => [...new Set(list)] as RoleName[]);

const file = (name: string) =>
  z.string().refine((path) => existsSync(path), `${name} must name a readable file`);

/** The PEM blocks of a certificate bundle, each a certificate node:crypto can read. */
export function readPemCertificates(path: string): X509Certificate[] {
  const blocks = readFileSync(path, 'utf8').match(
    /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g,
  );
  return (blocks ?? []).map((pem) => new X509Certificate(pem));
}

/** A PEM file with at least one certificate, every block readable. */
const pemCertificates = (name: string) =>
  z.string().refine((path) => {
    try {
      return readPemCertificates(path).length > 0;
    } catch {
      return false;
    }
  }, `${name} must name a readable PEM file of one or more certificates`);

const duration = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number of milliseconds`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= 600_000, `${name} must be between 1 and 600000 milliseconds`);

/** One IPv4 or IPv6 address, as a socket reports it (no CIDR: each proxy is named). */
const IP_ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$/;
const ipList = (name: string) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine(
      (list) => list.every((ip) => IP_ADDRESS.test(ip)),
      `${name} must be a comma-separated list of IP addresses`,
    );
const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
/** `from.example=to.example,...`: addresses in `from` are redirected to the same name in `to`. */
const domainMap = (name: string) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((pair) => pair.trim().toLowerCase())
        .filter(Boolean)
        .map((pair) => pair.split('=').map((s) => s.trim())),
    )
    .refine(
      (pairs) => pairs.every((p) => p.length === 2 && p.every((d) => domain.safeParse(d).success)),
      `${name} must be a comma-separated list of from.example=to.example pairs`,
    )
    .transform((pairs) => new Map(pairs.map(([from, to]) => [from, to] as [string, string])));

const seconds = (name: string, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number of seconds`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `${name} must be between 1 and ${max} seconds`);

const count = (name: string, max: number, min = 1) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const fields = z.object({
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: url('DATABASE_URL', ['postgres', 'postgresql']).optional(),
  NATS_URL: z
    .string()
    .transform((value) => value.split(',').map((s) => s.trim()))
    .pipe(z.array(url('NATS_URL', ['nats', 'tls'])).min(1))
    .optional(),
  ROLES: roles.default([...ROLE_NAMES]),
  HTTPS_PORT: port('HTTPS_PORT').default(8443),
  HTTP_PORT: port('HTTP_PORT').optional(),
  SMTP_PORT: port('SMTP_PORT').default(2525),
  SUBMISSION_PORT: port('SUBMISSION_PORT').default(5587),
  LDAP_PORT: port('LDAP_PORT').default(3389),
  BIND_ADDRESS: z.string().min(1).default('0.0.0.0'),
  ORG_DOMAIN: domain.default('example.com'),
  ADMIN_PASSWORD: z
    .string()
    .min(8, 'ADMIN_PASSWORD must be at least 8 characters')
    .max(256)
    .optional(),
  TLS_CERT: file('TLS_CERT').optional(),
  TLS_KEY: file('TLS_KEY').optional(),
  TLS_CLIENT_CA: file('TLS_CLIENT_CA').optional(),
  EAS_TRUST_ANCHORS: pemCertificates('EAS_TRUST_ANCHORS').optional(),
  TRUSTED_PROXIES: ipList('TRUSTED_PROXIES').optional(),
  TRUSTED_PROXY_USER_HEADER: z
    .string()
    .regex(HEADER_NAME, 'TRUSTED_PROXY_USER_HEADER must be an HTTP header name')
    .transform((name) => name.toLowerCase())
    .default('x-forwarded-user'),
  AUTODISCOVER_REDIRECT_DOMAINS: domainMap('AUTODISCOVER_REDIRECT_DOMAINS').optional(),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  BUS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'BUS_PREFIX must be letters, digits, "-" or "_"')
    .optional(),
  BUS_TIMEOUT_MS: duration('BUS_TIMEOUT_MS').default(5000),
  SHUTDOWN_TIMEOUT_MS: duration('SHUTDOWN_TIMEOUT_MS').default(15000),
  // Exchange's defaults; Sync's HeartbeatInterval allows 60 to 3540 (MS-ASCMD 2.2.3.88.2).
  EAS_HEARTBEAT_MIN_SECONDS: seconds('EAS_HEARTBEAT_MIN_SECONDS', 3540).default(60),
  EAS_HEARTBEAT_MAX_SECONDS: seconds('EAS_HEARTBEAT_MAX_SECONDS', 3540).default(3540),
  EAS_PING_MAX_FOLDERS: count(
    'EAS_PING_MAX_FOLDERS',
    SYNC_STATE_LIMITS.maxWatchedCollections,
  ).default(300),
  // Each window read ahead holds up to a WindowSize of items (megabytes at 512); 0 turns it off.
  EAS_SYNC_READ_AHEAD: count('EAS_SYNC_READ_AHEAD', 64, 0).default(8),
});

const schema = fields.superRefine((env, ctx) => {
  if ((env.TLS_CERT === undefined) !== (env.TLS_KEY === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['TLS_CERT'],
      message: 'TLS_CERT and TLS_KEY must be set together',
    });
  }
  if (env.EAS_HEARTBEAT_MIN_SECONDS > env.EAS_HEARTBEAT_MAX_SECONDS) {
    ctx.addIssue({
      code: 'custom',
      path: ['EAS_HEARTBEAT_MIN_SECONDS'],
      message: `EAS_HEARTBEAT_MIN_SECONDS must not exceed EAS_HEARTBEAT_MAX_SECONDS (${env.EAS_HEARTBEAT_MAX_SECONDS})`,
    });
  }
  const ports = ['HTTPS_PORT', 'HTTP_PORT', 'SMTP_PORT', 'SUBMISSION_PORT', 'LDAP_PORT'] as const;
  const seen = new Map<number, string>();
  for (const name of ports) {
    const value = env[name];
    if (value === undefined) continue;
    const other = seen.get(value);
    if (other)
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `${name} and ${other} must differ (both ${value})`,
      });
    seen.set(value, name);
  }
});

export type Environment = z.output<typeof schema>;

export interface Config {
  dataDir: string;
  databaseUrl?: string;
  natsServers?: string[];
  roles: RoleName[];
  httpsPort: number;
  httpPort?: number;
  smtpPort: number;
  submissionPort: number;
  ldapPort: number;
  bindAddress: string;
  orgDomain: string;
  adminPassword?: string;
  tls?: { certFile: string; keyFile: string };
  /** CA certificates (PEM file) that client certificates must chain to. */
  tlsClientCaFile?: string;
  /** CA certificates (PEM file) EAS ValidateCert checks S/MIME certificates against. */
  easTrustAnchorsFile?: string;
  /** Addresses of TLS-terminating proxies whose identity header is believed. */
  trustedProxies: string[];
  /** Lower-case name of the header a trusted proxy names the signed-in user in. */
  trustedProxyUserHeader: string;
  /** Autodiscover: domain -> domain whose addresses answer instead (Redirect). */
  autodiscoverRedirectDomains: ReadonlyMap<string, string>;
  logLevel: (typeof LOG_LEVELS)[number];
  busPrefix?: string;
  busTimeoutMs: number;
  shutdownTimeoutMs: number;
  /** Bounds of a held Ping's (and Sync's) HeartbeatInterval, in seconds. */
  heartbeatMinSeconds: number;
  heartbeatMaxSeconds: number;
  /** Folders one Ping may watch (MaxFolders). */
  pingMaxFolders: number;
  /**
   * Sync windows one CAS process reads ahead at once (0: none). Behind a balancer that sends a
   * device's requests to any CAS, the next request mostly reaches another one: turn it off there.
   */
  syncReadAheadWindows: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the settings of DESIGN.md's operator contract; throws ConfigError naming each bad variable. */
export function loadConfig(
  source: NodeJS.ProcessEnv,
  defaults: { roles?: RoleName[] } = {},
): Config {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(fields.shape)) {
    const value = source[key];
    // An empty variable is treated as unset, as shells and compose files commonly produce them.
    raw[key] = value === undefined || value === '' ? undefined : value;
  }
  if (raw.ROLES === undefined && defaults.roles) raw.ROLES = defaults.roles.join(',');
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? '');
        const given = raw[variable];
        const shown = variable === 'ADMIN_PASSWORD' ? '(hidden)' : JSON.stringify(given);
        return issue.message.includes(variable)
          ? `${issue.message} (got ${shown})`
          : `${variable}: ${issue.message} (got ${shown})`;
      }),
    );
  }
  const env = parsed.data;
  const dataDir = isAbsolute(env.DATA_DIR) ? env.DATA_DIR : resolve(env.DATA_DIR);
  return {
    dataDir,
    databaseUrl: env.DATABASE_URL,
    natsServers: env.NATS_URL,
    roles: env.ROLES,
    httpsPort: env.HTTPS_PORT,
    httpPort: env.HTTP_PORT,
    smtpPort: env.SMTP_PORT,
    submissionPort: env.SUBMISSION_PORT,
    ldapPort: env.LDAP_PORT,
    bindAddress: env.BIND_ADDRESS,
    orgDomain: env.ORG_DOMAIN,
    adminPassword: env.ADMIN_PASSWORD,
    tls: env.TLS_CERT && env.TLS_KEY ? { certFile: env.TLS_CERT, keyFile: env.TLS_KEY } : undefined,
    tlsClientCaFile: env.TLS_CLIENT_CA,
    easTrustAnchorsFile: env.EAS_TRUST_ANCHORS,
    trustedProxies: env.TRUSTED_PROXIES ?? [],
    trustedProxyUserHeader: env.TRUSTED_PROXY_USER_HEADER,
    autodiscoverRedirectDomains: env.AUTODISCOVER_REDIRECT_DOMAINS ?? new Map(),
    logLevel: env.LOG_LEVEL,
    busPrefix: env.BUS_PREFIX,
    busTimeoutMs: env.BUS_TIMEOUT_MS,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    heartbeatMinSeconds: env.EAS_HEARTBEAT_MIN_SECONDS,
    heartbeatMaxSeconds: env.EAS_HEARTBEAT_MAX_SECONDS,
    pingMaxFolders: env.EAS_PING_MAX_FOLDERS,
    syncReadAheadWindows: env.EAS_SYNC_READ_AHEAD,
  };
}
