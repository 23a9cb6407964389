/**
 * Value shapes shared by the item classes' properties (MS-ASCAL, MS-ASCNTC, MS-ASTASK,
 * MS-ASNOTE, MS-ASEMAIL SMS). Property names are the EAS element names so CAS can map an
 * item to and from WBXML generically; values are typed (numbers, booleans, ISO 8601 dates in
 * UTC) and CAS writes them in each element's wire format. Every string, list and body is bounded.
 */
import { z } from 'zod';

export const CLASS_LIMITS = {
  /** Names, phone numbers, address lines, e-mail addresses, single-line values. */
  maxTextChars: 1024,
  /** Subject and Location. */
  maxSubjectChars: 2048,
  /** A class item's Body data (plain, HTML, or base64 RTF). */
  maxBodyChars: 2 * 1024 * 1024,
  /** MS-ASCAL UID and ClientUid (the schema's maxLength). */
  maxUidChars: 300,
  /** MS-ASCNTC 2.2.2.58: at most 48 KB of base64. */
  maxPictureChars: 48 * 1024,
  /** Categories per item (the schemas' maxOccurs). */
  maxCategories: 300,
  maxCategoryChars: 255,
  maxAttendees: 1000,
  /** Exceptions per recurring appointment (the schema's maxOccurs). */
  maxExceptions: 1000,
  maxChildren: 100,
  /** The whole property set as JSON: bounds what the per-field limits multiply up to. */
  maxPropertiesBytes: 4 * 1024 * 1024,
} as const;

const noControl = (text: string) =>
  ![...text].some((c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 && c !== '\t' && c !== '\n' && c !== '\r';
  });

/** A string of at most `max` characters without control characters other than tab and newlines. */
export const Text = (max: number = CLASS_LIMITS.maxTextChars) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine(noControl, 'must not hold control characters');

/** An ISO 8601 date-time with an offset, kept as UTC (`2025-11-04T10:00:00.000Z`). */
export const When = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset' })
  .transform((value) => new Date(value).toISOString());

export const Flag01 = z.union([z.literal(0), z.literal(1)]);
/** MS-ASCAL/MS-ASTASK Sensitivity: 0 normal, 1 personal, 2 private, 3 confidential. */
export const Sensitivity = z.literal([0, 1, 2, 3]);
/** Importance: 0 low, 1 normal, 2 high. */
export const Importance = z.literal([0, 1, 2]);
/** MS-ASAIRS NativeBodyType: the body's type as the device created it. */
export const NativeBodyType = z.literal([1, 2, 3]);

export const Categories = z
  .array(
    Text(CLASS_LIMITS.maxCategoryChars)
      .transform((c) => c.trim())
      .refine((c) => c.length > 0, 'must not be empty'),
  )
  .max(CLASS_LIMITS.maxCategories, `at most ${CLASS_LIMITS.maxCategories} categories`);

/** MS-ASAIRS Body type of a stored class item: 1 plain text, 2 HTML, 3 RTF (Data is base64). */
export const BODY_TYPE = { text: 1, html: 2, rtf: 3 } as const;
export const ClassBody = z
  .object({
    Type: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    Data: z
      .string()
      .max(CLASS_LIMITS.maxBodyChars, `must be at most ${CLASS_LIMITS.maxBodyChars} characters`),
  })
  .refine((b) => b.Type !== 3 || /^[A-Za-z0-9+/]*={0,2}$/.test(b.Data), {
    message: 'an RTF body must be base64',
    path: ['Data'],
  });
export type ClassBody = z.infer<typeof ClassBody>;

/**
 * Recurrence of an appointment or task (MS-ASCAL 2.2.2.37, MS-ASTASK 2.2.2.20): Type 0 daily,
 * 1 weekly, 2 monthly, 3 monthly on the nth day, 5 yearly, 6 yearly on the nth day.
 */
export const recurrenceFields = {
  Type: z.literal([0, 1, 2, 3, 5, 6]),
  Occurrences: z.number().int().min(1).max(999).optional(),
  Interval: z.number().int().min(0).max(999).optional(),
  WeekOfMonth: z.number().int().min(1).max(5).optional(),
  DayOfWeek: z.number().int().min(1).max(127).optional(),
  MonthOfYear: z.number().int().min(1).max(12).optional(),
  Until: When.optional(),
  DayOfMonth: z.number().int().min(1).max(31).optional(),
  CalendarType: z.number().int().min(0).max(23).optional(),
  IsLeapMonth: Flag01.optional(),
  FirstDayOfWeek: z.number().int().min(0).max(6).optional(),
};

/** Refuses a property set whose JSON passes the overall bound. */
export const withinSize = <T extends z.ZodType>(schema: T) =>
  schema.refine(
    (value) =>
      new TextEncoder().encode(JSON.stringify(value)).length <= CLASS_LIMITS.maxPropertiesBytes,
    `the properties must be at most ${CLASS_LIMITS.maxPropertiesBytes} bytes as JSON`,
  );
