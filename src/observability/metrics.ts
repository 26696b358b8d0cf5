import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

/** One registry per Gong instance, so tests can run several side by side. */
export function createMetrics(queueDepth?: () => Promise<Record<string, number>>, platformStatus?: () => { platform: string; app: string; state: string }[]) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gong_' });
  return {
    registry,
    alertsReceived: new Counter({
      name: 'gong_alerts_received_total',
      help: 'Alerts received from monitoring sources',
      labelNames: ['source', 'status'] as const,
      registers: [registry],
    }),
    actions: new Counter({
      name: 'gong_actions_total',
      help: 'Alert actions by outcome: accepted, refused, not_found, or duplicate (a redelivery of one already counted)',
      labelNames: ['action', 'platform', 'outcome'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'gong_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'gong_job_queue_depth',
      help: 'Jobs waiting in each queue',
      labelNames: ['queue'] as const,
      registers: [registry],
      async collect() {
        if (!queueDepth) return;
        for (const [queue, size] of Object.entries(await queueDepth())) this.set({ queue }, size);
      },
    }),
    platformConnected: new Gauge({
      name: 'gong_platform_app_connected',
      help: '1 when a chat platform app is connected (or accepting HTTP events), else 0',
      labelNames: ['platform', 'app', 'state'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const app of platformStatus?.() ?? []) this.set({ platform: app.platform, app: app.app, state: app.state }, app.state === 'connected' ? 1 : 0);
      },
    }),
  };
}
