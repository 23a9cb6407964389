/** Reads RFC 7617 Basic credentials from an Authorization header; null when absent or malformed. */
export interface BasicCredentials {
  userName: string;
  password: string;
}

/** Longer headers are refused before decoding: no real user name and password come near this. */
const MAX_HEADER_LENGTH = 2048;

export function parseBasicAuthorization(header: string | undefined): BasicCredentials | null {
  if (!header || header.length > MAX_HEADER_LENGTH) return null;
  const match = /^Basic[ ]+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { userName: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
