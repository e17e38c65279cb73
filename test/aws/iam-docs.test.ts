import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: { Federated?: string };
  Condition?: Record<string, Record<string, string | string[]>>;
}

const policy = (file: string): Statement[] =>
  (JSON.parse(readFileSync(join(root, 'docs', 'iam', file), 'utf8')) as { Statement: Statement[] })
    .Statement;
const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every AWS API call the product makes: `new XCommand(` in src/aws, mapped to its IAM action. */
function actionsUsedBySource(): string[] {
  const dir = join(root, 'src', 'aws');
  const actions = new Set<string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    const services = new Map<string, string>();
    for (const [, names = '', pkg = ''] of text.matchAll(
      /import\s*{([^}]*)}\s*from\s*'@aws-sdk\/client-(\w+)'/g,
    )) {
      for (const name of names.split(',')) services.set(name.replace(/type\s+/, '').trim(), pkg);
    }
    for (const [, operation = ''] of text.matchAll(/new (\w+)Command\(/g)) {
      const service = services.get(`${operation}Command`);
      if (service) actions.add(`${service}:${operation}`);
    }
    for (const [, operation = ''] of text.matchAll(/paginate(\w+)\(/g)) {
      const service = services.get(`paginate${operation}`);
      if (service) actions.add(`${service}:${operation}`);
    }
  }
  return [...actions].sort();
}

describe('docs/iam', () => {
  test('the trust policy admits only GitHub OIDC tokens for sts.amazonaws.com with a sub condition', () => {
    const [statement, ...rest] = policy('trust-policy.json');
    expect(rest).toHaveLength(0);
    expect(statement?.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(statement?.Principal?.Federated).toMatch(
      /:oidc-provider\/token\.actions\.githubusercontent\.com$/,
    );
    expect(statement?.Condition?.StringEquals?.['token.actions.githubusercontent.com:aud']).toBe(
      'sts.amazonaws.com',
    );
    const subjects = list(
      statement?.Condition?.StringLike?.['token.actions.githubusercontent.com:sub'],
    );
    expect(subjects.length).toBeGreaterThan(0);
    // A bare wildcard would let any repository on GitHub assume the role.
    for (const subject of subjects) expect(subject).toMatch(/^repo:[^*/]+\/[^*/]+:/);
  });

  test('the permission policy allows every call the code makes, and nothing beyond', () => {
    const allowed = new Set(
      policy('permissions-policy.json').flatMap((statement) => list(statement.Action)),
    );
    // AssumeRoleWithWebIdentity is granted by the role's trust policy, not by its permissions.
    const used = actionsUsedBySource().filter(
      (action) => action !== 'sts:AssumeRoleWithWebIdentity',
    );
    expect(used).toEqual(
      expect.arrayContaining([
        'ec2:DescribeKeyPairs',
        'ec2:ImportKeyPair',
        'ssm:SendCommand',
        'ssm:PutParameter',
      ]),
    );
    for (const action of used)
      expect(allowed, `${action} is used but not allowed`).toContain(action);
    // Implied by calls above: tags in ImportKeyPair, SecureString writes, and the
    // decrypting GetParameter that reads the new key back for the Actions secret.
    const decrypts = /readParameter\([^)]*, true\)/.test(
      readFileSync(join(root, 'src', 'aws', 'engine.ts'), 'utf8'),
    );
    expect(decrypts).toBe(true);
    const implied = new Set([
      ...used,
      'ec2:CreateTags',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:Decrypt',
    ]);
    for (const action of allowed)
      expect(implied, `${action} is allowed but never used`).toContain(action);
  });

  test('every write is scoped: key pairs, tagged instances, and the parameter path', () => {
    for (const statement of policy('permissions-policy.json')) {
      const actions = list(statement.Action);
      const writes = actions.filter((action) => !/:(Describe|List|Get)/.test(action));
      if (!writes.length) continue;
      const resources = list(statement.Resource);
      expect(resources, `${writes.join(', ')} on any resource`).not.toContain('*');
      if (actions.includes('ssm:PutParameter'))
        expect(resources.every((r) => r.endsWith(':parameter/ec2-key-rotate/*'))).toBe(true);
      if (resources.some((r) => r.includes(':instance/'))) {
        expect(statement.Condition?.StringEquals?.['ssm:resourceTag/ec2-key-rotate']).toBe(
          'enabled',
        );
      }
    }
  });
});
