import type { X509Certificate } from 'node:crypto';
import { certificateIdentity } from './client-certificate';

const certificate = (subject: string, subjectAltName?: string) =>
  ({ subject, subjectAltName, fingerprint256: 'AB:CD' }) as unknown as X509Certificate;

describe('certificateIdentity', () => {
  it('reads the subject in certificate order, the SAN UPN and emails', () => {
    expect(
      certificateIdentity(
        certificate(
          'CN=Pat Lee\nO=Contoso\nC=US',
          'email:Pat@Contoso.com, othername:UPN:pat.upn@contoso.com, DNS:x.example',
        ),
      ),
    ).toEqual({
      subject: 'CN=Pat Lee,O=Contoso,C=US',
      sanUpn: 'pat.upn@contoso.com',
      sanEmails: ['pat@contoso.com'],
      fingerprint: 'AB:CD',
    });
  });

  it('copes with a certificate without alternative names', () => {
    expect(certificateIdentity(certificate('CN=Kim'))).toEqual({
      subject: 'CN=Kim',
      sanUpn: undefined,
      sanEmails: [],
      fingerprint: 'AB:CD',
    });
  });
});
