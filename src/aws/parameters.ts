import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  GetParameterCommand,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { awsErrorName } from './errors.js';

// Names are apart from the SDK calls: validation loads them without the AWS SDK.
export * from './parameter-names.js';

/** The parameter's value, or null when it does not exist. */
export async function readParameter(
  ssm: SSMClient,
  name: string,
  decrypt = false,
): Promise<string | null> {
  try {
    const response = await ssm.send(
      new GetParameterCommand({ Name: name, WithDecryption: decrypt }),
    );
    return response.Parameter?.Value ?? null;
  } catch (error) {
    if (awsErrorName(error) === 'ParameterNotFound') return null;
    throw error;
  }
}

/**
 * Writes a parameter, creating it with tags or overwriting it (which keeps
 * the earlier versions in its history). Returns the new version.
 */
export async function writeParameter(
  ssm: SSMClient,
  input: {
    name: string;
    value: string;
    secure: boolean;
    kmsKeyId?: string | null;
    tags: Record<string, string>;
    description: string;
  },
): Promise<number> {
  const tags = Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value }));
  const base = {
    Name: input.name,
    Value: input.value,
    Type: input.secure ? ('SecureString' as const) : ('String' as const),
    Description: input.description,
    ...(input.secure && input.kmsKeyId ? { KeyId: input.kmsKeyId } : {}),
  };
  try {
    const created = await ssm.send(
      new PutParameterCommand({ ...base, Overwrite: false, Tags: tags }),
    );
    return created.Version ?? 1;
  } catch (error) {
    if (awsErrorName(error) !== 'ParameterAlreadyExists') throw error;
  }
  // PutParameter refuses Tags together with Overwrite: overwrite, then tag.
  const updated = await ssm.send(new PutParameterCommand({ ...base, Overwrite: true }));
  if (tags.length) {
    await ssm.send(
      new AddTagsToResourceCommand({
        ResourceType: 'Parameter',
        ResourceId: input.name,
        Tags: tags,
      }),
    );
  }
  return updated.Version ?? 1;
}

export async function deleteParameter(ssm: SSMClient, name: string): Promise<void> {
  try {
    await ssm.send(new DeleteParameterCommand({ Name: name }));
  } catch (error) {
    if (awsErrorName(error) !== 'ParameterNotFound') throw error;
  }
}

/** Creates a parameter only if it does not exist; false when it already does. */
export async function createParameterIfAbsent(
  ssm: SSMClient,
  name: string,
  value: string,
): Promise<boolean> {
  try {
    await ssm.send(
      new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: false }),
    );
    return true;
  } catch (error) {
    if (awsErrorName(error) === 'ParameterAlreadyExists') return false;
    throw error;
  }
}
