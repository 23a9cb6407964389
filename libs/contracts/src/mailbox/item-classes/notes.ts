/** Notes class properties (MS-ASNOTE 2.2.2, code page 23; the body is AirSyncBase's). */
import { z } from 'zod';
import { CLASS_LIMITS, Categories, ClassBody, Text, When, withinSize } from './common';

export const NoteProperties = withinSize(
  z
    .object({
      Subject: Text(CLASS_LIMITS.maxSubjectChars).optional(),
      Body: ClassBody.optional(),
      /** IPM.StickyNote unless the device says otherwise. */
      MessageClass: Text(255).optional(),
      /** Set by the server on every change; a value sent by the device is replaced. */
      LastModifiedDate: When.optional(),
      Categories: Categories.optional(),
    })
    .strict(),
);
export type NoteProperties = z.infer<typeof NoteProperties>;
