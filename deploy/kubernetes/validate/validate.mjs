// Validates the manifests of deploy/kubernetes without a cluster: every object against its Kubernetes API schema
// (kubernetes-models), then what the schemas cannot see: selectors that match, probes on the gateway's health
// endpoints, a grace period that covers preStop and the shutdown, and references to objects that exist.
import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const kustomization = yaml.load(fs.readFileSync(path.join(root, "kustomization.yaml"), "utf8"));
const problems = [];
let checks = 0;
const check = (ok, message) => {
  checks++;
  if (!ok) problems.push(message);
};

// Resources are manifest files, or folders with a kustomization of their own whose ConfigMap generators read files.
const generated = [];
const files = ["secret.example.yaml"];
for (const resource of kustomization.resources) {
  const location = path.join(root, resource);
  if (!fs.statSync(location).isDirectory()) {
    files.unshift(resource);
    continue;
  }
  const nested = yaml.load(fs.readFileSync(path.join(location, "kustomization.yaml"), "utf8"));
  for (const generator of nested.configMapGenerator ?? []) {
    generated.push(generator.name);
    for (const file of generator.files ?? []) {
      check(fs.existsSync(path.join(location, file.split("=").pop())), `${resource}: ${generator.name} reads ${file}, which does not exist`);
    }
  }
}
const objects = files.flatMap((file) =>
  yaml.loadAll(fs.readFileSync(path.join(root, file), "utf8")).filter(Boolean).map((object) => ({ file, object })));

for (const { file, object } of objects) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const module = await import(`kubernetes-models/${group ? `${group}/` : ""}${version}/${object.kind}`).catch(() => null);
  check(module !== null, `${file}: no schema for ${object.apiVersion} ${object.kind}`);
  if (module) {
    try {
      new module[object.kind](object).validate();
      checks++;
    } catch (error) {
      problems.push(`${file}: ${object.kind} ${object.metadata?.name}: ${error.message}`);
    }
  }
}

const find = (kind) => objects.find(({ object }) => object.kind === kind)?.object;
const deployment = find("Deployment");
const podLabels = deployment.spec.template.metadata.labels;
const matches = (selector) => Object.entries(selector).every(([key, value]) => podLabels[key] === value);
check(matches(deployment.spec.selector.matchLabels), "Deployment: its selector does not match its pods");
check(matches(find("Service").spec.selector), "Service: its selector does not match the gateway's pods");
check(matches(find("PodDisruptionBudget").spec.selector.matchLabels), "PodDisruptionBudget: its selector does not match the gateway's pods");
check(find("HorizontalPodAutoscaler").spec.scaleTargetRef.name === deployment.metadata.name, "HorizontalPodAutoscaler: it scales another Deployment");

const container = deployment.spec.template.spec.containers[0];
check(container.readinessProbe?.httpGet?.path === "/health/ready", "readiness probe: not /health/ready");
check(container.livenessProbe?.httpGet?.path === "/health/live", "liveness probe: not /health/live");
const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
check(preStop > 0, "preStop: no pause before the pod stops receiving traffic");
// ASP.NET Core's host waits up to 30 s for in-flight requests after SIGTERM.
check(deployment.spec.template.spec.terminationGracePeriodSeconds >= preStop + 30, "terminationGracePeriodSeconds: shorter than preStop plus the 30 s shutdown");
check(container.resources?.requests?.cpu && container.resources?.limits?.memory, "resources: requests and limits are missing");

const configMaps = new Set([...generated, ...objects.filter(({ object }) => object.kind === "ConfigMap").map(({ object }) => object.metadata.name)]);
for (const volume of deployment.spec.template.spec.volumes ?? []) {
  if (volume.configMap) check(configMaps.has(volume.configMap.name), `volume ${volume.name}: no ConfigMap ${volume.configMap.name}`);
}
// Every declarative source folder is mounted from its ConfigMap, so a source file never differs between image and cluster.
const sourcesRoot = path.join(root, "..", "..", "sources");
for (const source of fs.readdirSync(sourcesRoot).filter((name) => fs.statSync(path.join(sourcesRoot, name)).isDirectory())) {
  check(container.volumeMounts?.some((mount) => mount.mountPath === `/app/sources/${source}`), `sources/${source}: not mounted at /app/sources/${source}`);
}
const secrets = new Set(objects.filter(({ object }) => object.kind === "Secret").map(({ object }) => object.metadata.name));
for (const source of container.envFrom ?? []) {
  if (source.configMapRef) check(configMaps.has(source.configMapRef.name), `envFrom: no ConfigMap ${source.configMapRef.name}`);
  if (source.secretRef) check(secrets.has(source.secretRef.name), `envFrom: no Secret ${source.secretRef.name} (not even the example)`);
}
const secret = find("Secret");
for (const key of ["ConnectionStrings__Redis", "Gateway__Auth__SigningKey", "Sources__Payments__WebhookSecret"]) {
  check(key in (secret.stringData ?? {}), `secret.example.yaml: no ${key}`);
  check(!(key in (find("ConfigMap").data ?? {})), `configmap.yaml: the secret ${key} belongs in the Secret`);
}

for (const problem of problems) console.error(`kubernetes manifests: ${problem}`);
console.log(`kubernetes manifests: ${checks - problems.length} of ${checks} checks hold`);
process.exit(problems.length === 0 ? 0 : 1);
