/**
 * The pipeline without Nest, Fastify or a network: fakes stand in for the directory, the
 * authenticator and the hierarchy, and each gate decision shows in the HTTP answer.
 */
import { Readable } from 'node:stream';
import { BusError, createLogger, type BusClient } from '@mail/runtime';
import { decode, encode, fromXml, toXml } from '@mail/wbxml';
import type { Authentication, Authenticator } from '../auth/authenticator';
import type { DirectoryViews } from '../directory/directory-views';
import { registeredCommand } from './commands';
import { EasEndpoint } from './eas-endpoint';
import { COMMAND_NAMES } from './protocol';
import type { HierarchyStore } from './hierarchy/hierarchy-store';
import { devicePolicy } from './provisioning/device-policy';
import type { EasServices } from './services';

const EFFECTIVE = { name: 'Default', settings: {}, updatedAt: '2025-01-01T00:00:00Z' };
const KEY = devicePolicy(EFFECTIVE, '14.1', 'D1', 0).keys.final;
const FOLDER_SYNC = Buffer.from(
  encode(fromXml('<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>')),
);

function endpoint(options: {
  auth?: Authentication;
  report?: Record<string, unknown>;
  reportError?: Error;
  hierarchyError?: Error;
}) {
  const authenticator = {
    authenticateDevice: async () =>
      options.auth ?? {
        outcome: 'authenticated',
        method: 'basic',
        userPrincipalName: 'pat@contoso.com',
        userName: 'pat@contoso.com',
        isAdmin: false,
        easEnabled: true,
      },
  } as unknown as Authenticator;
  const directory = {
    vdir: async () => ({ internalUrl: null, externalUrl: null }),
    identify: async () => ({ found: false }),
    reportDevice: async () => {
      if (options.reportError) throw options.reportError;
      return {
        accessState: 'Allowed',
        accessStateReason: 'Global',
        wipe: 'none',
        policyKey: KEY,
        ...options.report,
      };
    },
    effectivePolicy: async () => EFFECTIVE,
  } as unknown as DirectoryViews;
  const hierarchy = {
    folders: async () => {
      if (options.hierarchyError) throw options.hierarchyError;
      return { folders: [], hierarchyChangeNumber: 0 };
    },
    propose: async () => ({ status: 'ok' }),
  } as unknown as HierarchyStore;
  const services = { directory, hierarchy, now: () => 0 } as unknown as EasServices;
  return new EasEndpoint(
    authenticator,
    services,
    {} as BusClient,
    createLogger({ level: 'silent' }),
  );
}

const post = (
  target: EasEndpoint,
  options: { query?: string; headers?: Record<string, string>; body?: Buffer } = {},
) =>
  target.post({
    rawQuery: options.query ?? 'Cmd=FolderSync&User=pat@contoso.com&DeviceId=D1&DeviceType=T',
    headers: { 'ms-asprotocolversion': '14.1', 'x-ms-policykey': KEY, ...options.headers },
    caller: { source: '127.0.0.1', peerAddress: '127.0.0.1' },
    body: Readable.from([options.body ?? FOLDER_SYNC]),
    whenGone: () => () => undefined,
  });
const easStatus = (body?: Uint8Array) => body && toXml(decode(body)).match(/<Status>(\d+)/)?.[1];

describe('EasEndpoint', () => {
  it('runs a command that passes the gate', async () => {
    const answer = await post(endpoint({}));
    expect(answer.status).toBe(200);
    expect(answer.headers['Content-Type']).toBe('application/vnd.ms-sync.wbxml');
    expect(easStatus(answer.body)).toBe('1');
  });

  it('answers each refusal as the device’s version understands it', async () => {
    const challenge = await post(endpoint({ auth: { outcome: 'challenge' } }));
    expect(challenge).toMatchObject({
      status: 401,
      headers: { 'WWW-Authenticate': expect.stringMatching(/^Basic/) },
    });
    expect(
      (
        await post(endpoint({}), {
          query: 'Cmd=FolderSync&User=kim@contoso.com&DeviceId=D1&DeviceType=T',
        })
      ).status,
    ).toBe(403);
    expect((await post(endpoint({}), { headers: { 'x-ms-policykey': '0' } })).body).toBeDefined();
    expect(easStatus((await post(endpoint({}), { headers: { 'x-ms-policykey': '0' } })).body)).toBe(
      '142',
    );
    expect(
      (
        await post(endpoint({}), {
          headers: { 'x-ms-policykey': '0', 'ms-asprotocolversion': '12.1' },
        })
      ).status,
    ).toBe(449);
    expect(easStatus((await post(endpoint({ report: { accessState: 'Blocked' } }))).body)).toBe(
      '129',
    );
    expect(easStatus((await post(endpoint({}), { body: Buffer.from('junk') })).body)).toBe('10');
    expect(
      (await post(endpoint({}), { headers: { 'content-length': String(64 << 20) } })).status,
    ).toBe(413);
    const missing = COMMAND_NAMES.find((name) => !registeredCommand(name));
    if (missing)
      expect(
        (await post(endpoint({}), { query: `Cmd=${missing}&User=pat&DeviceId=D1&DeviceType=T` }))
          .status,
      ).toBe(501);
  });

  it('answers 503 with Retry-After when a role does not answer, and its server status for our faults', async () => {
    const unavailable = await post(
      endpoint({ reportError: new BusError('unavailable', 'no directory') }),
    );
    expect(unavailable).toMatchObject({ status: 503, headers: { 'Retry-After': '30' } });
    const fault = await post(endpoint({ hierarchyError: new Error('bug') }));
    expect({ status: fault.status, easStatus: easStatus(fault.body) }).toEqual({
      status: 200,
      easStatus: '6',
    });
  });
});
