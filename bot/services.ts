import type { DomainDeps } from '../domain/deps.js';
import type { Logger } from './logger.js';

/** What the Teams surface needs from the rest of the app, handed to every handler. */
export interface BotServices {
  deps: DomainDeps;
  log: Logger;
  /** Asks the notification sender to run now, e.g. after a change queued a notification or a channel was registered. */
  notifyChanged(partnerId?: string): void;
}
