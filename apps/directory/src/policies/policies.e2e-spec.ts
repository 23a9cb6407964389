/**
 * Mobile device mailbox policies and email address policies with mailctl against a running
 * all-in-one stack (a real mailctl process over HTTPS).
 */
import { startStack, type Stack } from '@mail/runtime/testing';

const ADMIN = { user: 'admin@contoso.com', password: 'Admin-Password-1' };

describe('policies with mailctl', () => {
  let stack: Stack;
  const mailctl = (args: string[]) => stack.mailctl(args, ADMIN);
  const json = (args: string[]) => stack.mailctlJson(args, ADMIN);

  beforeAll(async () => {
    stack = await startStack({
      env: { ORG_DOMAIN: 'contoso.com', ADMIN_PASSWORD: ADMIN.password },
    });
  });
  afterAll(() => stack.stop());

  it('refuses a malformed policy value with a 400 naming the setting, writing nothing', async () => {
    const run = await mailctl(['policy', 'add', 'Broken', '--set', 'MaxAttachmentSize=lots']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/MaxAttachmentSize: .*\(400 bad-request\)/);
    expect((await json(['policy', 'list'])).policies.map((p: { name: string }) => p.name)).toEqual([
      'Default',
    ]);
  });

  it('adds, changes, assigns and shows a policy', async () => {
    const added = await json([
      'policy',
      'add',
      'Sales',
      '--set',
      'DevicePasswordEnabled=true',
      '--set',
      'MinDevicePasswordLength=6',
      '--set',
      'UnapprovedInROMApplicationList=Solitaire.exe, Camera.exe',
    ]);
    expect(added.settings).toMatchObject({
      DevicePasswordEnabled: true,
      MinDevicePasswordLength: 6,
      UnapprovedInROMApplicationList: ['Solitaire.exe', 'Camera.exe'],
    });
    const set = await json(['policy', 'set', 'sales', '--set', 'MaxAttachmentSize=', '--default']);
    expect(set).toMatchObject({
      name: 'Sales',
      isDefault: true,
      settings: { MaxAttachmentSize: null },
    });
    const shown = await json(['policy', 'show', 'Default']);
    expect(shown.isDefault).toBe(false);

    await json(['mailbox', 'add', 'kim@contoso.com', '--display-name', 'Kim Ito']);
    expect(await json(['policy', 'assign', 'Default', '--mailbox', 'kim@contoso.com'])).toEqual({
      address: 'kim@contoso.com',
      policy: 'Default',
      usesDefault: false,
    });
    const removeAssigned = await mailctl(['policy', 'remove', 'Default']);
    expect(removeAssigned.code).toBe(1);
    expect(removeAssigned.stderr).toMatch(/assigned to 1 mailbox.*\(409 conflict\)/);
    expect(
      await json(['policy', 'assign', '--mailbox', 'kim@contoso.com', '--default-policy']),
    ).toMatchObject({ policy: 'Sales', usesDefault: true });
    const removeDefault = await mailctl(['policy', 'remove', 'Sales']);
    expect(removeDefault.stderr).toMatch(/default policy.*\(409 conflict\)/);
  });

  it('gives a mailbox the address its domain policy %g.%s@domain makes, as a proxy', async () => {
    await json(['domain', 'add', 'fabrikam.com']);
    const policy = await json([
      'address-policy',
      'add',
      'Fabrikam people',
      '--template',
      '%g.%s@fabrikam.com',
      '--template',
      'smtp:%1g%s@fabrikam.com',
      '--priority',
      '10',
      '--domain',
      'fabrikam.com',
    ]);
    expect(policy.enabledPrimarySmtpAddressTemplate).toBe('SMTP:%g.%s@fabrikam.com');
    // A new mailbox gets its policy addresses at creation, as in Exchange.
    const created = await json([
      'mailbox',
      'add',
      'jdoe@fabrikam.com',
      '--display-name',
      'Jörg Doe',
      '--given-name',
      'Jörg',
      '--surname',
      'Doe',
    ]);
    expect(created.proxyAddresses).toEqual(
      expect.arrayContaining(['SMTP:jorg.doe@fabrikam.com', 'smtp:jdoe@fabrikam.com']),
    );
    expect(await json(['address-policy', 'apply', '--mailbox', 'jdoe@fabrikam.com'])).toEqual({
      policy: 'Fabrikam people',
      mailboxes: 1,
      changed: 0,
      skipped: [],
    });

    await json(['mailbox', 'add', 'other@fabrikam.com', '--display-name', 'J Doe']);
    const jane = await json([
      'mailbox',
      'add',
      'jane@fabrikam.com',
      '--display-name',
      'Jane Doe',
      '--given-name',
      'Jane',
      '--surname',
      'Doe',
    ]);
    expect(jane.primarySmtpAddress).toBe('jane.doe@fabrikam.com');
    const applied = await json(['address-policy', 'apply', 'Fabrikam people']);
    // jdoe@ (J + Doe) is jdoe@'s own address already: Jane's is skipped, not taken over.
    expect(applied).toMatchObject({ policy: 'Fabrikam people', mailboxes: 3, changed: 0 });
    expect(applied.skipped).toEqual([
      {
        mailbox: 'jane.doe@fabrikam.com',
        address: 'jdoe@fabrikam.com',
        reason: expect.any(String),
      },
    ]);
    const listed = await mailctl(['address-policy', 'list']);
    expect(listed.stdout).toMatch(
      /10\s+Fabrikam people\s+fabrikam\.com\s+SMTP:%g\.%s@fabrikam\.com/,
    );
  });
});
