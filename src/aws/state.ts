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
  const raw = await readParameter(ssm, name);
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
  const states: RotationState[] = [];
  const path = parameterPath.replace(/\/+$/, '') || '/';
  for await (const page of paginateGetParametersByPath(
    { client: ssm },
    { Path: path, Recursive: true, MaxResults: 10 },
  )) {
    for (const parameter of page.Parameters ?? []) {
      if (!parameter.Name?.endsWith('/state') || !parameter.Value) continue;
      const state = parseState(parameter.Value);
      if (state && state.step !== 'done') states.push(state);
    }
  }
  return states;
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
