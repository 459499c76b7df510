import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import semver from 'semver';
import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';

/**
 * The command line: `npm start`, `seed`, `tenant:create`, `apikey:*`, `migrate` (and schema, docs,
 * bench) compile the TypeScript only when the build is not current (scripts/build-if-stale.js),
 * and `npm install` on Node 20.19+ prints no engine warning.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'build-if-stale.js');
const run = promisify(execFile);

describe('build-if-stale', () => {
  let dir: string;
  const check = () => spawnSync(process.execPath, [path.join(dir, 'scripts', 'build-if-stale.js'), '--check'], { cwd: dir }).status;
  const build = () => spawnSync(process.execPath, [path.join(dir, 'scripts', 'build-if-stale.js')], { cwd: dir, encoding: 'utf8' });
  const out = (f: string) => path.join(dir, 'dist', 'src', f);

  beforeAll(() => {
    // A tiny project with the same layout: scripts/, tsconfig files, src/, node_modules (for tsc).
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-build-stamp-'));
    fs.mkdirSync(path.join(dir, 'scripts'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.copyFileSync(SCRIPT, path.join(dir, 'scripts', 'build-if-stale.js'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: '.', module: 'commonjs', target: 'ES2022', strict: true, types: [] } }));
    fs.writeFileSync(path.join(dir, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', include: ['src/**/*.ts'] }));
    fs.writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a: number = 1;\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('compiles when the build is missing or stale, and not when it is current', () => {
    expect(check()).toBe(1); // never built
    expect(build().status).toBe(0);
    expect(fs.readFileSync(out('a.js'), 'utf8')).toContain('exports.a = 1');
    expect(check()).toBe(0);

    // Current: nothing is compiled (a removed output stays removed), whatever the mtimes say.
    fs.rmSync(out('a.js'));
    fs.utimesSync(path.join(dir, 'src', 'a.ts'), new Date(), new Date(Date.now() + 60_000));
    expect(build().status).toBe(0);
    expect(fs.existsSync(out('a.js'))).toBe(false);

    // A changed source, or a new source file: stale, compiled again.
    fs.writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a: number = 2;\n');
    expect(check()).toBe(1);
    fs.writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a: number = 1;\n');
    expect(check()).toBe(0); // the same content again: current
    fs.writeFileSync(path.join(dir, 'src', 'b.ts'), 'export const b = 3;\n');
    expect(check()).toBe(1);
    fs.writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a: number = 2;\n');
    expect(build().status).toBe(0);
    expect(fs.readFileSync(out('a.js'), 'utf8')).toContain('exports.a = 2');
    expect(fs.existsSync(out('b.js'))).toBe(true);

    // A deleted source leaves no compiled file behind (a stale resolver would still be loaded).
    fs.rmSync(path.join(dir, 'src', 'b.ts'));
    expect(check()).toBe(1);
    expect(build().status).toBe(0);
    expect(fs.existsSync(out('b.js'))).toBe(false);
    fs.writeFileSync(path.join(dir, 'src', 'b.ts'), 'export const b = 3;\n');

    // A failed build leaves no stamp: the next command tries again instead of running stale code.
    fs.writeFileSync(path.join(dir, 'src', 'b.ts'), 'export const b: number = "three";\n');
    expect(build().status).not.toBe(0);
    expect(check()).toBe(1);
    expect(fs.existsSync(path.join(dir, 'dist', '.build-stamp'))).toBe(false);
  }, 120_000);

  it('is what every command-line entry point runs instead of an unconditional tsc', () => {
    const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
    const check = 'node scripts/build-if-stale.js';
    expect(scripts.prestart).toBe(check);
    for (const name of ['seed', 'tenant:create', 'apikey:create', 'apikey:revoke', 'migrate', 'schema', 'docs', 'bench']) {
      expect([name, scripts[name].startsWith(`${check} && node dist/`)]).toEqual([name, true]);
    }
    expect(scripts.build).toBe(`${check} --force`);
    // `typecheck` runs tsc --noEmit: it checks the types of every file and builds nothing.
    expect(Object.entries(scripts).filter(([name, s]) => name !== 'typecheck' && /\btsc\b|npm run build/.test(s))).toEqual([]);
    expect(scripts.typecheck).toBe('tsc -p tsconfig.json --noEmit');
  });
});

describe('the command-line tools on a built clone, against real PostgreSQL', () => {
  let ds: DataSource;
  const distFiles = () => ['src/main.js', 'scripts/tenant-create.js', 'scripts/apikey-create.js', 'scripts/migrate.js', '.build-stamp']
    .map((f) => [f, fs.statSync(path.join(ROOT, 'dist', f)).mtimeMs]);
  const npm = (args: string[]) =>
    run('npm', ['run', '-s', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL, LOG_LEVEL: 'warn' } });

  beforeAll(async () => {
    // Built once if this clone never was (the tools' first run would do the same).
    execFileSync(process.execPath, [SCRIPT], { cwd: ROOT, stdio: 'pipe' });
    ds = createDataSource({ url: process.env.TEST_DATABASE_URL!, poolSize: 1 });
    await ds.initialize();
  }, 300_000);
  afterAll(() => ds?.destroy());

  it('tenant:create, apikey:create, apikey:revoke and migrate run without compiling anything', async () => {
    const before = distFiles();
    const created = await npm(['tenant:create', '--', 'CLI tenant']);
    const { tenantId, apiKey } = JSON.parse(created.stdout.trim().split('\n').pop()!);
    expect(apiKey).toMatch(/^bk_/);
    expect(await ds.query('SELECT name FROM tenant WHERE id = $1', [tenantId])).toEqual([{ name: 'CLI tenant' }]);
    const key = await npm(['apikey:create', '--', tenantId, 'second']);
    const { apiKeyId } = JSON.parse(key.stdout.trim().split('\n').pop()!);
    await npm(['apikey:revoke', '--', apiKeyId]);
    expect((await ds.query('SELECT revoked_at IS NOT NULL AS revoked FROM api_key WHERE id = $1', [apiKeyId]))[0].revoked).toBe(true);
    await npm(['migrate']);
    expect(distFiles()).toEqual(before);
  }, 120_000);
});

describe('npm install', () => {
  it('installs only packages whose engines accept Node 20.19 and this Node (no EBADENGINE warning)', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } }> };
    const engines = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node;
    expect(semver.minVersion(engines)?.version).toBe('20.19.0');
    for (const node of ['20.19.0', process.versions.node]) {
      const refusing = Object.entries(lock.packages)
        .filter(([name, p]) => name && typeof p.engines?.node === 'string' && !semver.satisfies(node, p.engines.node))
        .map(([name, p]) => `${name} (node ${p.engines!.node})`);
      expect([node, refusing]).toEqual([node, []]);
    }
  });
});
