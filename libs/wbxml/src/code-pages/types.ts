// Shapes of the MS-ASWBXML code-page data. The tables themselves live in pages-*.ts, written
// once; everything else (decoder, encoder, XML view) is derived from them in registry.ts.

/** ActiveSync protocol versions named by [MS-ASHTTP] 2.2.4.1.2.2, oldest first. */
export const PROTOCOL_VERSIONS = ['2.5', '12.0', '12.1', '14.0', '14.1', '16.0', '16.1'] as const;
export type ProtocolVersion = (typeof PROTOCOL_VERSIONS)[number];

/**
 * One row of a code-page table: token, tag name exactly as MS-ASWBXML spells it, and the
 * protocol versions that carry it as a range. `since` omitted means "from the page's own
 * `since`" (usually 2.5, i.e. the spec's "All"); `until` omitted means "still in 16.1".
 */
export type TagRow = readonly [
  token: number,
  name: string,
  since?: ProtocolVersion,
  until?: ProtocolVersion,
];

export interface PageSpec {
  /** Code page number, 0..25. */
  readonly page: number;
  /** Namespace name as in MS-ASWBXML (the wire form adds a colon: "AirSync:"). */
  readonly namespace: string;
  /** Prefix the MS-ASCMD examples use for this namespace in XML. */
  readonly prefix: string;
  /** Section of [MS-ASWBXML] (protocol 16.1) the table comes from. */
  readonly section: string;
  /** First protocol version that has this page; the default for its rows. */
  readonly since: ProtocolVersion;
  readonly tags: readonly TagRow[];
}
