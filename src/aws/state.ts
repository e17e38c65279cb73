import { paginateGetParametersByPath, type SSMClient } from '@aws-sdk/client-ssm';
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
  /** The leaked pair's own tags, carried over to the new pair (the old one may be gone on resume). */
  oldTags?: Record<string, string>;
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

function parseState(raw: string): RotationState | null {
  try {
    const state = JSON.parse(raw) as RotationState;
    return state.version === 1 ? state : null;
  } catch {
    return null;
  }
}

export async function readState(ssm: SSMClient, name: string): Promise<RotationState | null> {
  const raw = await readParameter(ssm, name, true);
  return raw ? parseState(raw) : null;
}

/**
 * Rotations under `parameterPath` that started and did not finish. A run
 * killed after retiring the leaked key pair but before importing the new one
 * leaves no key pair to match: the recorded state is how a re-run finds it.
 */
export async function unfinishedRotations(
  ssm: SSMClient,
  parameterPath: string,
): Promise<RotationState[]> {
  // Names first, without decryption (custody keys live under the same path),
  // then each state alone.
  const names: string[] = [];
  const path = parameterPath.replace(/\/+$/, '') || '/';
  for await (const page of paginateGetParametersByPath(
    { client: ssm },
    { Path: path, Recursive: true, WithDecryption: false, MaxResults: 10 },
  )) {
    for (const parameter of page.Parameters ?? []) {
      if (parameter.Name?.endsWith('/state')) names.push(parameter.Name);
    }
  }
  const states: RotationState[] = [];
  for (const name of names) {
    const state = await readState(ssm, name);
    if (state && state.step !== 'done') states.push(state);
  }
  return states;
}

/**
 * The state is a SecureString under the custody parameter's KMS key: forging
 * it takes kms:Encrypt as well as ssm:PutParameter, and a resume checks it
 * against custody all the same (rotate.ts).
 */
export async function writeState(
  ssm: SSMClient,
  name: string,
  state: RotationState,
  kmsKeyId: string | null = null,
): Promise<void> {
  await writeParameter(ssm, {
    name,
    value: JSON.stringify({ ...state, updatedAt: new Date().toISOString() }),
    secure: true,
    kmsKeyId,
    tags: { 'ec2-key-rotate': 'state' },
    description: `ec2-key-rotate progress for key pair ${state.keyName}`,
  });
}
