import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A conversation's emails in a mailbox found without a scan (EAS ItemOperations Move). */
export class ConversationIndex1764912000000 implements MigrationInterface {
  name = 'ConversationIndex1764912000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE INDEX item_conversation ON mailbox.item (mailbox_id, conversation_id)
        WHERE conversation_id IS NOT NULL;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX mailbox.item_conversation;`);
  }
}
