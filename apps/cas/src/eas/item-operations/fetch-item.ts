/**
 * ItemOperations Fetch of a mailbox item (MS-ASCMD 2.2.1.10.1.1): by CollectionId and
 * ServerId, or by a Search result's LongId, always within the signed-in user's mailbox. The
 * email is rendered as Sync renders it (email/render-email.ts, with the policy enforced);
 * in a multipart response the body's Data travels in its own part.
 */
import { ItemFetch, type FetchedItem } from '@mail/contracts';
import { el, type WbxmlElement } from '@mail/wbxml';
import type { EasContext } from '../command';
import { chooseBody, isSmime, smimeBody, type BodyChoice } from '../email/email-policy';
import { emailApplicationData } from '../email/render-email';
import { itemIdOf } from '../item-id';
import { dataElement } from './fetch-attachment';
import type { FetchOptions, FetchTarget } from './item-operations-request';
import { ITEM_OPERATIONS_STATUS as STATUS } from './item-operations-status';
import type { MultipartParts } from './multipart';

const NS = 'ItemOperations';

/** The body's Data moved into a part of the multipart response (a Part element in its place). */
function bodyInPart(data: WbxmlElement[], parts: MultipartParts): WbxmlElement[] {
  return data.map((element) => {
    if (element.ns !== 'AirSyncBase' || element.tag !== 'Body' || !Array.isArray(element.content))
      return element;
    const body = element.content as WbxmlElement[];
    return el(
      element.ns,
      'Body',
      body.map((child) =>
        child.tag === 'Data' && typeof child.content === 'string'
          ? dataElement(Buffer.from(child.content, 'utf8'), parts)
          : child,
      ),
    );
  });
}

export async function fetchItem(
  context: EasContext,
  target: Extract<FetchTarget, { kind: 'item' | 'long-id' }>,
  options: FetchOptions,
  parts: MultipartParts | null,
): Promise<WbxmlElement> {
  const ids =
    target.kind === 'item'
      ? [
          el('AirSync', 'CollectionId', target.collectionId),
          el('AirSync', 'ServerId', target.serverId),
        ]
      : [el('Search', 'LongId', target.longId)];
  const answer = (status: number, rest: WbxmlElement[] = []) =>
    el(NS, 'Fetch', [el(NS, 'Status', String(status)), ...ids, ...rest]);
  const itemId = itemIdOf(target.kind === 'item' ? target.serverId : target.longId);
  if (itemId === null) return answer(STATUS.notFound);
  const settings = context.policy.settings;
  const read = async (choice: BodyChoice) => {
    const reply = await context.bus.request(ItemFetch, {
      mailbox: context.user.userPrincipalName,
      itemIds: [itemId],
      select: {
        properties: true,
        body: { type: choice.type, truncateBytes: choice.truncateBytes },
        attachments: settings.AttachmentsEnabled !== false,
      },
    });
    return reply.items[0] as FetchedItem | undefined;
  };
  let choice = chooseBody(options.email, context.version, settings);
  let item = await read(choice);
  if (!item || (target.kind === 'item' && item.folderId !== target.collectionId.toLowerCase()))
    return answer(STATUS.notFound);
  // MIMESupport 1: an S/MIME message again, as MIME (the device cannot show it otherwise).
  const smime = smimeBody(options.email, context.version, settings);
  if (smime && item.headers && isSmime(item.headers.messageClass)) {
    choice = smime;
    item = (await read(smime)) ?? item;
  }
  // Other classes are fetched through Sync until their renderers exist.
  if (item.class !== 'Email') return answer(STATUS.notSupported);
  const data = emailApplicationData(item, { version: context.version, settings, body: choice });
  return answer(STATUS.success, [
    el('AirSync', 'Class', 'Email'),
    el(NS, 'Properties', parts ? bodyInPart(data, parts) : data),
  ]);
}
