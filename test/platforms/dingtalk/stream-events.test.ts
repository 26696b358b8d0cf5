import type { DWClientDownStream } from 'dingtalk-stream';
import { describe, expect, it } from 'vitest';
import { decodeCardAction, decodeRobotMessage, MalformedEventError, TOPIC_CARD_CALLBACK, TOPIC_ROBOT_MESSAGE } from '../../../src/platforms/dingtalk/stream-events.js';
import { fixture } from '../../helpers/fixtures.js';

/** A captured Stream frame, with its `data` (a JSON string, as DingTalk sends it) changed by `edit`. */
function frame(name: string, edit: (data: Record<string, unknown>) => void = () => {}): DWClientDownStream {
  const down = fixture<DWClientDownStream>(`dingtalk/${name}`);
  const data = JSON.parse(down.data) as Record<string, unknown>;
  edit(data);
  return { ...down, data: JSON.stringify(data) };
}

describe('a card button click from the Stream', () => {
  it('decodes the callback DingTalk sends', () => {
    const down = frame('card-callback');
    expect(down.headers.topic).toBe(TOPIC_CARD_CALLBACK);
    expect(decodeCardAction(down)).toEqual({
      outTrackId: 'gong-42-ops',
      userId: '0425106514981734',
      params: { action: 'snooze', duration: '2h' },
      actionIds: ['snooze'],
      spaceId: 'cidp8k4JZ1bGq0x3Vd9mN2tYw==',
      messageId: 'b0a1c2d3_e4f5_6789_0a1b_2c3d4e5f6a7b',
      sentAt: 1767225600789,
      raw: JSON.parse(down.data),
    });
  });

  it('turns parameters a template sends as numbers or booleans into strings', () => {
    const down = frame('card-callback', (data) => {
      data.content = JSON.stringify({ cardPrivateData: { actionIds: ['snooze'], params: { action: 'snooze', minutes: 30, confirm: true, none: null } } });
    });
    expect(decodeCardAction(down).params).toEqual({ action: 'snooze', minutes: '30', confirm: 'true' });
  });

  it('refuses a callback without the card it came from', () => {
    expect(() => decodeCardAction(frame('card-callback', (data) => delete data.outTrackId))).toThrow(MalformedEventError);
  });
});

describe('a group message to the robot from the Stream', () => {
  it('decodes the message, with the people mentioned besides the robot', () => {
    const down = frame('robot-message');
    expect(down.headers.topic).toBe(TOPIC_ROBOT_MESSAGE);
    expect(decodeRobotMessage(down)).toMatchObject({
      conversationId: 'cidp8k4JZ1bGq0x3Vd9mN2tYw==',
      conversationType: '2',
      senderStaffId: '0425106514981734',
      senderNick: 'Li Lei',
      // The robot's own entry in atUsers has no staffId.
      atStaffIds: ['0918224330687921'],
      // DingTalk's leading space is gone.
      text: 'assign 42 @Han Meimei',
      msgId: 'msgAcY3Zq8xL2kP7hN0vR4uTw==',
      sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=4b6a8f0e2c1d3e5f7a9b0c2d4e6f8a1b',
      sessionWebhookExpiredTime: 1767231000912,
      isInAtList: true,
      robotCode: 'dingxyzappkey0001',
      messageId: 'c1d2e3f4_a5b6_7890_1c2d_3e4f5a6b7c8d',
    });
  });

  it('drops a pasted "@Gong" at the start of the text', () => {
    const down = frame('robot-message', (data) => (data.text = { content: ' @Gong ack 42' }));
    expect(decodeRobotMessage(down).text).toBe('ack 42');
  });

  it('reads no command from a message that is not text', () => {
    const down = frame('robot-message', (data) => {
      data.msgtype = 'picture';
      data.content = { downloadCode: 'x' };
      delete data.text;
    });
    expect(decodeRobotMessage(down).text).toBe('');
  });
});
