import { generateAuditLogs, generateMembers, startFakeDocker } from '../test/support/fake-docker.js';

/**
 * The fake Docker server for the sync benchmark, in its own process so its memory is not counted
 * against the bot's. Prints its URLs as one JSON line, then serves until killed.
 */
const now = new Date();
const fake = await startFakeDocker({
  org: 'bigcorp',
  credentials: [{ identifier: 'bigcorp', secret: 'dckr_oat_bench' }],
  members: generateMembers(50_000, { seed: 1, now }),
  auditLogs: generateAuditLogs(100_000, {
    seed: 1,
    org: 'bigcorp',
    from: new Date(now.getTime() - 80 * 86_400_000),
    to: now,
  }),
  pullReports: new Map(),
});
process.stdout.write(`${JSON.stringify({ hubUrl: fake.hubUrl, apiUrl: fake.apiUrl })}\n`);
