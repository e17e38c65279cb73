import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeJson,
  decodeQuery,
  encodeJson,
  encodeXmlMembers,
  RequestValidationError,
} from './core/schema.js';
import { createEc2Handlers, ec2Operations } from './ec2.js';
import { OidcProvider } from './oidc.js';
import { CommandEngine, DEFAULT_CLOCK, pluginOutput } from './ssm-commands.js';
import { createSsmHandlers, ssmOperations } from './ssm.js';
import { AccountState } from './state.js';
import { createStsHandlers, stsOperations } from './sts.js';

const op = (operations: typeof ec2Operations, name: string) => {
  const found = operations.get(name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};

describe('query decoding from the model', () => {
  it('reads EC2 names: ec2QueryName, capitalised xmlName, flattened lists of structures', () => {
    const params = new URLSearchParams(
      'Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=key-name&Filter.1.Value.1=a&Filter.1.Value.2=b&Filter.2.Name=tag%3ARole&Filter.2.Value.1=web&MaxResults=5',
    );
    const input = decodeQuery(op(ec2Operations, 'DescribeInstances').input, new Map(params), {
      ec2: true,
    });
    expect(input).toEqual({
      Filters: [
        { Name: 'key-name', Values: ['a', 'b'] },
        { Name: 'tag:Role', Values: ['web'] },
      ],
      MaxResults: 5,
    });
    const imported = decodeQuery(
      op(ec2Operations, 'ImportKeyPair').input,
      new Map([
        ['KeyName', 'k'],
        ['PublicKeyMaterial', Buffer.from('ssh-ed25519 AAAA').toString('base64')],
        ['TagSpecification.1.ResourceType', 'key-pair'],
        ['TagSpecification.1.Tag.1.Key', 'a'],
        ['TagSpecification.1.Tag.1.Value', 'b'],
      ]),
      { ec2: true },
    );
    expect(Buffer.from(imported.PublicKeyMaterial as Uint8Array).toString()).toBe(
      'ssh-ed25519 AAAA',
    );
    expect(imported.TagSpecifications).toEqual([
      { ResourceType: 'key-pair', Tags: [{ Key: 'a', Value: 'b' }] },
    ]);
  });

  it('reads awsQuery names (STS): member names as keys, `.member.N` lists', () => {
    const input = decodeQuery(
      op(stsOperations, 'AssumeRoleWithWebIdentity').input,
      new Map([
        ['RoleArn', 'arn:aws:iam::123456789012:role/r'],
        ['RoleSessionName', 's'],
        ['WebIdentityToken', 't'],
        ['PolicyArns.member.1.arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
        ['DurationSeconds', '900'],
      ]),
      { ec2: false },
    );
    expect(input).toEqual({
      RoleArn: 'arn:aws:iam::123456789012:role/r',
      RoleSessionName: 's',
      WebIdentityToken: 't',
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      DurationSeconds: 900,
    });
  });

  it('reports missing required members, unknown keys and bad values together', () => {
    try {
      decodeQuery(
        op(ec2Operations, 'ImportKeyPair').input,
        new Map([
          ['DryRun', 'perhaps'],
          ['Colour', 'red'],
        ]),
        { ec2: true },
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).issues.map((i) => [i.kind, i.path])).toEqual([
        ['type', 'DryRun'],
        ['missing', 'KeyName'],
        ['missing', 'PublicKeyMaterial'],
        ['unknown', 'Colour'],
      ]);
    }
  });
});

describe('JSON and XML encoding from the model', () => {
  it('checks JSON input types and encodes timestamps as epoch seconds', () => {
    expect(() =>
      decodeJson(op(ssmOperations, 'SendCommand').input, { DocumentName: 'x', InstanceIds: 'i-1' }),
    ).toThrow(RequestValidationError);
    const output = encodeJson(op(ssmOperations, 'GetParameter').output, {
      Parameter: { Name: 'n', LastModifiedDate: new Date(1_700_000_000_500) },
    });
    expect(output).toEqual({ Parameter: { Name: 'n', LastModifiedDate: 1_700_000_000.5 } });
  });

  it('refuses to put a member on the wire that the model does not have (an emulator bug)', () => {
    expect(() =>
      encodeXmlMembers(op(ec2Operations, 'DescribeKeyPairs').output, {
        KeyPairs: [{ KeyName: 'k', Colour: 'red' }],
      }),
    ).toThrow(/no member Colour/);
    expect(() =>
      encodeJson(op(ssmOperations, 'GetParameter').output, { Parameter: { Version: '1' } }),
    ).toThrow(/must be a number/);
  });

  it('names EC2 XML elements from xmlName and list items as <item>', () => {
    const xml = encodeXmlMembers(op(ec2Operations, 'DescribeKeyPairs').output, {
      KeyPairs: [
        {
          KeyName: 'k&1',
          KeyFingerprint: 'aa',
          Tags: [{ Key: 'a', Value: 'b' }],
          CreateTime: new Date(0),
        },
      ],
    });
    expect(xml).toBe(
      '<keySet><item><tagSet><item><key>a</key><value>b</value></item></tagSet><createTime>1970-01-01T00:00:00.000Z</createTime><keyName>k&amp;1</keyName><keyFingerprint>aa</keyFingerprint></item></keySet>',
    );
  });
});

describe('SSM agent output truncation (2,500 characters)', () => {
  it('passes short output through, with the error header when there is stderr', () => {
    expect(pluginOutput('out\n', '')).toBe('out\n');
    expect(pluginOutput('out\n', 'err\n')).toBe('out\n\n----------ERROR-------\nerr\n');
  });

  it('cuts long stdout, long stderr, or both, to exactly 2,500 characters', () => {
    const long = 'o'.repeat(4000);
    const longErr = 'e'.repeat(4000);
    expect(pluginOutput(long, '')).toHaveLength(2500);
    expect(pluginOutput(long, '')).toMatch(/^o+\n---Output truncated---$/);
    expect(pluginOutput('short', longErr)).toHaveLength(2500);
    expect(pluginOutput('short', longErr)).toMatch(
      /^short\n----------ERROR-------\ne+\n---Error truncated----$/,
    );
    expect(pluginOutput(long, longErr)).toHaveLength(2500);
    expect(pluginOutput(long, 'boom')).toMatch(
      /\n---Output truncated---\n----------ERROR-------\nboom$/,
    );
    expect(pluginOutput('x'.repeat(2500), '')).toHaveLength(2500);
    expect(pluginOutput('x'.repeat(2499), '')).toBe('x'.repeat(2499));
  });
});

describe('coverage of the production code', () => {
  it('implements every EC2, SSM and STS operation src/ calls', () => {
    const state = new AccountState('123456789012', 'us-east-1');
    const engine = new CommandEngine(state, DEFAULT_CLOCK, undefined);
    const implemented = new Set([
      ...Object.keys(createEc2Handlers(state, { unpaginatedPageSize: 1000 })),
      ...Object.keys(createSsmHandlers(state, engine, 0)),
      ...Object.keys(createStsHandlers(state, new OidcProvider())),
    ]);
    const inModels = new Set([
      ...ec2Operations.keys(),
      ...ssmOperations.keys(),
      ...stsOperations.keys(),
    ]);
    const used = new Set<string>();
    const walk = (path: string): void => {
      for (const entry of readdirSync(path, { withFileTypes: true })) {
        const full = join(path, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts')) {
          const text = readFileSync(full, 'utf8');
          for (const match of text.matchAll(/\bnew (\w+)Command\(/g)) used.add(match[1] ?? '');
          for (const match of text.matchAll(/\bpaginate(\w+)\(/g)) used.add(match[1] ?? '');
        }
      }
    };
    walk(join(import.meta.dirname, '../../src'));
    const awsOperations = [...used].filter((name) => inModels.has(name));
    expect(awsOperations.length).toBeGreaterThan(0);
    expect(awsOperations.filter((name) => !implemented.has(name))).toEqual([]);
  });
});
