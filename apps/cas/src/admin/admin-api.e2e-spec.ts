/**
 * The admin API and mailctl against a running all-in-one stack: mailctl as an administrator
 * runs it (a real process, over HTTPS), and the API's answers to bad requests.
 */
import { startStack, type Stack } from '@mail/runtime/testing';

const ADMIN = { user: 'admin@contoso.com', password: 'Admin-Password-1' };

describe('admin API and mailctl', () => {
  let stack: Stack;
  const mailctl = (args: string[], env: Record<string, string> = {}) =>
    stack.mailctl(args, ADMIN, env);
  const json = (args: string[]) => stack.mailctlJson(args, ADMIN);
  const api = (
    method: string,
    path: string,
    options: { body?: unknown; user?: string; password?: string } = {},
  ) =>
    stack.api(
      method,
      path.replace(/^\/api/, ''),
      { user: options.user ?? ADMIN.user, password: options.password ?? ADMIN.password },
      options.body,
    );
  const signIn = (user: string, password: string) =>
    stack
      .https('OPTIONS', '/Microsoft-Server-ActiveSync', { user, password })
      .then((a) => a.status);

  beforeAll(async () => {
    stack = await startStack({
      env: { ORG_DOMAIN: 'contoso.com', ADMIN_PASSWORD: ADMIN.password },
    });
  });
  afterAll(() => stack.stop());

  it('creates a domain, mailboxes, a group and a contact with mailctl', async () => {
    await json(['domain', 'add', 'Fabrikam.com']);
    expect((await json(['domain', 'list'])).domains).toEqual([
      { name: 'contoso.com', domainType: 'Authoritative', isDefault: true },
      { name: 'fabrikam.com', domainType: 'Authoritative', isDefault: false },
    ]);

    const pat = await json([
      'mailbox',
      'add',
      'pat.lee@contoso.com',
      '--password',
      'Pat-Password-1',
      '--display-name',
      'Pat Lee',
      '--given-name',
      'Pat',
      '--surname',
      'Lee',
      '--title',
      'Engineer',
      '--mobile-phone',
      '+1 555 0100',
    ]);
    expect(pat).toMatchObject({
      primarySmtpAddress: 'pat.lee@contoso.com',
      givenName: 'Pat',
      title: 'Engineer',
      proxyAddresses: ['SMTP:pat.lee@contoso.com'],
      isAdmin: false,
      easEnabled: true,
    });
    expect(JSON.stringify(pat)).not.toMatch(/password|argon2/i);
    expect(await signIn('pat.lee@contoso.com', 'Pat-Password-1')).toBe(200);

    await json(['mailbox', 'add', 'kim@fabrikam.com', '--display-name', 'Kim Ito', '--no-eas']);
    await json(['group', 'add', 'engineering@contoso.com', '--display-name', 'Engineering']);
    await json(['group', 'add', 'everyone@contoso.com', '--display-name', 'Everyone']);
    await json([
      'contact',
      'add',
      'partner@tailspin.example',
      '--display-name',
      'Tailspin Partner',
    ]);
    await json(['group', 'member', 'add', 'engineering@contoso.com', 'pat.lee@contoso.com']);
    await json(['group', 'member', 'add', 'engineering@contoso.com', 'partner@tailspin.example']);
    const everyone = await json([
      'group',
      'member',
      'add',
      'everyone@contoso.com',
      'engineering@contoso.com',
    ]);
    expect(everyone.members).toEqual([
      { kind: 'group', address: 'engineering@contoso.com', displayName: 'Engineering' },
    ]);
    expect((await json(['mailbox', 'show', 'pat.lee@contoso.com'])).memberOf).toEqual([
      'engineering@contoso.com',
    ]);

    const loop = await mailctl([
      'group',
      'member',
      'add',
      'engineering@contoso.com',
      'everyone@contoso.com',
    ]);
    expect(loop.code).toBe(1);
    expect(loop.stderr).toMatch(/loop \(409 conflict\)/);

    const listed = await mailctl(['mailbox', 'list', '--search', 'pat']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^primarySmtpAddress\s+displayName/);
    expect(listed.stdout).toContain('pat.lee@contoso.com  Pat Lee');
  });

  it('changes a mailbox: password, addresses, EAS', async () => {
    const changed = await json([
      'mailbox',
      'set',
      'pat.lee@contoso.com',
      '--password',
      'New-Password-2',
      '--add-address',
      'pat@contoso.com',
      '--primary-address',
      'p.lee@contoso.com',
      '--no-eas',
    ]);
    expect(changed).toMatchObject({ primarySmtpAddress: 'p.lee@contoso.com', easEnabled: false });
    expect(changed.proxyAddresses).toEqual([
      'SMTP:p.lee@contoso.com',
      'smtp:pat.lee@contoso.com',
      'smtp:pat@contoso.com',
    ]);
    expect(await signIn('pat.lee@contoso.com', 'Pat-Password-1')).toBe(401);
    // The new password signs in; EAS is now off for the user, so the EAS endpoint says 403.
    expect(await signIn('pat.lee@contoso.com', 'New-Password-2')).toBe(403);
  });

  it('answers bad requests with a 4xx and a message, writing nothing', async () => {
    const before = (await api('GET', '/api/mailboxes')).body.total;
    const cases: Array<[unknown, number, RegExp]> = [
      [
        { address: 'x@not-ours.example', displayName: 'X' },
        400,
        /not-ours\.example is not an accepted domain/,
      ],
      [{ address: 'pat@contoso.com', displayName: 'Again' }, 409, /already in use/],
      [
        { address: 'big@contoso.com', displayName: 'x'.repeat(100 * 1024) },
        400,
        /displayName: must be at most 256 characters/,
      ],
      [{ address: 'not an address', displayName: 'X' }, 400, /address: must be an email address/],
      [
        { address: 'weak@contoso.com', displayName: 'X', password: 'short' },
        400,
        /password: must be at least 8 characters/,
      ],
      [{ address: 'odd@contoso.com', displayName: 'X', isAdmin: 'yes' }, 400, /isAdmin/],
      [[1, 2], 400, /the body must be a JSON object/],
    ];
    for (const [body, status, message] of cases) {
      const answer = await api('POST', '/api/mailboxes', { body });
      expect({ status: answer.status, message: answer.body.message }).toEqual({
        status,
        message: expect.stringMatching(message),
      });
    }
    const set = await api('PATCH', '/api/mailboxes/p.lee@contoso.com', {
      body: { unknownField: 1 },
    });
    expect(set.status).toBe(400);
    expect((await api('GET', '/api/mailboxes/nobody@contoso.com')).status).toBe(404);
    // Addresses in paths may be long (64-character local part, long domains): 404, not 414.
    const long = `${'a'.repeat(64)}@${'sub.'.repeat(40)}contoso.com`;
    expect((await api('GET', `/api/mailboxes/${long}`)).status).toBe(404);
    expect((await api('GET', '/api/mailboxes')).body.total).toBe(before);

    const removeDefault = await mailctl(['domain', 'remove', 'contoso.com']);
    expect(removeDefault.code).toBe(1);
    expect(removeDefault.stderr).toMatch(/default accepted domain/);
    const removeInUse = await mailctl(['domain', 'remove', 'fabrikam.com']);
    expect(removeInUse.stderr).toMatch(/used by 1 recipient address/);
  });

  it('lets only administrators in', async () => {
    expect(
      (
        await api('GET', '/api/domains', {
          user: 'pat.lee@contoso.com',
          password: 'New-Password-2',
        })
      ).status,
    ).toBe(403);
    const anonymous = await stack.https('GET', '/api/domains');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic/);
    expect((await api('GET', '/api/domains', { password: 'wrong-password' })).status).toBe(401);
    const run = await mailctl(['domain', 'list'], { MAILCTL_PASSWORD: 'wrong-password' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/401/);
  });

  it('verifies the server certificate unless told not to, and says so', async () => {
    const unverified = await mailctl(['domain', 'list'], { MAILCTL_CA: '' });
    expect(unverified.code).toBe(3);
    expect(unverified.stderr).toMatch(
      /cannot verify the server's certificate.*--ca FILE.*--insecure/,
    );
    const insecure = await mailctl(['--insecure', 'domain', 'list'], { MAILCTL_CA: '' });
    expect(insecure.code).toBe(0);
    expect(insecure.stderr).toMatch(/warning: not verifying the server certificate/);
    expect((await mailctl(['domain', 'list'], { MAILCTL_USER: '' })).code).toBe(2);
    expect((await mailctl(['mailbox', 'add', 'x@contoso.com'])).code).toBe(2); // --display-name missing
  });

  it('serves the OpenAPI document of every route', async () => {
    const answer = await stack.https('GET', '/api/openapi.json');
    const document = JSON.parse(answer.body.toString());
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/mailboxes',
        '/api/mailboxes/{address}',
        '/api/groups/{address}/members/{member}',
      ]),
    );
    expect(
      document.paths['/api/mailboxes'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['address', 'displayName']);
  });
});
