/**
 * The Mailbox store's Query and Options of a Search request (MS-ASCMD 2.2.3.142.2 Query,
 * 2.2.3.125.5 Options) read into a typed search, bounded (EAS_LIMITS.mailboxSearch).
 *
 * Query holds one And or Or. An And may carry FreeText (all its words must match),
 * airsync:Class, airsync:CollectionId, ConversationId, GreaterThan / LessThan on
 * email:DateReceived with a Value, and one nested Or; an Or carries FreeText alternatives and
 * Class. CollectionId, ConversationId and the dates anywhere but in the top And, FreeText
 * outside And/Or, or deeper nesting are too complex for us (Store Status 8, as the spec says of
 * CollectionId, FreeText and ConversationId); anything else malformed is Status 2.
 * Classes listed together are read as "any of these".
 */
import { SEARCH_CLASSES } from '@mail/contracts';
import type { WbxmlElement } from '@mail/wbxml';
import { children, childText } from '../command';
import { EAS_LIMITS } from '../limits';

const LIMITS = EAS_LIMITS.mailboxSearch;
/** What the mailbox accepts as one full-text query (libs/contracts SearchQueryRequest). */
const FREE_TEXT_MAX = 256;
/** Conversation ids are 16 bytes; the mailbox accepts up to 64. */
const CONVERSATION_ID_MAX_BYTES = 64;

export interface SearchRange {
  start: number;
  /** Inclusive. */
  end: number;
}

export interface MailboxQuery {
  /** Words for the mailbox's full-text search (web-search syntax); undefined: none. */
  freeText?: string;
  /** Hex of the conversation's id. */
  conversationId?: string;
  collectionIds: string[];
  /** undefined: every class. */
  classes?: string[];
  receivedAfter?: string;
  receivedBefore?: string;
}

export interface MailboxSearchOptions {
  range: SearchRange;
  deepTraversal: boolean;
}

/**
 * Why a search is not run; Search and Find each say it with their own status: a malformed
 * query, one too complex for us, a folder the device's hierarchy has that the mailbox has not,
 * a mailbox that did not answer in time.
 */
export type RefusalReason = 'invalid' | 'too-complex' | 'unknown-folder' | 'timed-out';

export class SearchRefusal extends Error {
  override readonly name = 'SearchRefusal';
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new SearchRefusal('invalid', message);
const tooComplex = (message: string) => new SearchRefusal('too-complex', message);

/** An element's text ('' when empty); opaque data is not text. */
export function text(element: WbxmlElement): string {
  if (element.content === null) return '';
  if (typeof element.content !== 'string') throw invalid(`${element.tag} must hold text`);
  return element.content.trim();
}

/** A FreeText alternative of an Or: several words stay together as a phrase. */
const alternative = (words: string) => (/\s/.test(words) ? `"${words.replace(/"/g, ' ')}"` : words);

function classOf(element: WbxmlElement): string {
  const name = text(element);
  const known = SEARCH_CLASSES.find((c) => c.toLowerCase() === name.toLowerCase());
  if (!known)
    throw invalid(`Class ${name.slice(0, 40)} is not one of ${SEARCH_CLASSES.join(', ')}`);
  return known;
}

/** ConversationId as the device got it (opaque bytes) or as hex text. */
function conversationIdOf(element: WbxmlElement): string {
  const hex =
    element.content instanceof Uint8Array
      ? Buffer.from(element.content).toString('hex')
      : text(element).toLowerCase();
  if (!/^(?:[0-9a-f]{2})+$/.test(hex) || hex.length > CONVERSATION_ID_MAX_BYTES * 2)
    throw invalid('ConversationId must be the bytes of a conversation id');
  return hex;
}

/** GreaterThan / LessThan: email:DateReceived, then the Value it is compared with. */
function dateOf(element: WbxmlElement): string {
  const [property, value, ...rest] = children(element);
  if (property?.tag !== 'DateReceived' || value?.tag !== 'Value' || rest.length)
    throw invalid(`${element.tag} needs email:DateReceived and a Value`);
  const when = text(value);
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$/.test(when)
    ? Date.parse(when)
    : NaN;
  if (Number.isNaN(ms)) throw invalid(`${element.tag}/Value must be a date and time`);
  return new Date(ms).toISOString();
}

/** Full text the mailbox can search: at most FREE_TEXT_MAX characters, none a control one. */
export function checkedFreeText(freeText: string): string {
  if (freeText.length > FREE_TEXT_MAX)
    throw invalid(`FreeText must be at most ${FREE_TEXT_MAX} characters`);
  if ([...freeText].some((c) => c.charCodeAt(0) < 0x20))
    throw invalid('FreeText must not hold control characters');
  return freeText;
}

/** Reads a Search Query element. */
export function readMailboxQuery(query: WbxmlElement | undefined): MailboxQuery {
  if (!query) throw invalid('the Mailbox store needs a Query');
  const top = children(query);
  if (top.length !== 1 || (top[0].tag !== 'And' && top[0].tag !== 'Or'))
    throw top.some((c) => c.tag === 'FreeText' || c.tag === 'CollectionId')
      ? tooComplex('FreeText and CollectionId belong in an And or an Or')
      : invalid('Query must hold one And or Or');
  const result: MailboxQuery = { collectionIds: [] };
  const words: string[] = [];
  const classes: string[] = [];
  let conditions = 0;

  const visit = (group: WbxmlElement, depth: number): void => {
    const and = group.tag === 'And';
    const alternatives: string[] = [];
    for (const child of children(group)) {
      if (++conditions > LIMITS.maxConditions)
        throw tooComplex(`at most ${LIMITS.maxConditions} conditions`);
      const topAnd = and && depth === 0;
      switch (child.tag) {
        case 'FreeText': {
          const free = text(child);
          if (free) (and ? words : alternatives).push(and ? free : alternative(free));
          break;
        }
        case 'Class':
          classes.push(classOf(child));
          break;
        case 'CollectionId':
          if (!topAnd) throw tooComplex('CollectionId belongs in the top And');
          if (result.collectionIds.length >= LIMITS.maxCollections)
            throw invalid(`at most ${LIMITS.maxCollections} CollectionId elements`);
          result.collectionIds.push(text(child));
          break;
        case 'ConversationId':
          if (!topAnd) throw tooComplex('ConversationId belongs in the top And');
          if (result.conversationId !== undefined) throw invalid('one ConversationId at most');
          result.conversationId = conversationIdOf(child);
          break;
        case 'GreaterThan':
        case 'LessThan': {
          if (!topAnd) throw tooComplex(`${child.tag} belongs in the top And`);
          const key = child.tag === 'GreaterThan' ? 'receivedAfter' : 'receivedBefore';
          if (result[key] !== undefined) throw invalid(`one ${child.tag} at most`);
          result[key] = dateOf(child);
          break;
        }
        case 'And':
        case 'Or':
          // (a or b) within an And is words; an And within an Or, or deeper, is not.
          if (!and || child.tag === 'And' || depth + 1 >= LIMITS.maxDepth)
            throw tooComplex(`${child.tag} within ${group.tag} is too complex`);
          visit(child, depth + 1);
          break;
        default:
          throw invalid(`${child.tag} is not a Mailbox search condition`);
      }
    }
    if (!and && alternatives.length) words.push(alternatives.join(' or '));
  };
  visit(top[0], 0);

  const freeText = checkedFreeText(words.join(' ').trim());
  if (freeText) result.freeText = freeText;
  if (classes.length) result.classes = [...new Set(classes)];
  if (result.freeText === undefined && result.conversationId === undefined)
    throw invalid('a Mailbox search needs FreeText or a ConversationId');
  return result;
}

/**
 * A Range "m-n" (0 <= m <= n <= 999); more than a page is cut to one page, as Exchange does.
 * Absent: the first page.
 */
export function readRange(value: string | undefined): SearchRange {
  if (value === undefined) return { start: 0, end: LIMITS.pageSize - 1 };
  const match = /^(\d{1,3})-(\d{1,3})$/.exec(value.trim());
  if (!match || Number(match[2]) < Number(match[1]))
    throw invalid('Range must be m-n with m <= n <= 999');
  const start = Number(match[1]);
  return { start, end: Math.min(Number(match[2]), start + LIMITS.pageSize - 1, LIMITS.maxIndex) };
}

/** Options of Search (Mailbox store) and Find alike: Range and DeepTraversal. */
export function readSearchOptions(options: WbxmlElement | undefined): MailboxSearchOptions {
  const given = options ? children(options) : [];
  if (given.filter((c) => c.tag === 'Range').length > 1) throw invalid('one Range at most');
  return {
    range: readRange(options && optionalText(options, 'Range')),
    deepTraversal: given.some((c) => c.tag === 'DeepTraversal'),
  };
}

function optionalText(element: WbxmlElement, tag: string): string | undefined {
  try {
    return childText(element, tag);
  } catch {
    throw invalid(`${tag} must hold text`);
  }
}
