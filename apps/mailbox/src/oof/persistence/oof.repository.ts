/** Out-of-office rows of a mailbox and the senders answered in the current absence. */
import type { DataSource } from 'typeorm';
import type { OofMessage, OofSettings, OofState } from '@mail/contracts';

/** What a mailbox that never set Oof has: off, every audience disabled and empty. */
const NO_REPLY: OofMessage = { enabled: false, replyMessage: '', bodyType: 'Text' };
export const OOF_DEFAULTS: OofSettings = {
  state: 0,
  startTime: null,
  endTime: null,
  messages: { internal: NO_REPLY, externalKnown: NO_REPLY, externalUnknown: NO_REPLY },
};

const iso = (value: Date | string | null) =>
  value === null ? null : new Date(value).toISOString();

export type Absence = Pick<OofSettings, 'state' | 'startTime' | 'endTime'>;

export interface AbsenceRow {
  state: number | string;
  start_time: Date | string | null;
  end_time: Date | string | null;
}

/** A row's state and time window. */
export const absenceOf = (row: AbsenceRow): Absence => ({
  state: Number(row.state) as OofState,
  startTime: iso(row.start_time),
  endTime: iso(row.end_time),
});

export class OofRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(mailboxId: string): Promise<OofSettings> {
    const [row] = await this.dataSource.query(
      'SELECT state, start_time, end_time, messages FROM mailbox.oof WHERE mailbox_id = $1',
      [mailboxId],
    );
    if (!row) return OOF_DEFAULTS;
    return {
      ...absenceOf(row),
      messages: { ...OOF_DEFAULTS.messages, ...(row.messages as Partial<OofSettings['messages']>) },
    };
  }

  /** Stores the settings and starts a new absence: every sender may be answered again. */
  async set(mailboxId: string, settings: OofSettings): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO mailbox.oof (mailbox_id, state, start_time, end_time, messages)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (mailbox_id) DO UPDATE SET state = excluded.state,
           start_time = excluded.start_time, end_time = excluded.end_time,
           messages = excluded.messages`,
        [
          mailboxId,
          settings.state,
          settings.startTime,
          settings.endTime,
          JSON.stringify(settings.messages),
        ],
      );
      await manager.query('DELETE FROM mailbox.oof_replied WHERE mailbox_id = $1', [mailboxId]);
    });
  }

  /** Records `sender` as answered; false when it was answered before in this absence. */
  async claimReply(mailboxId: string, sender: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `INSERT INTO mailbox.oof_replied (mailbox_id, sender) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING sender`,
      [mailboxId, sender.toLowerCase()],
    );
    return rows.length === 1;
  }

  /** Whether one of the mailbox's contacts has `address` (an external sender it knows). */
  async isContact(mailboxId: string, address: string): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT 1 AS found FROM mailbox.item
        WHERE mailbox_id = $1 AND item_class = 'Contacts'
          AND position($2 IN lower(concat_ws(' ', properties->>'Email1Address',
                properties->>'Email2Address', properties->>'Email3Address'))) > 0
        LIMIT 1`,
      [mailboxId, address.toLowerCase()],
    );
    return Boolean(row);
  }
}
