/**
 * Organization settings with mailctl against a running all-in-one stack: a send connector's
 * smart-host password is never in an answer or a log line, bad vdir input is refused naming
 * the field, and receive connectors change.
 */
import { startStack, type Stack } from '@mail/runtime/testing';

const ADMIN = { user: 'admin@contoso.com', password: 'Admin-Password-1' };
const SECRET = 'Smart-Host-S3cret';

describe('organization settings with mailctl', () => {
  let stack: Stack;
  /** Everything mailctl printed, to show the smart-host password never appears. */
  const outputs: string[] = [];
  const mailctl = async (args: string[]) => {
    const run = await stack.mailctl(['--json', ...args], ADMIN);
    outputs.push(run.stdout, run.stderr);
    return run;
  };
  const json = async (args: string[]) => {
    const run = await mailctl(args);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    return JSON.parse(run.stdout);
  };

  beforeAll(async () => {
    stack = await startStack({
      env: { ORG_DOMAIN: 'contoso.com', ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'debug' },
    });
  });
  afterAll(() => stack.stop());

  it('adds a send connector with a smart-host password it never shows or logs', async () => {
    const added = await json([
      'connector',
      'send',
      'add',
      'Relay',
      '--address-space',
      '*',
      '--address-space',
      '*.contoso.net',
      '--smart-host',
      'relay.isp.example:587',
      '--auth-user',
      'relay-user',
      '--auth-password',
      SECRET,
      '--require-tls',
    ]);
    expect(added).toMatchObject({
      name: 'Relay',
      addressSpaces: ['*', '*.contoso.net'],
      smartHosts: ['relay.isp.example:587'],
      dnsRoutingEnabled: false,
      requireTLS: true,
      authenticationCredential: { userName: 'relay-user', passwordSet: true },
    });
    await json(['connector', 'send', 'show', 'relay']);
    await json(['connector', 'send', 'list']);
    await json(['connector', 'send', 'set', 'Relay', '--smart-host', 'relay2.isp.example']);
    const duplicate = await mailctl(['connector', 'send', 'add', 'relay', '--address-space', '*']);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toMatch(/already exists \(409 conflict\)/);
    expect(outputs.join('\n')).not.toContain(SECRET);
    expect(stack.server.output()).not.toContain(SECRET);
    expect(await json(['connector', 'send', 'remove', 'Relay'])).toEqual({ removed: 'Relay' });
  });

  it('refuses a vdir URL that is not https, naming the field', async () => {
    const bad = await mailctl(['vdir', 'set', '--external-url', 'http://mail.contoso.com/']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/externalUrl: must be an https URL.*\(400 bad-request\)/);
    const changed = await json([
      'vdir',
      'set',
      '--external-url',
      'https://mail.contoso.com/Microsoft-Server-ActiveSync',
      '--client-certificates',
      'accept',
      '--allow-file-server',
      'files.contoso.com',
    ]);
    expect(changed).toMatchObject({
      externalUrl: 'https://mail.contoso.com/Microsoft-Server-ActiveSync',
      clientCertAuth: 'Accepted',
      remoteDocumentsAllowedServers: ['files.contoso.com'],
    });
    expect(await json(['vdir', 'show'])).toEqual(changed);
  });

  it('sets a receive connector', async () => {
    const changed = await json([
      'connector',
      'receive',
      'set',
      'Default',
      '--anonymous',
      'off',
      '--fqdn',
      'mail.contoso.com',
      '--max-message-size',
      '10485760',
      '--max-recipients',
      '50',
    ]);
    expect(changed).toMatchObject({
      name: 'Default',
      fqdn: 'mail.contoso.com',
      maxMessageSize: 10485760,
      maxRecipientsPerMessage: 50,
    });
    expect(changed.permissionGroups).not.toContain('AnonymousUsers');
    expect(await json(['connector', 'receive', 'show', 'default'])).toEqual(changed);
    const bad = await mailctl(['connector', 'receive', 'set', 'Default', '--max-recipients', '0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/maxRecipientsPerMessage.*\(400 bad-request\)/);
  });

  it('maps certificate subjects to a mailbox', async () => {
    const subject = 'CN=Admin,O=Contoso';
    expect(
      await json(['certificate-mapping', 'add', '--mailbox', ADMIN.user, '--subject', subject]),
    ).toEqual({ mailbox: ADMIN.user, subject });
    expect(await json(['certificate-mapping', 'list', '--mailbox', ADMIN.user])).toEqual({
      certificateMappings: [{ mailbox: ADMIN.user, subject }],
    });
    await json(['certificate-mapping', 'remove', '--mailbox', ADMIN.user, '--subject', subject]);
    const missing = await mailctl([
      'certificate-mapping',
      'remove',
      '--mailbox',
      ADMIN.user,
      '--subject',
      subject,
    ]);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/404 not-found/) });
  });
});
