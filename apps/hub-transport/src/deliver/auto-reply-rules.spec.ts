import { parseHeaderSection } from '../message/header-section';
import { mayAutoReply } from './auto-reply-rules';

const headers = (text: string) => parseHeaderSection(Buffer.from(`${text}\r\n\r\nbody\r\n`));
const PAT = ['pat@contoso.com', 'p.lee@contoso.com'];

describe('which messages an out-of-office answer may follow (RFC 3834)', () => {
  it('answers a person writing to the user', () => {
    expect(mayAutoReply(headers('Subject: hi'), 'kim@fabrikam.example', PAT)).toBe(true);
    expect(mayAutoReply(headers('Auto-Submitted: no'), 'kim@fabrikam.example', PAT)).toBe(true);
  });

  it.each([
    ['the null reverse-path', 'Subject: hi', ''],
    ['a mailer daemon', 'Subject: hi', 'MAILER-DAEMON@fabrikam.example'],
    ['the user itself', 'Subject: hi', 'P.Lee@contoso.com'],
    ['an automatic message', 'Auto-Submitted: auto-replied', 'kim@fabrikam.example'],
    ['bulk mail', 'Precedence: bulk', 'kim@fabrikam.example'],
    ['list mail', 'List-Unsubscribe: <mailto:leave@lists.example>', 'kim@fabrikam.example'],
    ['a sender that suppresses OOF', 'X-Auto-Response-Suppress: DR, OOF', 'kim@fabrikam.example'],
  ])('never answers %s', (_what, header, sender) => {
    expect(mayAutoReply(headers(header), sender, PAT)).toBe(false);
  });
});
