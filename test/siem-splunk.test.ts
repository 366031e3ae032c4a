import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, NOW, startHarness } from './support/bot-harness.js';
import {
  type FakeDocker,
  generateAuditLogs,
  generateMembers,
  startFakeDocker,
} from './support/fake-docker.js';
import { type FakeHec, type HecEnvelope, startFakeHec } from './support/fake-hec.js';
import { answerOf, drainSiem, idsOf, movableClock } from './support/siem.js';
import { until } from './support/until.js';

const ADMIN = 'U0ADMIN';
const TOKEN = '5f1f9d6e-8d8a-4b8e-9a37-2f0c1f1e7a11';
const DAY = 86_400_000;
const HEADER =
  'Username,Email,Compliance status,Domain status,Settings status,Assigned policy,Last policy fetch,Docker Desktop version';

let fake: FakeDocker;
let hec: FakeHec;
let h: Harness;
let dir: string;
const time = movableClock(() => h);

const ofType = (sourcetype: string) => hec.indexed.filter((e) => e.sourcetype === sourcetype);
const events = (sourcetype: string) => ofType(sourcetype).map((e) => e.event);
const command = (text: string, user = ADMIN, channel = 'C0INSIGHTS') => answerOf(h, text, user, channel);

beforeAll(async () => {
  fake = await startFakeDocker({
    org: 'acme',
    credentials: [{ identifier: 'acme', secret: 'dckr_oat_acme' }],
    members: generateMembers(10, { seed: 3, now: NOW }),
    auditLogs: generateAuditLogs(10_000, {
      seed: 9,
      org: 'acme',
      from: new Date(NOW.getTime() - 7 * DAY),
      to: NOW,
    }),
  });
  hec = await startFakeHec({ token: TOKEN, indexes: ['docker'] });
  h = await startHarness({
    DOCKER_ORG: 'acme',
    DOCKER_TOKEN: 'dckr_oat_acme',
    DOCKER_HUB_URL: fake.hubUrl,
    DOCKER_API_URL: fake.apiUrl,
    INSIGHTS_ADMINS: ADMIN,
    SIEM_SPLUNK_URL: hec.url,
    SIEM_SPLUNK_TOKEN: TOKEN,
    SIEM_SPLUNK_INDEX: 'docker',
  });
  await h.bot.initialSync;
  dir = await mkdtemp(join(tmpdir(), 'insights-siem-'));
}, 120_000);
afterAll(async () => {
  await h?.close();
  await hec?.close();
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function importReport(rows: Array<[string, string]>) {
  const lines = rows.map(
    ([user, status]) =>
      `${user},${user}@example.com,${status},Verified,Global policy,Default org policy,2026-11-20T08:00:00Z,4.40.0`,
  );
  const path = join(dir, `compliance-${time.now().getTime()}.csv`);
  await writeFile(path, `${[HEADER, ...lines].join('\n')}\n`);
  const outcome = await h.bot.services.imports.importFile({ path, by: 'test' }, time.advance(60_000));
  expect(outcome.status).toBe('imported');
  await h.bot.queue.drain();
}

describe('forwarding to Splunk HEC', () => {
  it('delivers 10,000 activity events once each, in Docker’s field names, through a 503 burst and dropped connections', async () => {
    hec.busy(3);
    hec.drop(2);
    await drainSiem(h, time);
    const activity = ofType('docker:activity');
    expect(activity).toHaveLength(10_000);
    expect(idsOf(activity.map((e) => e.event)).repeated).toEqual([]);
    const original = fake.auditLogs[0];
    const forwarded = activity.find(
      (e) =>
        Date.parse(String(e.event.timestamp)) === Date.parse(original?.timestamp ?? '') &&
        e.event.action === original?.action &&
        e.event.name === original?.name,
    ) as HecEnvelope;
    expect(forwarded.event).toMatchObject({
      schema_version: 1,
      kind: 'activity',
      org: 'acme',
      account: 'acme',
      action: original?.action,
      name: original?.name,
      actor: original?.actor,
      action_description: original?.action_description,
    });
    expect(forwarded).toMatchObject({
      index: 'docker',
      source: 'insights-bot',
      sourcetype: 'docker:activity',
    });
    expect(forwarded.time).toBe(Date.parse(original?.timestamp ?? '') / 1000);
    expect(forwarded.fields).toEqual({ insights_id: forwarded.event.id });
    const statuses = hec.requests.map((r) => r.status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(3);
    expect(statuses.filter((s) => s === 0)).toHaveLength(2);
  });

  it('forwards a drift scenario’s alert transitions and the audit trail, each once', async () => {
    await command('subscribe drift', ADMIN, 'C0SECURITY');
    await importReport([
      ['bob', 'Non-compliant'],
      ['carol', 'Non-compliant'],
    ]);
    const [message] = h.slack.history('C0SECURITY').filter((m) => !m.ephemeralTo);
    if (!message) throw new Error('no drift alert posted');
    await (await h.press(message, 'alert_ack', { user: ADMIN, index: 0 })).text();
    await until('the acknowledgement', async () =>
      (await h.bot.db.query('SELECT 1 FROM alerts WHERE acked_by IS NOT NULL')).at(0),
    );
    await command('silence drift.compliance 1h');
    await importReport([
      ['bob', 'Non-compliant'],
      ['carol', 'Compliant'],
    ]);
    await drainSiem(h, time);

    const alerts = events('insights:alert').filter((a) => a.rule === 'drift.compliance');
    expect(idsOf(alerts).repeated).toEqual([]);
    const steps = alerts.map((a) => `${a.transition} ${String(a.entity).split(' ')[0]}`);
    expect(steps.filter((s) => s.startsWith('opened'))).toHaveLength(2);
    expect(alerts.filter((a) => a.transition === 'acknowledged')).toEqual([
      expect.objectContaining({ rule: 'drift.compliance', by: ADMIN, severity: expect.any(String) }),
    ]);
    expect(alerts.filter((a) => a.transition === 'silenced')).toHaveLength(2);
    expect(alerts.filter((a) => a.transition === 'silenced')[0]).toMatchObject({
      by: ADMIN,
      silence: { matcher: 'drift.compliance' },
    });
    const resolved = alerts.filter((a) => a.transition === 'resolved');
    expect(resolved).toHaveLength(1);
    expect(JSON.stringify(resolved[0])).toContain('carol');

    const audit = events('insights:audit').map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['subscribe.drift', 'alert.acknowledge', 'alert.silence']));
    expect(idsOf(events('insights:audit')).repeated).toEqual([]);
  });

  it('sets aside one event HEC refuses (400 code 6) and delivers the rest of its batch', async () => {
    const at = (s: number) => new Date(NOW.getTime() + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const ev = (s: number, name: string) => ({
      account: 'acme',
      action: 'repo.tag.push',
      name,
      actor: 'ci-bot',
      data: { digest: `sha256:${name}` },
      timestamp: at(s),
      action_description: `pushed ${name}`,
    });
    fake.auditLogs.unshift(ev(3, 'acme/c:3'), ev(2, 'acme/bad:2'), ev(1, 'acme/a:1'));
    hec.rejectEvents((e) => e.event.name === 'acme/bad:2');
    await h.bot.services.sync.run(time.advance(10_000), { only: ['activity-log'] });
    await drainSiem(h, time);
    const names = events('docker:activity').map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['acme/a:1', 'acme/c:3']));
    expect(names).not.toContain('acme/bad:2');

    const answer = await command('siem');
    const text = JSON.stringify(answer.blocks);
    expect(text).toContain('1 dead-lettered');
    expect(text).toContain('HEC 400 code 6: Invalid data format');
    hec.rejectEvents(() => false);
  });

  it('pauses on an invalid token, says so in /insights status, and sends what queued after a resume', async () => {
    hec.setToken('a-different-token-0000');
    await command('subscribe scout', ADMIN, 'C0SECURITY');
    await h.bot.services.siem.runOnce(time.advance(1000));
    const status = await command('status', 'U0ANYONE');
    expect(JSON.stringify(status.blocks)).toContain(
      'SIEM destination Splunk HEC is paused: the HEC token is invalid (HEC 403 code 4: Invalid token)',
    );
    // Paused: nothing more is tried, and the record waits.
    const tries = hec.requests.length;
    await h.bot.services.siem.runOnce(time.advance(10 * 60_000));
    expect(hec.requests.length).toBe(tries);

    const refused = await command('siem resume splunk', 'U0MALLORY');
    expect(refused.text).toMatch(/Only Insights admins/);
    hec.setToken(TOKEN);
    const resumed = await command('siem resume splunk');
    expect(resumed.text).toContain('resumed');
    await drainSiem(h, time);
    expect(events('insights:audit').map((a) => a.action)).toEqual(
      expect.arrayContaining(['subscribe.scout', 'siem.resume']),
    );
    expect(h.logs.lines.join('\n')).not.toContain(TOKEN);
  });

  it('never holds up a command or a Slack alert while HEC is stalled', async () => {
    const stalled = hec.hang();
    await command('unsubscribe scout', ADMIN, 'C0SECURITY');
    const pass = h.bot.services.siem.runOnce(time.now());
    await stalled;
    // HEC holds the request: a command answers and a new alert reaches Slack meanwhile.
    const status = await command('status', 'U0ANYONE');
    expect(status.text).toContain('Insights sources for acme');
    time.advance(2 * 3_600_000); // past the silence
    await importReport([['dave', 'Non-compliant']]);
    expect(JSON.stringify(h.slack.history('C0SECURITY').at(-1)?.blocks)).toContain('dave@example.com');
    hec.release();
    await pass;
    await drainSiem(h, time);
    expect(events('insights:alert').some((a) => String(a.entity).startsWith('dave'))).toBe(true);
  });
});
