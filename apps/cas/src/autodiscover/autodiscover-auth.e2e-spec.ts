/**
 * Autodiscover and the ways a device signs in, against a running stack over HTTPS: the EAS URL
 * for the user's own addresses (any letter case of the path), a Redirect for a domain listed
 * in AUTODISCOVER_REDIRECT_DOMAINS, errors for bad requests and other users' addresses; client
 * certificates (Accepted and Required, by SAN email or by a subject mapping; one not issued by
 * TLS_CLIENT_CA counts for nothing); a trusted proxy's identity header, believed only from a
 * TRUSTED_PROXIES address; Basic turned off; the virtual directory's URLs (451 elsewhere).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EasClient, startStack, type EasClientOptions, type Stack } from '@mail/runtime/testing';

jest.setTimeout(60_000);

const ADMIN = { user: 'admin@contoso.com', password: 'Admin-Password-1' };
const PAT = { user: 'pat@contoso.com', password: 'Pat-Password-1' };
const FOLDER_SYNC_0 = '<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>';

/** A CA, and client certificates it issues, made with openssl. */
function certificates(dir: string) {
  const openssl = (...args: string[]) => {
    const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${run.stderr}`);
  };
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-subj',
    '/CN=Contoso Device CA',
    '-days',
    '2',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=keyCertSign',
  );
  const issue = (name: string, subject: string, san?: string) => {
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      subject,
    );
    writeFileSync(
      join(dir, `${name}.ext`),
      `extendedKeyUsage=clientAuth\n${san ? `subjectAltName=${san}\n` : ''}`,
    );
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    );
    return {
      cert: readFileSync(join(dir, `${name}.crt`), 'utf8'),
      key: readFileSync(join(dir, `${name}.key`), 'utf8'),
    };
  };
  const pat = issue('pat', '/CN=Pat Lee/O=Contoso', 'email:pat@contoso.com');
  const mapped = issue('kiosk', '/CN=Kiosk 7/O=Contoso');
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'rogue.key',
    '-out',
    'rogue.crt',
    '-subj',
    '/CN=Pat Lee',
    '-days',
    '2',
    '-addext',
    'subjectAltName=email:pat@contoso.com',
  );
  const rogue = {
    cert: readFileSync(join(dir, 'rogue.crt'), 'utf8'),
    key: readFileSync(join(dir, 'rogue.key'), 'utf8'),
  };
  return { caFile: join(dir, 'ca.crt'), pat, mapped, rogue };
}

describe('Autodiscover, client certificates and trusted proxies', () => {
  let stack: Stack;
  let certs: ReturnType<typeof certificates>;
  const client = (extra: Partial<EasClientOptions> = {}) =>
    new EasClient({
      port: stack.ports.https,
      ca: stack.ca,
      user: PAT.user,
      deviceId: 'AutoDev',
      autoProvision: true,
      ...extra,
    });
  const vdir = (body: Record<string, unknown>) =>
    stack.api('PATCH', '/virtual-directories/activesync', ADMIN, body);

  beforeAll(async () => {
    certs = certificates(mkdtempSync(join(tmpdir(), 'client-certs-')));
    stack = await startStack({
      env: {
        ORG_DOMAIN: 'contoso.com',
        ADMIN_PASSWORD: ADMIN.password,
        BIND_ADDRESS: '::',
        TLS_CLIENT_CA: certs.caFile,
        TRUSTED_PROXIES: '127.0.0.1',
        TRUSTED_PROXY_USER_HEADER: 'X-Remote-User',
        AUTODISCOVER_REDIRECT_DOMAINS: 'fabrikam.com=contoso.com',
      },
      startTimeoutMs: 90_000,
    });
    await stack.mailctlJson(
      ['mailbox', 'add', PAT.user, '--display-name', 'Pat Lee', '--password', PAT.password],
      ADMIN,
    );
    await stack.mailctlJson(
      ['mailbox', 'set', PAT.user, '--add-address', 'p.lee@contoso.com'],
      ADMIN,
    );
    await stack.mailctlJson(
      [
        'mailbox',
        'add',
        'kim@contoso.com',
        '--display-name',
        'Kim',
        '--password',
        'Kim-Password-1',
      ],
      ADMIN,
    );
  }, 120_000);
  afterAll(() => stack?.stop());

  it('answers Autodiscover with the EAS URL for the user’s own addresses', async () => {
    const pat = client({ password: PAT.password });
    for (const [address, path] of [
      ['pat@contoso.com', '/autodiscover/autodiscover.xml'],
      ['P.Lee@contoso.com', '/AutoDiscover/AutoDiscover.xml'],
    ]) {
      const answer = await pat.autodiscover(address, path);
      expect(answer.status).toBe(200);
      expect(answer.xml).toContain('<Type>MobileSync</Type>');
      expect(answer.xml).toContain(
        `<Url>https://127.0.0.1:${stack.ports.https}/Microsoft-Server-ActiveSync</Url>`,
      );
      expect(answer.xml).toContain(`<EMailAddress>${address.toLowerCase()}</EMailAddress>`);
      expect(answer.xml).toContain('<DisplayName>Pat Lee</DisplayName>');
    }
    const redirect = await pat.autodiscover('pat@fabrikam.com');
    expect(redirect.xml).toContain('<Redirect>pat@contoso.com</Redirect>');
    expect((await pat.autodiscover('kim@contoso.com')).xml).toContain('<ErrorCode>500</ErrorCode>');
    const bad = await pat.rawPost('/autodiscover/autodiscover.xml', Buffer.from('<nope'), {
      'Content-Type': 'text/xml',
    });
    expect(bad.xml).toContain('<ErrorCode>600</ErrorCode>');
    const schema = await pat.rawPost(
      '/autodiscover/autodiscover.xml',
      Buffer.from(
        '<Autodiscover><Request><EMailAddress>pat@contoso.com</EMailAddress>' +
          '<AcceptableResponseSchema>http://example.com/other</AcceptableResponseSchema></Request></Autodiscover>',
      ),
      { 'Content-Type': 'text/xml' },
    );
    expect(schema.xml).toContain('<ErrorCode>601</ErrorCode>');
    const big = await pat.rawPost('/autodiscover/autodiscover.xml', Buffer.alloc(64 * 1024, 0x20), {
      'Content-Type': 'text/xml',
    });
    expect(big.status).toBe(413);
    expect((await client({ password: 'wrong-password' }).autodiscover(PAT.user)).status).toBe(401);
  });

  it('signs a device in with a client certificate the CA issued, when the vdir accepts them', async () => {
    const byCertificate = client({ deviceId: 'CertDev', clientCertificate: certs.pat });
    expect((await byCertificate.options()).status).toBe(401); // Ignore: certificates do not count
    expect((await vdir({ clientCertAuth: 'Accepted' })).status).toBe(200);
    expect((await byCertificate.options()).status).toBe(200);
    expect((await byCertificate.send('FolderSync', FOLDER_SYNC_0)).easStatus).toBe(1);
    expect(
      (await client({ deviceId: 'RogueDev', clientCertificate: certs.rogue }).options()).status,
    ).toBe(401);

    // A certificate without a user's address signs in once its subject is mapped.
    const kiosk = client({
      user: 'kim@contoso.com',
      deviceId: 'KioskDev',
      clientCertificate: certs.mapped,
    });
    expect((await kiosk.options()).status).toBe(401);
    await stack.mailctlJson(
      [
        'certificate-mapping',
        'add',
        '--mailbox',
        'kim@contoso.com',
        '--subject',
        'CN=Kiosk 7,O=Contoso',
      ],
      ADMIN,
    );
    expect((await kiosk.options()).status).toBe(200);

    // Required: no certificate, no entry, even with the right password.
    await vdir({ clientCertAuth: 'Required' });
    expect((await client({ deviceId: 'PwDev', password: PAT.password }).options()).status).toBe(
      403,
    );
    expect((await byCertificate.options()).status).toBe(200);
    // Basic off, certificates accepted: a password alone is challenged.
    await vdir({ clientCertAuth: 'Accepted', basicAuthEnabled: false });
    expect((await client({ deviceId: 'PwDev', password: PAT.password }).options()).status).toBe(
      401,
    );
    await vdir({ clientCertAuth: 'Ignore', basicAuthEnabled: true });
    expect((await client({ deviceId: 'PwDev', password: PAT.password }).options()).status).toBe(
      200,
    );
  });

  it('believes the identity header only from a trusted proxy', async () => {
    const viaProxy = client({ deviceId: 'ProxyDev', headers: { 'X-Remote-User': PAT.user } });
    expect((await viaProxy.options()).status).toBe(200);
    expect((await viaProxy.send('FolderSync', FOLDER_SYNC_0)).easStatus).toBe(1);
    const notAProxy = client({
      host: '::1',
      deviceId: 'ProxyDev',
      headers: { 'X-Remote-User': PAT.user },
    });
    expect((await notAProxy.options()).status).toBe(401);
    const unknown = client({
      deviceId: 'ProxyDev',
      headers: { 'X-Remote-User': 'nobody@contoso.com' },
    });
    expect((await unknown.options()).status).toBe(401);
  });

  it('redirects a device that used another host name than the vdir’s URLs (451)', async () => {
    const url = 'https://mail.contoso.com/Microsoft-Server-ActiveSync';
    await vdir({ externalUrl: url });
    const phone = client({ deviceId: 'HostDev', password: PAT.password });
    const moved = await phone.send('FolderSync', FOLDER_SYNC_0);
    expect(moved.status).toBe(451);
    expect(moved.headers['x-ms-location']).toBe(url);
    const rightHost = client({
      deviceId: 'HostDev',
      password: PAT.password,
      headers: { Host: 'mail.contoso.com' },
    });
    expect((await rightHost.send('FolderSync', FOLDER_SYNC_0)).easStatus).toBe(1);
    expect((await rightHost.autodiscover(PAT.user)).xml).toContain(`<Url>${url}</Url>`);
    await vdir({ externalUrl: null });
    expect((await phone.send('FolderSync', FOLDER_SYNC_0)).easStatus).toBe(1);
  });
});
