/**
 * Reads a user's Inbox through the mailbox role's bus requests, as a test sees the result of
 * delivery (EAS is not there to ask yet).
 */
import {
  AttachmentGet,
  ChangesListSubject,
  FOLDER_TYPE,
  FolderListSubject,
  ItemFetch,
  ItemGet,
  type EmailItem,
} from '@mail/contracts';
import type { BusClient } from '@mail/runtime';

export async function inboxItems(bus: BusClient, mailbox: string): Promise<EmailItem[]> {
  const { folders } = await bus.request(FolderListSubject, { mailbox });
  const inbox = folders.find((f) => f.type === FOLDER_TYPE.inbox);
  if (!inbox) return [];
  const present = new Set<string>();
  for (let after = 0; ;) {
    const page = await bus.request(ChangesListSubject, {
      mailbox,
      folderId: inbox.id,
      after,
      window: 512,
    });
    for (const change of page.changes) {
      if (change.kind === 'add' || change.kind === 'move-in') present.add(change.itemId);
      if (change.kind === 'delete' || change.kind === 'move-out') present.delete(change.itemId);
      after = change.changeNumber;
    }
    if (page.remaining === 0) break;
  }
  const items: EmailItem[] = [];
  for (const itemId of present) items.push(await bus.request(ItemGet, { mailbox, itemId }));
  return items;
}

/** Waits until `check` passes on the Inbox (delivery happens after the 250). */
export async function eventuallyInbox(
  bus: BusClient,
  mailbox: string,
  check: (items: EmailItem[]) => boolean,
  timeoutMs = 20_000,
): Promise<EmailItem[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const items = await inboxItems(bus, mailbox).catch(() => []);
    if (check(items)) return items;
    if (Date.now() > deadline)
      throw new Error(
        `Inbox of ${mailbox} not as expected: ${items.map((i) => i.subject).join(' | ')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function attachmentData(
  bus: BusClient,
  mailbox: string,
  reference: string,
): Promise<Buffer> {
  const content = await bus.request(AttachmentGet, { mailbox, reference });
  return Buffer.from(content.data, 'base64');
}

/** The item's message as stored (EAS would send it as MIME). */
export async function rawMime(bus: BusClient, mailbox: string, itemId: string): Promise<string> {
  const { items } = await bus.request(ItemFetch, {
    mailbox,
    itemIds: [itemId],
    select: { properties: false, attachments: false, body: { type: 'mime' } },
  });
  return Buffer.from(items[0].body!.data, 'base64').toString('utf8');
}
