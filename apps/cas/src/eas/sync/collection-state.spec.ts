import { randomUUID } from 'node:crypto';
import { decodeCollectionState, encodeCollectionState } from './collection-state';
import { effectiveFilter, inWindow, windowStart } from './filter-window';
import { resolvePolicy } from '@mail/policy';

const ITEM = '0f8e3c2a-1b4d-4e6f-8a9b-0c1d2e3f4a5b';

describe('collection state', () => {
  it('round-trips the filter, the fill and the held items', () => {
    const state = {
      filterType: 3,
      since: '2026-11-24T10:00:00.000Z',
      fill: { since: '2026-11-24T10:00:00.000Z', cursor: 'abc' },
      held: new Set([ITEM, '00000000-0000-4000-8000-000000000001']),
    };
    expect(decodeCollectionState(encodeCollectionState(state))).toEqual(state);
  });

  it('keeps thousands of held ids exactly, every hex digit in every position', () => {
    const held = new Set(
      Array.from({ length: 5000 }, () => randomUUID()).concat([
        'ffffffff-ffff-4fff-bfff-ffffffffffff',
        '01234567-89ab-4cde-8f01-23456789abcd',
      ]),
    );
    const state = { filterType: 0, since: null, fill: null, held };
    const blob = encodeCollectionState(state);
    expect(decodeCollectionState(blob)).toEqual(state);
    expect(Buffer.from(blob, 'base64').subarray(-16).toString('hex')).toBe(
      '0123456789ab4cde8f0123456789abcd',
    );
  });

  it('does not take a blob it did not write', () => {
    expect(decodeCollectionState('')).toBeNull();
    expect(decodeCollectionState(Buffer.from('{"v":2}').toString('base64'))).toBeNull();
    const good = Buffer.from(
      encodeCollectionState({ filterType: 0, since: null, fill: null, held: new Set([ITEM]) }),
      'base64',
    );
    expect(decodeCollectionState(good.subarray(0, good.length - 3).toString('base64'))).toBeNull();
  });
});

describe('filter window', () => {
  it('narrows the device filter to the policy maximum', () => {
    expect(effectiveFilter(0, resolvePolicy({}))).toBe(0);
    expect(effectiveFilter(0, resolvePolicy({ MaxEmailAgeFilter: 3 }))).toBe(3);
    expect(effectiveFilter(5, resolvePolicy({ MaxEmailAgeFilter: 3 }))).toBe(3);
    expect(effectiveFilter(1, resolvePolicy({ MaxEmailAgeFilter: 3 }))).toBe(1);
  });

  it('starts the window on the hour, FilterType days back', () => {
    const now = Date.parse('2026-12-01T10:35:00.000Z');
    expect(windowStart(0, now)).toBeNull();
    expect(windowStart(3, now)).toBe('2026-11-24T10:00:00.000Z');
    expect(inWindow('2026-11-24T10:00:00.000Z', '2026-11-25T00:00:00.000Z')).toBe(true);
    expect(inWindow('2026-11-24T10:00:00.000Z', '2026-11-20T00:00:00.000Z')).toBe(false);
  });
});
