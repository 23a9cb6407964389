/**
 * What searching one Search store gives (MS-ASCMD 2.2.1.16): the Store's Status
 * (2.2.3.177.13), its Result elements, and the Range and Total of the answer.
 */
import type { WbxmlElement } from '@mail/wbxml';
import type { EasContext } from '../command';

export const SEARCH_STORE_STATUS = {
  success: 1,
  protocolError: 2,
  serverError: 3,
  badLink: 4,
  accessDenied: 5,
  notFound: 6,
  connectionFailed: 7,
  tooComplex: 8,
  timedOut: 10,
  folderSyncRequired: 11,
  endOfRange: 12,
  accessBlocked: 13,
  credentialsRequired: 14,
} as const;

export interface StoreAnswer {
  status: number;
  results?: WbxmlElement[];
  range?: string;
  total?: number;
}

/** Searches one store; `store` is the request's Store element (Name, Query, Options). */
export type StoreSearch = (store: WbxmlElement, context: EasContext) => Promise<StoreAnswer>;
