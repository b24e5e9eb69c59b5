// Render deploy/kubernetes as the objects `podman kube play` runs (scripts/container/kube-play): the StatefulSet's
// pod template as the Pod its controller would make (waiaas-0) and its volume claim as the PersistentVolumeClaim
// it would make (data-waiaas-0). Changes for a test on a shared machine only: the image given, and the daemon on
// 127.0.0.1:PORT of the host's network (so no port list: the probes name PORT).
//
// Usage: node tools/ci/kube-pod.mjs IMAGE PORT [--pod-only] > pod.yaml
//   --pod-only leaves the claim out: podman (4.3) refuses to play a claim whose volume exists, and the pod that
//   replaces another uses the volume the first play made, as the StatefulSet's next pod keeps its claim.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const [image, port, podOnly] = process.argv.slice(2);
if (!image || !/^\d+$/.test(port ?? '')) {
  console.error('usage: kube-pod.mjs IMAGE PORT');
  process.exit(2);
}
const deploy = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy', 'kubernetes');
const kustomization = YAML.parse(fs.readFileSync(path.join(deploy, 'kustomization.yaml'), 'utf8'));
const objects = kustomization.resources.flatMap((file) =>
  YAML.parseAllDocuments(fs.readFileSync(path.join(deploy, file), 'utf8')).map((d) => d.toJS()));
const set = objects.find((o) => o.kind === 'StatefulSet');
const labels = Object.assign({}, ...kustomization.labels.map((l) => l.pairs));

const out = [];
const volumes = [...(set.spec.template.spec.volumes ?? [])];
for (const claim of set.spec.volumeClaimTemplates) {
  const name = `${claim.metadata.name}-${set.metadata.name}-0`;
  if (podOnly !== '--pod-only') {
    out.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, labels }, spec: claim.spec });
  }
  volumes.push({ name: claim.metadata.name, persistentVolumeClaim: { claimName: name } });
}
const pod = structuredClone(set.spec.template);
pod.metadata = { ...pod.metadata, name: `${set.metadata.name}-0`, labels: { ...labels, ...pod.metadata?.labels } };
pod.spec.volumes = volumes;
const container = pod.spec.containers[0];
container.image = image;
container.env = [
  ...container.env.filter((e) => !['WAIAAS_DAEMON_PORT', 'WAIAAS_DAEMON_HOSTNAME'].includes(e.name)),
  { name: 'WAIAAS_DAEMON_PORT', value: port },
  { name: 'WAIAAS_DAEMON_HOSTNAME', value: '127.0.0.1' },
  { name: 'WAIAAS_UPDATE_CHECK', value: 'false' },
];
// Host networking takes no port mappings in podman: the probes name the port by number instead.
const named = Object.fromEntries(container.ports.map((p) => [p.name, Number(port)]));
delete container.ports;
for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
  const get = container[probe]?.httpGet;
  if (get) get.port = named[get.port] ?? get.port;
}
out.push({ apiVersion: 'v1', kind: 'Pod', ...pod });
process.stdout.write(out.map((o) => YAML.stringify(o)).join('---\n'));
