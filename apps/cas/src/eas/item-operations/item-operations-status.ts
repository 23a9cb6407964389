/** ItemOperations Status values (MS-ASCMD 2.2.3.177.8), for the response and each operation. */
export const ITEM_OPERATIONS_STATUS = {
  success: 1,
  /** Protocol error: the request is not an ItemOperations request. */
  protocolError: 2,
  serverError: 3,
  /** The object was not found (an item the user's mailbox does not have). */
  notFound: 6,
  /** The byte range is invalid or too large. */
  badRange: 8,
  /** The store is unknown or unsupported. */
  unknownStore: 9,
  /** The attachment or attachment id is invalid (not one of the user's attachments). */
  attachmentNotFound: 15,
  /** Access to the resource is denied (the device's policy forbids attachments, or this size). */
  accessDenied: 16,
  /** Partial success: EmptyFolderContents left something. */
  partialSuccess: 17,
  /** The action is not supported. */
  notSupported: 156,
} as const;
