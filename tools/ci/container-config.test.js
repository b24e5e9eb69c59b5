// Static checks of the Docker channel's files (DOCK-01), so that a run without root (where the container smoke
// test cannot build the image) still catches a broken Dockerfile or compose file. The smoke test
// (scripts/container/smoke) checks the same things on the built image. Run: node --test tools/ci/container-config.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The Dockerfile's instructions as [KEYWORD, arguments] with continuation lines joined and comments dropped. */
function instructions(text) {
  return text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
    .map((l) => { const i = l.search(/\s/); return [l.slice(0, i).toUpperCase(), l.slice(i + 1).trim()]; });
}
const dockerfile = instructions(read('Dockerfile'));
const all = (keyword) => dockerfile.filter(([k]) => k === keyword).map(([, a]) => a);
const labels = all('LABEL').join(' ');
const env = all('ENV').join(' ');

test('the base image is a build argument', () => {
  assert.match(all('ARG').join('\n'), /^BASE_IMAGE=/m);
  assert.deepEqual(all('FROM'), ['${BASE_IMAGE}']);
});

test('the image carries the OCI labels, version and revision from build arguments', () => {
  for (const key of ['title', 'description', 'source', 'version', 'revision', 'licenses']) {
    assert.match(labels, new RegExp(`org\\.opencontainers\\.image\\.${key}="[^"]+"`), key);
  }
  assert.match(labels, /org\.opencontainers\.image\.version="\$\{VERSION\}"/);
  assert.match(labels, /org\.opencontainers\.image\.revision="\$\{REVISION\}"/);
});

test('Watchtower may update it, and backs it up first (DOCK-B1)', () => {
  assert.match(labels, /com\.centurylinklabs\.watchtower\.enable="true"/);
  assert.match(labels,
    /com\.centurylinklabs\.watchtower\.lifecycle\.pre-update="waiaas backup create --reason pre-update"/);
});

test('it runs waiaas start as a non-root user on /data, listening on 0.0.0.0:3100, marked as a container', () => {
  assert.deepEqual(all('USER'), ['waiaas']);
  assert.match(env, /WAIAAS_DATA_DIR=\/data/);
  assert.match(env, /WAIAAS_DAEMON_HOSTNAME=0\.0\.0\.0/);
  assert.match(env, /WAIAAS_IN_CONTAINER=1/);
  assert.deepEqual(all('VOLUME'), ['["/data"]']);
  assert.deepEqual(all('EXPOSE'), ['3100']);
  assert.deepEqual(all('ENTRYPOINT'), ['["/opt/waiaas/bin/waiaas"]']);
  assert.deepEqual(all('CMD'), ['["start"]']);
  assert.match(all('HEALTHCHECK').join(''), /CMD \["\/usr\/local\/bin\/waiaas-healthcheck"\]/);
});

test('the build context holds only what the image copies', () => {
  const ignore = read('.dockerignore').split('\n').filter((l) => l && !l.startsWith('#'));
  assert.equal(ignore[0], '*');
  for (const copy of all('COPY')) {
    const source = copy.split(/\s+/).filter((w) => !w.startsWith('--'))[0];
    assert.ok(ignore.some((l) => l.startsWith('!') && source.startsWith(l.slice(1).replace(/\/$/, ''))),
      `${source} is excluded by .dockerignore`);
  }
});

test('docker-compose.yml runs the daemon on a volume, and Watchtower only in the autoupdate profile', () => {
  const compose = YAML.parse(read('docker-compose.yml'));
  const waiaas = compose.services.waiaas;
  assert.equal(waiaas.profiles, undefined, 'the daemon starts without a profile');
  assert.ok(waiaas.volumes.some((v) => v.endsWith(':/data')), 'a volume at /data');
  assert.ok(waiaas.ports.some((p) => String(p).endsWith(':3100')), 'port 3100 published');
  assert.ok(Object.keys(compose.volumes).length > 0, 'a named volume');
  const grace = /^(\d+)s$/.exec(waiaas.stop_grace_period);
  assert.ok(grace && Number(grace[1]) > 30, 'stop_grace_period above the default shutdown_timeout (30 s)');
  const watchtower = compose.services.watchtower;
  assert.deepEqual(watchtower.profiles, ['autoupdate']);
  assert.doesNotMatch(watchtower.image, /containrrr\/watchtower/, 'containrrr/watchtower is archived: a maintained fork');
  assert.match(watchtower.image, /^\$\{WATCHTOWER_IMAGE:-[^}:]+:\d+\.\d+\.\d+\}$/, 'a pinned version, replaceable');
  assert.equal(watchtower.environment.WATCHTOWER_LABEL_ENABLE, 'true');
  assert.equal(watchtower.environment.WATCHTOWER_LIFECYCLE_HOOKS, 'true');
  assert.ok(watchtower.volumes.includes('/var/run/docker.sock:/var/run/docker.sock'));
});
