/**
 * The GAL over LDAP against a running all-in-one stack, queried with Debian's ldapsearch
 * (ldap-utils) as a real client would: bind forms, filters, attribute selection, size limit
 * and the refusals (anonymous, wrong password, malformed input).
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { startStack, type Stack } from '@mail/runtime/testing';

const ADMIN = { user: 'admin@contoso.com', password: 'Admin-Password-1' };
const BASE = 'dc=contoso,dc=com';
const PAT_PASSWORD = 'Pat-Password-1';

interface Run {
  code: number | null;
  output: string;
}

describe('LDAP GAL', () => {
  let stack: Stack;
  const ldapsearch = (bind: string[], args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      const child = spawn('ldapsearch', [
        '-x',
        '-H',
        `ldap://127.0.0.1:${stack.ports.ldap}`,
        ...bind,
        '-b',
        BASE,
        ...args,
      ]);
      let output = '';
      child.stdout.on('data', (c) => (output += c));
      child.stderr.on('data', (c) => (output += c));
      child.on('close', (code) => resolve({ code, output }));
    });
  const asPat = (args: string[]) => ldapsearch(['-D', 'pat@contoso.com', '-w', PAT_PASSWORD], args);

  beforeAll(async () => {
    stack = await startStack({
      env: { ORG_DOMAIN: 'contoso.com', ADMIN_PASSWORD: ADMIN.password },
    });
    // Created the way an administrator does it: with mailctl.
    const commands = [
      [
        'mailbox',
        'add',
        'pat@contoso.com',
        '--display-name',
        'Pat Kim',
        '--password',
        PAT_PASSWORD,
        '--given-name',
        'Pat',
        '--surname',
        'Kim',
        '--title',
        'Engineer',
        '--business-phone',
        '+1 555 0100',
      ],
      [
        'mailbox',
        'add',
        'patricia@contoso.com',
        '--display-name',
        'Patricia Lee',
        '--password',
        'Patricia-Password-1',
      ],
      ['group', 'add', 'sales@contoso.com', '--display-name', 'Sales'],
      ['group', 'member', 'add', 'sales@contoso.com', 'pat@contoso.com'],
    ];
    for (const command of commands)
      expect(await stack.mailctl(command, ADMIN)).toMatchObject({ code: 0 });
  });
  afterAll(() => stack.stop());

  it('finds a user by mail prefix with its address-book attributes', async () => {
    const run = await asPat(['(mail=pat@*)']);
    expect(run.code).toBe(0);
    expect(run.output).toContain('dn: cn=pat,ou=users,dc=contoso,dc=com');
    expect(run.output).toContain('displayName: Pat Kim');
    expect(run.output).toContain('givenName: Pat');
    expect(run.output).toContain('sn: Kim');
    expect(run.output).toContain('mail: pat@contoso.com');
    expect(run.output).toContain('proxyAddresses: SMTP:pat@contoso.com');
    expect(run.output).toContain('title: Engineer');
    expect(run.output).toContain('telephoneNumber: +1 555 0100');
    expect(run.output).toContain('memberOf: cn=sales,ou=groups,dc=contoso,dc=com');
    expect(run.output).not.toMatch(/password|argon/i);
    expect(run.output).toContain('# numEntries: 1');
  });

  it('accepts the user DN and DOMAIN\\alias as bind names, and honours attribute selection', async () => {
    for (const name of ['cn=pat,ou=users,dc=contoso,dc=com', 'CONTOSO\\pat']) {
      const run = await ldapsearch(['-D', name, '-w', PAT_PASSWORD], ['(cn=pat)', 'mail']);
      expect(run.code).toBe(0);
      expect(run.output).toContain('mail: pat@contoso.com');
      expect(run.output).not.toContain('displayName:');
    }
  });

  it('lists a group with its members', async () => {
    const run = await asPat(['(&(objectClass=group)(cn=sales))']);
    expect(run.code).toBe(0);
    expect(run.output).toContain('dn: cn=sales,ou=groups,dc=contoso,dc=com');
    expect(run.output).toContain('member: cn=pat,ou=users,dc=contoso,dc=com');
    expect(run.output).toContain('mail: sales@contoso.com');
  });

  it('refuses an anonymous bind', async () => {
    const run = await ldapsearch([], ['(cn=*)']);
    expect([48, 49, 50]).toContain(run.code);
    expect(run.output).toMatch(/Inappropriate authentication|Invalid credentials|Insufficient/);
    expect(run.output).not.toContain('dn: cn=pat');
  });

  it('refuses a wrong password', async () => {
    const run = await ldapsearch(['-D', 'pat@contoso.com', '-w', 'wrong-password'], ['(cn=*)']);
    expect(run.code).toBe(49);
    expect(run.output).toContain('Invalid credentials (49)');
    expect(stack.server.output()).not.toContain('wrong-password');
    expect(stack.server.output()).not.toContain(PAT_PASSWORD);
  });

  it('answers malformed input with an error and keeps serving', async () => {
    const bad = await asPat(['(cn=pat']);
    expect(bad.code).not.toBe(0);
    // Bytes that are no LDAP message at all reach the server's parser.
    await new Promise<void>((resolve) => {
      const socket = connect(stack.ports.ldap, '127.0.0.1', () =>
        socket.end(Buffer.from([0x30, 0x05, 0x02, 0x01, 0x01, 0x63, 0xff])),
      );
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    const good = await asPat(['(cn=pat)', 'cn']);
    expect(good.code).toBe(0);
    expect(good.output).toContain('dn: cn=pat,ou=users,dc=contoso,dc=com');
  });

  it('honours the client size limit', async () => {
    const run = await asPat(['-z', '1', '(mail=pat*)', 'cn']);
    expect(run.code).toBe(4);
    expect(run.output).toContain('Size limit exceeded');
    expect(run.output).toContain('# numEntries: 1');
  });
  it('names members by their entry, whatever their primary address', async () => {
    const changed = await stack.mailctl(
      ['mailbox', 'set', 'patricia@contoso.com', '--primary-address', 'p.lee@contoso.com'],
      ADMIN,
    );
    expect(changed.code).toBe(0);
    expect(
      (
        await stack.mailctl(
          ['group', 'member', 'add', 'sales@contoso.com', 'p.lee@contoso.com'],
          ADMIN,
        )
      ).code,
    ).toBe(0);
    const run = await asPat(['(cn=sales)', 'member']);
    expect(run.output).toContain('member: cn=patricia,ou=users,dc=contoso,dc=com');
    // Mixed-case attribute names select as well as lower-case ones.
    const user = await asPat(['(mail=p.lee@contoso.com)', 'mail', 'memberOf', 'displayName']);
    expect(user.output).toContain('dn: cn=patricia,ou=users,dc=contoso,dc=com');
    expect(user.output).toContain('memberOf: cn=sales,ou=groups,dc=contoso,dc=com');
    expect(user.output).toContain('displayName: Patricia Lee');
    expect(user.output).not.toContain('proxyAddresses:');
  });
});
