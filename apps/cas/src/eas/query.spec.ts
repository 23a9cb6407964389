import { parseEasQuery } from './query';

/** Builds a base64 query the way MS-ASHTTP 2.2.1.1.1.1 lays it out. */
function base64Query(fields: {
  version?: number;
  code?: number;
  deviceId?: Buffer;
  policyKey?: number;
  deviceType?: string;
  parameters?: Array<[number, Buffer]>;
}): string {
  const key = Buffer.alloc(fields.policyKey === undefined ? 0 : 4);
  if (fields.policyKey !== undefined) key.writeUInt32LE(fields.policyKey);
  const id = fields.deviceId ?? Buffer.from('ABC123');
  const type = Buffer.from(fields.deviceType ?? 'iPhone');
  return Buffer.concat([
    Buffer.from([fields.version ?? 141, fields.code ?? 9, 0x09, 0x04, id.length]),
    id,
    Buffer.from([key.length]),
    key,
    Buffer.from([type.length]),
    type,
    ...(fields.parameters ?? []).map(([tag, value]) =>
      Buffer.concat([Buffer.from([tag, value.length]), value]),
    ),
  ]).toString('base64');
}

describe('parseEasQuery', () => {
  it('reads the plain form, names in any case, command spelled as the spec does', () => {
    expect(
      parseEasQuery(
        'cmd=foldersync&User=CONTOSO%5Cpat&DeviceId=ApplF17A&DeviceType=iPhone&SaveInSent=T',
      ),
    ).toEqual({
      ok: true,
      query: {
        form: 'plain',
        command: 'FolderSync',
        user: 'CONTOSO\\pat',
        deviceId: 'ApplF17A',
        deviceType: 'iPhone',
        parameters: { SaveInSent: 'T' },
      },
    });
  });

  it('reads the example of MS-ASHTTP 2.2.1.1.1.1', () => {
    expect(parseEasQuery('jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l')).toEqual({
      ok: true,
      query: {
        form: 'base64',
        command: 'Sync',
        user: undefined,
        deviceId: 'v140Device',
        deviceType: 'SmartPhone',
        protocolVersion: '14.0',
        policyKey: undefined,
        parameters: {},
      },
    });
  });

  it('reads the base64 policy key, a GUID device id, options and the user', () => {
    const guid = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const raw = base64Query({
      version: 161,
      code: 1,
      deviceId: guid,
      policyKey: 3_000_000_000,
      parameters: [
        [8, Buffer.from('pat@contoso.com')],
        [7, Buffer.from([0x01])],
        [1, Buffer.from('inbox-1')],
      ],
    });
    expect(parseEasQuery(encodeURIComponent(raw))).toEqual({
      ok: true,
      query: expect.objectContaining({
        command: 'SendMail',
        deviceId: '00112233445566778899AABBCCDDEEFF',
        protocolVersion: '16.1',
        policyKey: '3000000000',
        user: 'pat@contoso.com',
        parameters: { SaveInSent: 'T', AcceptMultiPart: 'F', CollectionId: 'inbox-1' },
      }),
    });
  });

  it.each([
    ['', /empty/],
    ['x'.repeat(5000), /longer than/],
    ['Cmd=Dance&User=u&DeviceId=A1&DeviceType=T', /not an EAS command/],
    ['Cmd=Sync&User=u&DeviceId=no-dash&DeviceType=T', /DeviceId/],
    ['Cmd=Sync&User=u&DeviceId=A1', /DeviceType/],
    ['Cmd=Sync&DeviceId=A1&DeviceType=T', /User must be given/],
    ['Cmd=Sync&Cmd=Ping&User=u&DeviceId=A1&DeviceType=T', /twice/],
    ['Cmd=Sync&User=u%0A&DeviceId=A1&DeviceType=T', /User/],
    ['!!!notbase64', /neither a plain query/],
    ['jAAJ', /shorter than its fixed fields/],
    [base64Query({ version: 25 }), /cannot use the base64 query/],
    [base64Query({ code: 99 }), /command code 99/],
    [base64Query({ deviceId: Buffer.alloc(0) }), /no device id/],
    [base64Query({ parameters: [[42, Buffer.from('x')]] }), /tag 42 is unknown/],
    [base64Query({ parameters: [[7, Buffer.from([1, 2])]] }), /Options parameter/],
    [
      Buffer.concat([
        Buffer.from(base64Query({}), 'base64'),
        Buffer.from([1, 5, 0x41]), // CollectionId, 5 bytes long, but only one follows
      ]).toString('base64'),
      /runs past the end/,
    ],
  ])('refuses %j', (raw, reason) => {
    const result = parseEasQuery(raw);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});
