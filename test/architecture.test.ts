import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = new URL('../scripts/check-architecture.mjs', import.meta.url).pathname;
const check = (dir?: string) =>
  spawnSync(process.execPath, [SCRIPT, ...(dir ? [dir] : [])], { encoding: 'utf8' });

let tree: string | undefined;
afterEach(async () => {
  if (tree) await rm(tree, { recursive: true, force: true });
  tree = undefined;
});

/** A small src/ tree: `files` maps paths to their source. */
async function srcTree(files: Record<string, string>): Promise<string> {
  tree = await mkdtemp(join(tmpdir(), 'insights-arch-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(tree, path)), { recursive: true });
    await writeFile(join(tree, path), text);
  }
  return tree;
}

describe('the architecture check (npm test)', () => {
  it('passes on this project', () => {
    const result = check();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('fails on a folder-level cycle, an import against the layers, SQL outside store/, a long file', async () => {
    const dir = await srcTree({
      'domain/a.ts': "import { b } from '../app/b.js';\nexport const a = b;\n",
      'app/b.ts': "import { a } from '../domain/a.js';\nexport const b = a;\n",
      'slack/c.ts': "import { d } from '../store/d.js';\nexport const c = d;\n",
      'store/d.ts': "export const d = 'SELECT 1 FROM x';\n",
      'http/e.ts': 'export const e = `SELECT id FROM alerts WHERE org = $1`;\n',
      'render/f.ts': 'export const f = 1;\n'.repeat(301),
    });
    const result = check(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('domain/a.ts: domain/ may not import app/');
    expect(result.stderr).toContain('import cycle between folders: ');
    expect(result.stderr).toContain('slack/c.ts: slack/ may not import store/');
    expect(result.stderr).toContain('http/e.ts: SQL outside src/store/');
    expect(result.stderr).not.toContain('store/d.ts: SQL');
    expect(result.stderr).toContain('render/f.ts: 301 lines (at most 300)');
  });
});
