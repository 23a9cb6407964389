import { Module } from '@nestjs/common';

/** The mailbox role. Its features arrive with their issues; today it answers its health check. */
@Module({})
export class MailboxModule {}
