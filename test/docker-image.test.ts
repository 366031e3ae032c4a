import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { CLI } from './support/cli.js';
import { expand, ignored, parseDockerfile, parseEnvFile, read } from './support/docker-files.js';

const dockerfile = parseDockerfile(read('Dockerfile'));
const runtime = dockerfile.stages.at(-1);
const stage = (name: string) => dockerfile.stages.find((s) => s.name === name);
const runs = (lines: string[] | undefined) => (lines ?? []).filter((l) => l.startsWith('RUN '));
/** The runtime stage's ENV, as the image sets it. */
const imageEnv = Object.fromEntries(
  (runtime?.lines ?? [])
    .filter((l) => l.startsWith('ENV '))
    .flatMap((l) => l.slice(4).trim().split(/\s+/))
    .map((pair) => pair.split('=') as [string, string]),
);

describe('Dockerfile', () => {
  it('pins both base images by digest under one NODE_VERSION (24), with how to update them', () => {
    expect(dockerfile.args.get('NODE_VERSION')).toBe('24');
    const images = dockerfile.stages.map((s) => s.from).filter((f) => !stage(f));
    expect(images).toEqual(['BUILD_IMAGE', 'RUNTIME_IMAGE'].map((name) => `\${${name}}`));
    for (const image of images) {
      expect(expand(image, dockerfile.args)).toMatch(/^node:24-bookworm(-slim)?@sha256:[0-9a-f]{64}$/);
      expect(dockerfile.args.get(image.slice(2, -1))).toMatch(/^node:\$\{NODE_VERSION\}-/);
    }
    expect(read('Dockerfile')).toMatch(/# +docker buildx imagetools inspect node:24-bookworm-slim/);
    // Each base stage checks that its Node is NODE_VERSION (a digest left behind fails the build).
    for (const s of [stage('build-base'), runtime]) {
      expect(
        runs(s?.lines).some((l) => l.includes('process.versions.node') && l.includes('NODE_VERSION')),
      ).toBe(true);
    }
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(pkg.engines.node).toContain('^24');
  });

  it('caches the dependencies apart from the sources: a source change does not recompile canvas', () => {
    const deps = stage('deps');
    expect(deps?.from).toBe('build-base');
    const copies = (deps?.lines ?? []).filter((l) => l.startsWith('COPY '));
    expect(copies).toEqual(['COPY package.json package-lock.json ./']);
    const install = runs(deps?.lines).join(' ');
    expect(install).toMatch(/npm ci --omit=dev --ignore-scripts/);
    expect(install).toMatch(/npm_config_build_from_source=true npm rebuild canvas/);
    const build = stage('build')?.lines ?? [];
    const ci = build.findIndex((l) => /npm ci --ignore-scripts/.test(l));
    const src = build.indexOf('COPY src ./src');
    expect(ci).toBeGreaterThan(0);
    expect(src).toBeGreaterThan(ci);
    expect(runs(build).join(' ')).not.toMatch(/rebuild canvas/);
  });

  it('runs as node, which owns only /data, not the code', () => {
    const lines = runtime?.lines ?? [];
    for (const copy of lines.filter((l) => l.startsWith('COPY '))) expect(copy).not.toContain('--chown');
    expect(lines.filter((l) => l.includes('chown'))).toEqual(['RUN mkdir -p /data && chown node:node /data']);
    expect(lines).toContain('USER node');
    expect(lines.indexOf('USER node')).toBeGreaterThan(lines.findLastIndex((l) => l.startsWith('COPY ')));
    expect(imageEnv).toMatchObject({ DATA_DIR: '/data', HOST: '0.0.0.0', PORT: '3000' });
  });

  it('carries the OCI labels', () => {
    const labels = (runtime?.lines ?? []).filter((l) => l.startsWith('LABEL ')).join(' ');
    for (const key of ['title', 'source', 'licenses', 'version', 'revision']) {
      expect(labels).toMatch(new RegExp(`org\\.opencontainers\\.image\\.${key}="[^"]+"`));
    }
    expect(labels).toContain('org.opencontainers.image.licenses="MIT"');
  });

  it('installs no library the renderer does not use (no librsvg, JPEG or GIF) at build or run time', () => {
    const apt = (s: typeof runtime) =>
      runs(s?.lines)
        .filter((l) => l.includes('apt-get install'))
        .join(' ');
    for (const s of [stage('build-base'), runtime]) expect(apt(s)).not.toMatch(/rsvg|jpeg|libgif/);
    expect(apt(runtime)).toMatch(/libcairo2 .*libpango-1\.0-0 .*libpangocairo-1\.0-0/);
    expect(apt(runtime)).toContain('fonts-dejavu-core');
  });

  it('starts Node with --enable-source-maps, since the build ships the maps', () => {
    const cmd = (runtime?.lines ?? []).find((l) => l.startsWith('CMD '));
    expect(JSON.parse(cmd?.slice(4) ?? '[]')).toEqual([
      'node',
      '--enable-source-maps',
      '--max-semi-space-size=2',
      'dist/cli.js',
      'serve',
    ]);
    expect(JSON.parse(read('tsconfig.build.json')).compilerOptions.sourceMap).toBe(true);
    // As `npm start` does: fewer malloc arenas for the bot's threads.
    expect(imageEnv.MALLOC_ARENA_MAX).toBe('2');
  });

  it('builds the font cache at build time, so a read-only root filesystem works', () => {
    expect(runs(runtime?.lines).some((l) => /fc-cache -f/.test(l))).toBe(true);
    expect(imageEnv.XDG_CACHE_HOME).toMatch(/^\/tmp\//);
  });
});

describe('.dockerignore', () => {
  const patterns = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  it('leaves secrets, local data, tests and logs out of the build context, and the sources in', () => {
    for (const path of [
      '.env',
      '.env.local',
      '.env.production',
      'data/postgres/PG_VERSION',
      'test/cli.test.ts',
    ]) {
      expect(ignored(patterns, path), path).toBe(true);
    }
    for (const path of [
      'bot.log',
      'logs/x.log',
      'npm-debug.log',
      'node_modules/canvas/index.js',
      '.tools/bin/helm',
    ]) {
      expect(ignored(patterns, path), path).toBe(true);
    }
    for (const path of [
      '.env.example',
      'src/main.ts',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
    ]) {
      expect(ignored(patterns, path), path).toBe(false);
    }
  });
});

describe('the docker run line with a .env made from .env.example', () => {
  const env = { ...imageEnv, ...parseEnvFile(read('.env.example')) };

  it('keeps the image’s HOST and DATA_DIR: the port is reachable and the database is in the /data volume', () => {
    expect(parseEnvFile(read('.env.example'))).not.toHaveProperty('HOST');
    expect(parseEnvFile(read('.env.example'))).not.toHaveProperty('DATA_DIR');
    const config = loadConfig(env);
    expect(config.slack.mode).toBe('sandbox');
    expect(config.host).toBe('0.0.0.0');
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('/data');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.metricsPort).toBeNull();
  });

  it('is documented with the sandbox published on loopback only and the volume on /data', () => {
    // The README's run line, and the operations page's the same.
    for (const page of ['README.md', 'docs/operations.md']) {
      const line = read(page)
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l.startsWith('docker run ') && l.includes('--env-file .env'));
      expect(line, page).toBeDefined();
      expect(line).toContain('-p 127.0.0.1:3000:3000');
      expect(line).toMatch(/-v [\w-]+:\/data /);
      expect(line).toMatch(/insights-bot(:\S+)?$/);
    }
  });
});

describe('a DATA_DIR the bot cannot write (a root-owned bind mount on /data)', () => {
  it('stops with one sentence naming the folder and the uid, not a stack trace', async () => {
    const root = mkdtempSync(join(tmpdir(), 'insights-datadir-'));
    chmodSync(root, 0o755);
    const data = join(root, 'data');
    mkdirSync(data, { mode: 0o755 });
    // As root: run the bot as uid 1000 (the image's `node`) on the root-owned folder; as anyone else,
    // on a folder its owner may not write.
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) chmodSync(data, 0o555);
    const uid = asRoot ? 1000 : process.getuid?.();
    const [command, ...args] = asRoot
      ? ['setpriv', '--reuid=1000', '--regid=1000', '--clear-groups', process.execPath, CLI, 'serve']
      : [process.execPath, CLI, 'serve'];
    const child = spawn(command ?? '', args, {
      env: { ...process.env, DATA_DIR: data, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: '' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    rmSync(root, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `cannot write DATA_DIR=${data}: it must be writable by uid ${uid}, which the bot runs as (\`chown ${uid}\` the folder mounted there, use a named volume, or set DATABASE_URL).`,
    );
  });
});
