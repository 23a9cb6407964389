import { el, type WbxmlElement } from '@mail/wbxml';
import { EasProtocolError } from '../command';
import { readSyncRequest } from './sync-request';

const S = 'AirSync';
const E = 'Email';
const ITEM = '0f8e3c2a-1b4d-4e6f-8a9b-0c1d2e3f4a5b';
const sync = (collection: WbxmlElement[], rest: WbxmlElement[] = []) =>
  el(S, 'Sync', [el(S, 'Collections', [el(S, 'Collection', collection)]), ...rest]);

describe('readSyncRequest', () => {
  it('reads a collection with options and commands', () => {
    const request = readSyncRequest(
      sync([
        el(S, 'SyncKey', '3'),
        el(S, 'CollectionId', 'f1'),
        el(S, 'DeletesAsMoves', '0'),
        el(S, 'GetChanges', '1'),
        el(S, 'WindowSize', '900'),
        el(S, 'Options', [el(S, 'FilterType', '3'), el(S, 'MIMESupport', '2')]),
        el(S, 'Commands', [
          el(S, 'Change', [
            el(S, 'ServerId', ITEM),
            el(S, 'ApplicationData', [
              el(E, 'Read', '1'),
              el(E, 'Flag', [
                el(E, 'Status', '2'),
                el('Tasks', 'UtcDueDate', '2026-12-02T00:00:00.000Z'),
              ]),
              el(E, 'Categories', [el(E, 'Category', 'Work')]),
            ]),
          ]),
          el(S, 'Delete', [el(S, 'ServerId', ITEM)]),
          el(S, 'Fetch', [el(S, 'ServerId', ITEM)]),
        ]),
      ]),
    );
    const [collection] = request.collections;
    expect(collection.syncKey).toBe('3');
    expect(collection.options).toMatchObject({
      deletesAsMoves: false,
      getChanges: true,
      windowSize: 512,
      filterType: 3,
    });
    expect(collection.options.email?.mimeSupport).toBe(2);
    expect(collection.commands).toEqual([
      {
        kind: 'change',
        serverId: ITEM,
        read: true,
        flag: {
          status: 2,
          dueDate: '2026-12-02T00:00:00.000Z',
          startDate: undefined,
          completeTime: undefined,
        },
        categories: ['Work'],
      },
      { kind: 'delete', serverId: ITEM },
      { kind: 'fetch', serverId: ITEM },
    ]);
  });

  it('reads an empty body, Partial and the hold', () => {
    expect(readSyncRequest(null)).toEqual({ empty: true, partial: false, collections: [] });
    const partial = readSyncRequest(el(S, 'Sync', [el(S, 'Wait', '5'), el(S, 'Partial')]));
    expect(partial).toMatchObject({ partial: true, waitSeconds: 300, holdBy: 'Wait' });
    const beat = readSyncRequest(
      el(S, 'Sync', [el(S, 'HeartbeatInterval', '90'), el(S, 'Partial')]),
    );
    expect(beat).toMatchObject({ waitSeconds: 90, holdBy: 'HeartbeatInterval' });
  });

  it.each([
    ['another root', el('FolderHierarchy', 'FolderSync', [])],
    ['a WindowSize of 0', sync([el(S, 'CollectionId', 'f1'), el(S, 'WindowSize', '0')])],
    ['a text WindowSize', sync([el(S, 'CollectionId', 'f1'), el(S, 'WindowSize', 'lots')])],
    ['no CollectionId', sync([el(S, 'SyncKey', '1')])],
    ['an unknown command', sync([el(S, 'CollectionId', 'f1'), el(S, 'Commands', [el(S, 'Nuke')])])],
    [
      'a Change without data',
      sync([
        el(S, 'CollectionId', 'f1'),
        el(S, 'Commands', [el(S, 'Change', [el(S, 'ServerId', ITEM)])]),
      ]),
    ],
    [
      'Read 2',
      sync([
        el(S, 'CollectionId', 'f1'),
        el(S, 'Commands', [
          el(S, 'Change', [
            el(S, 'ServerId', ITEM),
            el(S, 'ApplicationData', [el(E, 'Read', '2')]),
          ]),
        ]),
      ]),
    ],
    [
      'Wait and HeartbeatInterval',
      el(S, 'Sync', [el(S, 'Wait', '1'), el(S, 'HeartbeatInterval', '60')]),
    ],
    [
      '101 collections',
      el(S, 'Sync', [
        el(
          S,
          'Collections',
          Array.from({ length: 101 }, () => el(S, 'Collection', [el(S, 'CollectionId', 'f')])),
        ),
      ]),
    ],
  ])('refuses %s', (_what, body) => {
    expect(() => readSyncRequest(body)).toThrow(EasProtocolError);
  });
});
