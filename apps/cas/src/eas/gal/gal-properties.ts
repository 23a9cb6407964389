/**
 * A GAL entry as gal:* properties (MS-ASCMD 2.2.3.x, GAL namespace), in the schema's order,
 * only those the directory knows, then its Picture when the device asked for pictures.
 */
import type { GalEntry } from '@mail/contracts';
import { el, type WbxmlElement } from '@mail/wbxml';
import type { Picture } from './picture-options';

const NS = 'GAL';

const FIELDS: Array<[string, keyof GalEntry]> = [
  ['DisplayName', 'displayName'],
  ['Phone', 'phone'],
  ['Office', 'office'],
  ['Title', 'title'],
  ['Company', 'company'],
  ['Alias', 'alias'],
  ['FirstName', 'firstName'],
  ['LastName', 'lastName'],
  ['HomePhone', 'homePhone'],
  ['MobilePhone', 'mobilePhone'],
  ['EmailAddress', 'emailAddress'],
];

export function pictureElement(ns: string, picture: Picture): WbxmlElement {
  return el(ns, 'Picture', [
    el(ns, 'Status', String(picture.status)),
    ...(picture.data === undefined ? [] : [el(ns, 'Data', picture.data)]),
  ]);
}

export function galProperties(entry: GalEntry, picture?: Picture): WbxmlElement[] {
  const properties = FIELDS.filter(([, field]) => entry[field]).map(([tag, field]) =>
    el(NS, tag, String(entry[field])),
  );
  return picture ? [...properties, pictureElement(NS, picture)] : properties;
}
