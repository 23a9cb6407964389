import { mxDestinations, parseSmartHost, type MxRecord, type MxResolver } from './destinations';

const dnsError = (code: string) => Object.assign(new Error(`query ${code}`), { code });
const resolver = (answer: Record<string, MxRecord[] | Error>): MxResolver => ({
  resolveMx: async (domain) => {
    const found = answer[domain];
    if (found instanceof Error) throw found;
    return found ?? [];
  },
});

describe('send connector destinations', () => {
  it('reads smart hosts with and without a port', () => {
    expect(parseSmartHost('relay.contoso.com')).toEqual({ host: 'relay.contoso.com', port: 25 });
    expect(parseSmartHost('10.0.0.5:587')).toEqual({ host: '10.0.0.5', port: 587 });
  });

  it('orders MX hosts by preference, each once', async () => {
    const dns = resolver({
      'fabrikam.com': [
        { exchange: 'mx2.fabrikam.com', priority: 20 },
        { exchange: 'MX1.fabrikam.com.', priority: 10 },
        { exchange: 'mx1.fabrikam.com', priority: 30 },
      ],
    });
    expect(await mxDestinations('fabrikam.com', dns)).toEqual({
      hosts: [
        { host: 'mx1.fabrikam.com', port: 25 },
        { host: 'mx2.fabrikam.com', port: 25 },
      ],
    });
  });

  it('falls back to the domain itself without MX records, and refuses a null MX', async () => {
    const dns = resolver({
      'plain.example': dnsError('ENODATA'),
      'nomail.example': [{ exchange: '', priority: 0 }],
      'gone.example': dnsError('ENOTFOUND'),
      'flaky.example': dnsError('ESERVFAIL'),
    });
    expect(await mxDestinations('plain.example', dns)).toEqual({
      hosts: [{ host: 'plain.example', port: 25 }],
    });
    expect(await mxDestinations('nomail.example', dns)).toMatchObject({ error: 'null-mx' });
    expect(await mxDestinations('gone.example', dns)).toMatchObject({ error: 'no-such-domain' });
    expect(await mxDestinations('flaky.example', dns)).toMatchObject({ error: 'dns-unavailable' });
  });
});
