import { PlatformError } from '../../shared/platform-error.js';

/**
 * A failed robot post, classified once so the card jobs decide with `retryable` alone. Messages
 * name the chat and WeCom's errcode, never the webhook URL: its key is the robot's only credential.
 */
export class WeComError extends PlatformError {
  override readonly name = 'WeComError';
}
