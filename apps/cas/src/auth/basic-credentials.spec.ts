import { parseBasicAuthorization } from './basic-credentials';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('parseBasicAuthorization', () => {
  it('reads user name and password, keeping colons in the password', () => {
    expect(parseBasicAuthorization(basic('CONTOSO\\pat:se:cr:et'))).toEqual({
      userName: 'CONTOSO\\pat',
      password: 'se:cr:et',
    });
    expect(
      parseBasicAuthorization(`basic  ${Buffer.from('pat@contoso.com:pw').toString('base64')}`),
    ).toEqual({
      userName: 'pat@contoso.com',
      password: 'pw',
    });
  });

  it.each([
    undefined,
    '',
    'Bearer abc',
    'Basic',
    'Basic !!!',
    basic('no-colon'),
    basic(':no-user'),
    `Basic ${'A'.repeat(4000)}`,
  ])('refuses %j', (header) => expect(parseBasicAuthorization(header)).toBeNull());
});
