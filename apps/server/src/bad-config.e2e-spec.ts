/** A process given a bad setting stops at once, naming the variable (DESIGN.md operator contract). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from '@mail/runtime/testing';

describe('bad configuration', () => {
  it.each([
    [
      'server',
      { HTTPS_PORT: '99999' },
      /HTTPS_PORT must be a TCP port number \(1-65535\) \(got "99999"\)/,
    ],
    [
      'server',
      { DATABASE_URL: 'postgres//nohost' },
      /DATABASE_URL must be a URL of the form postgres:\/\//,
    ],
    ['server', { NATS_URL: 'localhost:4222' }, /NATS_URL must be a URL of the form nats:\/\//],
    ['mailbox', { ROLES: 'mailbox,webmail' }, /ROLES has unknown role "webmail"/],
    [
      'cas',
      { SMTP_PORT: 'abc', LDAP_PORT: '65536' },
      /SMTP_PORT must be a TCP port number[\s\S]*LDAP_PORT must be a TCP port number/,
    ],
  ])('%s with %j exits with code 78 and names the variable', async (app, env, message) => {
    const server = startProcess(app, {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'mail-cfg-')),
      ...env,
    });
    expect(await server.exited).toBe(78);
    expect(server.output()).toMatch(message);
    expect(server.output()).toMatch(/^Invalid configuration:/);
  });
});
