import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsCredentialIdentity } from '@smithy/types';

export interface RegionClients {
  region: string;
  ec2: EC2Client;
  ssm: SSMClient;
}

/**
 * One EC2 and one SSM client per region. Adaptive retry backs off on
 * throttling (RequestLimitExceeded, ThrottlingException) and 5xx; endpoints
 * come from the SDK's own configuration (AWS_ENDPOINT_URL_EC2, …).
 */
export function regionClients(
  region: string,
  credentials: AwsCredentialIdentity | undefined,
  maxAttempts = 8,
): RegionClients {
  const config = {
    region,
    maxAttempts,
    retryMode: 'adaptive',
    ...(credentials ? { credentials } : {}),
  };
  return { region, ec2: new EC2Client(config), ssm: new SSMClient(config) };
}

export function destroyClients(clients: RegionClients[]): void {
  for (const client of clients) {
    client.ec2.destroy();
    client.ssm.destroy();
  }
}
