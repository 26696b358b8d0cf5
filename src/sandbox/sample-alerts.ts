/** Alerts a newcomer recognises, fired from the sandbox page (generic source shape). */
const SAMPLES = [
  { title: 'HighCPU', severity: 'critical', description: 'CPU above 95% for 10 minutes', labels: { job: 'node' }, host: 'web' },
  { title: 'DiskAlmostFull', severity: 'warning', description: 'Only 6% free on /var', labels: { job: 'node', mountpoint: '/var' }, host: 'db' },
  { title: 'SlowCheckout', severity: 'warning', description: 'p99 latency of /checkout is 2.4 s', labels: { service: 'checkout' }, host: 'api' },
  { title: 'CertificateExpiring', severity: 'info', description: 'TLS certificate expires in 9 days', labels: { service: 'gateway' }, host: 'edge' },
];

/** One of the samples on a numbered host, so each press opens a new alert instead of counting up one. */
export function sampleFiring(n = Math.floor(Math.random() * 90) + 10): Record<string, unknown> {
  const sample = SAMPLES[n % SAMPLES.length]!;
  const instance = `${sample.host}-${n}`;
  return {
    title: `${sample.title} on ${instance}`,
    severity: sample.severity,
    description: sample.description,
    labels: { alertname: sample.title, instance, ...sample.labels },
    annotations: { runbook_url: `https://runbooks.example.com/${sample.title.toLowerCase()}` },
  };
}

/**
 * A node going down: one group of pods crash-looping, as Alertmanager sends it in one notification.
 * Gong makes it one incident with one card per chat, listing the pods.
 */
export function sampleGroup(n = Math.floor(Math.random() * 90) + 10, size = 5): Record<string, unknown>[] {
  const node = `node-${n}`;
  return Array.from({ length: size }, (_, i) => ({
    title: 'PodCrashLooping',
    severity: i === 0 ? 'critical' : 'warning',
    description: `Pod restarted ${3 + i} times in 10 minutes on ${node}`,
    group: `{}:{node="${node}"}`,
    labels: { alertname: 'PodCrashLooping', node, namespace: 'shop', pod: `checkout-${n}-${i + 1}` },
    annotations: { runbook_url: 'https://runbooks.example.com/podcrashlooping' },
  }));
}
