import {
  expandTemplate,
  foldForAddress,
  parseTemplate,
  parseTemplates,
  type Person,
} from './address-template';

const pat: Person = { alias: 'plee', displayName: 'Pat Q. Lee', givenName: 'Pat', surname: 'Lee' };
const expand = (template: string, person = pat) => expandTemplate(parseTemplate(template), person);

describe('address templates', () => {
  it('expands each placeholder', () => {
    expect(expand('%g.%s@contoso.com')).toBe('pat.lee@contoso.com');
    expect(expand('%m@contoso.com')).toBe('plee@contoso.com');
    expect(expand('%i@contoso.com')).toBe('pql@contoso.com');
    expect(expand('%d@contoso.com')).toBe('patq.lee@contoso.com');
    expect(expand('%g@contoso.com')).toBe('pat@contoso.com');
    expect(expand('%s@contoso.com')).toBe('lee@contoso.com');
  });

  it('takes the first n characters with %<n>x', () => {
    expect(expand('%1g%s@contoso.com')).toBe('plee@contoso.com');
    expect(expand('%1s%g@contoso.com')).toBe('lpat@contoso.com');
    expect(expand('%2g_%3s@contoso.com')).toBe('pa_lee@contoso.com');
    expect(expand('%10g@contoso.com')).toBe('pat@contoso.com');
  });

  it('folds diacritics to ASCII and drops characters an address cannot hold', () => {
    const person = {
      alias: 'elodie',
      displayName: 'Élodie Müller-Lüdenscheidt',
      givenName: 'Élodie',
      surname: "Müller-Lüdenscheidt O'Brien",
    };
    expect(expand('%g.%s@contoso.com', person)).toBe(
      "elodie.muller-ludenscheidto'brien@contoso.com",
    );
    expect(expand('%1g%s@contoso.com', { ...person, surname: 'Ñúñez (Sales)' })).toBe(
      'enunezsales@contoso.com',
    );
    expect(foldForAddress('Ærø Çé')).toBe('rce');
  });

  it('skips an address when a placeholder it uses is empty', () => {
    expect(expand('%g.%s@contoso.com', { ...pat, surname: null })).toBeNull();
    expect(expand('%g.%s@contoso.com', { ...pat, givenName: '  ' })).toBeNull();
    expect(expand('%g@contoso.com', { ...pat, givenName: '李' })).toBeNull();
    expect(expand('%m@contoso.com', { ...pat, givenName: null })).toBe('plee@contoso.com');
  });

  it('keeps the local part a dot-atom', () => {
    expect(expand('%d@contoso.com', { ...pat, displayName: 'J.. Smith.' })).toBe(
      'j.smith@contoso.com',
    );
  });

  it('picks the SMTP: template as the reply address, else the first', () => {
    expect(parseTemplates(['%m@contoso.com', 'SMTP:%g.%s@contoso.com']).map((t) => t.text)).toEqual(
      ['SMTP:%g.%s@contoso.com', 'smtp:%m@contoso.com'],
    );
    expect(parseTemplates(['%g.%s@Contoso.com', 'smtp:%m@contoso.com']).map((t) => t.text)).toEqual(
      ['SMTP:%g.%s@contoso.com', 'smtp:%m@contoso.com'],
    );
    expect(() => parseTemplates(['SMTP:%g@contoso.com', 'SMTP:%m@contoso.com'])).toThrow(
      /only one template may be the reply address/,
    );
  });

  it('refuses malformed templates, saying which', () => {
    expect(() => parseTemplates(['%m@contoso.com', '%x@contoso.com'])).toThrow(
      /templates\[1\]: .*unknown placeholder/,
    );
    expect(() => parseTemplate('%m')).toThrow(/local-part@domain/);
    expect(() => parseTemplate('%m@not a domain')).toThrow(/not a domain name/);
    expect(() => parseTemplate('info@contoso.com')).toThrow(/no placeholder/);
    expect(() => parseTemplate('%g %s@contoso.com')).toThrow(/cannot appear/);
    expect(() => parseTemplate('Smtp:%g@contoso.com')).toThrow(/SMTP: \(reply address\) or smtp:/);
    expect(() => parseTemplate('%0g@contoso.com')).toThrow(/always be empty/);
  });
});
