import type { SSMClient } from '@aws-sdk/client-ssm';
import { readParameter, writeParameter } from './parameters.js';

/** Steps a rotation passes; the state records the last one completed. */
export type RotationStep = 'custody' | 'hosts' | 'published' | 'done';

/**
 * What a re-run needs to resume: the key being replaced and the replacement
 * (public half only; the private half is in custody). Host progress is not
 * recorded: every host phase is idempotent and is simply run again.
 */
export interface RotationState {
  version: 1;
  keyName: string;
  region: string;
  oldFingerprint: string | null;
  oldKeyBlobs: string[];
  newKey: {
    publicKeyLine: string;
    fingerprint: string;
    parameterName: string;
    parameterVersion: number;
  };
  step: RotationStep;
  runId: string;
  updatedAt: string;
}

export async function readState(ssm: SSMClient, name: string): Promise<RotationState | null> {
  const raw = await readParameter(ssm, name);
  if (!raw) return null;
  try {
    const state = JSON.parse(raw) as RotationState;
    return state.version === 1 ? state : null;
  } catch {
    return null;
  }
}

export async function writeState(
  ssm: SSMClient,
  name: string,
  state: RotationState,
): Promise<void> {
  await writeParameter(ssm, {
    name,
    value: JSON.stringify({ ...state, updatedAt: new Date().toISOString() }),
    secure: false,
    tags: { 'ec2-key-rotate': 'state' },
    description: `ec2-key-rotate progress for key pair ${state.keyName}`,
  });
}
