import {
  ChangesListSubject,
  FOLDER_TYPE,
  ItemFetch,
  ItemList,
  SyncStatePropose,
  type ChangesList,
  type FetchedItem,
} from '@mail/contracts';
import { resolvePolicy } from '@mail/policy';
import { findAll, textOf } from '@mail/runtime/testing';
import { el, type WbxmlElement } from '@mail/wbxml';
import type { EasContext } from '../command';
import type { CollectionState } from './collection-state';
import { ReadAhead, type WindowStart } from './read-ahead';
import { readNextWindow, serverChanges, type Scope } from './server-changes';
import { syncCollection } from './sync-collection';
import { DEFAULT_EMAIL_OPTIONS } from '../email/email-options';
import { chooseBody, smimeBody } from '../email/email-policy';

describe('read-ahead windows', () => {
  let clock = 0;
  const start: WindowStart = { since: null, cursor: 'c1', changeNumber: 7, select: 'text' };
  const items =
    (...ids: string[]) =>
    async () =>
      ids.map((itemId) => ({ itemId }) as FetchedItem);
  beforeEach(() => (clock = 0));

  it('are handed out once, for the window they were read for', async () => {
    const ahead = new ReadAhead(() => clock, { maxWindows: 8 });
    ahead.start('pat\nphone\ninbox', start, items('a', 'b'));
    expect(ahead.take('pat\nphone\ninbox', { ...start, cursor: 'c2' })).toBeUndefined();
    // A mismatch drops it: the request it was for has gone another way.
    expect(ahead.take('pat\nphone\ninbox', start)).toBeUndefined();
    ahead.start('pat\nphone\ninbox', start, items('a', 'b'));
    expect(await ahead.take('pat\nphone\ninbox', start)).toEqual([
      { itemId: 'a' },
      { itemId: 'b' },
    ]);
    expect(ahead.take('pat\nphone\ninbox', start)).toBeUndefined();
    for (const other of [
      { ...start, since: '2026-11-01T00:00:00.000Z' },
      { ...start, changeNumber: 8 },
      { ...start, select: 'mime' },
    ]) {
      ahead.start('pat\nphone\ninbox', start, items('a'));
      expect(ahead.take('pat\nphone\ninbox', other)).toBeUndefined();
    }
  });

  it('are bounded in number and age, and a failed read is an empty one', async () => {
    const limits = { maxWindows: 2, maxAgeMs: 1_000 };
    const ahead = new ReadAhead(() => clock, limits);
    expect(ahead.start('one', start, items('a'))).toBe(true);
    expect(ahead.start('two', start, items('b'))).toBe(true);
    // Full: a third does not start (nor pushes out one about to be used).
    expect(ahead.start('three', start, items('c'))).toBe(false);
    clock = 1_001;
    expect(ahead.take('one', start)).toBeUndefined();
    expect(ahead.start('three', start, () => Promise.reject(new Error('bus down')))).toBe(true);
    expect(await ahead.take('three', start)).toEqual([]);
  });

  it('are never read when the operator turned them off (EAS_SYNC_READ_AHEAD=0)', () => {
    const ahead = new ReadAhead(() => clock, { maxWindows: 0 });
    let reads = 0;
    expect(ahead.start('one', start, () => (reads++, items('a')()))).toBe(false);
    expect(reads).toBe(0);
    expect(ahead.take('one', start)).toBeUndefined();
  });
});

describe('a Sync window read ahead', () => {
  const FOLDER = 'inbox';
  const ids = Array.from({ length: 10 }, (_, i) => `m${i}`);
  const item = (itemId: string, subject: string): FetchedItem => ({
    itemId,
    folderId: FOLDER,
    class: 'Email',
    changeNumber: 1,
    read: false,
    headers: {
      messageClass: 'IPM.Note',
      subject,
      from: 'ann@example.com',
      to: 'pat@contoso.com',
      cc: null,
      replyTo: null,
      displayTo: 'Pat',
      threadTopic: subject,
      dateReceived: '2026-12-01T10:00:00.000Z',
      importance: 1,
      read: false,
      flag: { status: 0, startDate: null, dueDate: null, completeTime: null },
      categories: [],
      conversationId: 'abcd',
      conversationIndex: '01020304',
      lastVerbExecuted: null,
      lastVerbExecutionTime: null,
      preview: '',
      size: 10,
      hasAttachments: false,
    },
  });
  /** The mailbox as the bus shows it: subjects by item, the journal, and what was asked. */
  let subjects: Map<string, string>;
  let journal: ChangesList;
  let fetched: string[][];
  const bus = {
    request: async (subject: unknown, payload: Record<string, unknown>) => {
      if (subject === ItemList) {
        const from = payload.cursor ? Number(payload.cursor) : 0;
        const to = Math.min(ids.length, from + Number(payload.limit));
        return {
          items: ids.slice(from, to).map((itemId) => ({ itemId })),
          nextCursor: to < ids.length ? String(to) : null,
        };
      }
      if (subject === ChangesListSubject) return journal;
      if (subject === SyncStatePropose) return { status: 'ok' };
      if (subject === ItemFetch) {
        const asked = payload.itemIds as string[];
        fetched.push(asked);
        return {
          items: asked.map((id) => item(id, subjects.get(id)!)),
          missing: [],
          deferred: [],
        };
      }
      throw new Error(`unexpected request ${String(subject)}`);
    },
  };
  const context = {
    version: '14.1',
    user: { userPrincipalName: 'pat@contoso.com' },
    device: { id: 'phone' },
    policy: { settings: resolvePolicy({}) },
    bus,
    services: { now: () => Date.parse('2026-12-03T12:00:00.000Z'), readAhead: null },
    log: { info: () => undefined, warn: () => undefined },
  } as unknown as EasContext;
  const scope: Scope = {
    folderId: FOLDER,
    filterType: 0,
    windowSize: 4,
    bodies: { body: { easType: 1, type: 'text', allOrNone: false }, smime: null },
  };
  const subjectsOf = (commands: WbxmlElement[]) =>
    findAll(el('AirSync', 'Commands', commands), 'Add').map((add) => textOf(add, 'Subject'));

  /** The first window, answered: its items are the first four, and the next four are read. */
  async function firstWindow(): Promise<CollectionState> {
    const state: CollectionState = {
      filterType: 0,
      since: null,
      fill: { since: null, cursor: null },
      held: new Set(),
    };
    const window = await serverChanges(context, scope, state, 7);
    expect(window.more).toBe(true);
    readNextWindow(context, scope, state, window.changeNumber);
    return state;
  }

  beforeEach(() => {
    subjects = new Map(ids.map((id) => [id, `old ${id}`]));
    journal = { changes: [], latest: 7, remaining: 0 };
    fetched = [];
    (context.services as { readAhead: ReadAhead }).readAhead = new ReadAhead(Date.now, {
      maxWindows: 8,
    });
  });

  it('serves the next request without fetching, when nothing changed meanwhile', async () => {
    const state = await firstWindow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(fetched).toEqual([ids.slice(0, 4), ids.slice(4, 8)]);
    fetched = [];
    const next = await serverChanges(context, scope, state, 7);
    expect(fetched).toEqual([]);
    expect(subjectsOf(next.commands)).toEqual(ids.slice(4, 8).map((id) => `old ${id}`));
    expect([...state.held]).toEqual(ids.slice(0, 8));
  });

  it('is not used once the folder changed: the items are fetched as they are now', async () => {
    // One window per process: the window it does not serve must free its place.
    const readAhead = new ReadAhead(Date.now, { maxWindows: 1, maxAgeMs: 30_000 });
    (context.services as { readAhead: ReadAhead }).readAhead = readAhead;
    const state = await firstWindow();
    await new Promise((resolve) => setImmediate(resolve));
    // m5 changed after it was read ahead (its journal entry is past the window's number).
    subjects.set('m5', 'new m5');
    journal = {
      changes: [{ changeNumber: 8, itemId: 'm5', kind: 'change', origin: null }],
      latest: 8,
      remaining: 0,
    } as unknown as ChangesList;
    fetched = [];
    const next = await serverChanges(context, scope, state, 7);
    expect(fetched.flat().sort()).toEqual(['m4', 'm5', 'm6', 'm7']);
    expect(subjectsOf(next.commands)).toContain('new m5');
    expect(
      readAhead.start(
        'pat\nother\ninbox',
        { since: null, cursor: null, changeNumber: 8, select: '' },
        async () => [],
      ),
    ).toBe(true);
  });

  it('starts with a primed collection: the device asks for its first window next', async () => {
    const element = await syncCollection(
      context,
      {
        collectionId: FOLDER,
        syncKey: '0',
        commands: [],
        options: {
          filterType: 0,
          email: DEFAULT_EMAIL_OPTIONS,
          deletesAsMoves: true,
          getChanges: false,
          serverWins: true,
          windowSize: 4,
        },
      },
      [{ id: FOLDER, type: FOLDER_TYPE.inbox } as never],
    );
    expect(textOf(element, 'SyncKey')).toBe('1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(fetched).toEqual([ids.slice(0, 4)]);
    const state: CollectionState = {
      filterType: 0,
      since: null,
      fill: { since: null, cursor: null },
      held: new Set(),
    };
    fetched = [];
    // With the bodies the priming request asked for (it named none: the defaults).
    const bodies = {
      body: chooseBody(DEFAULT_EMAIL_OPTIONS, '14.1', context.policy.settings),
      smime: smimeBody(DEFAULT_EMAIL_OPTIONS, '14.1', context.policy.settings),
    };
    const first = await serverChanges(context, { ...scope, bodies }, state, 7);
    expect(fetched).toEqual([]);
    expect(subjectsOf(first.commands)).toHaveLength(4);
  });
});
