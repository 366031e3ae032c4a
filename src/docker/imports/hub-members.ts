import type { Member } from '../../domain/insights.js';
import type { ImportInput } from './csv.js';
import { readCsv } from './csv.js';
import { DESKTOP_USERS_HEADERS, MemberCollector } from './desktop-users.js';

/**
 * The columns of the Hub members export (`GET /v2/orgs/{org}/members/export`, docker-apis.md §3.4):
 * Name, Username, Email, Type, Permission (the schema says Role: either is accepted), Teams, Date Joined.
 */
export const HUB_MEMBERS_HEADERS = { ...DESKTOP_USERS_HEADERS, role: ['Permission', 'Role'] };

/**
 * Parses the Hub members CSV export. The Desktop fields (last seen, last sign-in, version) are null
 * and `optedOutAnalytics` false: this export does not have them. Throws an ImportError at the first bad row.
 */
export async function parseHubMembers(input: ImportInput): Promise<Member[]> {
  const collector = new MemberCollector(false);
  await readCsv(
    input,
    HUB_MEMBERS_HEADERS,
    (columns) => collector.checkHeader(columns),
    (row) => collector.add(row),
  );
  return collector.members;
}
