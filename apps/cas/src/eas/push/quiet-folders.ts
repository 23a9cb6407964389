/**
 * Folders this CAS knows to have had no change since a device's Sync read them, so that the
 * Ping a phone sends right after that Sync need not ask the mailbox whether the device is
 * behind on them (MS-ASCMD 3.1.5.8): under push load that question was one bus request and
 * one statement for every message delivered.
 *
 * A Sync begins a mark for each collection before it reads anything, and settles it only when
 * its answer gave the device the folder's whole journal. Every change event for the folder
 * from the mark on removes the mark, whoever made the change (the mailbox tells the device's
 * own changes from others'; this does not). A Ping takes a settled mark still present as
 * "not behind" and asks the mailbox about every other folder, as before. Events reach this as
 * they reach a held Ping, so a mark is as sound as a held Ping's wait; it lives a few minutes
 * and the number kept is bounded.
 */
import type { FolderChangedEvent, HierarchyChangedEvent } from '@mail/contracts';

interface Mark {
  settled: boolean;
  readonly at: number;
}

export const QUIET_LIMITS = {
  /** How long a settled mark stands for the mailbox's answer. */
  ttlMs: 5 * 60_000,
  /** Mailboxes with marks; beyond it the least recently marked is forgotten. */
  maxMailboxes: 100_000,
  /** Marks per mailbox (devices times folders); beyond it the mailbox's are forgotten. */
  maxPerMailbox: 200,
};

const markKey = (holder: string, folderId: string) => `${holder}\n${folderId}`;

export class QuietFolders {
  /** mailbox -> (holder, folder) -> mark; a Map keeps insertion order, oldest first. */
  private readonly mailboxes = new Map<string, Map<string, Mark>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Marks the folder before a Sync of `holder` reads it; the result settles the mark. */
  begin(mailbox: string, holder: string, folderId: string): () => void {
    let marks = this.mailboxes.get(mailbox);
    if (marks) this.mailboxes.delete(mailbox);
    else marks = new Map();
    const now = this.now();
    for (const [key, old] of marks) if (now - old.at >= QUIET_LIMITS.ttlMs) marks.delete(key);
    if (marks.size >= QUIET_LIMITS.maxPerMailbox) marks.clear();
    this.mailboxes.set(mailbox, marks);
    if (this.mailboxes.size > QUIET_LIMITS.maxMailboxes)
      this.mailboxes.delete(this.mailboxes.keys().next().value!);
    const key = markKey(holder, folderId);
    const mark: Mark = { settled: false, at: now };
    marks.set(key, mark);
    return () => {
      if (this.mailboxes.get(mailbox)?.get(key) === mark) mark.settled = true;
    };
  }

  /** Whether the folder is unchanged since a Sync of `holder` gave it all its changes. */
  quiet(mailbox: string, holder: string, folderId: string): boolean {
    const mark = this.mailboxes.get(mailbox)?.get(markKey(holder, folderId));
    return mark !== undefined && mark.settled && this.now() - mark.at < QUIET_LIMITS.ttlMs;
  }

  folderChanged(event: FolderChangedEvent): void {
    const marks = this.mailboxes.get(event.mailbox);
    if (!marks) return;
    for (const key of [...marks.keys()])
      if (event.folderIds.includes(key.slice(key.lastIndexOf('\n') + 1))) marks.delete(key);
  }

  hierarchyChanged(event: HierarchyChangedEvent): void {
    this.mailboxes.delete(event.mailbox);
  }
}
