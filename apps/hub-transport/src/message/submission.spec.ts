import { parseHeaderSection } from './header-section';
import { applySubmissionRules, headerFacts } from './submission';

const pat = { displayName: 'Pat "P" Lee', addresses: ['pat@contoso.com', 'p.lee@contoso.com'] };
const mime = (head: string) =>
  Buffer.from(`${head}\r\nSubject: hi\r\n\r\nBcc: stays in the body\r\n`);

describe('submission rules', () => {
  it('reads the hop count and whether Message-ID and Date are there', () => {
    const section = parseHeaderSection(
      Buffer.from('Received: a\r\nReceived: b\r\nDate: x\r\n\r\n'),
    );
    expect(headerFacts(section)).toEqual({ hops: 2, hasMessageId: false, hasDate: true });
  });

  it('lets a user send as any of their addresses and removes Bcc from the header only', () => {
    const result = applySubmissionRules(
      mime('From: Pat <P.Lee@contoso.com>\r\nTo: lee@fabrikam.com\r\nBcc: boss@contoso.com'),
      pat,
      { addMissingFrom: false },
    );
    expect(result.ok).toBe(true);
    const text = result.ok ? result.mime.toString() : '';
    expect(text).not.toContain('boss@');
    expect(text).toContain('Bcc: stays in the body');
  });

  it("refuses a From or Sender that is not the user's", () => {
    expect(
      applySubmissionRules(mime('From: ceo@contoso.com'), pat, { addMissingFrom: true }),
    ).toEqual({
      ok: false,
      sender: 'ceo@contoso.com',
    });
    expect(
      applySubmissionRules(mime('From: pat@contoso.com\r\nSender: x@y.example'), pat, {
        addMissingFrom: false,
      }),
    ).toEqual({ ok: false, sender: 'x@y.example' });
  });

  it("gives a submission without From the user's primary address when asked", () => {
    const result = applySubmissionRules(mime('To: lee@fabrikam.com'), pat, {
      addMissingFrom: true,
    });
    expect(result.ok && result.mime.toString()).toMatch(
      /^From: "Pat {2}P {2}Lee" <pat@contoso.com>\r\n/,
    );
    const kept = mime('To: lee@fabrikam.com');
    const untouched = applySubmissionRules(kept, pat, { addMissingFrom: false });
    expect(untouched.ok && untouched.mime).toBe(kept);
  });
});
