/** An AWS failure explained in words that say what to fix. */
export class AwsSetupError extends Error {
  override name = 'AwsSetupError';
}

/** The error's name as the SDK reports it (`InvalidInstanceId`, `ThrottlingException`, …). */
export function awsErrorName(error: unknown): string {
  if (error && typeof error === 'object' && 'name' in error)
    return String((error as { name: unknown }).name);
  return '';
}

export function awsErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
