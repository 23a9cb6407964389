/**
 * Calendar class properties (MS-ASCAL 2.2.2, code page 4 Calendar; the body is AirSyncBase's).
 * Dates are UTC; Timezone is the base64 TIME_ZONE_INFORMATION blob (MS-ASDTYPE 2.7.4) the
 * device sent, kept as is so local times and DST rules survive the round trip.
 */
import { z } from 'zod';
import {
  CLASS_LIMITS,
  Categories,
  ClassBody,
  Flag01,
  NativeBodyType,
  Sensitivity,
  Text,
  When,
  recurrenceFields,
  withinSize,
} from './common';

/** MS-ASCAL 2.2.2.10: 0 free, 1 tentative, 2 busy, 3 out of office, 4 working elsewhere. */
const BusyStatus = z.literal([0, 1, 2, 3, 4]);
/** MS-ASCAL 2.2.2.28: appointment, meeting (organizer / received), canceled; 9-15 as 1-7. */
const MeetingStatus = z.literal([0, 1, 3, 5, 7, 9, 11, 13, 15]);
/** MS-ASCAL 2.2.2.40: 0 none, 1 organizer, 2 tentative, 3 accepted, 4 declined, 5 not responded. */
const ResponseType = z.literal([0, 1, 2, 3, 4, 5]);

/** 172 bytes of TIME_ZONE_INFORMATION are 232 base64 characters. */
const Timezone = z
  .string()
  .max(232, 'must be at most 232 characters')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

export const CalendarAttendee = z.object({
  Email: Text(),
  Name: Text(),
  /** MS-ASCAL 2.2.2.5: 0 unknown, 2 tentative, 3 accept, 4 decline, 5 not responded. */
  AttendeeStatus: z.literal([0, 2, 3, 4, 5]).optional(),
  /** MS-ASCAL 2.2.2.6: 1 required, 2 optional, 3 resource. */
  AttendeeType: z.literal([1, 2, 3]).optional(),
  ProposedStartTime: When.optional(),
  ProposedEndTime: When.optional(),
});

const Attendees = z
  .array(CalendarAttendee)
  .max(CLASS_LIMITS.maxAttendees, `at most ${CLASS_LIMITS.maxAttendees} attendees`);

/** The properties an appointment has and each of its exceptions may override. */
const occurrence = {
  Subject: Text(CLASS_LIMITS.maxSubjectChars).optional(),
  Body: ClassBody.optional(),
  Location: Text(CLASS_LIMITS.maxSubjectChars).optional(),
  Categories: Categories.optional(),
  Sensitivity: Sensitivity.optional(),
  BusyStatus: BusyStatus.optional(),
  AllDayEvent: Flag01.optional(),
  /** Minutes before StartTime; MS-ASCAL allows up to a year. */
  Reminder: z.number().int().min(0).max(525_600).optional(),
  DtStamp: When.optional(),
  MeetingStatus: MeetingStatus.optional(),
  Attendees: Attendees.optional(),
  AppointmentReplyTime: When.optional(),
  ResponseType: ResponseType.optional(),
  OnlineMeetingConfLink: Text().optional(),
  OnlineMeetingExternalLink: Text().optional(),
};

/** What an occurrence overrides; Deleted 1 removes the occurrence. */
export const CalendarException = z.object({
  ...occurrence,
  Deleted: Flag01.optional(),
  /** The original start of the occurrence it replaces (InstanceId in 16.x). */
  ExceptionStartTime: When,
  StartTime: When.optional(),
  EndTime: When.optional(),
});

export const CalendarProperties = withinSize(
  z
    .object({
      ...occurrence,
      Timezone: Timezone.optional(),
      OrganizerName: Text().optional(),
      OrganizerEmail: Text().optional(),
      StartTime: When,
      EndTime: When,
      UID: Text(CLASS_LIMITS.maxUidChars).optional(),
      ClientUid: Text(CLASS_LIMITS.maxUidChars).optional(),
      Recurrence: z.object(recurrenceFields).optional(),
      Exceptions: z
        .array(CalendarException)
        .max(CLASS_LIMITS.maxExceptions, `at most ${CLASS_LIMITS.maxExceptions} exceptions`)
        .optional(),
      ResponseRequested: z.boolean().optional(),
      DisallowNewTimeProposal: z.boolean().optional(),
      NativeBodyType: NativeBodyType.optional(),
    })
    .strict()
    // A date that failed its own check is reported there, not again here.
    .refine((p) => !(Date.parse(p.EndTime) < Date.parse(p.StartTime)), {
      message: 'must not be before StartTime',
      path: ['EndTime'],
    }),
);
export type CalendarProperties = z.infer<typeof CalendarProperties>;
