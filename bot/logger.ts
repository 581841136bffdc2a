import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON-lines logs. Headers that carry credentials and configuration secrets are redacted wherever they appear, so a
 * log line can be shared without leaking a token.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({
    level,
    base: { service: 'partner-desk' },
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'authorization', '*.MicrosoftAppPassword', 'MicrosoftAppPassword', '*.password', '*.token', '*.access_token'],
      censor: '[redacted]',
    },
  }, destination as never);
}
