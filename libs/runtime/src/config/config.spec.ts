import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { ConfigError, loadConfig, readPemCertificates } from './config';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the operator contract defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      roles: ['cas', 'mailbox', 'hub-transport', 'directory'],
      httpsPort: 8443,
      smtpPort: 2525,
      submissionPort: 5587,
      ldapPort: 3389,
      orgDomain: 'example.com',
      databaseUrl: undefined,
      natsServers: undefined,
      httpPort: undefined,
    });
    expect(config.dataDir).toBe(join(process.cwd(), 'data'));
  });

  it('reads every variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'c.pem'), 'x');
    writeFileSync(join(dir, 'k.pem'), 'x');
    const config = loadConfig({
      DATA_DIR: dir,
      DATABASE_URL: 'postgres://u@db:5432/mail',
      NATS_URL: 'nats://a:4222, nats://b:4222',
      ROLES: 'mailbox, directory,mailbox',
      HTTPS_PORT: '443',
      HTTP_PORT: '80',
      SMTP_PORT: '25',
      SUBMISSION_PORT: '587',
      LDAP_PORT: '389',
      ORG_DOMAIN: 'Contoso.COM',
      ADMIN_PASSWORD: 'correct horse',
      TLS_CERT: join(dir, 'c.pem'),
      TLS_KEY: join(dir, 'k.pem'),
    });
    expect(config).toMatchObject({
      dataDir: dir,
      databaseUrl: 'postgres://u@db:5432/mail',
      natsServers: ['nats://a:4222', 'nats://b:4222'],
      roles: ['mailbox', 'directory'],
      httpsPort: 443,
      httpPort: 80,
      orgDomain: 'contoso.com',
      adminPassword: 'correct horse',
      tls: { certFile: join(dir, 'c.pem'), keyFile: join(dir, 'k.pem') },
    });
  });

  it('reads the client access settings', () => {
    const config = loadConfig({
      TRUSTED_PROXIES: '10.0.0.1, ::1',
      TRUSTED_PROXY_USER_HEADER: 'X-Remote-User',
      AUTODISCOVER_REDIRECT_DOMAINS: 'Old.example=new.example, a.example=b.example',
    });
    expect(config.trustedProxies).toEqual(['10.0.0.1', '::1']);
    expect(config.trustedProxyUserHeader).toBe('x-remote-user');
    expect([...config.autodiscoverRedirectDomains]).toEqual([
      ['old.example', 'new.example'],
      ['a.example', 'b.example'],
    ]);
    expect(loadConfig({})).toMatchObject({
      trustedProxies: [],
      trustedProxyUserHeader: 'x-forwarded-user',
    });
  });

  it('reads the EAS settings: heartbeat bounds, the Ping folder limit, Sync read-ahead', () => {
    expect(loadConfig({})).toMatchObject({
      heartbeatMinSeconds: 60,
      heartbeatMaxSeconds: 3540,
      pingMaxFolders: 300,
      syncReadAheadWindows: 8,
    });
    expect(
      loadConfig({
        EAS_HEARTBEAT_MIN_SECONDS: '5',
        EAS_HEARTBEAT_MAX_SECONDS: '900',
        EAS_PING_MAX_FOLDERS: '20',
        EAS_SYNC_READ_AHEAD: '0',
      }),
    ).toMatchObject({
      heartbeatMinSeconds: 5,
      heartbeatMaxSeconds: 900,
      pingMaxFolders: 20,
      syncReadAheadWindows: 0,
    });
  });

  it('uses an entry point default for ROLES only when ROLES is unset', () => {
    expect(loadConfig({}, { roles: ['cas'] }).roles).toEqual(['cas']);
    expect(loadConfig({ ROLES: 'directory' }, { roles: ['cas'] }).roles).toEqual(['directory']);
  });

  it.each([
    [{ HTTPS_PORT: '70000' }, /HTTPS_PORT must be a TCP port number.*"70000"/],
    [{ SMTP_PORT: 'twenty-five' }, /SMTP_PORT must be a TCP port number.*"twenty-five"/],
    [{ LDAP_PORT: '0' }, /LDAP_PORT must be a TCP port number/],
    [{ DATABASE_URL: 'mysql://db/mail' }, /DATABASE_URL must be a URL of the form postgres:\/\//],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL must be a URL/],
    [{ NATS_URL: 'http://nats:4222' }, /NATS_URL must be a URL of the form nats:\/\//],
    [{ ROLES: 'cas,frontend' }, /ROLES has unknown role "frontend"/],
    [{ ROLES: ' , ' }, /ROLES must name at least one role/],
    [{ ORG_DOMAIN: 'localhost' }, /ORG_DOMAIN must be a domain name/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ TLS_CERT: '/nonexistent/cert.pem' }, /TLS_CERT must name a readable file/],
    [
      { EAS_TRUST_ANCHORS: '/nonexistent/anchors.pem' },
      /EAS_TRUST_ANCHORS must name a readable PEM/,
    ],
    [{ BUS_TIMEOUT_MS: '-5' }, /BUS_TIMEOUT_MS must be a whole number of milliseconds/],
    [{ SMTP_PORT: '8443' }, /SMTP_PORT and HTTPS_PORT must differ/],
    [{ TRUSTED_PROXIES: '10.0.0.1, proxy.local' }, /TRUSTED_PROXIES must be a comma-separated/],
    [{ TRUSTED_PROXY_USER_HEADER: 'X User' }, /TRUSTED_PROXY_USER_HEADER must be an HTTP header/],
    [{ AUTODISCOVER_REDIRECT_DOMAINS: 'a.com' }, /AUTODISCOVER_REDIRECT_DOMAINS must be/],
    [{ EAS_HEARTBEAT_MIN_SECONDS: '0' }, /EAS_HEARTBEAT_MIN_SECONDS must be between 1 and 3540/],
    [{ EAS_HEARTBEAT_MAX_SECONDS: '1h' }, /EAS_HEARTBEAT_MAX_SECONDS must be a whole number/],
    [{ EAS_HEARTBEAT_MIN_SECONDS: '600', EAS_HEARTBEAT_MAX_SECONDS: '300' }, /must not exceed/],
    [{ EAS_PING_MAX_FOLDERS: '0' }, /EAS_PING_MAX_FOLDERS must be between 1 and 5000/],
    [{ EAS_SYNC_READ_AHEAD: '65' }, /EAS_SYNC_READ_AHEAD must be between 0 and 64/],
    [{ EAS_SYNC_READ_AHEAD: 'off' }, /EAS_SYNC_READ_AHEAD must be a whole number/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(problems(env).join('\n')).toMatch(message);
  });

  it('reports every bad variable at once', () => {
    expect(problems({ HTTPS_PORT: 'x', DATABASE_URL: 'y' })).toHaveLength(2);
  });

  it('never echoes the administrator password', () => {
    const text = problems({ ADMIN_PASSWORD: 'short' }).join('\n');
    expect(text).toMatch(/ADMIN_PASSWORD must be at least 8 characters/);
    expect(text).not.toContain('short"');
  });

  it('requires TLS_CERT and TLS_KEY together', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'c.pem'), 'x');
    expect(problems({ TLS_CERT: join(dir, 'c.pem') }).join()).toMatch(
      /TLS_CERT and TLS_KEY must be set together/,
    );
  });

  it('reads EAS_TRUST_ANCHORS only when every block is a certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const { cert } = await generate([{ name: 'commonName', value: 'Anchor' }], { keyType: 'ec' });
    writeFileSync(join(dir, 'anchors.pem'), `${cert}\n${cert}`);
    const config = loadConfig({ EAS_TRUST_ANCHORS: join(dir, 'anchors.pem') });
    expect(config.easTrustAnchorsFile).toBe(join(dir, 'anchors.pem'));
    expect(readPemCertificates(join(dir, 'anchors.pem'))).toHaveLength(2);
    writeFileSync(
      join(dir, 'bad.pem'),
      '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    );
    writeFileSync(join(dir, 'empty.pem'), 'no certificate here');
    for (const file of ['bad.pem', 'empty.pem'])
      expect(problems({ EAS_TRUST_ANCHORS: join(dir, file) }).join()).toMatch(
        /EAS_TRUST_ANCHORS must name a readable PEM file/,
      );
  });
});
