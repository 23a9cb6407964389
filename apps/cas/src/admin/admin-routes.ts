/**
 * The admin API (`/api/...`) as data: each route names its bus request and the schema of its
 * payload (path parameters, query and JSON body merged). The same table registers the routes,
 * validates requests and writes the OpenAPI document, so the three never disagree.
 */
import type { ZodType } from 'zod';
import {
  ContactAdd,
  ContactAddRequest,
  ContactList,
  ContactListRequest,
  ContactRemove,
  ContactRemoveRequest,
  DomainAdd,
  DomainAddRequest,
  DomainList,
  DomainListRequest,
  DomainRemove,
  DomainRemoveRequest,
  GroupAdd,
  GroupAddRequest,
  GroupList,
  GroupListRequest,
  GroupMemberAdd,
  GroupMemberRemove,
  GroupMemberRequest,
  GroupRemove,
  GroupRemoveRequest,
  GroupShow,
  GroupShowRequest,
  MailboxAdd,
  MailboxAddRequest,
  MailboxList,
  MailboxListRequest,
  MailboxRemove,
  MailboxRemoveRequest,
  MailboxSet,
  MailboxSetRequest,
  MailboxShow,
  MailboxShowRequest,
  type RequestSubject,
} from '@mail/contracts';

export interface AdminRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Fastify path under /api, parameters as `:name`. */
  path: string;
  summary: string;
  tag: string;
  subject: RequestSubject<unknown, unknown>;
  payload: ZodType;
  /** HTTP status of a success: 201 for creations. */
  status: 200 | 201;
}

const route = <Req, Rep>(
  method: AdminRoute['method'],
  path: string,
  tag: string,
  summary: string,
  subject: RequestSubject<Req, Rep>,
  payload: ZodType,
): AdminRoute => ({
  method,
  path,
  tag,
  summary,
  // The table holds every route alike; the payload schema is what types each one at run time.
  subject: subject as unknown as RequestSubject<unknown, unknown>,
  payload,
  status: method === 'POST' ? 201 : 200,
});

export const ADMIN_ROUTES: AdminRoute[] = [
  route(
    'GET',
    '/domains',
    'Accepted domains',
    'List accepted domains',
    DomainList,
    DomainListRequest,
  ),
  route(
    'POST',
    '/domains',
    'Accepted domains',
    'Add an accepted domain',
    DomainAdd,
    DomainAddRequest,
  ),
  route(
    'DELETE',
    '/domains/:name',
    'Accepted domains',
    'Remove an accepted domain no address uses',
    DomainRemove,
    DomainRemoveRequest,
  ),
  route(
    'GET',
    '/mailboxes',
    'Mailboxes',
    'List mailboxes (search by name or address prefix)',
    MailboxList,
    MailboxListRequest,
  ),
  route('POST', '/mailboxes', 'Mailboxes', 'Create a mailbox user', MailboxAdd, MailboxAddRequest),
  route(
    'GET',
    '/mailboxes/:address',
    'Mailboxes',
    'Show a mailbox by any of its addresses',
    MailboxShow,
    MailboxShowRequest,
  ),
  route(
    'PATCH',
    '/mailboxes/:address',
    'Mailboxes',
    'Change a mailbox',
    MailboxSet,
    MailboxSetRequest,
  ),
  route(
    'DELETE',
    '/mailboxes/:address',
    'Mailboxes',
    'Remove a mailbox user',
    MailboxRemove,
    MailboxRemoveRequest,
  ),
  route('GET', '/groups', 'Groups', 'List distribution groups', GroupList, GroupListRequest),
  route('POST', '/groups', 'Groups', 'Create a distribution group', GroupAdd, GroupAddRequest),
  route(
    'GET',
    '/groups/:address',
    'Groups',
    'Show a group and its members',
    GroupShow,
    GroupShowRequest,
  ),
  route('DELETE', '/groups/:address', 'Groups', 'Remove a group', GroupRemove, GroupRemoveRequest),
  route(
    'POST',
    '/groups/:address/members',
    'Groups',
    'Add a member (mailbox, group or contact)',
    GroupMemberAdd,
    GroupMemberRequest,
  ),
  route(
    'DELETE',
    '/groups/:address/members/:member',
    'Groups',
    'Remove a member',
    GroupMemberRemove,
    GroupMemberRequest,
  ),
  route('GET', '/contacts', 'Contacts', 'List mail contacts', ContactList, ContactListRequest),
  route('POST', '/contacts', 'Contacts', 'Create a mail contact', ContactAdd, ContactAddRequest),
  route(
    'DELETE',
    '/contacts/:address',
    'Contacts',
    'Remove a mail contact',
    ContactRemove,
    ContactRemoveRequest,
  ),
];
