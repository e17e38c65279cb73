/** An error as a service returns it: code, message, HTTP status, who is at fault. */
export class AwsError extends Error {
  readonly fault: 'client' | 'server';

  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    fault?: 'client' | 'server',
  ) {
    super(message);
    this.name = code;
    this.fault = fault ?? (status >= 500 ? 'server' : 'client');
  }
}

/** The emulator lacks an operation the AWS model has: a gap in the emulator, not an AWS error. */
export class NotImplementedError extends AwsError {
  constructor(service: string, operation: string) {
    super(
      'EmulatorNotImplemented',
      `the ${service} emulator does not implement ${operation}`,
      501,
      'server',
    );
  }
}
