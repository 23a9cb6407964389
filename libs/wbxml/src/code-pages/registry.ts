// Lookup structures derived once from the code-page tables: token -> tag for the decoder,
// namespace/tag -> token for the encoder, namespace URI -> page for the XML reader.
import { PAGES_0_9 } from './pages-0-9';
import { PAGES_10_17 } from './pages-10-17';
import { PAGES_18_25 } from './pages-18-25';
import type { PageSpec, ProtocolVersion } from './types';
import { PROTOCOL_VERSIONS } from './types';

/** Everything known about one tag; decoded elements point at these shared objects' names. */
export interface TagInfo {
  readonly page: number;
  readonly namespace: string;
  readonly name: string;
  readonly token: number;
  readonly since: ProtocolVersion;
  readonly until: ProtocolVersion;
}

export interface PageInfo {
  readonly page: number;
  readonly namespace: string;
  /** Wire spelling used in XML namespace declarations, e.g. "AirSync:". */
  readonly uri: string;
  readonly prefix: string;
  readonly section: string;
  readonly since: ProtocolVersion;
  /** Indexed by token (0..63); undefined where the page assigns nothing. */
  readonly byToken: readonly (TagInfo | undefined)[];
  readonly byName: ReadonlyMap<string, TagInfo>;
}

export const CODE_PAGES: readonly PageSpec[] = [...PAGES_0_9, ...PAGES_10_17, ...PAGES_18_25];

function buildPage(spec: PageSpec, index: number): PageInfo {
  if (spec.page !== index) throw new Error(`code page table out of order at ${index}`);
  const byToken: (TagInfo | undefined)[] = new Array(64).fill(undefined);
  const byName = new Map<string, TagInfo>();
  for (const [token, name, since, until] of spec.tags) {
    if (token < 0x05 || token > 0x3f || byToken[token] || byName.has(name)) {
      throw new Error(`bad or duplicate tag ${spec.namespace}:${name} (0x${token.toString(16)})`);
    }
    const info: TagInfo = {
      page: spec.page,
      namespace: spec.namespace,
      name,
      token,
      since: since ?? spec.since,
      until: until ?? '16.1',
    };
    byToken[token] = info;
    byName.set(name, info);
  }
  return {
    page: spec.page,
    namespace: spec.namespace,
    uri: `${spec.namespace}:`,
    prefix: spec.prefix,
    section: spec.section,
    since: spec.since,
    byToken,
    byName,
  };
}

export const PAGES: readonly PageInfo[] = CODE_PAGES.map(buildPage);

const pageByNamespace = new Map<string, PageInfo>(PAGES.map((p) => [p.namespace, p]));

/** The page for a namespace name as used in the tree ("AirSync", "Email2", ...). */
export function pageOf(namespace: string): PageInfo | undefined {
  return pageByNamespace.get(namespace);
}

// Older names some tools still print for four pages (the conformance checker accepts them).
const LEGACY_NAMES: Readonly<Record<string, string>> = {
  poommail: 'Email',
  poomcal: 'Calendar',
  poomcontacts: 'Contacts',
  poomtasks: 'Tasks',
};
const pageByLowerName = new Map<string, PageInfo>(PAGES.map((p) => [p.namespace.toLowerCase(), p]));

/**
 * Resolves an XML namespace URI to its page: the wire form "AirSync:", the schema form
 * "AirSync", any letter case ("Gal:"), and the legacy POOM* names are all accepted.
 */
export function pageForUri(uri: string): PageInfo | undefined {
  const bare = (uri.endsWith(':') ? uri.slice(0, -1) : uri).toLowerCase();
  const legacy = LEGACY_NAMES[bare];
  return legacy ? pageByNamespace.get(legacy) : pageByLowerName.get(bare);
}

/** The tag, if any, for a namespace and name. */
export function tagOf(namespace: string, name: string): TagInfo | undefined {
  return pageByNamespace.get(namespace)?.byName.get(name);
}

/** Whether `version` carries the tag, per the spec's "Protocol versions" column. */
export function tagInVersion(tag: TagInfo, version: ProtocolVersion): boolean {
  const v = PROTOCOL_VERSIONS.indexOf(version);
  return v >= PROTOCOL_VERSIONS.indexOf(tag.since) && v <= PROTOCOL_VERSIONS.indexOf(tag.until);
}
