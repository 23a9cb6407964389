import type { FetchedItem } from '@mail/contracts';
import { el, encode, type WbxmlElement } from '@mail/wbxml';
import type { EasContext } from '../command';
import { FETCH_CHUNK_ITEMS, fetchItems, fetchSelect, withoutUncarriable } from './item-window';

const S = 'AirSync';
const add = (id: string, subject: string) =>
  el(S, 'Add', [
    el(S, 'ServerId', id),
    el(S, 'ApplicationData', [el('Email', 'Subject', subject)]),
  ]);
const fetched = (id: string, subject: string) =>
  el(S, 'Fetch', [
    el(S, 'ServerId', id),
    el(S, 'Status', '1'),
    el(S, 'ApplicationData', [el('Email', 'Subject', subject)]),
  ]);
// A lone surrogate: text WBXML (UTF-8) cannot carry.
const BAD = 'half \ud800 a pair';

describe('items WBXML cannot carry', () => {
  const warned: unknown[] = [];
  const context = {
    log: { warn: (fields: unknown) => warned.push(fields) },
  } as unknown as EasContext;
  beforeEach(() => (warned.length = 0));

  it('are left out of Commands and answered with Status 6 in Responses; the rest is kept', () => {
    const rest: WbxmlElement[] = [
      el(S, 'Commands', [add('a1', 'fine'), add('a2', BAD), add('a3', 'also fine')]),
      el(S, 'Responses', [fetched('f1', BAD), fetched('f2', 'fine')]),
      el(S, 'MoreAvailable'),
    ];
    expect(() => encode(el(S, 'Collection', rest))).toThrow();
    const kept = withoutUncarriable(context, rest);
    expect(kept).toEqual([
      el(S, 'Commands', [add('a1', 'fine'), add('a3', 'also fine')]),
      el(S, 'Responses', [
        el(S, 'Fetch', [el(S, 'ServerId', 'f1'), el(S, 'Status', '6')]),
        fetched('f2', 'fine'),
      ]),
      el(S, 'MoreAvailable'),
    ]);
    expect(() => encode(el(S, 'Collection', kept))).not.toThrow();
    expect(warned).toEqual([
      expect.objectContaining({ itemId: 'a2' }),
      expect.objectContaining({ itemId: 'f1' }),
    ]);
  });

  it('drops a Commands element left empty', () => {
    expect(withoutUncarriable(context, [el(S, 'Commands', [add('a1', BAD)])])).toEqual([]);
  });
});

describe('items of a Sync window', () => {
  const item = (itemId: string, data = 'body'): FetchedItem => ({
    itemId,
    folderId: 'inbox',
    class: 'Email',
    changeNumber: 1,
    read: false,
    body: { type: 'text', data, truncated: false, size: data.length },
  });
  const body = { easType: 1 as const, type: 'text' as const, allOrNone: false };
  const asked: Array<{ itemIds: string[]; select: unknown }> = [];
  const context = {
    user: { userPrincipalName: 'pat@contoso.com' },
    bus: {
      request: async (_subject: unknown, payload: { itemIds: string[]; select: unknown }) => {
        asked.push(payload);
        return {
          items: payload.itemIds.map((id) => item(id, 'fetched')),
          missing: [],
          deferred: [],
        };
      },
    },
  } as unknown as EasContext;
  beforeEach(() => (asked.length = 0));

  it('are not fetched again when they came with the sync state; the rest are', async () => {
    const all = await fetchItems(context, ['a', 'b'], { body, smime: null }, [
      item('a'),
      item('x'),
    ]);
    expect(all.get('a')?.body?.data).toBe('body');
    expect(all.get('b')?.body?.data).toBe('fetched');
    // Only what was wanted: the prefetched item the window does not hold is not listed.
    expect([...all.keys()].sort()).toEqual(['a', 'b']);
    expect(asked).toEqual([
      { itemIds: ['b'], select: fetchSelect(body), mailbox: 'pat@contoso.com' },
    ]);

    await fetchItems(context, ['a'], { body, smime: null }, [item('a')]);
    expect(asked).toHaveLength(1);
  });

  it('are fetched in chunks asked for at once, and deferred ones asked for again', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `m${i}`);
    const waiting: Array<() => void> = [];
    const chunks: string[][] = [];
    const deferring = {
      ...context,
      bus: {
        request: async (_subject: unknown, payload: { itemIds: string[] }) => {
          chunks.push(payload.itemIds);
          // Each answer waits until every chunk was asked for: they are in flight together.
          if (chunks.length < 3) await new Promise<void>((go) => waiting.push(go));
          else waiting.splice(0).forEach((go) => go());
          // The mailbox's size budget defers the last item of the first chunk once.
          const deferred = payload.itemIds[0] === 'm0' ? ['m127'] : [];
          return {
            items: payload.itemIds.filter((id) => !deferred.includes(id)).map((id) => item(id)),
            missing: [],
            deferred,
          };
        },
      },
    } as unknown as EasContext;
    const all = await fetchItems(deferring, ids, { body, smime: null });
    expect([...all.keys()].sort()).toEqual([...ids].sort());
    expect(chunks.map((c) => c.length)).toEqual([FETCH_CHUNK_ITEMS, FETCH_CHUNK_ITEMS, 44, 1]);
    expect(chunks[3]).toEqual(['m127']);
  });
});
