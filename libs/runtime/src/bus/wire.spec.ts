import { queueGroup, routeOf, wireSubject } from './wire';

describe('subjects on the wire', () => {
  it('prefixes subjects and names queue groups after the owning role', () => {
    expect(wireSubject('t1', 'mailbox.item.fetch')).toBe('t1.mailbox.item.fetch');
    expect(wireSubject(undefined, 'mailbox.item.fetch')).toBe('mailbox.item.fetch');
    expect(queueGroup('t1', 'mailbox.item.fetch')).toBe('t1.mailbox');
  });

  it('routes a plain subject as itself without parsing it, an object pattern through the parser', () => {
    const parse = jest.fn((pattern: string) => `parsed:${pattern}`);
    expect(routeOf('mailbox.sync-state.get', parse)).toBe('mailbox.sync-state.get');
    expect(parse).not.toHaveBeenCalled();
    expect(routeOf('{"cmd":"x"}', parse)).toBe('parsed:{"cmd":"x"}');
  });
});
