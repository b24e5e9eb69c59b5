// Checks of the Kubernetes objects in deploy/kubernetes (README, "Running many"): every object validates against
// the Kubernetes OpenAPI schemas (the kubernetes-models package's validators), and the workload keeps the rules a
// waiaas pod needs, read from the container image's own files where they are defined there (Dockerfile).
// Run from the repository root: node --test tools/ci/kubernetes.test.mjs (scripts/ci/checks does).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEPLOY = 'deploy/kubernetes';
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');

const kustomization = YAML.parse(read(`${DEPLOY}/kustomization.yaml`));
/** Every object the kustomization lists, in order, as plain data. */
const objects = kustomization.resources.flatMap((file) =>
  YAML.parseAllDocuments(read(`${DEPLOY}/${file}`)).map((doc) => {
    assert.deepEqual(doc.errors, [], `${file}: YAML errors`);
    return { file, object: doc.toJS() };
  }));

/** The Dockerfile's value for an ARG, ENV or LABEL key (the image the objects run). */
function dockerfileValue(key) {
  const m = new RegExp(`${key.replace(/\./g, '\\.')}=("([^"]*)"|(\\S+))`).exec(read('Dockerfile'));
  assert.ok(m, `Dockerfile defines ${key}`);
  return m[2] ?? m[3];
}

/** The kubernetes-models class for an object's apiVersion and kind (core objects are under "v1"). */
async function modelOf({ apiVersion, kind }) {
  const module = await import(`kubernetes-models/${apiVersion}`);
  assert.ok(module[kind], `kubernetes-models has no ${kind} in ${apiVersion}`);
  return module[kind];
}

/** Validate an object against its schema; returns the validator's message, or null when it is valid. */
async function schemaErrors(object) {
  const Model = await modelOf(object);
  try {
    new Model(object).validate();
    return null;
  } catch (e) {
    return e.message;
  }
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]']; // what the daemon's Host guard answers

/**
 * The rules a waiaas workload keeps, as a list of broken ones (empty when it keeps them all): one replica that
 * never overlaps another on the data dir, probes the daemon answers, a stop long enough for its shutdown, a
 * non-root read-only container with /data and /tmp writable, restore on downgrade, and a backup before it goes.
 */
function brokenRules(workload) {
  const broken = [];
  const rule = (ok, what) => { if (!ok) broken.push(what); };
  const spec = workload.spec;
  rule(['StatefulSet', 'Deployment'].includes(workload.kind), `a StatefulSet or a Deployment, not ${workload.kind}`);
  rule(spec.replicas === 1, 'one replica: the data dir is one SQLite database, locked by one daemon');
  if (workload.kind === 'Deployment') {
    rule(spec.strategy?.type === 'Recreate', 'a Deployment uses strategy Recreate (RollingUpdate overlaps pods)');
  }
  const pod = spec.template.spec;
  const containers = pod.containers;
  rule(containers.length === 1, 'one container');
  const c = containers[0];
  const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
  const exposed = Number(/^EXPOSE\s+(\d+)/m.exec(read('Dockerfile'))[1]);
  const port = (c.ports ?? []).find((p) => p.containerPort === exposed);
  rule(port, `the container port is the image's ${exposed}`);
  const probe = (name, route) => {
    const get = c[name]?.httpGet;
    rule(get?.path === route, `${name} GETs ${route}`);
    rule(get && (get.port === port?.name || get.port === port?.containerPort), `${name} uses the daemon's port`);
    const host = (get?.httpHeaders ?? []).find((h) => h.name.toLowerCase() === 'host');
    rule(host && LOOPBACK_NAMES.includes(host.value), `${name} sends a loopback Host header`);
  };
  probe('startupProbe', '/observe/health/ready');
  probe('readinessProbe', '/observe/health/ready');
  probe('livenessProbe', '/health');
  const shutdown = Number(env.WAIAAS_DAEMON_SHUTDOWN_TIMEOUT ?? 30);
  rule(pod.terminationGracePeriodSeconds >= shutdown + 10,
    `terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} ≥ shutdown_timeout ${shutdown} + 10`);
  const uid = c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
  rule(pod.securityContext?.runAsNonRoot === true || c.securityContext?.runAsNonRoot === true, 'runAsNonRoot');
  rule(uid === Number(dockerfileValue('ARG UID')), `runs as the image's uid ${dockerfileValue('ARG UID')}`);
  rule(c.securityContext?.readOnlyRootFilesystem === true, 'a read-only root file system');
  rule(c.securityContext?.allowPrivilegeEscalation === false, 'no privilege escalation');
  const mounts = (c.volumeMounts ?? []).map((m) => m.mountPath);
  rule(mounts.includes(dockerfileValue('WAIAAS_DATA_DIR')), 'the data volume at the image\'s data dir');
  rule(mounts.includes('/tmp'), 'a writable /tmp');
  rule(env.WAIAAS_DAEMON_RESTORE_ON_DOWNGRADE === 'true', 'WAIAAS_DAEMON_RESTORE_ON_DOWNGRADE=true');
  const hook = dockerfileValue('com.centurylinklabs.watchtower.lifecycle.pre-update');
  rule((c.lifecycle?.preStop?.exec?.command ?? []).join(' ') === hook, `preStop runs "${hook}"`);
  if (workload.kind === 'StatefulSet') {
    const claim = (spec.volumeClaimTemplates ?? []).find((t) => c.volumeMounts.some((m) => m.name === t.metadata.name
      && m.mountPath === dockerfileValue('WAIAAS_DATA_DIR')));
    rule(claim?.spec.accessModes.join() === 'ReadWriteOnce', 'the data volume is a ReadWriteOnce claim');
  }
  return broken;
}

const workloads = objects.filter(({ object }) => ['StatefulSet', 'Deployment', 'DaemonSet', 'Pod']
  .includes(object.kind));

test('every object validates against the Kubernetes OpenAPI schemas', async () => {
  assert.ok(objects.length >= 2, 'the kustomization lists the objects');
  for (const { file, object } of objects) {
    assert.equal(await schemaErrors(object), null, `${file}: ${object.kind} ${object.metadata?.name}`);
  }
});

test('the schema check catches a wrong type (the validators bite)', async () => {
  const broken = structuredClone(workloads[0].object);
  broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
  assert.match(await schemaErrors(broken) ?? 'valid', /containerPort must be integer/);
});

test('one workload, keeping every rule a waiaas pod needs', () => {
  assert.equal(workloads.length, 1, 'one workload');
  assert.deepEqual(brokenRules(workloads[0].object), []);
});

test('the rules catch a rolling Deployment, a short grace period and a probe the Host guard refuses', () => {
  const deployment = structuredClone(workloads[0].object);
  deployment.kind = 'Deployment';
  deployment.spec.strategy = { type: 'RollingUpdate' };
  deployment.spec.template.spec.terminationGracePeriodSeconds = 30;
  deployment.spec.template.spec.containers[0].livenessProbe.httpGet.httpHeaders = [];
  assert.deepEqual(brokenRules(deployment), [
    'a Deployment uses strategy Recreate (RollingUpdate overlaps pods)',
    'livenessProbe sends a loopback Host header',
    'terminationGracePeriodSeconds 30 ≥ shutdown_timeout 30 + 10',
  ]);
});

test('the Service selects the workload\'s pods and names its port', () => {
  const service = objects.find(({ object }) => object.kind === 'Service').object;
  const workload = workloads[0].object;
  assert.equal(workload.spec.serviceName, service.metadata.name);
  const portNames = workload.spec.template.spec.containers[0].ports.map((p) => p.name);
  assert.ok(service.spec.ports.every((p) => portNames.includes(p.targetPort)), 'targetPort names a container port');
  // kustomize adds the common labels to selectors: the pods carry them, so the Service and the workload match.
  const common = Object.assign({}, ...kustomization.labels.filter((l) => l.includeSelectors).map((l) => l.pairs));
  for (const [k, v] of Object.entries(common)) {
    assert.equal(workload.spec.template.metadata.labels[k], v, `pod label ${k}`);
  }
});

test('the image is the one the other channels run, pinned to this release', () => {
  const compose = YAML.parse(read('docker-compose.yml'));
  const composeImage = /^\$\{WAIAAS_IMAGE:-([^}]+)\}/.exec(compose.services.waiaas.image)[1];
  const container = workloads[0].object.spec.template.spec.containers[0];
  assert.equal(container.image, composeImage);
  const pin = kustomization.images.find((i) => i.name === composeImage);
  const manifest = JSON.parse(read('.release-please-manifest.json'));
  assert.equal(pin?.newTag, manifest['.'], 'kustomization.yaml pins the release (release-please moves it)');
});
