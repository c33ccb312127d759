import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { MessageKey } from '../i18n/index.ts';

/** Field name → message key, for a form or API body that failed validation. */
export type FieldErrors = Record<string, MessageKey>;

/**
 * An error the caller can do something about. Services throw it; the app's error handler
 * renders it as JSON or HTML in the caller's language. `message` is a catalogue key.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: ContentfulStatusCode,
    readonly messageKey: MessageKey,
    readonly fields?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(messageKey);
    this.name = 'AppError';
  }
}

/** The one answer to anything that is not there, or that the caller may not know exists. */
export const notFound = (): AppError => new AppError('not_found', 404, 'error.notFound');
