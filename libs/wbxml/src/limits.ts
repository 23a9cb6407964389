// All bounds of the codec in one place. Each can be overridden per call; the defaults are
// sized for EAS traffic with room to spare, and they are what keeps a hostile device from
// costing us unbounded time or memory.

export interface WbxmlLimits {
  /**
   * Largest input accepted, in bytes (decode: WBXML; XML reader: characters). Default 32 MiB:
   * above the biggest Sync/ItemOperations bodies Exchange sends (it caps a fetched attachment
   * at tens of MB), and small enough that one request cannot exhaust the process.
   */
  readonly maxInputBytes: number;
  /**
   * Most elements accepted in one document. Default 250,000: a Sync request with 512 changed
   * contacts has about 30,000, while 32 MiB of one-byte empty tags would otherwise build tens
   * of millions of objects (gigabytes) from an input within maxInputBytes.
   */
  readonly maxElements: number;
  /**
   * Deepest element nesting accepted. Default 64: the deepest EAS documents (a Sync response
   * carrying a calendar exception's attendees, or ItemOperations with EASProvisionDoc) stay
   * under 15 levels. Bounding depth also bounds recursion in the encoder and XML writer.
   */
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: WbxmlLimits = Object.freeze({
  maxInputBytes: 32 * 1024 * 1024,
  maxElements: 250_000,
  maxDepth: 64,
});

/** Defaults with any per-call overrides applied. */
export function resolveLimits(overrides?: Partial<WbxmlLimits>): WbxmlLimits {
  return overrides ? { ...DEFAULT_LIMITS, ...overrides } : DEFAULT_LIMITS;
}
