/**
 * Every limit of hub transport in one place (STYLE.md). What an administrator sets per
 * receive connector (message size, recipients per message, connections) comes from the
 * directory; these bound the rest.
 */
export const TRANSPORT_LIMITS = {
  /** An SMTP command line, CRLF excluded. RFC 5321 4.5.3.1.4 allows 512 octets; parameters of
   *  extensions (SIZE, AUTH with an initial response) need room, so four times that. */
  maxCommandLineBytes: 2048,
  /** A line of message text, CRLF excluded (RFC 5322 2.1.1: "MUST be no more than 998"). */
  maxTextLineBytes: 998,
  /** Local part, domain and whole path of an address (RFC 5321 4.5.3.1.1-3). */
  maxLocalPartBytes: 64,
  maxDomainBytes: 255,
  maxPathBytes: 256,
  /** Refusals (5xx) a client may earn before it is disconnected; an accepted message resets it. */
  maxErrorsPerConnection: 20,
  /** Commands in one connection, whatever they are. */
  maxCommandsPerConnection: 10_000,
  /** Idle time before a connection is closed (RFC 5321 4.5.3.2.7: at least 5 minutes). */
  socketTimeoutMs: 5 * 60_000,
  /** Bytes of the header section read for trace fields and addresses. */
  maxHeaderBytes: 1024 * 1024,
  /** Received fields after which a message is taken to be looping (RFC 5321 6.3). */
  maxHops: 30,

  /** Messages written in one commit while earlier commits are in flight (group commit). */
  acceptBatch: 64,
  /** Commits of accepted messages in flight at once. */
  acceptConcurrency: 4,
  /** Messages one categorizer pass takes. */
  categorizeBatch: 64,
  /**
   * MIME of accepted messages kept in memory, over all of them, for local delivery straight
   * from memory (categorize-worker.ts); past it, a message's deliveries are queued and their
   * worker reads it back from the database.
   */
  directMimeBytes: 16 * 1024 * 1024,
  /** Deliveries one delivery pass takes. */
  deliveryBatch: 128,
  /**
   * Deliveries to the mailbox role in flight at once. Each mostly waits on bus round trips
   * (the delivery, the out-of-office question): with 16, a loaded machine capped local
   * delivery near 80 messages/s and mail queued for seconds behind it.
   */
  mailboxConcurrency: 64,
  /** SMTP transactions to remote hosts in flight at once, over all send connectors. */
  smtpConcurrency: 16,
  /** Connections kept open to one destination (host and port), and messages sent over each. */
  connectionsPerDestination: 3,
  messagesPerConnection: 100,
  /** How long an idle connection to a destination is kept for reuse. */
  destinationIdleMs: 30_000,
  /** SMTP client timeouts (RFC 5321 4.5.3.2: 5 minutes for the greeting and most replies). */
  connectTimeoutMs: 60_000,
  replyTimeoutMs: 5 * 60_000,

  /** A worker's hold on claimed work; renewed while the work runs, so a killed worker's
   *  messages are taken up by another instance within this time. */
  leaseMs: 15_000,
  /** How often workers look for work they were not told about (other instances, retries). */
  pollMs: 1000,
  /** Back-off while the mailbox role cannot take deliveries; the last step repeats. */
  mailboxRetryMs: [1000, 2000, 5000, 10_000, 30_000, 60_000],

  /** Directory answers (recipients found, domains, connectors) are reused for this long. */
  directoryCacheMs: 10_000,
  directoryCacheEntries: 10_000,
  /** How long a submission's client id is remembered, so a retried EAS SendMail is not sent twice. */
  submissionIdMs: 24 * 60 * 60_000,
  /** Recipients of one notification sent back to a sender (the rest are counted, not listed). */
  dsnRecipients: 100,
} as const;
