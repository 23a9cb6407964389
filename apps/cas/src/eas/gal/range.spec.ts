import { answeredRange, parseGalRange } from './range';

describe('GAL ranges', () => {
  it('reads a range, cut to one page and to what the directory counts', () => {
    expect(parseGalRange(undefined)).toEqual({ start: 0, end: 99 });
    expect(parseGalRange('0-9')).toEqual({ start: 0, end: 9 });
    expect(parseGalRange(' 10-500 ')).toEqual({ start: 10, end: 109 });
    expect(parseGalRange('950-999')).toEqual({ start: 950, end: 999 });
  });

  it('refuses what is not a range', () => {
    for (const text of ['', '9-1', '0-', 'a-b', '1000-1001', '-1-5', '0-9999'])
      expect(parseGalRange(text)).toBeNull();
  });

  it('answers the range of what was returned, none for nothing', () => {
    expect(answeredRange(0, 2)).toBe('0-1');
    expect(answeredRange(10, 1)).toBe('10-10');
    expect(answeredRange(5, 0)).toBeUndefined();
  });
});
