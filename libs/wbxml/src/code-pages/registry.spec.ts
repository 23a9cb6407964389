// The code-page data: shape, and spot checks of facts read from the MS-ASWBXML pages.
import { CODE_PAGES, PAGES, pageForUri, pageOf, tagInVersion, tagOf } from './registry';

describe('MS-ASWBXML code pages', () => {
  it('defines pages 0..25 in order, each with its spec section and wire namespace', () => {
    expect(PAGES.map((p) => p.page)).toEqual([...Array(26).keys()]);
    expect(PAGES.map((p) => p.namespace)).toEqual([
      'AirSync',
      'Contacts',
      'Email',
      'AirNotify',
      'Calendar',
      'Move',
      'GetItemEstimate',
      'FolderHierarchy',
      'MeetingResponse',
      'Tasks',
      'ResolveRecipients',
      'ValidateCert',
      'Contacts2',
      'Ping',
      'Provision',
      'Search',
      'GAL',
      'AirSyncBase',
      'Settings',
      'DocumentLibrary',
      'ItemOperations',
      'ComposeMail',
      'Email2',
      'Notes',
      'RightsManagement',
      'Find',
    ]);
    for (const p of PAGES) {
      expect(p.section).toBe(`2.1.2.1.${p.page + 1}`);
      expect(p.uri).toBe(`${p.namespace}:`);
    }
  });

  it('has unique tokens in 0x05..0x3F and unique names per page', () => {
    for (const spec of CODE_PAGES) {
      const tokens = spec.tags.map(([t]) => t);
      expect(new Set(tokens).size).toBe(tokens.length);
      expect(new Set(spec.tags.map(([, n]) => n)).size).toBe(tokens.length);
      for (const t of tokens) expect(t >= 0x05 && t <= 0x3f).toBe(true);
    }
    expect(PAGES[3].byName.size).toBe(0); // AirNotify: no longer used
    expect(PAGES.reduce((n, p) => n + p.byName.size, 0)).toBe(607);
  });

  it('matches the tables of the spec pages read for this issue (pages 10, 12, 25)', () => {
    const names = (page: number) => [...PAGES[page].byName.values()].map((t) => [t.token, t.name]);
    expect(names(10).slice(-8)).toEqual([
      [0x16, 'Availability'],
      [0x17, 'StartTime'],
      [0x18, 'EndTime'],
      [0x19, 'MergedFreeBusy'],
      [0x1a, 'Picture'],
      [0x1b, 'MaxSize'],
      [0x1c, 'Data'],
      [0x1d, 'MaxPictures'],
    ]);
    expect(names(12)).toEqual([
      [0x05, 'CustomerId'],
      [0x06, 'GovernmentId'],
      [0x07, 'IMAddress'],
      [0x08, 'IMAddress2'],
      [0x09, 'IMAddress3'],
      [0x0a, 'ManagerName'],
      [0x0b, 'CompanyMainPhone'],
      [0x0c, 'AccountName'],
      [0x0d, 'NickName'],
      [0x0e, 'MMS'],
    ]);
    expect(tagOf('Find', 'GalSearchCriterion')?.token).toBe(0x19);
    expect(tagOf('Find', 'Picture')?.token).toBe(0x22);
    expect(PAGES[25].byToken[0x0f]).toBeUndefined();
  });

  it('marks the protocol versions that carry a tag', () => {
    expect(tagInVersion(tagOf('ResolveRecipients', 'Availability')!, '12.1')).toBe(false);
    expect(tagInVersion(tagOf('ResolveRecipients', 'Availability')!, '14.0')).toBe(true);
    expect(tagInVersion(tagOf('ResolveRecipients', 'Picture')!, '14.0')).toBe(false);
    expect(tagInVersion(tagOf('Find', 'Find')!, '16.0')).toBe(false);
    expect(tagInVersion(tagOf('Email', 'Location')!, '16.0')).toBe(false);
    expect(tagInVersion(tagOf('AirSyncBase', 'Location')!, '16.0')).toBe(true);
    expect(tagInVersion(tagOf('AirSync', 'Sync')!, '2.5')).toBe(true);
  });

  it('carries the 2.5-only tags, which only 2.5 uses', () => {
    const body = tagOf('Email', 'Body')!;
    expect(body.token).toBe(0x0c);
    expect(tagInVersion(body, '2.5')).toBe(true);
    for (const v of ['12.0', '12.1', '14.0', '14.1', '16.0', '16.1'] as const) {
      expect(tagInVersion(body, v)).toBe(false);
    }
    expect([0x05, 0x06, 0x0e, 0x10, 0x36].map((t) => PAGES[2].byToken[t]?.name)).toEqual([
      'Attachment',
      'Attachments',
      'BodyTruncated',
      'DisplayName',
      'MIMEData',
    ]);
    expect(tagOf('AirSync', 'Truncation')?.until).toBe('2.5');
    expect(tagOf('Tasks', 'Body')?.token).toBe(0x05);
    // Its successor is the other way round.
    expect(tagInVersion(tagOf('AirSyncBase', 'Body')!, '2.5')).toBe(false);
    expect(tagInVersion(tagOf('AirSyncBase', 'Body')!, '12.0')).toBe(true);
  });

  it('has the version marks corrected from the element pages', () => {
    expect(tagInVersion(tagOf('Calendar', 'ExceptionStartTime')!, '16.0')).toBe(false);
    expect(tagInVersion(tagOf('MeetingResponse', 'ProposedStartTime')!, '16.0')).toBe(false);
    expect(tagInVersion(tagOf('Email', 'InternetCPID')!, '2.5')).toBe(true);
    expect(tagInVersion(tagOf('Provision', 'RequireStorageCardEncryption')!, '12.0')).toBe(false);
    expect(tagInVersion(tagOf('Provision', 'AllowSimpleDevicePassword')!, '12.0')).toBe(true);
  });

  it('resolves namespace URIs in wire, schema, any-case and legacy forms', () => {
    expect(pageForUri('AirSync:')?.page).toBe(0);
    expect(pageForUri('AirSync')?.page).toBe(0);
    expect(pageForUri('Gal:')?.page).toBe(16);
    expect(pageForUri('POOMMAIL:')?.page).toBe(2);
    expect(pageForUri('urn:nope')).toBeUndefined();
    expect(pageOf('Email2')?.page).toBe(22);
  });
});
