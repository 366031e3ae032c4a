import { type ComplianceRecord, complianceEntity } from '../domain/compliance.js';
import type { ComplianceReport, ComplianceSummaryInput } from '../domain/compliance-summary.js';
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

    /** The import the current report came from; null before the first (an empty report included). */
    async latestImport(org: string): Promise<ComplianceReport | null> {
      const [row] = await db.query<{ filename: string; imported_at: Date }>(
        `SELECT filename, imported_at FROM imports WHERE org = $1 AND kind = 'compliance'
         ORDER BY id DESC LIMIT 1`,
        [org],
      );
      return row ? { filename: row.filename, importedAt: row.imported_at } : null;
    },

    /** Users and machines per status, aggregated in the database (100,000-row reports). */
    async countsByStatus(org: string): Promise<ComplianceSummaryInput['counts']> {
      return db.query<{ status: string; count: number }>(
        `SELECT compliance_status AS status, count(*)::int AS count FROM compliance_records
         WHERE org = $1 GROUP BY compliance_status`,
        [org],
      );
    },

    /**
     * The first `limit` rows whose status is in `statuses`, in that order (most severe first), then by
     * entity: the database keeps only the top rows while it scans (a top-N sort), however large the report.
     */
    async firstWithStatus(
      org: string,
      statuses: readonly string[],
      limit: number,
    ): Promise<ComplianceSummaryInput['shown']> {
      const rows = await db.query<{
        username: string | null;
        email: string | null;
        machine_id: string | null;
        compliance_status: string;
        desktop_version: string | null;
      }>(
        `SELECT c.username, c.email, c.machine_id, c.compliance_status, c.desktop_version
         FROM compliance_records c
         JOIN unnest($2::text[]) WITH ORDINALITY AS s(status, rank) ON s.status = c.compliance_status
         WHERE c.org = $1 ORDER BY s.rank, c.entity LIMIT $3`,
        [org, statuses, limit],
      );
      return rows.map((r) => ({
        username: r.username,
        email: r.email,
        machineId: r.machine_id,
        status: r.compliance_status,
        desktopVersion: r.desktop_version,
      }));
    },
  };
}
