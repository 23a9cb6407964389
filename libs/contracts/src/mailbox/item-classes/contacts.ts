/**
 * Contacts class properties: every element of MS-ASCNTC's Contacts (code page 1) and Contacts2
 * (code page 12) pages, under its element name. Picture is base64 (at most 48 KB, 2.2.2.58).
 */
import { z } from 'zod';
import {
  CLASS_LIMITS,
  Categories,
  ClassBody,
  NativeBodyType,
  Text,
  When,
  withinSize,
} from './common';

/** The single-line text elements, in the order of MS-ASWBXML's tables. */
export const CONTACT_TEXT_FIELDS = [
  'AssistantName',
  'AssistantPhoneNumber',
  'Business2PhoneNumber',
  'BusinessAddressCity',
  'BusinessAddressCountry',
  'BusinessAddressPostalCode',
  'BusinessAddressState',
  'BusinessAddressStreet',
  'BusinessFaxNumber',
  'BusinessPhoneNumber',
  'CarPhoneNumber',
  'CompanyName',
  'Department',
  'Email1Address',
  'Email2Address',
  'Email3Address',
  'FileAs',
  'FirstName',
  'Home2PhoneNumber',
  'HomeAddressCity',
  'HomeAddressCountry',
  'HomeAddressPostalCode',
  'HomeAddressState',
  'HomeAddressStreet',
  'HomeFaxNumber',
  'HomePhoneNumber',
  'JobTitle',
  'LastName',
  'MiddleName',
  'MobilePhoneNumber',
  'OfficeLocation',
  'OtherAddressCity',
  'OtherAddressCountry',
  'OtherAddressPostalCode',
  'OtherAddressState',
  'OtherAddressStreet',
  'PagerNumber',
  'RadioPhoneNumber',
  'Spouse',
  'Suffix',
  'Title',
  'WebPage',
  'YomiCompanyName',
  'YomiFirstName',
  'YomiLastName',
  'Alias',
  // Contacts2
  'CustomerId',
  'GovernmentId',
  'IMAddress',
  'IMAddress2',
  'IMAddress3',
  'ManagerName',
  'CompanyMainPhone',
  'AccountName',
  'NickName',
  'MMS',
] as const;

const textFields = Object.fromEntries(
  CONTACT_TEXT_FIELDS.map((name) => [name, Text().optional()]),
) as Record<(typeof CONTACT_TEXT_FIELDS)[number], z.ZodOptional<ReturnType<typeof Text>>>;

export const ContactProperties = withinSize(
  z
    .object({
      ...textFields,
      Anniversary: When.optional(),
      Birthday: When.optional(),
      Body: ClassBody.optional(),
      Categories: Categories.optional(),
      Children: z
        .array(Text())
        .max(CLASS_LIMITS.maxChildren, `at most ${CLASS_LIMITS.maxChildren} children`)
        .optional(),
      Picture: z
        .string()
        .max(
          CLASS_LIMITS.maxPictureChars,
          `must be at most ${CLASS_LIMITS.maxPictureChars} characters of base64`,
        )
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
        .optional(),
      /** Set by the server in 14.0+ for recipient-cache contacts. */
      WeightedRank: z.number().int().min(-2_147_483_648).max(2_147_483_647).optional(),
      NativeBodyType: NativeBodyType.optional(),
    })
    .strict(),
);
export type ContactProperties = z.infer<typeof ContactProperties>;
