/** Protocol versions this server speaks (MS-ASHTTP 2.2.4, MS-ASProtocolVersions). */
export const EAS_PROTOCOL_VERSIONS = [
  '2.5',
  '12.0',
  '12.1',
  '14.0',
  '14.1',
  '16.0',
  '16.1',
] as const;

/** Value of the MS-Server-ActiveSync header: the server's build, as Exchange reports its own. */
export const SERVER_VERSION = '16.1';

/** Seconds a device should wait before retrying when a role behind CAS is unreachable. */
export const RETRY_AFTER_SECONDS = 30;
