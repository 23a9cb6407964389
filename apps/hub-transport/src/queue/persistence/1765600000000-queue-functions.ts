import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recording categorized messages and delivery outcomes as one statement each. As client-side
 * transactions they were five round trips (BEGIN, SET LOCAL, the write, removing finished
 * messages, COMMIT) for every batch, and under push load most batches hold one message: the
 * hub's writes were a third of its statements. Each function turns synchronous_commit off for
 * its transaction (queue.repository.ts says why that is safe), writes only rows `p_owner`
 * still leases, removes the messages left with nothing to deliver, and returns the ids of the
 * messages it wrote. Inside, each statement sees the one before, as in the transactions.
 */
export class QueueFunctions1765600000000 implements MigrationInterface {
  name = 'QueueFunctions1765600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      -- The messages among p_ids that have nothing left to deliver. The open deliveries are
      -- looked up once for all the ids: per message, the planner scanned delivery_due's whole
      -- predicate each time (2.5 ms a call under the SMTP bench).
      CREATE FUNCTION transport.remove_finished(p_ids uuid[]) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM transport.message m WHERE m.id = ANY(p_ids) AND m.categorized
          AND m.id NOT IN (SELECT d.message_id FROM transport.delivery d
                            WHERE d.message_id = ANY(p_ids) AND d.state IN ('ready', 'retry'));
      END $$;

      CREATE FUNCTION transport.complete_categorization(
        p_owner text, p_ids uuid[], p_traces text[],
        p_messages uuid[], p_recipients text[], p_originals text[], p_routes text[], p_mailboxes text[])
      RETURNS SETOF uuid LANGUAGE plpgsql AS $$
      DECLARE
        owned uuid[];
      BEGIN
        PERFORM set_config('synchronous_commit', 'off', true);
        WITH written AS (
          UPDATE transport.message m SET categorized = true, trace = v.trace,
                 lease_owner = NULL, lease_until = NULL
            FROM unnest(p_ids, p_traces) AS v(id, trace)
           WHERE m.id = v.id AND m.lease_owner = p_owner RETURNING m.id)
        SELECT coalesce(array_agg(id), '{}') INTO owned FROM written;
        INSERT INTO transport.delivery (message_id, recipient, original, route, mailbox, state, next_attempt_at)
        SELECT v.message_id, v.recipient, v.original, v.route, v.mailbox, 'ready', now()
          FROM unnest(p_messages, p_recipients, p_originals, p_routes, p_mailboxes)
               AS v(message_id, recipient, original, route, mailbox)
         WHERE v.message_id = ANY(owned)
        ON CONFLICT DO NOTHING;
        PERFORM transport.remove_finished(owned);
        RETURN QUERY SELECT unnest(owned);
      END $$;

      CREATE FUNCTION transport.apply_delivery_results(
        p_owner text, p_messages uuid[], p_recipients text[], p_states text[], p_attempts int[],
        p_next timestamptz[], p_notified boolean[], p_responses text[], p_mtas text[], p_connectors text[])
      RETURNS SETOF uuid LANGUAGE plpgsql AS $$
      DECLARE
        written uuid[];
      BEGIN
        PERFORM set_config('synchronous_commit', 'off', true);
        WITH updated AS (
          UPDATE transport.delivery d SET state = v.state, attempts = v.attempts,
                 next_attempt_at = v.next, delay_notified = v.notified, last_response = v.response,
                 remote_mta = coalesce(v.mta, d.remote_mta), connector = coalesce(v.connector, d.connector),
                 lease_owner = NULL, lease_until = NULL
            FROM unnest(p_messages, p_recipients, p_states, p_attempts, p_next, p_notified,
                        p_responses, p_mtas, p_connectors)
                 AS v(message_id, recipient, state, attempts, next, notified, response, mta, connector)
           WHERE d.message_id = v.message_id AND d.recipient = v.recipient AND d.lease_owner = p_owner
           RETURNING d.message_id)
        SELECT coalesce(array_agg(DISTINCT message_id), '{}') INTO written FROM updated;
        PERFORM transport.remove_finished(written);
        RETURN QUERY SELECT unnest(written);
      END $$;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DROP FUNCTION transport.apply_delivery_results(text, uuid[], text[], text[], int[],
        timestamptz[], boolean[], text[], text[], text[]);
      DROP FUNCTION transport.complete_categorization(text, uuid[], text[], uuid[], text[], text[], text[], text[]);
      DROP FUNCTION transport.remove_finished(uuid[]);
    `);
  }
}
