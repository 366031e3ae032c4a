import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_GAUGES } from '../src/metrics/gauges.js';
import { type Harness, NOW, startHarness } from './support/bot-harness.js';
import { type FakeDocker, generateMembers, startFakeDocker } from './support/fake-docker.js';
import { parseExposition, promtoolCheck, type Sample, sampleValue, tool } from './support/prometheus.js';

const COMPLIANCE = resolve(import.meta.dirname, 'fixtures/imports/compliance.csv');

async function scrape(h: Harness): Promise<{ text: string; samples: Sample[] }> {
  const res = await fetch(`http://127.0.0.1:${h.bot.metricsPort}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  return { text, samples: parseExposition(text) };
}

/** No label value may carry an email, a Slack or Docker token, or one of the people the test used. */
function expectNoPersonalLabels(samples: Sample[], people: string[]): void {
  for (const s of samples) {
    for (const value of Object.values(s.labels)) {
      expect(value, `${s.name} label`).not.toMatch(/@|xox[a-z]-|xapp-|dckr_|secret/i);
      for (const p of people) expect(value.toLowerCase(), `${s.name} label`).not.toContain(p.toLowerCase());
    }
  }
}

describe('/metrics on METRICS_PORT (demo organization)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ METRICS_PORT: '0', INSIGHTS_ADMINS: 'U0ALICE' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is off the public Slack port (404) and on its own listener', async () => {
    expect(h.bot.metricsPort).toBeGreaterThan(0);
    expect(h.bot.metricsPort).not.toBe(h.bot.port);
    const slackPort = await fetch(`http://127.0.0.1:${h.bot.port}/metrics`);
    expect(slackPort.status).toBe(404);
    await slackPort.body?.cancel();
    // The metrics listener serves nothing else.
    const other = await fetch(`http://127.0.0.1:${h.bot.metricsPort}/healthz`);
    expect(other.status).toBe(404);
    await other.body?.cancel();
  });

  it('counts a chart, an alert that opens and its post; promtool accepts the text; no personal labels', async () => {
    const before = (await scrape(h)).samples;
    expect(sampleValue(before, 'insights_bot_database_up')).toBe(1);
    expect(before.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(before.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);

    expect((await h.command('containers 1m')).status).toBe(200);
    await h.slack.waitFor((s) => s.history('C0INSIGHTS').find((m) => (m.files?.length ?? 0) > 0));
    expect((await h.command('subscribe drift', { channel: 'C0SECURITY' })).status).toBe(200);
    await h.slack.waitFor((s) =>
      s.history('C0SECURITY', 'U0ALICE').find((m) => /will get settings-drift alerts/.test(m.text ?? '')),
    );
    await h.command('containr');
    const imported = await h.bot.services.imports.importFile(
      { path: COMPLIANCE, kind: 'compliance', by: 'U0ALICE' },
      new Date(NOW.getTime() + 60_000),
    );
    expect(imported.status).toBe('imported');
    await h.bot.queue.drain();

    const { text, samples } = await scrape(h);
    const moved = (name: string, labels: Record<string, string>) =>
      sampleValue(samples, name, labels) - sampleValue(before, name, labels);
    // The chart: the command, its acknowledgement and post latency, the render.
    expect(moved('insights_bot_slash_commands_total', { subcommand: 'containers', outcome: 'ok' })).toBe(1);
    expect(moved('insights_bot_slash_commands_total', { subcommand: 'unknown', outcome: 'invalid' })).toBe(1);
    expect(moved('insights_bot_slash_command_ack_seconds_count', { subcommand: 'containers' })).toBe(1);
    expect(moved('insights_bot_command_to_post_seconds_count', { subcommand: 'containers' })).toBe(1);
    expect(moved('insights_bot_chart_renders_total', { chart: 'containers', outcome: 'ok' })).toBe(1);
    expect(moved('insights_bot_chart_render_seconds_count', { chart: 'containers' })).toBe(1);
    // The alerts: opened (counter), open now (gauge from the store), and the drift post delivered.
    const opened = samples.filter((s) => s.name === 'insights_bot_alerts_opened_total');
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.every((s) => s.labels.rule?.startsWith('drift.') && s.labels.severity)).toBe(true);
    const open = samples.filter((s) => s.name === 'insights_bot_alerts_open');
    expect(open.reduce((n, s) => n + s.value, 0)).toBe(opened.reduce((n, s) => n + s.value, 0));
    expect(moved('insights_bot_posts_total', { kind: 'alert', outcome: 'delivered' })).toBeGreaterThan(0);
    expect(sampleValue(samples, 'insights_bot_delivery_backlog')).toBe(0);
    expect(sampleValue(samples, 'insights_bot_delivery_oldest_pending_age_seconds')).toBe(0);

    const check = promtoolCheck(text);
    expect(check.output).toBe('');
    expect(check.status).toBe(0);
    expectNoPersonalLabels(samples, [
      'U0ALICE',
      'alice',
      'bob',
      'carol',
      'grace',
      'C0INSIGHTS',
      'C0SECURITY',
    ]);
  });
});

describe('/metrics for a Docker organization whose sync fails', () => {
  let fake: FakeDocker;
  let h: Harness;
  const token = 'dckr_oat_wrong_token_for_metrics';
  beforeAll(async () => {
    fake = await startFakeDocker({
      org: 'globex',
      credentials: [{ identifier: 'globex', secret: 'dckr_oat_globex' }],
      members: generateMembers(5, { seed: 3, now: NOW }),
      now: () => NOW.getTime(),
    });
    h = await startHarness({
      METRICS_PORT: '0',
      DOCKER_ORG: 'globex',
      DOCKER_TOKEN: token,
      DOCKER_HUB_URL: fake.hubUrl,
      DOCKER_API_URL: fake.apiUrl,
    });
    await h.bot.initialSync;
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  it('counts the failed sync per source and shows when it last failed; no token in any label', async () => {
    const before = (await scrape(h)).samples;
    await h.bot.runJob('sync');
    const { text, samples } = await scrape(h);
    const runs = samples.filter((s) => s.name === 'insights_bot_sync_runs_total');
    expect(runs.map((s) => s.labels.source)).toContain('hub-members');
    for (const source of runs.map((s) => s.labels.source ?? '')) {
      const errors = (x: Sample[]) => sampleValue(x, 'insights_bot_sync_errors_total', { source });
      expect(errors(samples) - errors(before), source).toBe(1);
    }
    const lastError = sampleValue(samples, 'insights_bot_sync_last_error_timestamp_seconds', {
      source: 'hub-members',
    });
    expect(lastError).toBe(NOW.getTime() / 1000);
    expect(samples.some((s) => s.name === 'insights_bot_sync_last_success_timestamp_seconds')).toBe(false);
    // No seat snapshot yet: the seat gauges stay out of the text until they have a value.
    expect(text).not.toContain('insights_bot_seats_');
    expect(promtoolCheck(text).status).toBe(0);
    expectNoPersonalLabels(samples, [token, 'globex']);
  });
});

describe('/metrics for a Docker organization with DOCKER_SEATS', () => {
  let fake: FakeDocker;
  let h: Harness;
  beforeAll(async () => {
    fake = await startFakeDocker({
      org: 'initech',
      credentials: [{ identifier: 'initech', secret: 'dckr_oat_initech_metrics' }],
      members: generateMembers(12, { seed: 5, now: NOW }),
      now: () => NOW.getTime(),
    });
    h = await startHarness({
      METRICS_PORT: '0',
      DOCKER_ORG: 'initech',
      DOCKER_TOKEN: 'dckr_oat_initech_metrics',
      DOCKER_HUB_URL: fake.hubUrl,
      DOCKER_API_URL: fake.apiUrl,
      DOCKER_SEATS: '15',
    });
    await h.bot.initialSync;
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  it('shows the seats used (members and pending invites) and purchased once the seats job has counted them', async () => {
    await h.bot.runJob('seats');
    const { text, samples } = await scrape(h);
    // Every listed person holds a seat: members, and invitees through GET /v2/orgs/{org}/invites.
    expect(sampleValue(samples, 'insights_bot_seats_used')).toBe(fake.members.length);
    expect(sampleValue(samples, 'insights_bot_seats_purchased')).toBe(15);
    expect(promtoolCheck(text).status).toBe(0);
  });
});

describe('the example alerting rules (deploy/prometheus/insights-bot-rules.yaml)', () => {
  const path = resolve(import.meta.dirname, '../deploy/prometheus/insights-bot-rules.yaml');

  it('pass `promtool check rules` and use only metrics the bot exposes', async () => {
    const check = spawnSync(tool('promtool'), ['check', 'rules', path], { encoding: 'utf8' });
    expect(check.stdout).toContain('SUCCESS: 5 rules found');
    expect(check.status).toBe(0);
    const h = await startHarness({ METRICS_PORT: '0' });
    try {
      const { text } = await scrape(h);
      const exposed = new Set([
        ...[...text.matchAll(/^# TYPE (\w+) /gm)].map((m) => m[1]),
        ...SNAPSHOT_GAUGES.map((g) => g.name),
      ]);
      const used = [...readFileSync(path, 'utf8').matchAll(/\binsights_bot_\w+/g)].map((m) => m[0]);
      expect(used.length).toBeGreaterThanOrEqual(6);
      for (const name of used) expect(exposed.has(name), name).toBe(true);
    } finally {
      await h.close();
    }
  });
});
