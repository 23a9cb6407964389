import type { ChangesList } from '@mail/contracts';
import { journalWindow } from './server-changes';

/** The mailbox's answer for `window` entries after `after`, of a journal numbered after+1.. */
function listed(after: number, latest: number, window: number): ChangesList {
  const changes = Array.from({ length: Math.min(window, latest - after) }, (_, i) => ({
    changeNumber: after + 1 + i,
    itemId: `item-${after + 1 + i}`,
    kind: 'add' as const,
    origin: null,
  }));
  return { changes, latest, remaining: latest - (changes.at(-1)?.changeNumber ?? after) };
}

describe('the journal read with the sync state', () => {
  it('stands for a ChangesList request of the window the Sync has, after the same number', () => {
    const read = { ...listed(10, 30, 512), after: 10 };
    for (const window of [1, 5, 20, 512])
      expect(journalWindow(read, 10, window)).toEqual(listed(10, 30, window));
    const wide = { ...listed(10, 30, 8), after: 10 };
    expect(journalWindow(wide, 10, 5)).toEqual(listed(10, 30, 5));
    expect(journalWindow(wide, 10, 8)).toEqual(listed(10, 30, 8));
    const none = { ...listed(30, 30, 512), after: 30 };
    expect(journalWindow(none, 30, 100)).toEqual(listed(30, 30, 100));
  });

  it('is not used when read after another number or with fewer entries than the window needs', () => {
    const read = { ...listed(10, 30, 8), after: 10 };
    expect(journalWindow(read, 12, 5)).toBeUndefined();
    expect(journalWindow(read, 10, 9)).toBeUndefined();
    expect(journalWindow(undefined, 10, 5)).toBeUndefined();
  });
});
