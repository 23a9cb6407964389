/** A date as RFC 5322 3.3 writes it, in UTC: `Tue, 04 Nov 2025 10:00:00 +0000`. */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/ GMT$/, ' +0000');
}
