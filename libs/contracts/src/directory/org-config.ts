/**
 * Organization configuration beyond recipients, in Exchange's names: receive connectors
 * (Get/Set-ReceiveConnector), send connectors (New/Set-SendConnector), the ActiveSync virtual
 * directory (Set-ActiveSyncVirtualDirectory), certificate mappings for client-certificate
 * sign-in, and the GAL queries behind EAS Search / ResolveRecipients / Find.
 */
import { z } from 'zod';
import { event, request } from '../bus/subject';
import { DOMAIN_NAME, SmtpAddress } from './values';

/** Exchange's MaxMessageSize bounds: 64 KB up to 2 GB (the field is a 32-bit byte count). */
const MessageSize = z.coerce.number().int().min(65_536).max(2_147_483_647);
const ConnectorName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters');

/** A host name (one label allowed: intranet file servers are often `fileserver`). */
const HOST_NAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const HostName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(HOST_NAME, 'must be a host name such as files.contoso.com');
const HostList = z.array(HostName).max(100, 'at most 100 entries');

export const RECEIVE_PERMISSION_GROUPS = [
  'AnonymousUsers',
  'ExchangeUsers',
  'ExchangeServers',
  'Partners',
] as const;
/** `BasicAuthRequireTLS`: AUTH is offered only after STARTTLS. */
export const RECEIVE_AUTH_MECHANISMS = ['Tls', 'BasicAuth', 'BasicAuthRequireTLS'] as const;

export const ReceiveConnector = z.object({
  name: z.string(),
  /** The listener it serves: the port named by this environment variable. */
  bindings: z.enum(['SMTP_PORT', 'SUBMISSION_PORT']),
  enabled: z.boolean(),
  permissionGroups: z.array(z.enum(RECEIVE_PERMISSION_GROUPS)),
  authMechanism: z.array(z.enum(RECEIVE_AUTH_MECHANISMS)),
  /** Said in the 220 banner and the EHLO answer; null: the server's host name. */
  fqdn: z.string().nullable(),
  maxMessageSize: z.number(),
  maxRecipientsPerMessage: z.number(),
  maxInboundConnection: z.number(),
  maxInboundConnectionPerSource: z.number(),
});
export type ReceiveConnector = z.infer<typeof ReceiveConnector>;

export const ReceiveConnectorListRequest = z.object({});
export const ReceiveConnectorShowRequest = z.object({ name: ConnectorName });
export const ReceiveConnectorSetRequest = z
  .object({
    name: ConnectorName,
    enabled: z.boolean().optional(),
    permissionGroups: z.array(z.enum(RECEIVE_PERMISSION_GROUPS)).max(4).optional(),
    /** Adds or removes AnonymousUsers without restating the other permission groups. */
    anonymousUsers: z.boolean().optional(),
    authMechanism: z.array(z.enum(RECEIVE_AUTH_MECHANISMS)).max(3).optional(),
    fqdn: z
      .string()
      .trim()
      .toLowerCase()
      .max(253)
      .regex(DOMAIN_NAME, 'must be a fully qualified domain name such as mail.contoso.com')
      .nullable()
      .optional(),
    maxMessageSize: MessageSize.optional(),
    /** Exchange's range for MaxRecipientsPerMessage. */
    maxRecipientsPerMessage: z.coerce.number().int().min(1).max(512_000).optional(),
    maxInboundConnection: z.coerce.number().int().min(1).max(100_000).optional(),
    maxInboundConnectionPerSource: z.coerce.number().int().min(1).max(10_000).optional(),
  })
  .strict();

export const ReceiveConnectorList = request<
  z.input<typeof ReceiveConnectorListRequest>,
  { receiveConnectors: ReceiveConnector[] }
>('directory', 'receive-connector', 'list');
export const ReceiveConnectorShow = request<
  z.input<typeof ReceiveConnectorShowRequest>,
  ReceiveConnector
>('directory', 'receive-connector', 'show');
export const ReceiveConnectorSet = request<
  z.input<typeof ReceiveConnectorSetRequest>,
  ReceiveConnector
>('directory', 'receive-connector', 'set');

/** `*`, `contoso.com` or `*.contoso.com` (the domain's subdomains, not the domain itself). */
export const AddressSpace = z
  .string()
  .trim()
  .toLowerCase()
  .max(255)
  .refine(
    (value) => value === '*' || DOMAIN_NAME.test(value.startsWith('*.') ? value.slice(2) : value),
    'must be *, a domain such as contoso.com, or *.contoso.com',
  );
/** `host` or `host:port`: a host name or an IPv4 address. */
export const SmartHost = z
  .string()
  .trim()
  .toLowerCase()
  .max(260)
  .refine((value) => {
    const match = /^([^:]+)(?::(\d{1,5}))?$/.exec(value);
    if (!match) return false;
    const port = match[2] === undefined ? 25 : Number(match[2]);
    return (HOST_NAME.test(match[1]) || IPV4.test(match[1])) && port >= 1 && port <= 65_535;
  }, 'must be a host name or IPv4 address with an optional :port, such as relay.contoso.com:587');
const Credential = z.object({
  userName: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(256, 'must be at most 256 characters'),
  password: z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
});

export const SendConnector = z.object({
  name: z.string(),
  enabled: z.boolean(),
  addressSpaces: z.array(z.string()),
  dnsRoutingEnabled: z.boolean(),
  smartHosts: z.array(z.string()),
  smartHostAuthMechanism: z.enum(['None', 'BasicAuth']),
  /** The password is kept for the smart host only: answers say whether one is set. */
  authenticationCredential: z.object({ userName: z.string(), passwordSet: z.boolean() }).optional(),
  requireTLS: z.boolean(),
  maxMessageSize: z.number(),
});
export type SendConnector = z.infer<typeof SendConnector>;

const SendConnectorFields = {
  enabled: z.boolean().optional(),
  addressSpaces: z
    .array(AddressSpace)
    .min(1, 'needs at least one address space')
    .max(100)
    .optional(),
  dnsRoutingEnabled: z.boolean().optional(),
  smartHosts: z.array(SmartHost).max(100).optional(),
  authenticationCredential: Credential.nullable().optional(),
  requireTLS: z.boolean().optional(),
  maxMessageSize: MessageSize.optional(),
};
export const SendConnectorAddRequest = z
  .object({
    name: ConnectorName,
    ...SendConnectorFields,
    addressSpaces: SendConnectorFields.addressSpaces.unwrap(),
  })
  .strict();
export const SendConnectorSetRequest = z
  .object({ name: ConnectorName, ...SendConnectorFields })
  .strict();
export const SendConnectorListRequest = z.object({});
export const SendConnectorShowRequest = z.object({ name: ConnectorName });
export const SendConnectorRemoveRequest = z.object({ name: ConnectorName });
export const SendConnectorRouteRequest = z.object({
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .regex(DOMAIN_NAME, 'must be a domain name such as contoso.com'),
});

export const SendConnectorAdd = request<z.input<typeof SendConnectorAddRequest>, SendConnector>(
  'directory',
  'send-connector',
  'add',
);
export const SendConnectorSet = request<z.input<typeof SendConnectorSetRequest>, SendConnector>(
  'directory',
  'send-connector',
  'set',
);
export const SendConnectorList = request<
  z.input<typeof SendConnectorListRequest>,
  { sendConnectors: SendConnector[] }
>('directory', 'send-connector', 'list');
export const SendConnectorShow = request<z.input<typeof SendConnectorShowRequest>, SendConnector>(
  'directory',
  'send-connector',
  'show',
);
export const SendConnectorRemove = request<
  z.input<typeof SendConnectorRemoveRequest>,
  { removed: string }
>('directory', 'send-connector', 'remove');
/** The enabled connector for a remote domain (most specific address space); not-found if none. */
export const SendConnectorRoute = request<
  z.input<typeof SendConnectorRouteRequest>,
  { connector: SendConnector; addressSpace: string }
>('directory', 'send-connector', 'route');

export const CLIENT_CERT_AUTH = ['Ignore', 'Accepted', 'Required'] as const;
/** An absolute https URL without credentials, query or fragment. */
const HttpsUrl = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        url.protocol === 'https:' &&
        url.hostname !== '' &&
        !url.username &&
        !url.password &&
        !url.search &&
        !url.hash
      );
    } catch {
      return false;
    }
  }, 'must be an https URL such as https://mail.contoso.com/Microsoft-Server-ActiveSync');

export const ActiveSyncVirtualDirectory = z.object({
  name: z.string(),
  /** Unset: CAS answers with the host the client used. */
  internalUrl: z.string().nullable(),
  externalUrl: z.string().nullable(),
  basicAuthEnabled: z.boolean(),
  clientCertAuth: z.enum(CLIENT_CERT_AUTH),
  remoteDocumentsAllowedServers: z.array(z.string()),
  remoteDocumentsBlockedServers: z.array(z.string()),
  remoteDocumentsInternalDomainSuffixList: z.array(z.string()),
});
export type ActiveSyncVirtualDirectory = z.infer<typeof ActiveSyncVirtualDirectory>;

export const VirtualDirectoryGetRequest = z.object({});
export const VirtualDirectorySetRequest = z
  .object({
    internalUrl: HttpsUrl.nullable().optional(),
    externalUrl: HttpsUrl.nullable().optional(),
    basicAuthEnabled: z.boolean().optional(),
    clientCertAuth: z.enum(CLIENT_CERT_AUTH).optional(),
    remoteDocumentsAllowedServers: HostList.optional(),
    remoteDocumentsBlockedServers: HostList.optional(),
    remoteDocumentsInternalDomainSuffixList: HostList.optional(),
  })
  .strict();

export const VirtualDirectoryGet = request<
  z.input<typeof VirtualDirectoryGetRequest>,
  ActiveSyncVirtualDirectory
>('directory', 'vdir', 'get');
export const VirtualDirectorySet = request<
  z.input<typeof VirtualDirectorySetRequest>,
  ActiveSyncVirtualDirectory
>('directory', 'vdir', 'set');

/** The ActiveSync virtual directory changed: CAS re-reads its authentication settings. */
export const VirtualDirectoryChanged = event<Record<string, never>>('directory', 'vdir', 'changed');

/** A certificate subject DN exactly as the certificate states it (`CN=Pat Lee,OU=...`). */
const CertificateSubject = z
  .string()
  .trim()
  .min(3, 'must be a distinguished name such as CN=Pat Lee,O=Contoso')
  .max(1024, 'must be at most 1024 characters')
  .regex(/^\P{Cc}*=\P{Cc}*$/u, 'must be a distinguished name such as CN=Pat Lee,O=Contoso');

export const CertificateMapping = z.object({ mailbox: z.string(), subject: z.string() });
export type CertificateMapping = z.infer<typeof CertificateMapping>;

export const CertificateMappingRequest = z.object({
  mailbox: SmtpAddress,
  subject: CertificateSubject,
});
export const CertificateMappingListRequest = z.object({ mailbox: SmtpAddress });
/** Fields CAS read from the client certificate (it parses the certificate, not the directory). */
export const CertificateMapRequest = z.object({
  subject: z.string().trim().max(1024).default(''),
  sanUpn: z.string().trim().toLowerCase().max(320).optional(),
  sanEmails: z.array(z.string().trim().toLowerCase().max(320)).max(20).default([]),
});

export const CertificateMappingAdd = request<
  z.input<typeof CertificateMappingRequest>,
  CertificateMapping
>('directory', 'certificate-mapping', 'add');
export const CertificateMappingRemove = request<
  z.input<typeof CertificateMappingRequest>,
  { removed: CertificateMapping }
>('directory', 'certificate-mapping', 'remove');
export const CertificateMappingList = request<
  z.input<typeof CertificateMappingListRequest>,
  { certificateMappings: CertificateMapping[] }
>('directory', 'certificate-mapping', 'list');
/** The user a client certificate signs in as: SAN UPN, then SAN email, then subject mapping. */
export const CertificateMap = request<
  z.input<typeof CertificateMapRequest>,
  { userPrincipalName: string; mappedBy: 'sanUpn' | 'sanEmail' | 'subject' }
>('directory', 'certificate', 'map');

/** EAS Search caps a GAL range at 100 entries (`0-99`); totals are counted up to GAL_MAX_MATCHES. */
export const GAL_PAGE_SIZE = 100;
export const GAL_MAX_MATCHES = 1000;

export const GalEntry = z.object({
  kind: z.enum(['mailbox', 'group', 'contact']),
  displayName: z.string(),
  alias: z.string(),
  emailAddress: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  title: z.string().optional(),
  company: z.string().optional(),
  office: z.string().optional(),
  phone: z.string().optional(),
  mobilePhone: z.string().optional(),
  homePhone: z.string().optional(),
});
export type GalEntry = z.infer<typeof GalEntry>;

export const GalSearchRequest = z
  .object({
    query: z.string().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
    rangeStart: z
      .number()
      .int()
      .min(0)
      .max(GAL_MAX_MATCHES - 1)
      .default(0),
    rangeEnd: z
      .number()
      .int()
      .min(0)
      .max(GAL_MAX_MATCHES - 1)
      .default(GAL_PAGE_SIZE - 1),
    userPrincipalName: SmtpAddress,
  })
  .refine((r) => r.rangeEnd >= r.rangeStart && r.rangeEnd - r.rangeStart < GAL_PAGE_SIZE, {
    message: `must be start-end with end >= start and at most ${GAL_PAGE_SIZE} entries, such as 0-99`,
    path: ['rangeEnd'],
  });
export const GalResolveRequest = z.object({
  names: z
    .array(z.string().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters'))
    .min(1)
    .max(100, 'at most 100 names'),
  /** Candidates returned for an ambiguous name (EAS MaxAmbiguousRecipients). */
  maxAmbiguousRecipients: z.number().int().min(1).max(100).default(20),
});

export const GalSearch = request<
  z.input<typeof GalSearchRequest>,
  { total: number; entries: GalEntry[] }
>('directory', 'gal', 'search');
export const GalResolve = request<
  z.input<typeof GalResolveRequest>,
  { resolutions: Array<{ name: string; ambiguous: boolean; recipients: GalEntry[] }> }
>('directory', 'gal', 'resolve');
