import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PAGES, tagInVersion, tagOf } from '@mail/wbxml';
import { EAS_POLICY_SETTINGS, EAS_POLICY_SETTING_NAMES } from './settings';
import { PROTOCOL_VERSIONS } from './setting-types';
import { DEFAULT_EAS_POLICY, validatePolicy } from './validate';

// Microsoft's schema, kept unmodified in the shared conformance folder (see its SOURCE.md).
const XSD = resolve(__dirname, '../../../../shared/conformance/xsd/Provision.xsd');

/** Child element names of EASProvisionDoc in Microsoft's schema, in sequence order. */
function xsdSequence(): string[] {
  const xsd = readFileSync(XSD, 'utf8');
  const doc = xsd.slice(xsd.indexOf('name="EASProvisionDoc"'));
  const names: string[] = [];
  // Top-level children are indented 8 spaces; nested list items (ApplicationName, Hash) deeper.
  for (const m of doc.matchAll(/^ {8}<xs:element name="([A-Za-z]+)"/gmu)) names.push(m[1]);
  return names;
}

describe('EAS policy settings table', () => {
  it('has 42 settings with unique names', () => {
    expect(EAS_POLICY_SETTINGS).toHaveLength(42);
    expect(new Set(EAS_POLICY_SETTING_NAMES).size).toBe(42);
  });

  it("lists exactly the schema's EASProvisionDoc children, in its sequence order", () => {
    expect(EAS_POLICY_SETTING_NAMES).toEqual(xsdSequence());
  });

  it('names every setting as the WBXML Provision code page does', () => {
    expect(PAGES.some((p) => p.namespace === 'Provision')).toBe(true);
    for (const s of EAS_POLICY_SETTINGS) {
      expect(tagOf('Provision', s.name)).toBeDefined();
      if (s.kind === 'stringList') expect(tagOf('Provision', s.itemElement)).toBeDefined();
    }
  });

  it('gives every setting a unique MS-ASPROV 2.2.2.x section', () => {
    const sections = EAS_POLICY_SETTINGS.map((s) => s.section);
    for (const s of sections) expect(s).toMatch(/^2\.2\.2\.\d+$/u);
    expect(new Set(sections).size).toBe(sections.length);
  });

  it('carries every setting from 12.0 or 12.1 through 16.1, never in 2.5', () => {
    for (const s of EAS_POLICY_SETTINGS) {
      const first = PROTOCOL_VERSIONS.indexOf(s.versions[0]);
      expect(['12.0', '12.1']).toContain(s.versions[0]);
      expect(s.versions).toEqual(PROTOCOL_VERSIONS.slice(first));
    }
  });

  it('has defaults that pass its own validation', () => {
    expect(validatePolicy({ ...DEFAULT_EAS_POLICY })).toEqual([]);
  });

  it('keeps integer ranges and empty handling consistent', () => {
    for (const s of EAS_POLICY_SETTINGS) {
      if (s.kind !== 'integer') continue;
      expect(s.min).toBeLessThanOrEqual(s.max);
      expect(s.emptyAllowed).toBe(s.wireType.endsWith('OrEmpty'));
      if (s.default === null) expect(s.emptyAllowed).toBe(true);
      else expect(s.default >= s.min && s.default <= s.max).toBe(true);
      for (const v of s.specialValues ?? [])
        expect(v.value >= s.min && v.value <= s.max).toBe(true);
    }
  });

  it('gives every enum its values, each with a meaning, and a default among them', () => {
    const enums = EAS_POLICY_SETTINGS.filter((s) => s.kind === 'enum');
    expect(enums.map((s) => s.name).sort()).toEqual([
      'AllowBluetooth',
      'AllowSMIMEEncryptionAlgorithmNegotiation',
      'MaxCalendarAgeFilter',
      'MaxEmailAgeFilter',
      'RequireEncryptionSMIMEAlgorithm',
      'RequireSignedSMIMEAlgorithm',
    ]);
    for (const s of enums) {
      const values = s.values.map((v) => v.value);
      expect(values.length).toBeGreaterThan(1);
      expect(new Set(values).size).toBe(values.length);
      for (const v of s.values) expect(v.meaning.length).toBeGreaterThan(0);
      expect(values).toContain(s.default);
    }
    const values = (name: string) => enums.find((s) => s.name === name)!.values.map((v) => v.value);
    expect(values('MaxCalendarAgeFilter')).toEqual([0, 4, 5, 6, 7]);
    expect(values('MaxEmailAgeFilter')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(values('AllowBluetooth')).toEqual([0, 1, 2]);
    expect(values('RequireEncryptionSMIMEAlgorithm')).toEqual([0, 1, 2, 3, 4]);
    expect(values('RequireSignedSMIMEAlgorithm')).toEqual([0, 1]);
  });

  it('bounds every list and its items', () => {
    for (const s of EAS_POLICY_SETTINGS) {
      if (s.kind !== 'stringList') continue;
      expect(s.maxItems).toBeGreaterThan(0);
      expect(s.maxItemLength).toBeGreaterThan(0);
      expect(s.default).toEqual([]);
    }
  });

  it('agrees with the WBXML Provision code page (libs/wbxml) on the versions of every setting', () => {
    const disagreements = EAS_POLICY_SETTINGS.filter((s) => {
      const tag = tagOf('Provision', s.name)!;
      return PROTOCOL_VERSIONS.some((v) => tagInVersion(tag, v) !== s.versions.includes(v));
    }).map((s) => s.name);
    expect(disagreements).toEqual([]);
  });

  it('has a meaning for both boolean values and a summary for every setting', () => {
    for (const s of EAS_POLICY_SETTINGS) {
      expect(s.summary.length).toBeGreaterThan(0);
      if (s.kind === 'boolean') {
        expect(s.meanings.true.length).toBeGreaterThan(0);
        expect(s.meanings.false.length).toBeGreaterThan(0);
      }
    }
  });
});
