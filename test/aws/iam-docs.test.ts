import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DOCUMENT_NAME } from '../../src/aws/host/document.js';

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

/**
 * Calls only an administrator makes (`ec2-key-rotate install-document`), with
 * their own credentials: never the rotation role's.
 */
const ADMINISTRATOR_ONLY = [join('host', 'document-install.ts')];

/** Every AWS API call the product makes: `new XCommand(` in src/aws, mapped to its IAM action. */
function actionsUsedBySource(): string[] {
  const dir = join(root, 'src', 'aws');
  const actions = new Set<string>();
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter(
    (name) => name.endsWith('.ts') && !ADMINISTRATOR_ONLY.includes(name),
  );
  for (const file of files) {
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
      statement?.Condition?.StringEquals?.['token.actions.githubusercontent.com:sub'],
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
    const decrypts = /readParameter\([^)]*,\s*true,?\s*\)/.test(
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
        // SSM's key for SendCommand, EC2's own for stopping and starting (offline recovery).
        const tag =
          statement.Condition?.StringEquals?.['ssm:resourceTag/ec2-key-rotate'] ??
          statement.Condition?.StringEquals?.['aws:ResourceTag/ec2-key-rotate'];
        expect(tag, `${writes.join(', ')} on untagged instances`).toBe('enabled');
      }
      if (actions.includes('ssm:StartAutomationExecution'))
        expect(resources).toEqual([
          'arn:aws:ssm:*:*:automation-definition/AWSSupport-ResetAccess:*',
        ]);
    }
  });

  test("SendCommand runs the project's document only (never AWS-RunShellScript), on tagged instances", () => {
    const statements = policy('permissions-policy.json');
    const sending = statements.filter((statement) =>
      list(statement.Action).includes('ssm:SendCommand'),
    );
    const resources = sending.flatMap((statement) => list(statement.Resource));
    const documents = resources.filter((resource) => resource.includes(':document/'));
    // The document ARN names this account's document exactly: no prefix another document could share.
    expect(documents).toEqual([`arn:aws:ssm:*:111122223333:document/${DOCUMENT_NAME}`]);
    expect(JSON.stringify(statements)).not.toMatch(/RunShellScript|RunPowerShellScript/);
    for (const resource of resources) expect(resource).toMatch(/:document\/|:instance\/\*$/);
    // The run-time check reads that document, and nothing else.
    const reading = statements.filter((statement) =>
      list(statement.Action).includes('ssm:GetDocument'),
    );
    expect(reading.flatMap((statement) => list(statement.Resource))).toEqual(documents);
    // Installing the document is the administrator's: not the role's.
    const administrator = readFileSync(
      join(root, 'src', 'aws', ADMINISTRATOR_ONLY[0] ?? ''),
      'utf8',
    );
    const installs = [...administrator.matchAll(/new (\w+)Command\(/g)].map(
      ([, name]) => `ssm:${name}`,
    );
    expect(installs).toEqual(expect.arrayContaining(['ssm:CreateDocument', 'ssm:UpdateDocument']));
    const allowed = statements.flatMap((statement) => list(statement.Action));
    for (const action of installs.filter((action) => action !== 'ssm:GetDocument'))
      expect(allowed, `${action} is the administrator's`).not.toContain(action);
  });
});

/*
 * Issue 8: the roles trust exact OIDC subjects that name the workflow file
 * and ref (job_workflow_ref, through the repository's subject
 * customization), a read-only role serves plans, and no policy leans on a
 * wildcard where an exact value or a resource ARN exists.
 */
describe('docs/iam: exact subjects, a read-only role, no wildcards', () => {
  const iamDir = join(root, 'docs', 'iam');
  const workflowDir = join(root, 'docs', 'workflows');
  const jsonFiles = readdirSync(iamDir).filter((name) => name.endsWith('.json'));
  const trustFiles = jsonFiles.filter((name) => name.includes('trust'));
  const permissionFiles = jsonFiles.filter((name) => name.includes('permissions'));
  const SUB = 'token.actions.githubusercontent.com:sub';
  const AUD = 'token.actions.githubusercontent.com:aud';
  const GITHUB_OIDC = /^arn:aws:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;
  /**
   * What `include_claim_keys: ["repo", "context", "job_workflow_ref"]` makes
   * of a job's token: repo:OWNER/REPO (OWNER@ID/REPO@ID for GitHub's immutable
   * subjects), the context (the environment, or the branch of a job without
   * one), and the workflow file with the ref it was read from.
   */
  const SUBJECT =
    /^repo:([^:/@]+)(?:@\d+)?\/([^:/@]+)(?:@\d+)?:(environment:[^:]+|ref:refs\/heads\/[^:]+):job_workflow_ref:([^:/@]+)\/([^:/@]+)\/\.github\/workflows\/([^:/@]+\.ya?ml)@(refs\/heads\/[^:]+)$/;
  /** The role each shipped workflow may name, and the trust policy that role has. */
  const ROLE_TRUST: Record<string, string> = {
    'ec2-key-rotate': 'trust-policy.json',
    'ec2-key-rotate-readonly': 'readonly-trust-policy.json',
  };
  /** Actions that accept only Resource "*" (Service Authorization Reference: no resource types). */
  const RESOURCE_STAR_ONLY: Record<string, string> = {
    'ec2:DescribeKeyPairs': 'EC2 Describe* calls support no resource-level permissions',
    'ec2:DescribeInstances': 'EC2 Describe* calls support no resource-level permissions',
    'ec2:DescribeInstanceStatus': 'EC2 Describe* calls support no resource-level permissions',
    'ec2:DescribeAddresses': 'EC2 Describe* calls support no resource-level permissions',
    'ec2:DescribeInstanceTypes': 'EC2 Describe* calls support no resource-level permissions',
    'ec2:DescribeSpotInstanceRequests': 'EC2 Describe* calls support no resource-level permissions',
    'ssm:DescribeInstanceInformation': 'lists managed nodes; no resource type to scope it',
    'ssm:ListCommandInvocations': 'lists by command id; no resource type to scope it',
    'ssm:ListCommands': 'lists by command id; no resource type to scope it',
  };
  /** Verbs of AWS actions that change something. */
  const WRITE_VERBS = [
    'Put',
    'Delete',
    'Import',
    'Create',
    'Send',
    'Update',
    'Add',
    'Remove',
    'Tag',
    'Untag',
    'Modify',
    'Replace',
    'Associate',
    'Disassociate',
    'Attach',
    'Detach',
    'Register',
    'Deregister',
    'Start',
    'Stop',
    'Terminate',
    'Reboot',
    'Run',
    'Cancel',
    'Reset',
    'Restore',
    'Label',
    'Unlabel',
    'Set',
    'Encrypt',
    'GenerateDataKey',
    'ReEncrypt',
  ];
  /** What a plan (dry-run) calls: key pairs, their instances, and the interrupted rotations. */
  const PLAN_CALLS = [
    'ec2:DescribeKeyPairs',
    'ec2:DescribeInstances',
    'ssm:DescribeInstanceInformation',
    'ssm:GetParametersByPath',
    'ssm:GetParameter',
  ];
  /** Leak records: `<path>/leaks/<hex SHA-256>`, 64 characters; nothing else (a key pair's private key) fits. */
  const LEAK_RECORD_ARN = `arn:aws:ssm:*:111122223333:parameter/ec2-key-rotate/leaks/${'?'.repeat(64)}`;
  const STATE_ARN = 'arn:aws:ssm:*:111122223333:parameter/ec2-key-rotate/*/state';

  interface FullStatement extends Statement {
    NotAction?: unknown;
    NotResource?: unknown;
    NotPrincipal?: unknown;
  }
  const statements = (file: string): FullStatement[] => policy(file) as FullStatement[];
  const allowed = (file: string): string[] =>
    statements(file)
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) => list(statement.Action));
  const subjectsOf = (statement: Statement): string[] =>
    Object.values(statement.Condition ?? {}).flatMap((keys) => list(keys[SUB]));

  interface Job {
    environment?: string | { name: string };
    steps?: Array<{ uses?: string; with?: Record<string, unknown> }>;
  }
  async function workflowJobs(file: string): Promise<{ on: Record<string, unknown>; jobs: Job[] }> {
    const { parse } = await import('yaml');
    const workflow = parse(readFileSync(join(workflowDir, file), 'utf8')) as {
      on: Record<string, unknown>;
      jobs: Record<string, Job>;
    };
    return { on: workflow.on, jobs: Object.values(workflow.jobs) };
  }
  const environmentOf = (job: Job): string | null =>
    typeof job.environment === 'string' ? job.environment : (job.environment?.name ?? null);

  test('finds the trust and permissions policies of both roles', () => {
    expect([...trustFiles].sort()).toEqual(['readonly-trust-policy.json', 'trust-policy.json']);
    expect([...permissionFiles].sort()).toEqual([
      'permissions-policy.json',
      'readonly-permissions-policy.json',
    ]);
  });

  test.each(trustFiles)(
    '%s: GitHub OIDC only, aud sts.amazonaws.com, exact subjects naming the workflow',
    (file) => {
      const all = statements(file);
      expect(all.length).toBeGreaterThan(0);
      for (const statement of all) {
        expect(statement.Effect).toBe('Allow');
        expect(list(statement.Action)).toEqual(['sts:AssumeRoleWithWebIdentity']);
        expect(statement.NotAction ?? statement.NotPrincipal).toBeUndefined();
        expect(Object.keys(statement.Principal ?? {})).toEqual(['Federated']);
        expect(statement.Principal?.Federated).toMatch(GITHUB_OIDC);
        const conditions = statement.Condition ?? {};
        for (const operator of Object.keys(conditions)) {
          // ForAllValues: is true when the key is missing; …IfExists passes a token without it.
          expect(operator, file).toMatch(/^String(Equals|Like)$/);
        }
        // The audience is one fixed value, compared exactly.
        expect(conditions.StringEquals?.[AUD]).toBe('sts.amazonaws.com');
        expect(conditions.StringLike?.[AUD]).toBeUndefined();
        const subjects = subjectsOf(statement);
        expect(subjects.length, `${file}: a sub condition`).toBeGreaterThan(0);
        for (const subject of subjects) {
          // A wildcard admits workflows nobody reviewed (other branches, other files).
          expect(subject, file).not.toMatch(/[*?]/);
          const match = SUBJECT.exec(subject);
          expect(
            match,
            `${file}: ${subject} names repo, context and job_workflow_ref`,
          ).not.toBeNull();
          const [, owner, repo, context, workflowOwner, workflowRepo, workflowFile, ref] =
            match ?? [];
          // The repository's own workflow, read from main, running for main or in an environment.
          expect([workflowOwner, workflowRepo]).toEqual([owner, repo]);
          expect(ref, subject).toBe('refs/heads/main');
          if (context?.startsWith('ref:')) expect(context).toBe(`ref:${ref}`);
          expect(readdirSync(workflowDir), subject).toContain(workflowFile);
        }
        // StringLike is only ever a plain comparison here (no wildcard above).
        for (const subject of list(conditions.StringLike?.[SUB]))
          expect(subject).not.toMatch(/[*?]/);
      }
    },
  );

  test('each subject is what its workflow job gets: its environment, or main without one', async () => {
    for (const file of trustFiles) {
      for (const subject of statements(file).flatMap(subjectsOf)) {
        const [, , , context = '', , , workflowFile = ''] = SUBJECT.exec(subject) ?? [];
        const { on, jobs } = await workflowJobs(workflowFile);
        const ours = jobs.filter((job) =>
          (job.steps ?? []).some((step) => step.uses?.startsWith('org/ec2-key-rotate@')),
        );
        expect(ours, workflowFile).toHaveLength(1);
        const environment = environmentOf(ours[0] as Job);
        // A job with an environment has it as its context; without one, the branch.
        if (context.startsWith('environment:'))
          expect(environment, subject).toBe(context.slice('environment:'.length));
        else expect(environment, subject).toBeNull();
        // A pull request runs its own copy of the workflow: never trusted.
        expect('pull_request' in on || 'pull_request_target' in on, subject).toBe(false);
      }
    }
  });

  test('every workflow that assumes a role is admitted by that role; pull requests assume none', async () => {
    const used = new Set<string>();
    for (const file of readdirSync(workflowDir).filter((name) => name.endsWith('.yml'))) {
      const { on, jobs } = await workflowJobs(file);
      for (const job of jobs) {
        const role = String(
          (job.steps ?? []).find((step) => step.with?.['role-to-assume'])?.with?.[
            'role-to-assume'
          ] ?? '',
        );
        const roles = [...role.matchAll(/arn:aws:iam::\d{12}:role\/([\w+=,.@-]+)/g)].map(
          ([, name]) => name ?? '',
        );
        if ('pull_request' in on || 'pull_request_target' in on) {
          expect(roles, file).toEqual([]);
          continue;
        }
        const environment = environmentOf(job);
        const context = environment ? `environment:${environment}` : 'ref:refs/heads/main';
        for (const name of roles) {
          const trust = ROLE_TRUST[name];
          expect(trust, `${file}: role ${name} has a trust policy in docs/iam`).toBeDefined();
          const subjects = statements(trust ?? '').flatMap(subjectsOf);
          const [, owner = '', repo = ''] = SUBJECT.exec(subjects[0] ?? '') ?? [];
          expect(subjects, `${file} assumes ${name}`).toContain(
            `repo:${owner}/${repo}:${context}:job_workflow_ref:${owner}/${repo}/.github/workflows/${file}@refs/heads/main`,
          );
          used.add(trust ?? '');
        }
      }
    }
    expect([...used].sort()).toEqual([...trustFiles].sort());
  });

  test.each(permissionFiles)('%s: no action wildcards, NotAction or NotResource', (file) => {
    for (const statement of statements(file)) {
      expect(statement.NotAction ?? statement.NotResource, file).toBeUndefined();
      for (const action of list(statement.Action))
        expect(action, file).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
    }
  });

  test.each(permissionFiles)(
    '%s: Resource "*" only for actions that have no resource-level permissions',
    (file) => {
      for (const statement of statements(file)) {
        // A Deny on every resource only narrows.
        if (statement.Effect !== 'Allow' || !list(statement.Resource).includes('*')) continue;
        for (const action of list(statement.Action))
          expect(RESOURCE_STAR_ONLY, `${file}: ${action} on any resource`).toHaveProperty([action]);
      }
    },
  );

  test('a plan against the local AWS makes only calls the read-only role allows', async () => {
    // Every plan the action and the CLI make: a leak (matched, and unmatched so the
    // interrupted rotations are looked up), named key pairs, and key pairs by age.
    const { startFleet } = await import('../helpers/fleet.js');
    const { runRotation } = await import('../../src/aws/engine.js');
    const fleet = await startFleet({
      presets: () => [],
      extraInstances: (keyName) => [{ keyName, tags: { Name: 'web-1' } }],
    });
    try {
      // Only the plans' own calls (not the fleet's setup).
      fleet.aws.log.clear();
      const config = fleet.config({ dryRun: true });
      await runRotation({ kind: 'findings', findings: [fleet.finding] }, config);
      await runRotation({ kind: 'key-pairs', names: [fleet.keyName] }, config);
      await runRotation({ kind: 'scheduled', maxKeyAgeDays: 0 }, config);
      fleet.aws.state.region().keyPairs.clear();
      await runRotation({ kind: 'findings', findings: [fleet.finding] }, config);
      const calls = new Set(
        fleet.aws.log.entries
          .filter((entry) => entry.service === 'ec2' || entry.service === 'ssm')
          .map((entry) => `${entry.service}:${entry.operation}`),
      );
      expect([...calls]).toEqual(expect.arrayContaining(['ec2:DescribeKeyPairs']));
      const readOnly = allowed('readonly-permissions-policy.json');
      for (const call of calls) expect(readOnly, `a plan calls ${call}`).toContain(call);
      // …on the parameters the policy names: rotation state, and leak records (the
      // only ones decrypted); a private key is never read.
      for (const entry of fleet.aws.log.calls('GetParameter', 'ssm')) {
        const { Name, WithDecryption } = entry.params as { Name: string; WithDecryption?: boolean };
        if (WithDecryption) expect(Name).toMatch(/^\/ec2-key-rotate\/leaks\/[0-9a-f]{64}$/);
        else expect(Name).toMatch(/^\/ec2-key-rotate\/.+\/state$/);
      }
      for (const entry of fleet.aws.log.calls('GetParametersByPath', 'ssm'))
        expect((entry.params as { Path: string }).Path).toMatch(/^\/ec2-key-rotate(\/|$)/);
    } finally {
      await fleet.stop();
    }
  });

  test('the read-only role reads what a plan reads and writes nothing', () => {
    const file = 'readonly-permissions-policy.json';
    const readOnly = allowed(file);
    for (const action of readOnly) {
      const verb = action.split(':')[1] ?? '';
      for (const write of WRITE_VERBS)
        expect(verb.startsWith(write), `${action} is a write (${write})`).toBe(false);
    }
    for (const write of [
      'ssm:SendCommand',
      'ssm:PutParameter',
      'ec2:ImportKeyPair',
      'ec2:DeleteKeyPair',
      'ec2:CreateTags',
    ])
      expect(readOnly).not.toContain(write);
    // The plan's calls are calls the code makes, and the read-only role allows each.
    const used = actionsUsedBySource();
    for (const action of PLAN_CALLS) {
      expect(used, `${action} is no longer called: update PLAN_CALLS`).toContain(action);
      expect(readOnly).toContain(action);
    }
    // Nothing the rotating role does not have (the read-only role is a subset).
    const writer = allowed('permissions-policy.json');
    for (const action of readOnly) expect(writer).toContain(action);
    for (const statement of statements(file).filter((s) => s.Effect === 'Allow')) {
      const actions = list(statement.Action);
      const resources = list(statement.Resource);
      // Rotation state (plain JSON) and leak records, never a private key.
      if (actions.includes('ssm:GetParameter'))
        for (const resource of resources) expect([STATE_ARN, LEAK_RECORD_ARN]).toContain(resource);
      if (actions.includes('ssm:GetParametersByPath'))
        expect(resources.every((r) => /:parameter\/ec2-key-rotate(\/\*)?$/.test(r))).toBe(true);
      // Decrypting only through SSM, and only a rotation state or a leak record (both
      // SecureStrings of public facts; SSM sets the parameter's ARN as the encryption
      // context of every SecureString it decrypts).
      if (actions.some((action) => action.startsWith('kms:'))) {
        expect(actions).toEqual(['kms:Decrypt']);
        expect(statement.Condition?.StringLike).toEqual({
          'kms:ViaService': 'ssm.*.amazonaws.com',
          'kms:EncryptionContext:PARAMETER_ARN': [STATE_ARN, LEAK_RECORD_ARN],
        });
      }
    }
    // The new private keys are SecureStrings under the path it may list. With the
    // AWS managed aws/ssm key, whoever in the account may read a SecureString may
    // have SSM decrypt it: only an explicit Deny keeps this role from them.
    const denies = statements(file).filter(
      (statement) =>
        statement.Effect === 'Deny' &&
        list(statement.Action).includes('kms:Decrypt') &&
        list(statement.Resource).includes('*'),
    );
    expect(denies.map((statement) => statement.Condition ?? {})).toEqual([
      {
        StringNotLike: { 'kms:EncryptionContext:PARAMETER_ARN': [STATE_ARN, LEAK_RECORD_ARN] },
      },
    ]);
  });
});
