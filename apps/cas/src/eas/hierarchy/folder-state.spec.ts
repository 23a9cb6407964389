import {
  decodeState,
  diffFolders,
  encodeState,
  hasChanges,
  parentsFirst,
  subtreeOf,
  type HeldFolder,
} from './folder-state';

const folder = (id: string, parentId: string | null, name = id, type = 12): HeldFolder => ({
  id,
  parentId,
  name,
  type,
});

describe('folder state', () => {
  it('round-trips what a device holds and refuses bytes it did not write', () => {
    const state = { by: 'FolderSync' as const, folders: [folder('a', null, 'Inbox', 2)] };
    expect(decodeState(encodeState(state))).toEqual(state);
    expect(decodeState(Buffer.from('not json').toString('base64'))).toBeNull();
  });

  it('orders parents before children whatever the input order', () => {
    const ordered = parentsFirst([
      folder('c', 'b'),
      folder('b', 'a'),
      folder('a', null),
      folder('x', 'missing'),
    ]);
    expect(ordered.map((f) => f.id)).toEqual(['a', 'x', 'b', 'c']);
  });

  it('finds adds, updates and deletes, naming only the top of a deleted subtree', () => {
    const held = [folder('a', null), folder('b', 'a'), folder('c', 'b'), folder('d', null)];
    const current = [folder('a', null, 'A renamed'), folder('e', 'a'), folder('f', 'e')];
    const changes = diffFolders(held, current);
    expect(changes).toEqual({
      adds: [folder('e', 'a'), folder('f', 'e')],
      updates: [folder('a', null, 'A renamed')],
      deletes: ['b', 'd'],
    });
    expect(hasChanges(diffFolders(current, current))).toBe(false);
  });

  it('finds a subtree', () => {
    const folders = [folder('a', null), folder('b', 'a'), folder('c', 'b'), folder('d', null)];
    expect([...subtreeOf(folders, 'a')].sort()).toEqual(['a', 'b', 'c']);
  });
});
