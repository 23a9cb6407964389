/**
 * Every bound of the EAS front door in one place (STYLE.md). What a device sends is bounded
 * here before anything else reads it; the caches and the throttle are bounded so that many
 * devices cost a known amount of memory.
 */
import { MAX_SUBMISSION_BYTES } from '@mail/contracts';

export const EAS_LIMITS = Object.freeze({
  /** Characters of the query string (plain or base64 form); attachment names make it long. */
  maxQueryLength: 4096,
  /** Request body of a command unless the command declares its own bound. */
  defaultMaxBodyBytes: 4 * 1024 * 1024,
  /** Element nesting of a WBXML request; the deepest EAS request is about 12 levels. */
  maxWbxmlDepth: 32,
  /** Characters of a header a device sends that we keep (User-Agent, X-MS-PolicyKey...). */
  maxHeaderLength: 1024,
  /** Mailbox Search and Find: what one query may name and how far it may page. */
  mailboxSearch: Object.freeze({
    /** airsync:CollectionId elements in one query. */
    maxCollections: 100,
    /** Folders searched once DeepTraversal adds the subfolders (libs/contracts allows 1000). */
    maxFolders: 1000,
    /** Conditions (FreeText, Class, dates...) in one query, nested And/Or included. */
    maxConditions: 32,
    /** Nesting of And/Or below Query: deeper is answered as too complex. */
    maxDepth: 2,
    /** Results per answer (the spec's 0-99), and the last index a Range may name (3 digits). */
    pageSize: 100,
    maxIndex: 999,
  }),
  /** A device repeating the same failing request: free repeats, then growing delays. */
  throttle: Object.freeze({
    windowMs: 60_000,
    freeRepeats: 3,
    baseDelayMs: 1_000,
    maxDelayMs: 30_000,
    maxTrackedDevices: 50_000,
  }),
  /**
   * Bus requests devices' traffic has out at once (BusClient.admitting): enough to keep the
   * other roles busy, few enough that none waits long at their end when every device
   * reconnects together.
   */
  busInFlight: 256,
  /** What CAS remembers of the directory and the mailbox, per entry kind. */
  cache: Object.freeze({
    maxEntries: 50_000,
    deviceMs: 30_000,
    policyMs: 60_000,
    vdirMs: 30_000,
    identityMs: 60_000,
    /**
     * A mailbox's folder list. The mailbox's HierarchyChanged event drops it at once; this
     * bounds what a lost event costs. (At 2 s, under push load every Sync read it again.)
     */
    foldersMs: 30_000,
  }),
  /** Ping: a request lists folder ids (bounded by MaxFolders); parameters kept per device. */
  ping: Object.freeze({
    maxBodyBytes: 64 * 1024,
    /** An empty Ping reuses what the device last sent within this time (then Status 3). */
    rememberMs: 24 * 60 * 60_000,
    maxRememberedDevices: 100_000,
  }),
  /** Autodiscover request bodies are a few hundred bytes. */
  autodiscoverMaxBodyBytes: 16 * 1024,
  /** SendMail, SmartReply, SmartForward: the largest submission, plus WBXML around it. */
  composeMaxBodyBytes: MAX_SUBMISSION_BYTES + 1024 * 1024,
  /** Fetch, EmptyFolderContents and Move operations in one ItemOperations request. */
  itemOperationsMax: 64,
});
