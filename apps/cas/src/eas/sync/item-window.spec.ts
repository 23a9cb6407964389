import { el, encode, type WbxmlElement } from '@mail/wbxml';
import type { EasContext } from '../command';
import { withoutUncarriable } from './item-window';

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
