/**
 * Device access rules (one per characteristic and query string, matched case-insensitively)
 * and the organization's default access level, kept in a one-row settings table.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type {
  DeviceAccessCharacteristic,
  DeviceAccessLevel,
  DeviceAccessRule,
} from '@mail/contracts';
import { DirectoryConflictError, isUniqueViolation } from '../../persistence/directory.repository';

const RULE_COLUMNS = `characteristic, query_string AS "queryString", access_level AS "accessLevel"`;
const RULE_ORDER = 'characteristic, lower(query_string)';

/**
 * What judging a device reads, as two columns of any statement: `rules` (the rules in list
 * order, a JSON array of DeviceAccessRule) and `default_access_level`.
 */
export const JUDGE_INPUTS = `(SELECT coalesce(json_agg(json_build_object('characteristic',
    characteristic, 'queryString', query_string, 'accessLevel', access_level) ORDER BY ${RULE_ORDER}),
    '[]') FROM directory.device_access_rule) AS rules,
  (SELECT default_access_level FROM directory.activesync_organization_settings)
    AS default_access_level`;

export class DeviceAccessRuleRepository {
  constructor(private readonly dataSource: DataSource) {}

  async add(rule: DeviceAccessRule): Promise<DeviceAccessRule> {
    try {
      await this.dataSource.query(
        `INSERT INTO directory.device_access_rule (id, characteristic, query_string, access_level)
         VALUES ($1, $2, $3, $4)`,
        [randomUUID(), rule.characteristic, rule.queryString, rule.accessLevel],
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DirectoryConflictError(
          `a device access rule for ${rule.characteristic} "${rule.queryString}" already exists: remove it first`,
        );
      throw error;
    }
    return rule;
  }

  async list(manager: EntityManager = this.dataSource.manager): Promise<DeviceAccessRule[]> {
    return manager.query(
      `SELECT ${RULE_COLUMNS} FROM directory.device_access_rule ORDER BY ${RULE_ORDER}`,
    );
  }

  async remove(
    characteristic: DeviceAccessCharacteristic,
    queryString: string,
  ): Promise<DeviceAccessRule | null> {
    const [rows] = await this.dataSource.query(
      `DELETE FROM directory.device_access_rule
       WHERE characteristic = $1 AND lower(query_string) = lower($2) RETURNING ${RULE_COLUMNS}`,
      [characteristic, queryString],
    );
    return rows[0] ?? null;
  }

  async defaultAccessLevel(
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DeviceAccessLevel> {
    const [row] = await manager.query(
      'SELECT default_access_level FROM directory.activesync_organization_settings',
    );
    return row.default_access_level;
  }

  async setDefaultAccessLevel(level: DeviceAccessLevel): Promise<void> {
    await this.dataSource.query(
      'UPDATE directory.activesync_organization_settings SET default_access_level = $1',
      [level],
    );
  }
}
