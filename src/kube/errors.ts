/** ApiError is a failed API request: an HTTP status with the API server's Status reason and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const statusOf = (error: unknown): number | undefined => (error instanceof ApiError ? error.status : undefined);

export const isNotFound = (error: unknown): boolean => statusOf(error) === 404;
export const isConflict = (error: unknown): boolean => statusOf(error) === 409 && !isAlreadyExists(error);
export const isAlreadyExists = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 409 && error.reason === 'AlreadyExists';
export const isGone = (error: unknown): boolean => statusOf(error) === 410;
export const isForbidden = (error: unknown): boolean => statusOf(error) === 403;

/** errorCode is the code of a system or library error (ENOENT, UND_ERR_BODY_TIMEOUT …), if it has one. */
export function errorCode(error: unknown): string | undefined {
  // Not instanceof Error: errors made by Node's own modules may come from another realm (under jest's vm, say).
  const code: unknown = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** errorMessage renders any thrown value as one line for events, conditions and logs. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause;
    const suffix = cause instanceof Error && !error.message.includes(cause.message) ? `: ${cause.message}` : '';
    return `${error.message}${suffix}`;
  }
  return String(error);
}
