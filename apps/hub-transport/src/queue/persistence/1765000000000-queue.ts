import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mail queue. A message is written with its envelope before the client hears 250; the
 * categorizer then turns its envelope recipients into deliveries, one row per final
 * recipient, each with its own state, so a partly delivered message never delivers twice.
 * Workers of any instance claim rows with FOR UPDATE SKIP LOCKED and hold them by a lease
 * that expires, so a killed worker's rows are taken up again. A message is deleted once
 * every delivery is done.
 */
export class Queue1765000000000 implements MigrationInterface {
  name = 'Queue1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE transport.message (
        id uuid PRIMARY KEY,
        received_at timestamptz NOT NULL,
        -- The envelope: '' is the null reverse-path of a notification.
        sender text NOT NULL,
        recipients text[] NOT NULL CHECK (cardinality(recipients) > 0),
        source text NOT NULL CHECK (source IN ('smtp', 'submission', 'submit', 'dsn')),
        connector text,
        -- What the Received field says about the client.
        client_address text,
        client_name text,
        protocol text NOT NULL,
        auth_user text,
        size integer NOT NULL,
        -- Read from the header section at receipt, so categorizing never reads the MIME.
        hops smallint NOT NULL,
        has_message_id boolean NOT NULL,
        has_date boolean NOT NULL,
        mime bytea NOT NULL,
        categorized boolean NOT NULL DEFAULT false,
        -- Fields put in front of the MIME on delivery (Received, Message-ID), set by the categorizer.
        trace text,
        next_attempt_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        lease_owner text,
        lease_until timestamptz
      );
      CREATE INDEX message_to_categorize ON transport.message (next_attempt_at) WHERE NOT categorized;
      CREATE INDEX message_received ON transport.message (received_at);
      CREATE INDEX message_lease ON transport.message (lease_owner) WHERE lease_owner IS NOT NULL;

      CREATE TABLE transport.delivery (
        message_id uuid NOT NULL REFERENCES transport.message (id) ON DELETE CASCADE,
        -- The final recipient: a mailbox's primary SMTP address, or a remote address.
        recipient text NOT NULL,
        -- The envelope recipient it came from (a group, a proxy address), for notifications.
        original text NOT NULL,
        route text NOT NULL CHECK (route IN ('mailbox', 'smtp')),
        -- The mailbox role's name for the recipient's mailbox (its UPN).
        mailbox text CHECK ((route = 'mailbox') = (mailbox IS NOT NULL)),
        state text NOT NULL CHECK (state IN ('ready', 'retry', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        delay_notified boolean NOT NULL DEFAULT false,
        last_response text,
        remote_mta text,
        connector text,
        lease_owner text,
        lease_until timestamptz,
        PRIMARY KEY (message_id, recipient)
      );
      CREATE INDEX delivery_due ON transport.delivery (route, next_attempt_at)
        WHERE state IN ('ready', 'retry');
      CREATE INDEX delivery_lease ON transport.delivery (lease_owner) WHERE lease_owner IS NOT NULL;

      -- EAS SendMail ClientIds seen lately: a retried submission is not sent twice.
      CREATE TABLE transport.submission (
        user_principal_name text NOT NULL,
        client_id text NOT NULL,
        queue_id uuid NOT NULL,
        recipients text[] NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_principal_name, client_id)
      );
      CREATE INDEX submission_age ON transport.submission (submitted_at);
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'DROP TABLE transport.submission; DROP TABLE transport.delivery; DROP TABLE transport.message;',
    );
  }
}
