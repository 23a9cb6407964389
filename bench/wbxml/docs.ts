// Realistic EAS documents for the benchmark, built as trees (what a handler would produce).
import { el, type WbxmlElement } from '@mail/wbxml';

const WORDS =
  'the quarterly figures are attached please review before the meeting on thursday and send comments'.split(
    ' ',
  );

function prose(bytes: number, seed: number): string {
  let s = '';
  for (let i = seed; s.length < bytes; i++)
    s += WORDS[i % WORDS.length] + (i % 17 === 0 ? '.\r\n' : ' ');
  return s.slice(0, bytes);
}

function email(i: number, body: string | null): WbxmlElement {
  const data: WbxmlElement[] = [
    el('Email', 'To', `"User ${i}" <user${i}@example.com>`),
    el('Email', 'From', `"Sender ${i % 37}" <sender${i % 37}@example.org>`),
    el('Email', 'Subject', `Re: project status ${i}`),
    el('Email', 'DateReceived', `2025-03-${String((i % 28) + 1).padStart(2, '0')}T09:26:53.000Z`),
    el('Email', 'DisplayTo', `User ${i}`),
    el('Email', 'ThreadTopic', `project status ${i}`),
    el('Email', 'Importance', '1'),
    el('Email', 'Read', String(i % 2)),
    el('AirSyncBase', 'Body', [
      el('AirSyncBase', 'Type', '1'),
      el('AirSyncBase', 'EstimatedDataSize', String(body?.length ?? 4096)),
      ...(body === null
        ? [el('AirSyncBase', 'Truncated', '1')]
        : [el('AirSyncBase', 'Data', body)]),
    ]),
    el('Email', 'MessageClass', 'IPM.Note'),
    el('Email', 'InternetCPID', '65001'),
    el('Email', 'Flag'),
    el('Email', 'ContentClass', 'urn:content-classes:message'),
    el('AirSyncBase', 'NativeBodyType', '1'),
    el('Email2', 'ConversationId', new Uint8Array(16).fill(i & 255)),
    el('Email2', 'ConversationIndex', new Uint8Array([1, 2, 3, 4, i & 255])),
  ];
  return el('AirSync', 'Add', [
    el('AirSync', 'ServerId', `5:${i}`),
    el('AirSync', 'ApplicationData', data),
  ]);
}

function sync(adds: WbxmlElement[]): WbxmlElement {
  return el('AirSync', 'Sync', [
    el('AirSync', 'Collections', [
      el('AirSync', 'Collection', [
        el('AirSync', 'SyncKey', '1234567890'),
        el('AirSync', 'CollectionId', '5'),
        el('AirSync', 'Status', '1'),
        el('AirSync', 'Commands', adds),
      ]),
    ]),
  ]);
}

/** Sync response with `count` emails carrying `bodyBytes` of plain-text body each. */
export function bodyDenseSync(count: number, bodyBytes: number): WbxmlElement {
  return sync(Array.from({ length: count }, (_, i) => email(i, prose(bodyBytes, i))));
}

/** Sync response with `count` emails, headers only (bodies truncated away). */
export function tagDenseSync(count: number): WbxmlElement {
  return sync(Array.from({ length: count }, (_, i) => email(i, null)));
}

export function folderSync(count: number): WbxmlElement {
  const adds = Array.from({ length: count }, (_, i) =>
    el('FolderHierarchy', 'Add', [
      el('FolderHierarchy', 'ServerId', String(i + 1)),
      el('FolderHierarchy', 'ParentId', String(i < 10 ? 0 : (i % 10) + 1)),
      el('FolderHierarchy', 'DisplayName', `Folder ${i}`),
      el('FolderHierarchy', 'Type', String(i < 10 ? i + 1 : 12)),
    ]),
  );
  return el('FolderHierarchy', 'FolderSync', [
    el('FolderHierarchy', 'Status', '1'),
    el('FolderHierarchy', 'SyncKey', '1'),
    el('FolderHierarchy', 'Changes', [el('FolderHierarchy', 'Count', String(count)), ...adds]),
  ]);
}

/** ItemOperations response carrying one body of `bytes` characters (for the allocation figure). */
export function oneBigBody(bytes: number): WbxmlElement {
  return el('ItemOperations', 'ItemOperations', [
    el('ItemOperations', 'Status', '1'),
    el('ItemOperations', 'Response', [
      el('ItemOperations', 'Fetch', [
        el('ItemOperations', 'Status', '1'),
        el('ItemOperations', 'Properties', [
          el('AirSyncBase', 'Body', [
            el('AirSyncBase', 'Type', '1'),
            el('AirSyncBase', 'Data', prose(bytes, 1)),
          ]),
        ]),
      ]),
    ]),
  ]);
}
