import { describe, expect, it } from 'vitest';
import { eventNameFor, subscribersOf } from '../../../src/alerts/outbound-webhooks.js';
import type { WebhookConfig } from '../../../src/config/routing-schema.js';

const hook = (name: string, events: WebhookConfig['events']): WebhookConfig => ({ name, url: 'https://example.com/hook', secret: 'whsec-0123456789abcdef', events });

describe('outbound webhook event names', () => {
  const legacy = hook('legacy', ['alert.opened', 'alert.escalated']);
  const modern = hook('modern', ['incident.opened', 'alert.resolved']);
  const stepOnly = hook('step', []);

  it('subscribe by the incident name or its alert.* alias', () => {
    expect(subscribersOf([legacy, modern, stepOnly], 'incident.opened').map((h) => h.name)).toEqual(['legacy', 'modern']);
    expect(subscribersOf([legacy, modern, stepOnly], 'incident.resolved').map((h) => h.name)).toEqual(['modern']);
    expect(subscribersOf([legacy, modern, stepOnly], 'incident.merged')).toEqual([]);
  });

  it('name the event as before incidents until the webhook lists an incident.* name', () => {
    expect(eventNameFor(legacy, 'incident.opened')).toBe('alert.opened');
    expect(eventNameFor(stepOnly, 'incident.escalated')).toBe('alert.escalated');
    expect(eventNameFor(modern, 'incident.resolved')).toBe('incident.resolved');
    // Events without an alert.* name keep their own.
    expect(eventNameFor(legacy, 'incident.alerts-changed')).toBe('incident.alerts-changed');
  });
});
