import { describe, expect, it } from 'vitest';
import { startTestGong } from '../helpers/gong.js';
import { capturingLogger } from '../helpers/logger.js';

describe('start-up', () => {
  it('logs a warning when routes exist and none catches every alert, and starts anyway', { timeout: 120_000 }, async () => {
    const { logger, lines } = capturingLogger();
    const gong = await startTestGong({
      sources: [{ name: 'custom', type: 'generic', token: 'source-token-1' }],
      logger,
      config: {
        chats: [{ name: 'ops', type: 'lark-webhook', webhook: 'https://open.feishu.cn/open-apis/bot/v2/hook/x' }],
        routes: [{ match: ['severity="critical"'], chats: ['ops'] }],
      },
    });
    try {
      const warnings = lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.level === 40);
      expect(warnings.map((line) => line.msg)).toContainEqual(expect.stringContaining('routes: no route catches every alert'));
      // What the warning says happens to an alert no route matches: it is stored all the same.
      const { opened } = await gong.hook({ title: 'Disk full', severity: 'warning' });
      expect(opened).toHaveLength(1);
    } finally {
      await gong.close();
    }
  });
});
