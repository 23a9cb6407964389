import { QUIET_LIMITS, QuietFolders } from './quiet-folders';

const PAT = 'pat@contoso.com';
const PHONE = 'pat@contoso.com\nPHONE1';

describe('folders quiet since a Sync', () => {
  let now = 0;
  const quiet = () => new QuietFolders(() => now);
  beforeEach(() => (now = 1_000));

  it('is quiet once settled, until any change of the folder, for a few minutes', () => {
    const folders = quiet();
    const settle = folders.begin(PAT, PHONE, 'inbox');
    expect(folders.quiet(PAT, PHONE, 'inbox')).toBe(false);
    settle();
    expect(folders.quiet(PAT, PHONE, 'inbox')).toBe(true);
    folders.folderChanged({ mailbox: PAT, folderIds: ['sent'] });
    folders.folderChanged({ mailbox: 'lee@contoso.com', folderIds: ['inbox'] });
    expect(folders.quiet(PAT, PHONE, 'inbox')).toBe(true);
    folders.folderChanged({ mailbox: PAT, folderIds: ['sent', 'inbox'] });
    expect(folders.quiet(PAT, PHONE, 'inbox')).toBe(false);

    folders.begin(PAT, PHONE, 'inbox')();
    now += QUIET_LIMITS.ttlMs;
    expect(folders.quiet(PAT, PHONE, 'inbox')).toBe(false);
  });

  it('does not settle a mark a change removed, or one a newer Sync replaced', () => {
    const folders = quiet();
    const settle = folders.begin(PAT, PHONE, 'inbox');
    folders.folderChanged({ mailbox: PAT, folderIds: ['inbox'] });
    settle();
    expect(folders.quiet(PAT, PHONE, 'inbox')).toBe(false);

    const older = folders.begin(PAT, PHONE, 'inbox');
    folders.begin(PAT, PHONE, 'inbox');
    older();
    expect(folders.quiet(PAT, PHONE, 'inbox')).toBe(false);
  });

  it("is one device's: another device, a hierarchy change, the bounds forget", () => {
    const folders = quiet();
    folders.begin(PAT, PHONE, 'inbox')();
    expect(folders.quiet(PAT, 'pat@contoso.com\nTABLET', 'inbox')).toBe(false);
    folders.hierarchyChanged({ mailbox: PAT });
    expect(folders.quiet(PAT, PHONE, 'inbox')).toBe(false);

    folders.begin(PAT, PHONE, 'inbox')();
    for (let i = 0; i < QUIET_LIMITS.maxPerMailbox; i++) folders.begin(PAT, PHONE, `folder-${i}`);
    expect(folders.quiet(PAT, PHONE, 'inbox')).toBe(false);

    folders.begin(PAT, PHONE, 'inbox')();
    for (let i = 0; i < QUIET_LIMITS.maxMailboxes; i++) folders.begin(`user${i}`, 'x', 'inbox');
    expect(folders.quiet(PAT, PHONE, 'inbox')).toBe(false);
  });
});
