// Checks of the release-please setup (RLSE-01, RLSE-07), against release-please's own schema and code.
// Run from the repository root: node --test tools/ci/release-config.test.js (scripts/ci/checks does).
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const ROOT = path.resolve(__dirname, '..', '..');
const RP = path.dirname(require.resolve('release-please/package.json'));
const { parseConventionalCommits } = require(path.join(RP, 'build/src/commit'));
const { DefaultVersioningStrategy } = require(path.join(RP, 'build/src/versioning-strategies/default'));
const { Version } = require(path.join(RP, 'build/src/version'));
const { Generic } = require(path.join(RP, 'build/src/updaters/generic'));
const { Changelog } = require(path.join(RP, 'build/src/updaters/changelog'));
const { filterCommits } = require(path.join(RP, 'build/src/util/filter-commits'));

const readJson = (file) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
const config = readJson('release-please-config.json');
const manifest = readJson('.release-please-manifest.json');
const rootPackage = config.packages && config.packages['.'];
const quiet = { warn() {}, info() {}, debug() {}, error() {}, trace() {} };

/** The pom.xml files of the build, as git tracks them (or as found on disk outside a git checkout). */
function pomFiles() {
  try {
    return execFileSync('git', ['ls-files', '--', 'pom.xml', '*/pom.xml'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n').filter(Boolean).sort();
  } catch {
    return fs.readdirSync(ROOT, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(ROOT, d.name, 'pom.xml')))
      .map((d) => `${d.name}/pom.xml`).concat(['pom.xml']).sort();
  }
}

/** The deploy files that pin the release's version (release-please moves their annotated line too). */
const DEPLOY_PINS = ['deploy/ansible/roles/waiaas/defaults/main.yml', 'deploy/kubernetes/kustomization.yaml'];

/** Parse commit `messages` as release-please does. */
function commitsOf(...messages) {
  return parseConventionalCommits(
    messages.map((message, i) => ({ sha: `${i}`.padStart(40, '0'), message, files: [] })), quiet);
}

/** Whether release-please would open a Release PR for commit `messages`: some would show in the changelog. */
function releasable(...messages) {
  return filterCommits(commitsOf(...messages), config['changelog-sections']).length > 0;
}

/** Bump `from` with release-please's default strategy configured as our config is, for commit `messages`. */
function bump(from, ...messages) {
  const strategy = new DefaultVersioningStrategy({
    bumpMinorPreMajor: config['bump-minor-pre-major'],
    bumpPatchForMinorPreMajor: config['bump-patch-for-minor-pre-major'],
    logger: quiet,
  });
  return strategy.bump(Version.parse(from), commitsOf(...messages)).toString();
}

test('release-please-config.json validates against the schema shipped in the release-please package', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(RP, 'schemas', 'config.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const ok = validate(config);
  assert.ok(ok, `schema errors:\n${JSON.stringify(validate.errors, null, 2)}`);
});

test('.release-please-manifest.json validates against the manifest schema and holds one semantic version', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(RP, 'schemas', 'manifest.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  assert.ok(ajv.validate(schema, manifest), JSON.stringify(ajv.errors));
  assert.deepEqual(Object.keys(manifest), ['.']);
  assert.match(manifest['.'], /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
});

test('one package at the root, tagged vX.Y.Z, with the changelog at the root', () => {
  assert.deepEqual(Object.keys(config.packages), ['.']);
  assert.equal(config['release-type'], 'simple');
  assert.equal(config['include-component-in-tag'], false);
  assert.notEqual(config['include-v-in-tag'], false);
  assert.equal(rootPackage['changelog-path'] || 'CHANGELOG.md', 'CHANGELOG.md');
});

test('every pom.xml of the build and every deploy pin is in extra-files, and nothing else is', () => {
  const listed = rootPackage['extra-files'].map((f) => (typeof f === 'string' ? f : f.path)).sort();
  assert.deepEqual(listed, pomFiles().concat(DEPLOY_PINS).sort(),
    'add a new module\'s pom.xml to extra-files in release-please-config.json');
});

test('every pom.xml carries one x-release-please-version annotation, on the version the manifest holds', () => {
  for (const pom of pomFiles()) {
    const lines = fs.readFileSync(path.join(ROOT, pom), 'utf8').split('\n')
      .filter((l) => l.includes('x-release-please-version'));
    assert.equal(lines.length, 1, `${pom}: expected one annotated line, found ${lines.length}`);
    assert.match(lines[0], /^\s*<version>[^<]+<\/version>\s*<!-- x-release-please-version -->\s*$/, pom);
    assert.equal(/<version>([^<]+)<\/version>/.exec(lines[0])[1], manifest['.'], `${pom} version vs manifest`);
  }
});

test('release-please\'s generic updater moves exactly the annotated version line of each pom', () => {
  for (const pom of pomFiles()) {
    const before = fs.readFileSync(path.join(ROOT, pom), 'utf8');
    const after = new Generic({ version: Version.parse('7.8.9') }).updateContent(before, quiet);
    const changed = before.split('\n').map((l, i) => [l, after.split('\n')[i]]).filter(([a, b]) => a !== b);
    assert.equal(changed.length, 1, `${pom}: ${changed.length} lines changed`);
    assert.match(changed[0][1], /<version>7\.8\.9<\/version><!-- x-release-please-version -->/);
  }
});

test('release-please\'s generic updater moves exactly the pinned version line of each deploy file', () => {
  for (const file of DEPLOY_PINS) {
    const before = fs.readFileSync(path.join(ROOT, file), 'utf8');
    assert.ok(before.includes(`"${manifest['.']}" # x-release-please-version`), `${file} pins ${manifest['.']}`);
    const after = new Generic({ version: Version.parse('7.8.9') }).updateContent(before, quiet);
    const changed = before.split('\n').map((l, i) => [l, after.split('\n')[i]]).filter(([a, b]) => a !== b);
    assert.equal(changed.length, 1, `${file}: ${changed.length} lines changed`);
    assert.match(changed[0][1], /"7\.8\.9" # x-release-please-version/);
  }
});

test('a BREAKING CHANGE footer or a "!" bumps the major version, even before 1.0.0 (RLSE-07)', () => {
  assert.equal(config['bump-minor-pre-major'], false, 'a breaking change before 1.0.0 must still bump major');
  assert.equal(bump('0.1.0', 'feat!: drop the old config keys'), '1.0.0');
  assert.equal(bump('0.1.0', 'fix(config): refuse bad keys\n\nBREAKING CHANGE: unknown keys now fail start'), '1.0.0');
  assert.equal(bump('1.4.2', 'refactor(cli)!: rename --data to --data-dir'), '2.0.0');
});

test('feat bumps minor and fix bumps patch, before and after 1.0.0', () => {
  assert.equal(config['bump-patch-for-minor-pre-major'], false, 'a feature before 1.0.0 must still bump minor');
  assert.equal(bump('0.1.0', 'feat(docker): container image'), '0.2.0');
  assert.equal(bump('0.1.0', 'fix(sqlite): close the pool'), '0.1.1');
  assert.equal(bump('1.4.2', 'fix: a', 'feat: b'), '1.5.0');
});

test('feat, fix, perf, revert and deps commits open a Release PR; docs, ci, test alone do not (RLSE-02)', () => {
  for (const m of ['feat: a', 'fix(cli): b', 'perf: c', 'revert: d', 'deps: bump helidon']) {
    assert.ok(releasable(m), m);
  }
  for (const m of ['docs: a', 'ci: b', 'test(npm): c', 'chore: d', 'build: e', 'refactor: f']) {
    assert.ok(!releasable(m), m);
  }
  assert.ok(releasable('refactor(cli)!: rename a flag'), 'a breaking change of a hidden type still releases');
  assert.equal(bump('1.4.2', 'perf: a'), '1.4.3');
  assert.equal(bump('1.4.2', 'deps: b'), '1.4.3');
});

test('a release entry lands under the CHANGELOG header, above the previous entries', () => {
  const before = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
  const entry = '## [0.2.0](https://example.invalid/compare/v0.1.0...v0.2.0) (2026-01-01)\n\n### Features\n\n* x';
  const after = new Changelog({ version: Version.parse('0.2.0'), changelogEntry: entry }).updateContent(before);
  const header = before.slice(0, before.indexOf('\n## '));
  assert.ok(after.startsWith(header), 'the header and its text stay first');
  assert.ok(after.indexOf('## [0.2.0]') < after.indexOf('## 0.1.0'), 'the new entry goes above the older ones');
  assert.equal((after.match(/^# /gm) || []).length, 1, 'one top-level header');
});
