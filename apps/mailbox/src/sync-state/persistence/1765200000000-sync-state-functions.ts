import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Confirming and proposing a sync state generation as one statement each, and reading both
 * generations after confirming the key a device sent. Every Sync of a device with news does
 * all three; as client-side transactions they were thirteen round trips
 * (BEGIN, lock, keys, deletes, write, COMMIT), which under push load kept the mailbox's event
 * loop busy writing to its sockets. The rules are those sync-state.repository.ts describes;
 * each statement inside runs with a fresh snapshot after the head row's lock, as before.
 *
 * Both answer status 'ok' or 'invalid-key' with the keys held when refused.
 */
export class SyncStateFunctions1765200000000 implements MigrationInterface {
  name = 'SyncStateFunctions1765200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE FUNCTION mailbox.sync_state_keys(
        p_mailbox uuid, p_device text, p_collection text,
        OUT acknowledged_key bigint, OUT pending_key bigint)
      LANGUAGE sql STABLE AS $$
        SELECT max(sync_key) FILTER (WHERE acknowledged), max(sync_key) FILTER (WHERE NOT acknowledged)
        FROM mailbox.sync_state
        WHERE mailbox_id = p_mailbox AND device_id = p_device AND collection_id = p_collection
      $$;

      -- Locks the collection's head row until commit; false when the collection has no state.
      CREATE FUNCTION mailbox.sync_collection_locked(
        p_mailbox uuid, p_device text, p_collection text)
      RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM FROM mailbox.sync_collection
        WHERE mailbox_id = p_mailbox AND device_id = p_device AND collection_id = p_collection
        FOR UPDATE;
        RETURN FOUND;
      END $$;

      CREATE FUNCTION mailbox.sync_state_confirm(
        p_mailbox uuid, p_device text, p_collection text, p_key bigint,
        OUT status text, OUT acknowledged_key bigint, OUT pending_key bigint)
      LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT mailbox.sync_collection_locked(p_mailbox, p_device, p_collection) THEN
          status := 'invalid-key'; RETURN;
        END IF;
        SELECT k.acknowledged_key, k.pending_key INTO acknowledged_key, pending_key
        FROM mailbox.sync_state_keys(p_mailbox, p_device, p_collection) k;
        IF acknowledged_key = p_key THEN status := 'ok'; RETURN; END IF;
        IF pending_key IS DISTINCT FROM p_key THEN status := 'invalid-key'; RETURN; END IF;
        DELETE FROM mailbox.sync_state
        WHERE mailbox_id = p_mailbox AND device_id = p_device AND collection_id = p_collection
          AND acknowledged;
        UPDATE mailbox.sync_state SET acknowledged = true, answer = NULL
        WHERE mailbox_id = p_mailbox AND device_id = p_device AND collection_id = p_collection
          AND sync_key = p_key;
        DELETE FROM mailbox.sync_client_id
        WHERE mailbox_id = p_mailbox AND device_id = p_device AND collection_id = p_collection
          AND sync_key < p_key;
        status := 'ok';
      END $$;

      CREATE FUNCTION mailbox.sync_state_propose(
        p_mailbox uuid, p_device text, p_collection text, p_key bigint,
        p_change_number bigint, p_state bytea, p_answer bytea,
        OUT status text, OUT acknowledged_key bigint, OUT pending_key bigint)
      LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT mailbox.sync_collection_locked(p_mailbox, p_device, p_collection) THEN
          IF p_key <> 1 THEN status := 'invalid-key'; RETURN; END IF;
          -- ON CONFLICT waits for a racing creator's commit, then the lock is taken on its row.
          INSERT INTO mailbox.sync_collection (mailbox_id, device_id, collection_id)
          VALUES (p_mailbox, p_device, p_collection) ON CONFLICT DO NOTHING;
          PERFORM mailbox.sync_collection_locked(p_mailbox, p_device, p_collection);
        END IF;
        SELECT k.acknowledged_key, k.pending_key INTO acknowledged_key, pending_key
        FROM mailbox.sync_state_keys(p_mailbox, p_device, p_collection) k;
        IF p_key = 1 THEN
          DELETE FROM mailbox.sync_state
          WHERE mailbox_id = p_mailbox AND device_id = p_device AND collection_id = p_collection;
          DELETE FROM mailbox.sync_client_id
          WHERE mailbox_id = p_mailbox AND device_id = p_device AND collection_id = p_collection;
        ELSIF acknowledged_key IS NOT NULL AND p_key = acknowledged_key + 1 THEN
          DELETE FROM mailbox.sync_state
          WHERE mailbox_id = p_mailbox AND device_id = p_device AND collection_id = p_collection
            AND NOT acknowledged;
        ELSE
          status := 'invalid-key'; RETURN;
        END IF;
        INSERT INTO mailbox.sync_state
          (mailbox_id, device_id, collection_id, sync_key, acknowledged, change_number, state, answer)
        VALUES (p_mailbox, p_device, p_collection, p_key, false, p_change_number, p_state, p_answer);
        status := 'ok';
      END $$;

      -- Both generations, after confirming p_confirm when it is the pending key (NULL: none).
      CREATE FUNCTION mailbox.sync_state_get(
        p_mailbox uuid, p_device text, p_collection text, p_confirm bigint)
      RETURNS TABLE (o_key bigint, o_acknowledged boolean, o_change_number bigint,
        o_state bytea, o_answer bytea)
      LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT k.pending_key FROM mailbox.sync_state_keys(p_mailbox, p_device, p_collection) k)
            = p_confirm THEN
          PERFORM mailbox.sync_state_confirm(p_mailbox, p_device, p_collection, p_confirm);
        END IF;
        RETURN QUERY SELECT s.sync_key, s.acknowledged, s.change_number, s.state, s.answer
          FROM mailbox.sync_state s
          WHERE s.mailbox_id = p_mailbox AND s.device_id = p_device
            AND s.collection_id = p_collection;
      END $$;
    `);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      DROP FUNCTION mailbox.sync_state_get(uuid, text, text, bigint);
      DROP FUNCTION mailbox.sync_state_propose(uuid, text, text, bigint, bigint, bytea, bytea);
      DROP FUNCTION mailbox.sync_state_confirm(uuid, text, text, bigint);
      DROP FUNCTION mailbox.sync_collection_locked(uuid, text, text);
      DROP FUNCTION mailbox.sync_state_keys(uuid, text, text);
    `);
  }
}
