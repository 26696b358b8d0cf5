import { describe, expect, it } from 'vitest';
import { AlertDeskError } from '../../src/cli/alert-desk.js';
import { ChatError } from '../../src/chats/chat-registry.js';
import { ConfigError } from '../../src/config/load.js';
import { DataDirLockedError } from '../../src/db/data-dir-lock.js';
import { GongApiError } from '../../src/cli/gong-api-client.js';
import { HttpError } from '../../src/http/http-error.js';
import { LinkError } from '../../src/people/link.js';
import { shownToUser, UserError } from '../../src/shared/user-error.js';
import { TemplateError } from '../../src/templates/template-error.js';

describe('what a user is shown', () => {
  it('every error written for users is shown as its message, nothing more', () => {
    const errors = [
      new HttpError(400, 'labels.severity: expected a string'),
      new ConfigError('invalid configuration in gong.yaml:\n  chats[0].webhook: expected an http(s) URL'),
      new TemplateError('lark/default/alert.json', 'unclosed tag', { line: 3, column: 7 }),
      new ChatError('not_found', 'there is no chat named "ops"'),
      new GongApiError('Gong at http://127.0.0.1:9 refused the admin token'),
      new LinkError('there is no user "bob" under users: in the configuration'),
      new AlertDeskError('there is no alert #7'),
      new DataDirLockedError('/var/lib/gong', { pid: 42 }),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(UserError);
      expect(shownToUser(error)).toBe(error.message);
      expect(shownToUser(error)).not.toContain('    at ');
    }
    expect(shownToUser(errors[2])).toBe('template lark/default/alert.json, line 3, column 7: unclosed tag');
  });

  it('a fault is not shown: the caller logs it and answers with a generic line', () => {
    expect(shownToUser(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeUndefined();
    expect(shownToUser(Object.assign(new Error('connection terminated'), { code: '57P01' }))).toBeUndefined();
    expect(shownToUser('a string')).toBeUndefined();
    // koa's own errors (http-errors) promise the same with `expose`, set on 4xx only.
    expect(shownToUser(Object.assign(new Error('request entity too large'), { status: 413, expose: true }))).toBe('request entity too large');
    expect(shownToUser(Object.assign(new Error('socket hang up'), { status: 500, expose: false }))).toBeUndefined();
  });

  it('never shows a URL’s secret, even one a message carries by mistake', () => {
    const leaked = new UserError('chat ops: could not post to https://oapi.dingtalk.com/robot/send?access_token=abc123; check the robot');
    expect(shownToUser(leaked)).toBe('chat ops: could not post to https://oapi.dingtalk.com/robot/send?access_token=•••; check the robot');
  });
});
