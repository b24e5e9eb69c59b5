// Tests for scripts/release/container-tags (DOCK-02). Run: node --test scripts/release/container-tags.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { containerTags, compare, parse } = require('./container-tags');

const SCRIPT = path.join(__dirname, 'container-tags');
const HISTORY = ['v0.3.0', 'v0.4.0', 'v1.0.0', 'v1.1.0', 'v1.1.8', 'v1.2.0', 'v1.2.2'];

function run(...args) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
  return { code: r.status, lines: r.stdout.split('\n').filter(Boolean), stderr: r.stderr };
}

test('1.2.3, the highest release, gets 1.2.3, 1.2, 1 and latest', () => {
  assert.deepEqual(containerTags('1.2.3', HISTORY), ['1.2.3', '1.2', '1', 'latest']);
});

test('the tags are the same when the list already holds the release itself (its git tag exists by then)', () => {
  assert.deepEqual(containerTags('v1.2.3', [...HISTORY, 'v1.2.3']), ['1.2.3', '1.2', '1', 'latest']);
});

test('1.2.4-rc.1, a pre-release, gets only its full version', () => {
  assert.deepEqual(containerTags('1.2.4-rc.1', [...HISTORY, 'v1.2.3']), ['1.2.4-rc.1']);
});

test('a pre-release gets only its full version even when it is above everything', () => {
  assert.deepEqual(containerTags('2.0.0-rc.1', [...HISTORY, 'v1.2.3']), ['2.0.0-rc.1']);
});

test('0.4.0 gets 0.4.0, 0.4 and latest but never a 0 tag', () => {
  assert.deepEqual(containerTags('0.4.0', ['v0.1.0', 'v0.3.0', 'v0.3.1']), ['0.4.0', '0.4', 'latest']);
});

test('0.4.0 released after 1.x keeps its own line tag only', () => {
  assert.deepEqual(containerTags('0.4.1', HISTORY), ['0.4.1', '0.4']);
});

test('1.1.9, a backport released after 1.2.3, gets 1.1.9 and 1.1 only; 1 and latest stay on 1.2.3', () => {
  assert.deepEqual(containerTags('1.1.9', [...HISTORY, 'v1.2.3']), ['1.1.9', '1.1']);
});

test('an older patch of the current line, released late, moves nothing', () => {
  assert.deepEqual(containerTags('1.2.1', [...HISTORY, 'v1.2.3']), ['1.2.1']);
});

test('the highest of an older major moves that major tag but not latest', () => {
  assert.deepEqual(containerTags('1.3.0', ['v1.2.3', 'v2.0.0']), ['1.3.0', '1.3', '1']);
});

test('existing pre-releases do not hold back a stable release', () => {
  assert.deepEqual(containerTags('1.2.3', ['v1.2.2', 'v1.3.0-rc.1', 'v2.0.0-beta.2']), ['1.2.3', '1.2', '1', 'latest']);
});

test('the first release ever gets every tag its major allows', () => {
  assert.deepEqual(containerTags('1.0.0', []), ['1.0.0', '1.0', '1', 'latest']);
  assert.deepEqual(containerTags('0.1.0', []), ['0.1.0', '0.1', 'latest']);
});

test('a version that is not semver, or carries build metadata, is refused', () => {
  assert.throws(() => containerTags('1.2', HISTORY), /not a semantic version/);
  assert.throws(() => containerTags('01.2.3', HISTORY), /not a semantic version/);
  assert.throws(() => containerTags('1.2.3+build.5', HISTORY), /build metadata/);
});

test('precedence follows semver: pre-releases below their release, numeric identifiers numerically', () => {
  const order = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2',
    '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.10.0', '2.0.0'];
  for (let i = 0; i + 1 < order.length; i++) {
    assert.equal(compare(parse(order[i]), parse(order[i + 1])), -1, `${order[i]} < ${order[i + 1]}`);
    assert.equal(compare(parse(order[i + 1]), parse(order[i])), 1, `${order[i + 1]} > ${order[i]}`);
  }
  assert.equal(compare(parse('1.0.0+a'), parse('1.0.0+b')), 0);
});

test('the command prints one tag per line and ignores tags that are not versions, with a warning', () => {
  const r = run('v1.2.3', ...HISTORY, 'nightly', 'v1.2.3');
  assert.equal(r.code, 0);
  assert.deepEqual(r.lines, ['1.2.3', '1.2', '1', 'latest']);
  assert.match(r.stderr, /ignoring 'nightly'/);
});

test('the command exits 2 on a bad version and on no arguments', () => {
  assert.equal(run('banana').code, 2);
  assert.equal(run().code, 2);
});
