// Every valid sample response of the conformance checker goes through the codec (XML -> tree
// -> WBXML -> tree -> XML view) and the XML view we print must still pass Microsoft's schemas
// via shared/conformance/validate-eas-xml (needs xmllint from libxml2-utils).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decode } from './decoder';
import { encode } from './encoder';
import { XmlViewError } from './errors';
import { treesEqual } from './tree';
import { fromXml } from './xml/xml-reader';
import { toXml } from './xml/xml-writer';

const CONFORMANCE = resolve(__dirname, '../../../../shared/conformance');
const SAMPLES = join(CONFORMANCE, 'samples', 'valid');

// Samples WBXML cannot carry, each with the reason. Autodiscover is plain XML over HTTP in a
// namespace that is no MS-ASWBXML code page ([MS-ASCMD] 2.1), so it never passes this codec.
const NOT_WBXML: Readonly<Record<string, string>> = {
  'autodiscover-error.xml': 'Autodiscover is plain XML, not WBXML',
  'autodiscover-mobilesync.xml': 'Autodiscover is plain XML, not WBXML',
};

const samples = existsSync(SAMPLES)
  ? readdirSync(SAMPLES)
      .filter((f) => f.endsWith('.xml'))
      .sort()
  : [];

describe('conformance samples through the codec', () => {
  it('finds the samples', () => {
    expect(samples.length).toBeGreaterThanOrEqual(25);
  });

  it.each(samples.filter((f) => NOT_WBXML[f]))('%s is refused as not WBXML (%#)', (file) => {
    expect(() => fromXml(readFileSync(join(SAMPLES, file), 'utf8'))).toThrow(XmlViewError);
  });

  it.each(samples.filter((f) => !NOT_WBXML[f]))(
    '%s: encode, decode, print; the validator says OK',
    (file) => {
      const tree = fromXml(readFileSync(join(SAMPLES, file), 'utf8'));
      const back = decode(encode(tree));
      expect(treesEqual(back, tree)).toBe(true);
      const run = spawnSync(join(CONFORMANCE, 'validate-eas-xml'), ['-'], {
        input: toXml(back),
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^OK /);
    },
  );
});
