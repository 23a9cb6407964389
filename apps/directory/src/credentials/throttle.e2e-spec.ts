/**
 * Failed sign-ins over HTTPS against a running stack: after the configured number of wrong
 * passwords the account is refused even with the right one, until the lockout ends.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freeStackPorts,
  stackPortEnv,
  startProcess,
  startStack,
  type Stack,
} from '@mail/runtime/testing';

describe('sign-in throttling', () => {
  let stack: Stack;
  const request = (method: string, path: string, user: string, password: string) =>
    stack.https(method, path, { user, password });

  beforeAll(async () => {
    stack = await startStack({
      env: {
        ORG_DOMAIN: 'contoso.com',
        ADMIN_PASSWORD: 'Right-Password-1',
        SIGNIN_USER_BACKOFF_AFTER: '100',
        SIGNIN_USER_LOCKOUT_THRESHOLD: '3',
        SIGNIN_USER_LOCKOUT_MS: '2000',
      },
    });
  });
  afterAll(() => stack.stop());

  it('locks the user out after the threshold, then lets the right password in after the lockout', async () => {
    // Signed in once: CAS now has this sign-in cached, and the lockout must still apply.
    expect(
      (await request('GET', '/api/domains', 'admin@contoso.com', 'Right-Password-1')).status,
    ).toBe(200);
    for (let i = 0; i < 3; i++) {
      expect(
        (await request('GET', '/api/domains', 'admin@contoso.com', `wrong-${i}-password`)).status,
      ).toBe(401);
    }
    const locked = await request('GET', '/api/domains', 'admin@contoso.com', 'Right-Password-1');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(locked.body.toString()).message).toMatch(/too many failed sign-ins/);
    // A device is challenged as for a wrong password.
    expect(
      (
        await request(
          'OPTIONS',
          '/Microsoft-Server-ActiveSync',
          'CONTOSO\\admin',
          'Right-Password-1',
        )
      ).status,
    ).toBe(401);
    expect(stack.server.output()).not.toContain('Right-Password-1');
    expect(stack.server.output()).not.toContain('wrong-0-password');

    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(
      (await request('GET', '/api/domains', 'admin@contoso.com', 'Right-Password-1')).status,
    ).toBe(200);
  });

  it('throttles an unknown user name the same way', async () => {
    for (let i = 0; i < 3; i++)
      expect(
        (await request('GET', '/api/domains', 'ghost@contoso.com', 'guess-password')).status,
      ).toBe(401);
    expect(
      (await request('GET', '/api/domains', 'ghost@contoso.com', 'guess-password')).status,
    ).toBe(429);
  });

  it('refuses a bad throttle setting at start, naming it', async () => {
    const bad = startProcess('server', {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'mail-throttle-')),
      ...stackPortEnv(await freeStackPorts()),
      SIGNIN_SOURCE_LOCKOUT_THRESHOLD: '0',
    });
    expect(await bad.exited).toBe(78);
    expect(bad.output()).toMatch(
      /SIGNIN_SOURCE_LOCKOUT_THRESHOLD must be a whole number from 1 to 100000 \(got "0"\)/,
    );
  });
});
