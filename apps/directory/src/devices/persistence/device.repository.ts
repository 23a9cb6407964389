/**
 * Mobile devices under their user. A report writes what the device said in one statement that
 * also reads the rules and default of that moment; only when they judge the device's access
 * state differently is it written, in a transaction that judges again under the row's lock (a
 * device reports every half minute, and its state rarely changes). An admin's decision
 * re-judges the device at once. Rule or default changes apply at the device's next report, as
 * in Exchange.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { DeviceAccessLevel, DeviceAccessRule, MobileDevice } from '@mail/contracts';
import { evaluateAccess } from '../device-access';
import { JUDGE_INPUTS } from './device-access-rule.repository';

/** What a device says about itself (EAS query and Settings DeviceInformation); absent keeps. */
export interface DeviceInformation {
  deviceType: string;
  model?: string;
  imei?: string;
  friendlyName?: string;
  os?: string;
  osLanguage?: string;
  phoneNumber?: string;
  mobileOperator?: string;
  userAgent?: string;
  policyApplied?: string;
  policyKey?: string;
}

export type DeviceRow = Omit<MobileDevice, 'recoveryPassword'> & {
  id: string;
  recoveryPassword: string | null;
};

/** Columns kept from an earlier report when this one does not carry them. */
const INFO_COLUMNS: Array<[keyof DeviceInformation, string]> = [
  ['model', 'device_model'],
  ['friendlyName', 'friendly_name'],
  ['os', 'device_os'],
  ['osLanguage', 'device_os_language'],
  ['imei', 'device_imei'],
  ['phoneNumber', 'device_telephone_number'],
  ['mobileOperator', 'device_mobile_operator'],
  ['userAgent', 'device_user_agent'],
  ['policyApplied', 'device_policy_applied'],
  ['policyKey', 'policy_key'],
];

const SELECT = `SELECT d.*, p.address AS user_address FROM directory.mobile_device d
  JOIN directory.proxy_address p ON p.recipient_id = d.user_id AND p.is_primary`;

const iso = (value: Date | string | null) =>
  value === null ? null : new Date(value).toISOString();

function fromRow(row: Record<string, unknown>): DeviceRow {
  const text = (column: string) => (row[column] as string | null) ?? null;
  return {
    id: row.id as string,
    user: row.user_address as string,
    deviceId: row.device_id as string,
    deviceType: row.device_type as string,
    deviceModel: text('device_model'),
    friendlyName: text('friendly_name'),
    deviceOS: text('device_os'),
    deviceOSLanguage: text('device_os_language'),
    deviceImei: text('device_imei'),
    deviceTelephoneNumber: text('device_telephone_number'),
    deviceMobileOperator: text('device_mobile_operator'),
    deviceUserAgent: text('device_user_agent'),
    firstSyncTime: iso(row.first_sync_time as Date)!,
    lastSyncTime: iso(row.last_sync_time as Date)!,
    devicePolicyApplied: text('device_policy_applied'),
    policyKey: text('policy_key'),
    deviceAccessState: row.access_state as DeviceRow['deviceAccessState'],
    deviceAccessStateReason: row.access_state_reason as DeviceRow['deviceAccessStateReason'],
    deviceWipeRequestTime: iso(row.wipe_request_time as Date | null),
    deviceWipeSentTime: iso(row.wipe_sent_time as Date | null),
    deviceWipeAckTime: iso(row.wipe_ack_time as Date | null),
    accountOnlyWipe: row.account_only_wipe as boolean,
    recoveryPassword: text('recovery_password'),
  };
}

/** The access a device row's judge inputs (JUDGE_INPUTS) give it, when not what it holds. */
function judgedAnew(row: {
  device_type: string;
  device_model: string | null;
  individual_access: DeviceAccessLevel | null;
  access_state: string;
  access_state_reason: string;
  rules: DeviceAccessRule[];
  default_access_level: DeviceAccessLevel;
}) {
  const decision = evaluateAccess(
    { deviceType: row.device_type, deviceModel: row.device_model },
    row.individual_access,
    row.rules,
    row.default_access_level,
  );
  const same =
    decision.accessState === row.access_state &&
    decision.accessStateReason === row.access_state_reason;
  return same ? null : decision;
}

export class DeviceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a device request (creating the device on its first), and judges its access. */
  async report(userId: string, deviceId: string, info: DeviceInformation): Promise<DeviceRow> {
    const values = INFO_COLUMNS.map(([field]) => info[field] ?? null);
    const [row] = await this.dataSource.query(
      `WITH reported AS (
         INSERT INTO directory.mobile_device (id, user_id, device_id, device_type,
           ${INFO_COLUMNS.map(([, column]) => column).join(', ')},
           first_sync_time, last_sync_time, access_state, access_state_reason)
         VALUES ($1, $2, $3, $4, ${values.map((_, i) => `$${i + 5}`).join(', ')},
           now(), now(), 'DeviceDiscovery', 'Global')
         ON CONFLICT (user_id, device_id) DO UPDATE SET device_type = EXCLUDED.device_type,
           ${INFO_COLUMNS.map(([, c]) => `${c} = COALESCE(EXCLUDED.${c}, mobile_device.${c})`).join(', ')},
           last_sync_time = now()
         RETURNING *)
       SELECT d.*, p.address AS user_address, ${JUDGE_INPUTS} FROM reported d
       JOIN directory.proxy_address p ON p.recipient_id = d.user_id AND p.is_primary`,
      [randomUUID(), userId, deviceId, info.deviceType, ...values],
    );
    if (!judgedAnew(row)) return fromRow(row);
    return this.dataSource.transaction((manager) => this.judge(manager, row.id));
  }

  async find(userId: string, deviceId: string): Promise<DeviceRow | null> {
    const [row] = await this.dataSource.query(
      `${SELECT} WHERE d.user_id = $1 AND d.device_id = $2`,
      [userId, deviceId],
    );
    return row ? fromRow(row) : null;
  }

  async list(userId?: string): Promise<DeviceRow[]> {
    const rows = await this.dataSource.query(
      `${SELECT} ${userId ? 'WHERE d.user_id = $1' : ''} ORDER BY p.address, d.device_id`,
      userId ? [userId] : [],
    );
    return rows.map(fromRow);
  }

  /** An administrator's allow/block/quarantine for one device; it applies at once. */
  async setIndividualAccess(
    userId: string,
    deviceId: string,
    level: DeviceAccessLevel,
  ): Promise<DeviceRow | null> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query(
        `UPDATE directory.mobile_device SET individual_access = $3
         WHERE user_id = $1 AND device_id = $2 RETURNING id`,
        [userId, deviceId, level],
      );
      return rows.length ? this.judge(manager, rows[0].id) : null;
    });
  }

  /** A new wipe request starts over: it has not been sent or acknowledged yet. */
  async requestWipe(userId: string, deviceId: string, accountOnly: boolean): Promise<boolean> {
    return this.touch(
      `wipe_request_time = now(), account_only_wipe = $3, wipe_sent_time = NULL, wipe_ack_time = NULL`,
      userId,
      deviceId,
      [accountOnly],
    );
  }

  /** Records that the wipe went out (or was acknowledged); false when none was requested. */
  async markWipe(userId: string, deviceId: string, step: 'sent' | 'ack'): Promise<boolean> {
    return this.touch(
      `wipe_${step}_time = now()`,
      userId,
      deviceId,
      [],
      'wipe_request_time IS NOT NULL',
    );
  }

  async setRecoveryPassword(userId: string, deviceId: string, password: string): Promise<boolean> {
    return this.touch('recovery_password = $3', userId, deviceId, [password]);
  }

  async remove(userId: string, deviceId: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(
      'DELETE FROM directory.mobile_device WHERE user_id = $1 AND device_id = $2',
      [userId, deviceId],
    );
    return count > 0;
  }

  private async touch(
    set: string,
    userId: string,
    deviceId: string,
    params: unknown[],
    condition = 'true',
  ): Promise<boolean> {
    const [rows] = await this.dataSource.query(
      `UPDATE directory.mobile_device SET ${set}
       WHERE user_id = $1 AND device_id = $2 AND ${condition} RETURNING id`,
      [userId, deviceId, ...params],
    );
    return rows.length > 0;
  }

  /**
   * Re-judges one device's access state inside the caller's transaction; writes it only when
   * it changed (a device's every report is judged).
   */
  private async judge(manager: EntityManager, id: string): Promise<DeviceRow> {
    const [device] = await manager.query(
      `SELECT device_type, device_model, individual_access, access_state, access_state_reason,
         ${JUDGE_INPUTS}
       FROM directory.mobile_device WHERE id = $1 FOR UPDATE`,
      [id],
    );
    const decision = judgedAnew(device);
    if (decision)
      await manager.query(
        'UPDATE directory.mobile_device SET access_state = $2, access_state_reason = $3 WHERE id = $1',
        [id, decision.accessState, decision.accessStateReason],
      );
    const [row] = await manager.query(`${SELECT} WHERE d.id = $1`, [id]);
    return fromRow(row);
  }
}
