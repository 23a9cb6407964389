/**
 * Settings and ValidateCert over real HTTPS: out of office set and read back (in another body
 * type), DeviceInformation recorded on the device object, the recovery password escrowed only
 * when the policy allows it and shown by `mailctl device list` only with
 * --show-recovery-password, UserInformation at 14.0 and 16.1, rights management without
 * templates, certificates checked against EAS_TRUST_ANCHORS (good, expired, untrusted), and
 * malformed bodies answered with the command's protocol-error status.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import {
  EasClient,
  findAll,
  startStack,
  textOf,
  type EasVersion,
  type Stack,
} from '@mail/runtime/testing';

const ADMIN = { user: 'admin@contoso.com', password: 'Admin-Password-1' };
const PAT = { user: 'pat@contoso.com', password: 'Pat-Password-1' };

const settings = (inner: string) => `<Settings xmlns="Settings:">${inner}</Settings>`;
const oofSet = `<Oof><Set><OofState>2</OofState>
  <StartTime>2026-01-01T00:00:00.000Z</StartTime><EndTime>2036-01-01T00:00:00.000Z</EndTime>
  <OofMessage><AppliesToInternal/><Enabled>1</Enabled><ReplyMessage>Back soon &amp; well</ReplyMessage><BodyType>Text</BodyType></OofMessage>
  <OofMessage><AppliesToExternalUnknown/><Enabled>1</Enabled><ReplyMessage>&lt;p&gt;Away&lt;/p&gt;</ReplyMessage><BodyType>HTML</BodyType></OofMessage>
</Set></Oof>`;

const der = (pem: string) => new X509Certificate(pem).raw.toString('base64');

async function certificates() {
  const day = 86_400_000;
  const ca = await generate([{ name: 'commonName', value: 'Contoso Test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true },
    ],
  });
  const leaf = (cn: string, from: Date, to: Date, issuer?: { key: string; cert: string }) =>
    generate([{ name: 'commonName', value: cn }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate: from,
      notAfterDate: to,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'extKeyUsage', emailProtection: true },
      ],
      ...(issuer ? { ca: issuer } : {}),
    });
  const issuer = { key: ca.private, cert: ca.cert };
  const now = Date.now();
  return {
    ca: ca.cert,
    good: (await leaf('Pat Lee', new Date(now - day), new Date(now + 30 * day), issuer)).cert,
    expired: (await leaf('Old Pat', new Date(now - 30 * day), new Date(now - day), issuer)).cert,
    untrusted: (await leaf('Mallory', new Date(now - day), new Date(now + 30 * day))).cert,
  };
}

jest.setTimeout(60_000);

describe('EAS Settings and ValidateCert', () => {
  let stack: Stack;
  let certs: Awaited<ReturnType<typeof certificates>>;
  const device = (deviceId: string, version: EasVersion = '16.1') =>
    new EasClient({
      port: stack.ports.https,
      ca: stack.ca,
      ...PAT,
      deviceId,
      version,
      autoProvision: true,
    });

  beforeAll(async () => {
    certs = await certificates();
    const anchors = join(mkdtempSync(join(tmpdir(), 'eas-anchors-')), 'anchors.pem');
    writeFileSync(anchors, certs.ca);
    stack = await startStack({
      env: {
        ORG_DOMAIN: 'contoso.com',
        ADMIN_PASSWORD: ADMIN.password,
        EAS_TRUST_ANCHORS: anchors,
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
  }, 120_000);
  afterAll(() => stack?.stop());

  it('sets out of office and reads it back in the body type asked for', async () => {
    const phone = device('OofPhone');
    const set = await phone.send('Settings', settings(oofSet));
    expect(set.easStatus).toBe(1);
    expect(textOf(findAll(set.tree, 'Oof')[0], 'Status')).toBe('1');

    const get = await phone.send(
      'Settings',
      settings('<Oof><Get><BodyType>Text</BodyType></Get></Oof>'),
    );
    const oof = findAll(get.tree, 'Oof')[0];
    expect(textOf(oof, 'Status')).toBe('1');
    expect(textOf(oof, 'OofState')).toBe('2');
    expect(textOf(oof, 'StartTime')).toBe('2026-01-01T00:00:00.000Z');
    const messages = findAll(oof, 'OofMessage');
    expect(messages).toHaveLength(3);
    expect(textOf(messages[0], 'ReplyMessage')).toBe('Back soon & well');
    expect(textOf(messages[1], 'Enabled')).toBe('0');
    expect(textOf(messages[2], 'ReplyMessage')).toBe('Away');
    expect(textOf(messages[2], 'BodyType')).toBe('Text');

    const invalid = await phone.send(
      'Settings',
      settings('<Oof><Set><OofState>2</OofState></Set></Oof>'),
    );
    expect(textOf(findAll(invalid.tree, 'Oof')[0], 'Status')).toBe('5');
  });

  it('records DeviceInformation; escrows the recovery password only when the policy allows it', async () => {
    const phone = device('InfoPhone');
    const information = await phone.send(
      'Settings',
      settings(
        '<DeviceInformation><Set><Model>Pixel 9</Model><IMEI>356938035643809</IMEI><FriendlyName>Pat phone</FriendlyName><OS>Android 15</OS><OSLanguage>English</OSLanguage><PhoneNumber>+15550100</PhoneNumber><MobileOperator>Contoso Mobile</MobileOperator></Set></DeviceInformation>',
      ),
    );
    expect(textOf(findAll(information.tree, 'DeviceInformation')[0], 'Status')).toBe('1');

    const password = settings(
      '<DevicePassword><Set><Password>Recover-Me-42</Password></Set></DevicePassword>',
    );
    const denied = await phone.send('Settings', password);
    expect(textOf(findAll(denied.tree, 'DevicePassword')[0], 'Status')).toBe('7');
    await stack.mailctlJson(
      ['policy', 'set', 'Default', '--set', 'PasswordRecoveryEnabled=1'],
      ADMIN,
    );
    const escrowed = await phone.send('Settings', password);
    expect(textOf(findAll(escrowed.tree, 'DevicePassword')[0], 'Status')).toBe('1');

    const hidden = await stack.mailctlJson(['device', 'list', '--mailbox', PAT.user], ADMIN);
    const listed = hidden.devices.find((d: { deviceId: string }) => d.deviceId === 'InfoPhone');
    expect(listed).toMatchObject({
      deviceModel: 'Pixel 9',
      friendlyName: 'Pat phone',
      deviceOS: 'Android 15',
    });
    expect(listed.recoveryPassword).toBeUndefined();
    const shown = await stack.mailctlJson(
      ['device', 'list', '--mailbox', PAT.user, '--show-recovery-password'],
      ADMIN,
    );
    expect(
      shown.devices.find((d: { deviceId: string }) => d.deviceId === 'InfoPhone').recoveryPassword,
    ).toBe('Recover-Me-42');
  });

  it('answers UserInformation by version, and rights management without templates', async () => {
    const old = await device('UserOld', '14.0').send(
      'Settings',
      settings('<UserInformation><Get/></UserInformation>'),
    );
    expect(findAll(old.tree, 'SMTPAddress').map((e) => e.content)).toEqual(
      expect.arrayContaining([PAT.user, 'p.lee@contoso.com']),
    );
    expect(findAll(old.tree, 'Accounts')).toHaveLength(0);

    const recent = await device('UserNew', '16.1').send(
      'Settings',
      settings(
        '<RightsManagementInformation><Get/></RightsManagementInformation><UserInformation><Get/></UserInformation>',
      ),
    );
    expect(textOf(recent.tree, 'UserDisplayName')).toBe('Pat Lee');
    expect(textOf(recent.tree, 'PrimarySmtpAddress')).toBe(PAT.user);
    const rights = findAll(recent.tree, 'RightsManagementInformation')[0];
    expect(textOf(rights, 'Status')).toBe('1');
    expect(findAll(rights, 'RightsManagementTemplate')).toHaveLength(0);
  });

  it('validates certificates against the trust anchors', async () => {
    const phone = device('CertPhone');
    const answer = await phone.send(
      'ValidateCert',
      `<ValidateCert xmlns="ValidateCert:"><Certificates>
        <Certificate>${der(certs.good)}</Certificate>
        <Certificate>${der(certs.expired)}</Certificate>
        <Certificate>${der(certs.untrusted)}</Certificate>
      </Certificates><CheckCrl>1</CheckCrl></ValidateCert>`,
    );
    expect(answer.easStatus).toBe(1);
    expect(findAll(answer.tree, 'Certificate').map((c) => textOf(c, 'Status'))).toEqual([
      '1',
      '7',
      '4',
    ]);
  });

  it('answers malformed bodies with the protocol-error status', async () => {
    const phone = device('BadPhone');
    expect((await phone.send('Settings', settings('<Oof><Get/></Oof>'))).easStatus).toBe(2);
    expect((await phone.send('Settings', settings(''))).easStatus).toBe(2);
    expect(
      (
        await phone.send(
          'ValidateCert',
          '<ValidateCert xmlns="ValidateCert:"><Certificates><Certificate>bm90IGEgY2VydA==</Certificate></Certificates></ValidateCert>',
        )
      ).easStatus,
    ).toBe(2);
  });
});
