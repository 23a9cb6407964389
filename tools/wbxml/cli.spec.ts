// The command-line tool, run in-process with fake streams.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliIo } from './cli-run';

const VECTORS = join(__dirname, '../../libs/wbxml/test-vectors');

function run(argv: string[], files: Record<string, Uint8Array | string>) {
  const out: (Uint8Array | string)[] = [];
  let err = '';
  const io: CliIo = {
    readInput: (path) => {
      const f = files[path];
      if (f === undefined) throw new Error('ENOENT: no such file');
      return typeof f === 'string' ? new TextEncoder().encode(f) : f;
    },
    writeOut: (d) => out.push(d),
    writeErr: (t) => (err += t),
  };
  const code = runCli(argv, io);
  return { code, out, err };
}

describe('wbxml cli', () => {
  const bytes = new Uint8Array(readFileSync(join(VECTORS, 'ping-response.wbxml')));
  const xml = readFileSync(join(VECTORS, 'ping-response.xml'), 'utf8');

  it('decode prints the XML view', () => {
    expect(run(['decode', '-'], { '-': bytes })).toEqual({ code: 0, out: [xml], err: '' });
  });

  it('encode writes the WBXML bytes', () => {
    const r = run(['encode', 'p.xml'], { 'p.xml': xml });
    expect(r.code).toBe(0);
    expect(Buffer.from(r.out[0] as Uint8Array)).toEqual(Buffer.from(bytes));
  });

  it('encode --libwbxml reads wbxml2xml output', () => {
    const r = run(['encode', '--libwbxml', 'x'], {
      x: '<Sync xmlns="AirSync:"><ApplicationData><Reply-To xmlns="Email:">a</Reply-To></ApplicationData></Sync>',
    });
    expect(r.code).toBe(0);
  });

  it('bad input: message on stderr, exit 1', () => {
    expect(run(['decode', 'f'], { f: bytes.subarray(0, 7) })).toMatchObject({
      code: 1,
      err: expect.stringMatching(/truncated/),
    });
    expect(run(['encode', 'f'], { f: '<Nope/>' })).toMatchObject({
      code: 1,
      err: expect.stringMatching(/unknown-namespace/),
    });
    expect(run(['encode', 'f'], { f: new Uint8Array([0xff]) })).toMatchObject({
      code: 1,
      err: expect.stringMatching(/not UTF-8/),
    });
    expect(run(['decode', 'missing'], {})).toMatchObject({
      code: 1,
      err: expect.stringMatching(/cannot read/),
    });
  });

  it('usage errors: exit 2', () => {
    for (const argv of [[], ['decode'], ['frob', 'x'], ['decode', 'a', 'b']]) {
      expect(run(argv, {})).toMatchObject({ code: 2, err: expect.stringMatching(/^usage/) });
    }
  });
});
