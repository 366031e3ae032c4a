import { type ComplianceRecord, complianceEntity } from '../domain/compliance.js';
import { chunks } from './chunks.js';
import type { Queryable } from './db.js';

export function createComplianceRepo(db: Queryable) {
  return {
    /** The compliance report is a full picture: the new one replaces the old (run inside a transaction). */
    async replace(org: string, records: ComplianceRecord[], importId: number): Promise<void> {
      await db.query('DELETE FROM compliance_records WHERE org = $1', [org]);
      // One row per user or machine; a later row for the same one wins.
      const rows = [...new Map(records.map((r) => [complianceEntity(r), r])).entries()];
      for (const c of chunks(rows)) {
        await db.query(
          `INSERT INTO compliance_records (org, entity, username, email, machine_id, compliance_status, domain_status,
             settings_status, assigned_policy, last_policy_fetch, desktop_version, import_id)
           SELECT $1, *, $12 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
             $8::text[], $9::text[], $10::timestamptz[], $11::text[])`,
          [
            org,
            c.map(([entity]) => entity),
            c.map(([, r]) => r.username),
            c.map(([, r]) => r.email),
            c.map(([, r]) => r.machineId),
            c.map(([, r]) => r.complianceStatus),
            c.map(([, r]) => r.domainStatus),
            c.map(([, r]) => r.settingsStatus),
            c.map(([, r]) => r.assignedPolicy),
            c.map(([, r]) => r.lastPolicyFetch),
            c.map(([, r]) => r.desktopVersion),
            importId,
          ],
        );
      }
    },

    /** The current report, one row per user or machine, ordered by entity. */
    async list(org: string): Promise<ComplianceRecord[]> {
      const rows = await db.query<{
        username: string | null;
        email: string | null;
        machine_id: string | null;
        compliance_status: ComplianceRecord['complianceStatus'];
        domain_status: ComplianceRecord['domainStatus'];
        settings_status: ComplianceRecord['settingsStatus'];
        assigned_policy: string | null;
        last_policy_fetch: Date | null;
        desktop_version: string | null;
      }>(
        `SELECT username, email, machine_id, compliance_status, domain_status, settings_status, assigned_policy,
           last_policy_fetch, desktop_version
         FROM compliance_records WHERE org = $1 ORDER BY entity`,
        [org],
      );
      return rows.map((r) => ({
        username: r.username,
        email: r.email,
        machineId: r.machine_id,
        complianceStatus: r.compliance_status,
        domainStatus: r.domain_status,
        settingsStatus: r.settings_status,
        assignedPolicy: r.assigned_policy,
        lastPolicyFetch: r.last_policy_fetch ? r.last_policy_fetch.toISOString() : null,
        desktopVersion: r.desktop_version,
      }));
    },
  };
}
