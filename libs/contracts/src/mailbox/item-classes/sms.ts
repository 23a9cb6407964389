/**
 * SMS class properties (MS-ASCMD Sync Class SMS, elements of MS-ASEMAIL): a text message a
 * device synchronizes into a mail folder. Read is the item's read state, set like an email's.
 */
import { z } from 'zod';
import { Categories, ClassBody, Importance, Text, When, withinSize } from './common';

export const SmsProperties = withinSize(
  z
    .object({
      /** Sender and recipients: phone numbers in `"Name" [MOBILE:+1425...]` form, as EAS carries them. */
      From: Text().optional(),
      To: Text(8192).optional(),
      DateReceived: When,
      Importance: Importance.optional(),
      Body: ClassBody.optional(),
      Categories: Categories.optional(),
    })
    .strict(),
);
export type SmsProperties = z.infer<typeof SmsProperties>;
