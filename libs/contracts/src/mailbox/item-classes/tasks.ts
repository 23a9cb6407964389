/**
 * Tasks class properties (MS-ASTASK 2.2.2, code page 9). DueDate/StartDate are the device's
 * local dates expressed as given; UtcDueDate/UtcStartDate are the instants the filters use.
 */
import { z } from 'zod';
import {
  CLASS_LIMITS,
  Categories,
  ClassBody,
  Flag01,
  Importance,
  NativeBodyType,
  Sensitivity,
  Text,
  When,
  recurrenceFields,
  withinSize,
} from './common';

export const TaskProperties = withinSize(
  z
    .object({
      Subject: Text(CLASS_LIMITS.maxSubjectChars).optional(),
      Body: ClassBody.optional(),
      Categories: Categories.optional(),
      Complete: Flag01.default(0),
      DateCompleted: When.optional(),
      DueDate: When.optional(),
      UtcDueDate: When.optional(),
      Importance: Importance.optional(),
      Recurrence: z
        .object({
          ...recurrenceFields,
          Start: When,
          /** 1: the next occurrence is due an interval after the last one was completed. */
          Regenerate: Flag01.optional(),
          /** 1: this is the last occurrence. */
          DeadOccur: Flag01.optional(),
        })
        .optional(),
      ReminderSet: Flag01.optional(),
      ReminderTime: When.optional(),
      Sensitivity: Sensitivity.optional(),
      StartDate: When.optional(),
      UtcStartDate: When.optional(),
      OrdinalDate: When.optional(),
      SubOrdinalDate: Text().optional(),
      NativeBodyType: NativeBodyType.optional(),
    })
    .strict()
    .refine((p) => p.Complete === 0 || p.DateCompleted !== undefined, {
      message: 'a complete task needs DateCompleted (MS-ASTASK 2.2.2.8)',
      path: ['DateCompleted'],
    }),
);
export type TaskProperties = z.infer<typeof TaskProperties>;
