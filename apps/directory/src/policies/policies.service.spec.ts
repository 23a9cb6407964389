import { resolveAllSettings } from '@mail/policy';

const DEFAULTS = { ...resolveAllSettings() };
import { BusError, type Runtime } from '@mail/runtime';
import { DATABASE_BACKENDS, type OpenedDatabase } from '@mail/runtime/testing';
import { DirectoryRepository } from '../persistence/directory.repository';
import { RecipientRepository } from '../persistence/recipient.repository';
import { directoryStorage } from '../persistence/storage';
import { AddressPoliciesService } from './address-policies.service';
import { MailboxPoliciesService } from './mailbox-policies.service';
import { AddressPolicyRepository } from './persistence/address-policy.repository';
import { MailboxPolicyRepository } from './persistence/mailbox-policy.repository';

const busError = (code: string, message: RegExp) =>
  expect.objectContaining({ code, message: expect.stringMatching(message) });

describe.each(DATABASE_BACKENDS)('policies on %s', (_name, open) => {
  let db: OpenedDatabase;
  let recipients: RecipientRepository;
  let mobile: MailboxPoliciesService;
  let address: AddressPoliciesService;
  const user = { passwordHash: null, isAdmin: false, easEnabled: true };
  const addMailbox = (at: string, givenName?: string, surname?: string) =>
    recipients.addMailbox({
      ...user,
      address: at,
      displayName: at,
      person: { givenName, surname },
    });

  beforeEach(async () => {
    db = await open(directoryStorage);
    recipients = new RecipientRepository(db.dataSource);
    const directory = new DirectoryRepository(db.dataSource);
    await directory.ensureAcceptedDomain('contoso.com', 'Authoritative', true);
    await directory.ensureAcceptedDomain('fabrikam.com', 'ExternalRelay', false);
    mobile = new MailboxPoliciesService(new MailboxPolicyRepository(db.dataSource), recipients, {
      bus: { emit: async () => undefined },
    } as unknown as Runtime);
    address = new AddressPoliciesService(
      new AddressPolicyRepository(db.dataSource),
      recipients,
      directory,
    );
  });
  afterEach(() => db.close());

  it('starts with the Default policy holding every default setting', async () => {
    const { policies } = await mobile.list();
    expect(policies).toEqual([
      expect.objectContaining({
        name: 'Default',
        isDefault: true,
        settings: DEFAULTS,
      }),
    ]);
  });

  it('adds, changes and shows a policy, storing the full resolved set', async () => {
    const added = await mobile.add({
      name: 'Sales',
      isDefault: false,
      settings: {
        DevicePasswordEnabled: 1,
        MaxAttachmentSize: 1048576,
        AllowNonProvisionableDevices: 1,
        DevicePolicyRefreshInterval: 24,
      },
    });
    expect(added.settings).toMatchObject({
      DevicePasswordEnabled: true,
      MaxAttachmentSize: 1048576,
      AllowNonProvisionableDevices: true,
      DevicePolicyRefreshInterval: 24,
    });
    expect(Object.keys(added.settings)).toEqual(Object.keys(DEFAULTS));
    const changed = await mobile.set({ name: 'sales', settings: { MaxAttachmentSize: null } });
    expect(changed.settings).toMatchObject({
      DevicePasswordEnabled: true,
      MaxAttachmentSize: null,
    });
    await expect(mobile.add({ name: 'SALES', isDefault: false, settings: {} })).rejects.toEqual(
      busError('conflict', /already exists/),
    );
  });

  it('refuses a malformed value naming the setting, writing nothing', async () => {
    await expect(
      mobile.add({ name: 'Bad', isDefault: false, settings: { MaxAttachmentSize: 'big' } }),
    ).rejects.toEqual(busError('bad-request', /^MaxAttachmentSize: /));
    await expect(mobile.set({ name: 'Default', settings: { Nope: 1 } })).rejects.toBeInstanceOf(
      BusError,
    );
    expect((await mobile.list()).policies.map((p) => p.name)).toEqual(['Default']);
    expect((await mobile.show('Default')).settings).toEqual(DEFAULTS);
  });

  it('keeps exactly one default, which cannot be removed', async () => {
    await mobile.add({ name: 'Strict', isDefault: true, settings: {} });
    expect((await mobile.list()).policies.map((p) => [p.name, p.isDefault])).toEqual([
      ['Default', false],
      ['Strict', true],
    ]);
    await expect(mobile.remove('Strict')).rejects.toEqual(busError('conflict', /default policy/));
    await mobile.set({ name: 'Default', isDefault: true, settings: {} });
    expect(await mobile.remove('Strict')).toEqual({ removed: 'Strict' });
  });

  it('assigns per user, falls back to the default, refuses removing an assigned policy', async () => {
    await addMailbox('pat@contoso.com');
    await mobile.add({ name: 'Sales', isDefault: false, settings: { AllowCamera: false } });
    expect((await mobile.effective('pat@contoso.com')).name).toBe('Default');
    expect(await mobile.assign('pat@contoso.com', 'sales')).toEqual({
      address: 'pat@contoso.com',
      policy: 'Sales',
      usesDefault: false,
    });
    const effective = await mobile.effective('pat@contoso.com');
    expect(effective).toMatchObject({ name: 'Sales', settings: { AllowCamera: false } });
    expect(Date.parse(effective.updatedAt)).not.toBeNaN();
    await expect(mobile.remove('Sales')).rejects.toEqual(busError('conflict', /assigned to 1/));
    expect(await mobile.assign('pat@contoso.com', null)).toMatchObject({
      policy: 'Default',
      usesDefault: true,
    });
    await mobile.remove('Sales');
    await expect(mobile.effective('nobody@contoso.com')).rejects.toEqual(
      busError('not-found', /no mailbox/),
    );
  });

  it('checks address policy templates and their domains', async () => {
    await expect(
      address.add({ name: 'X', priority: 1, templates: ['%g.%s@fabrikam.com'] }),
    ).rejects.toEqual(
      busError('bad-request', /fabrikam\.com is not an accepted domain we deliver/),
    );
    await expect(
      address.add({ name: 'X', priority: 1, templates: ['%q@contoso.com'] }),
    ).rejects.toEqual(busError('bad-request', /templates\[0\]/));
    const added = await address.add({
      name: 'People',
      priority: 1,
      domain: 'contoso.com',
      templates: ['smtp:%m@contoso.com', 'SMTP:%g.%s@contoso.com'],
    });
    expect(added).toEqual({
      name: 'People',
      priority: 1,
      domain: 'contoso.com',
      enabledPrimarySmtpAddressTemplate: 'SMTP:%g.%s@contoso.com',
      enabledEmailAddressTemplates: ['SMTP:%g.%s@contoso.com', 'smtp:%m@contoso.com'],
    });
    await expect(
      address.add({ name: 'Other', priority: 1, templates: ['%m@contoso.com'] }),
    ).rejects.toEqual(busError('conflict', /priority 1/));
  });

  it('stamps addresses, keeps manual ones, removes stale policy ones, skips collisions', async () => {
    const pat = await addMailbox('pat@contoso.com', 'Pat', 'Lée');
    await recipients.updateMailbox(pat.id, { addAddresses: ['boss@contoso.com'] });
    await addMailbox('p.lee@contoso.com'); // takes the address the second template makes
    await address.add({
      name: 'First',
      priority: 5,
      templates: ['%g.%s@contoso.com', '%1g.%s@contoso.com'],
    });
    const applied = await address.applyTo('pat@contoso.com');
    expect(applied).toEqual({
      policy: 'First',
      mailboxes: 1,
      changed: 1,
      skipped: [
        { mailbox: 'pat@contoso.com', address: 'p.lee@contoso.com', reason: expect.any(String) },
      ],
    });
    let row = (await recipients.findMailbox('pat@contoso.com'))!;
    expect(row.primarySmtpAddress).toBe('pat.lee@contoso.com');
    expect(row.addresses.sort()).toEqual([
      'boss@contoso.com',
      'pat.lee@contoso.com',
      'pat@contoso.com',
    ]);

    // A higher-priority policy now governs: its addresses replace the old policy's.
    await address.add({
      name: 'Second',
      priority: 1,
      templates: ['%s@contoso.com', '%g@contoso.com'],
    });
    expect(await address.apply('First')).toMatchObject({ mailboxes: 0, changed: 0 });
    expect(await address.apply('Second')).toMatchObject({ mailboxes: 2, changed: 1 }); // p.lee has no names: nothing to make
    row = (await recipients.findMailbox('pat@contoso.com'))!;
    expect(row.primarySmtpAddress).toBe('lee@contoso.com');
    // pat.lee (the old policy's) is gone; pat@ and boss@ were set by hand and stay.
    expect(row.addresses.sort()).toEqual([
      'boss@contoso.com',
      'lee@contoso.com',
      'pat@contoso.com',
    ]);
    // Applying again changes nothing.
    expect(await address.apply('Second')).toMatchObject({ changed: 0 });
  });
});
