/**
 * Find over the mailbox (MS-ASCMD 2.2.1.2, MailBoxSearchCriterion, 16.1): the criterion's
 * Query (FreeText, airsync:Class, airsync:CollectionId, each at most once) and Options (Range,
 * DeepTraversal) as a mailbox search, and each found email as a Find Result: airsync:Class,
 * ServerId (the id Sync uses), CollectionId and the Find properties (2.2.3.139.1) in the
 * spec's order. HasAttachments counts only attachments the policy lets the device see;
 * DisplayBcc is left out (a received mail does not list its Bcc).
 */
import { FOLDER_TYPE, type FetchedItem } from '@mail/contracts';
import { el, type WbxmlElement } from '@mail/wbxml';
import type { EasContext } from '../command';
import { children } from '../command';
import { visibleAttachments } from '../email/email-policy';
import {
  checkedFreeText,
  readSearchOptions,
  text,
  SearchRefusal,
  type MailboxQuery,
  type MailboxSearchOptions,
} from './mailbox-query';
import type { MailboxPage } from './mailbox-search';

const NS = 'Find';
const E = 'Email';
const ONCE = ['FreeText', 'Class', 'CollectionId'];

export interface FindMailboxRequest {
  query: MailboxQuery;
  options: MailboxSearchOptions;
}

const invalid = (message: string) => new SearchRefusal('invalid', message);

/** A MailBoxSearchCriterion; a malformed one is refused (Find Status 2). */
export function readFindCriterion(criterion: WbxmlElement): FindMailboxRequest {
  const query = children(criterion).find((c) => c.tag === 'Query');
  if (!query) throw invalid('MailBoxSearchCriterion needs a Query');
  const parts = children(query);
  for (const part of parts) {
    if (!ONCE.includes(part.tag)) throw invalid(`${part.tag} is not a Find Query element`);
    if (parts.filter((p) => p.tag === part.tag).length > 1)
      throw invalid(`one ${part.tag} at most`);
  }
  const value = (tag: string) => {
    const part = parts.find((p) => p.tag === tag);
    return part ? text(part) : undefined;
  };
  const freeText = checkedFreeText(value('FreeText') ?? '');
  if (!freeText) throw invalid('the Query needs FreeText');
  const classValue = value('Class');
  const collectionId = value('CollectionId');
  if (classValue !== undefined && classValue.toLowerCase() !== 'email')
    throw invalid('Find searches email only');
  return {
    query: { freeText, collectionIds: collectionId ? [collectionId] : [] },
    options: readSearchOptions(children(criterion).find((c) => c.tag === 'Options')),
  };
}

const optional = (ns: string, tag: string, value: string | null | undefined) =>
  value ? [el(ns, tag, value)] : [];

/**
 * The display names of an address list ('"Kim Ray" <kim@contoso.com>, ops@contoso.com'),
 * `; `-separated as DisplayTo is (MS-ASCMD 2.2.3.48 DisplayCc); an address without a name
 * stands for itself.
 */
export function displayNames(list: string | null): string {
  if (!list) return '';
  const names: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of `${list},`) {
    if (c === '"') quoted = !quoted;
    if (c !== ',' || quoted) {
      current += c;
      continue;
    }
    const named = /^\s*"?(.*?)"?\s*<([^>]*)>\s*$/.exec(current);
    const name = named ? named[1].trim() || named[2].trim() : current.trim();
    if (name) names.push(name);
    current = '';
  }
  return names.join('; ');
}

function properties(item: FetchedItem, isDraft: boolean, context: EasContext): WbxmlElement[] {
  const headers = item.headers!;
  const attachments = visibleAttachments(item.attachments ?? [], context.policy.settings);
  return [
    el(E, 'Subject', headers.subject),
    el(E, 'DateReceived', headers.dateReceived),
    ...optional(E, 'DisplayTo', headers.displayTo),
    ...optional(NS, 'DisplayCc', displayNames(headers.cc)),
    el(E, 'Importance', String(headers.importance)),
    el(E, 'Read', headers.read ? '1' : '0'),
    el('Email2', 'IsDraft', isDraft ? '1' : '0'),
    ...optional(NS, 'Preview', headers.preview),
    el(NS, 'HasAttachments', attachments.length ? '1' : '0'),
    ...optional(E, 'From', headers.from),
  ];
}

/** The Result elements of a page. */
export function findMailboxResults(page: MailboxPage, context: EasContext): WbxmlElement[] {
  const drafts = new Set(
    page.folders.filter((f) => f.type === FOLDER_TYPE.drafts).map((f) => f.id),
  );
  return page.items.map((item) =>
    el(NS, 'Result', [
      el('AirSync', 'Class', item.class),
      el('AirSync', 'ServerId', item.itemId),
      el('AirSync', 'CollectionId', item.folderId),
      el(NS, 'Properties', properties(item, drafts.has(item.folderId), context)),
    ]),
  );
}
