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
  it('parses merges, with or without "into"', () => {
    expect(parseCommand('merge 43 into 42')).toEqual({ ok: true, command: { kind: 'merge', from: 43, into: 42 } });
    expect(parseCommand('/MERGE #43 INTO #42')).toEqual({ ok: true, command: { kind: 'merge', from: 43, into: 42 } });
    expect(parseCommand('merge 43 42')).toEqual({ ok: true, command: { kind: 'merge', from: 43, into: 42 } });
    for (const wrong of ['merge', 'merge 43', 'merge 43 into', 'merge 43 onto 42', 'merge 43 into 42 41', 'merge x into 42']) {
      expect(parseCommand(wrong)).toEqual({ ok: false, usage: 'merge <id> into <id>' });
    }
  });
  it('parses splits by alert id or fingerprint', () => {
    expect(parseCommand('split 42 17')).toEqual({ ok: true, command: { kind: 'split', incidentId: 42, alert: 17 } });
    expect(parseCommand('split #42 #17')).toEqual({ ok: true, command: { kind: 'split', incidentId: 42, alert: 17 } });
    expect(parseCommand('split 42 f3a9c2d1e0b4a5c6')).toEqual({ ok: true, command: { kind: 'split', incidentId: 42, alert: 'f3a9c2d1e0b4a5c6' } });
    // A generic source's fingerprint is any text: words after the incident are one fingerprint.
    expect(parseCommand('split 42 db-1 disk')).toEqual({ ok: true, command: { kind: 'split', incidentId: 42, alert: 'db-1 disk' } });
    expect(parseCommand('split 42')).toEqual({ ok: false, usage: 'split <id> <alert>' });
    expect(parseCommand(`split 42 ${'f'.repeat(257)}`)).toEqual({ ok: false, usage: 'split <id> <alert>' });
  });
  it('answers mistakes with usage', () => {
    expect(parseCommand('ack')).toEqual({ ok: false, usage: 'ack <id>' });
    expect(parseCommand('ack forty')).toEqual({ ok: false, usage: 'ack <id>' });
    expect(parseCommand('snooze 42 soon')).toEqual({ ok: false, usage: 'snooze <id> <30m|2h|1d>' });
    expect(parseCommand('list everything')).toEqual({ ok: false, usage: 'list [open|mine|all]' });
    expect(parseCommand('dance 4')).toEqual({ ok: false, unknown: 'dance' });
  });
});
