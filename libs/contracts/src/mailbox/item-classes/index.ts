/**
 * The EAS item classes the mailbox stores (MS-ASCMD Sync Class values). Email is stored as raw
 * MIME with parsed properties; every other class as typed properties, one schema per class.
 */
import { z } from 'zod';
import { FOLDER_TYPE } from '../folders';
import { CalendarProperties } from './calendar';
import { ContactProperties } from './contacts';
import { NoteProperties } from './notes';
import { SmsProperties } from './sms';
import { TaskProperties } from './tasks';

export { BODY_TYPE, CLASS_LIMITS, ClassBody } from './common';
export * from './calendar';
export * from './contacts';
export * from './tasks';
export * from './notes';
export * from './sms';

export const ITEM_CLASSES = ['Email', 'Calendar', 'Contacts', 'Tasks', 'Notes', 'SMS'] as const;
export type ItemClass = (typeof ITEM_CLASSES)[number];
/** The classes stored as properties rather than MIME. */
export const PROPERTY_CLASSES = ['Calendar', 'Contacts', 'Tasks', 'Notes', 'SMS'] as const;
export type PropertyClass = (typeof PROPERTY_CLASSES)[number];

export const CLASS_PROPERTIES = {
  Calendar: CalendarProperties,
  Contacts: ContactProperties,
  Tasks: TaskProperties,
  Notes: NoteProperties,
  SMS: SmsProperties,
} as const;
export interface ClassPropertiesOf {
  Calendar: CalendarProperties;
  Contacts: ContactProperties;
  Tasks: TaskProperties;
  Notes: NoteProperties;
  SMS: SmsProperties;
}
export type ClassProperties = ClassPropertiesOf[PropertyClass];

const MAIL_FOLDERS = [
  FOLDER_TYPE.userGeneric,
  FOLDER_TYPE.inbox,
  FOLDER_TYPE.drafts,
  FOLDER_TYPE.deletedItems,
  FOLDER_TYPE.sentItems,
  FOLDER_TYPE.outbox,
  FOLDER_TYPE.userMail,
];
/**
 * The folder types an item of each class may live in (MS-ASCMD 2.2.3.186.3). Deleted Items
 * takes every class, as in Exchange, so a delete can be a move there.
 */
export const FOLDER_TYPES_OF_CLASS: Record<ItemClass, readonly number[]> = {
  Email: MAIL_FOLDERS,
  SMS: MAIL_FOLDERS,
  Calendar: [FOLDER_TYPE.calendar, FOLDER_TYPE.userCalendar, FOLDER_TYPE.deletedItems],
  Contacts: [FOLDER_TYPE.contacts, FOLDER_TYPE.userContacts, FOLDER_TYPE.deletedItems],
  Tasks: [FOLDER_TYPE.tasks, FOLDER_TYPE.userTasks, FOLDER_TYPE.deletedItems],
  Notes: [FOLDER_TYPE.notes, FOLDER_TYPE.userNotes, FOLDER_TYPE.deletedItems],
};

/** The message class an item of each class gets unless its properties name one (Notes). */
export const MESSAGE_CLASS_OF: Record<ItemClass, string> = {
  Email: 'IPM.Note',
  SMS: 'IPM.Note.Mobile.SMS',
  Calendar: 'IPM.Appointment',
  Contacts: 'IPM.Contact',
  Tasks: 'IPM.Task',
  Notes: 'IPM.StickyNote',
};

/** `{class, properties}` checked against that class's schema. */
export const ClassItem = z.discriminatedUnion('class', [
  z.object({ class: z.literal('Calendar'), properties: CalendarProperties }),
  z.object({ class: z.literal('Contacts'), properties: ContactProperties }),
  z.object({ class: z.literal('Tasks'), properties: TaskProperties }),
  z.object({ class: z.literal('Notes'), properties: NoteProperties }),
  z.object({ class: z.literal('SMS'), properties: SmsProperties }),
]);
export type ClassItem = z.infer<typeof ClassItem>;
