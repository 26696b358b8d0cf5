import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/domain/command.js';

describe('parseCommand', () => {
  it('parses actions with or without a slash or #', () => {
    expect(parseCommand('ack 42')).toEqual({ ok: true, command: { kind: 'action', incidentId: 42, action: { type: 'ack' } } });
    expect(parseCommand(' /ACK #42 ')).toEqual({ ok: true, command: { kind: 'action', incidentId: 42, action: { type: 'ack' } } });
    expect(parseCommand('unack 7')).toMatchObject({ command: { action: { type: 'unack' } } });
    expect(parseCommand('escalate 7')).toMatchObject({ command: { action: { type: 'escalate' } } });
  });
  it('keeps notes, comments, durations and assignees', () => {
    expect(parseCommand('resolve 42 restarted the pod')).toMatchObject({ command: { action: { type: 'resolve', note: 'restarted the pod' } } });
    expect(parseCommand('resolve 42')).toMatchObject({ command: { action: { type: 'resolve' } } });
    expect(parseCommand('comment 42 looking')).toMatchObject({ command: { action: { type: 'comment', text: 'looking' } } });
    expect(parseCommand('snooze 42 2h')).toMatchObject({ command: { action: { type: 'snooze', durationMs: 7_200_000 } } });
    expect(parseCommand('assign 42 @bob')).toMatchObject({ command: { action: { type: 'assign', user: 'bob' } } });
    expect(parseCommand('assign 42 me')).toEqual({ ok: true, command: { kind: 'assign-self', incidentId: 42 } });
  });
  it('parses queries', () => {
    expect(parseCommand('show 3')).toEqual({ ok: true, command: { kind: 'show', id: 3 } });
    expect(parseCommand('list')).toEqual({ ok: true, command: { kind: 'list', scope: 'open' } });
    expect(parseCommand('list mine')).toEqual({ ok: true, command: { kind: 'list', scope: 'mine' } });
    expect(parseCommand('stats week')).toEqual({ ok: true, command: { kind: 'stats', period: 'week' } });
    expect(parseCommand('oncall')).toEqual({ ok: true, command: { kind: 'oncall' } });
    expect(parseCommand('')).toEqual({ ok: true, command: { kind: 'help' } });
  });
  it('answers mistakes with usage', () => {
    expect(parseCommand('ack')).toEqual({ ok: false, usage: 'ack <id>' });
    expect(parseCommand('ack forty')).toEqual({ ok: false, usage: 'ack <id>' });
    expect(parseCommand('snooze 42 soon')).toEqual({ ok: false, usage: 'snooze <id> <30m|2h|1d>' });
    expect(parseCommand('list everything')).toEqual({ ok: false, usage: 'list [open|mine|all]' });
    expect(parseCommand('dance 4')).toEqual({ ok: false, unknown: 'dance' });
  });
});
