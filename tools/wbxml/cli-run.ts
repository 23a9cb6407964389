// The wbxml command-line tool as a function of its arguments and streams, so tests can run
// it in-process; cli.ts binds it to the real process.
import {
  decode,
  encode,
  fromXml,
  toXml,
  WbxmlDecodeError,
  WbxmlEncodeError,
  XmlViewError,
} from '@mail/wbxml';

export interface CliIo {
  /** Reads a whole file, or standard input for "-". */
  readInput(path: string): Uint8Array;
  writeOut(data: Uint8Array | string): void;
  writeErr(text: string): void;
}

export const USAGE = `usage: wbxml decode FILE|-    print the XML view of an EAS WBXML body
       wbxml encode FILE|-    read that XML view, write the WBXML body to stdout
options: --libwbxml (encode: accept wbxml2xml's element names and opaque fields)
`;

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Runs the tool; returns the process exit code (0 ok, 1 bad input, 2 usage). */
export function runCli(argv: readonly string[], io: CliIo): number {
  const args = argv.filter((a) => a !== '--libwbxml');
  const libwbxml = args.length !== argv.length;
  const [command, file, ...rest] = args;
  if ((command !== 'decode' && command !== 'encode') || file === undefined || rest.length > 0) {
    io.writeErr(USAGE);
    return 2;
  }
  let input: Uint8Array;
  try {
    input = io.readInput(file);
  } catch (e) {
    io.writeErr(`wbxml: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    if (command === 'decode') {
      io.writeOut(toXml(decode(input)));
    } else {
      const text = utf8(input);
      if (text === undefined) {
        io.writeErr('wbxml: input is not UTF-8\n');
        return 1;
      }
      io.writeOut(encode(fromXml(text, { libwbxml })));
    }
    return 0;
  } catch (e) {
    if (
      e instanceof WbxmlDecodeError ||
      e instanceof WbxmlEncodeError ||
      e instanceof XmlViewError
    ) {
      io.writeErr(`wbxml: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
