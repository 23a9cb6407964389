import { parseSignInName } from './sign-in-name';

describe('parseSignInName', () => {
  it.each([
    ['pat@Contoso.com', { kind: 'upn', upn: 'pat@contoso.com' }],
    ['CONTOSO\\pat', { kind: 'alias', alias: 'pat' }],
    ['pat', { kind: 'alias', alias: 'pat' }],
    ['  pat@contoso.com ', { kind: 'upn', upn: 'pat@contoso.com' }],
  ])('reads %j', (input, expected) => expect(parseSignInName(input)).toEqual(expected));

  it.each([
    '',
    '@contoso.com',
    'pat@',
    'a@b@c',
    'CONTOSO\\',
    'CONTOSO\\pat@x',
    'pat lee',
    'pat\u0000',
    'x'.repeat(321),
  ])('refuses %j', (input) => expect(parseSignInName(input)).toBeNull());
});
