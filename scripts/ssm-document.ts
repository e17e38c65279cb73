// Writes docs/ssm-document.cfn.yaml: a CloudFormation template that installs
// the project's SSM Command document (src/aws/host/document.ts) once per
// account and region, formatted by Prettier. `--check` exits 1 when the file
// is stale; test/aws/document.test.ts checks it too.
//
//   node --import tsx scripts/ssm-document.ts [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { stringify } from 'yaml';
import {
  DOCUMENT_NAME,
  documentHash,
  documentObject,
  documentVersionName,
} from '../src/aws/host/document.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const TEMPLATE = join(root, 'docs', 'ssm-document.cfn.yaml');

/** The template's text, before formatting. */
export function templateText(): string {
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `ec2-key-rotate host script as the SSM Command document ${DOCUMENT_NAME} (${documentVersionName()}). Deploy once per account and region; update the stack with each release's template.`,
    Resources: {
      HostScriptDocument: {
        Type: 'AWS::SSM::Document',
        Properties: {
          Name: DOCUMENT_NAME,
          DocumentType: 'Command',
          DocumentFormat: 'JSON',
          TargetType: '/AWS::EC2::Instance',
          VersionName: documentVersionName(),
          // A stack update adds a version instead of replacing the named document.
          UpdateMethod: 'NewVersion',
          Tags: [{ Key: 'ec2-key-rotate', Value: 'host-script' }],
          Content: documentObject(),
        },
      },
    },
    Outputs: {
      DocumentName: { Value: { Ref: 'HostScriptDocument' } },
      DocumentSha256: { Value: documentHash() },
    },
  };
  return [
    '# Generated from src/aws/host/document.ts by scripts/ssm-document.ts: do not edit.',
    '# Deploy with administrator credentials, in every region the rotation runs in',
    '# (the template is over the 51,200 bytes a template body may have: pass a bucket',
    '# for the CLI to upload it to, or upload the file in the console):',
    '#   aws cloudformation deploy --stack-name ec2-key-rotate-host --region REGION \\',
    '#     --template-file docs/ssm-document.cfn.yaml --s3-bucket BUCKET',
    '# or run `ec2-key-rotate install-document --region REGION` instead.',
    // A date-like version stays a string for every YAML reader.
    stringify(template, { lineWidth: 0 }).replace(
      /^AWSTemplateFormatVersion: (.*)$/m,
      "AWSTemplateFormatVersion: '$1'",
    ),
  ].join('\n');
}

/** The template as the file should hold it (Prettier-formatted, like the rest of the repository). */
export async function template(): Promise<string> {
  return format(templateText(), { ...(await resolveConfig(TEMPLATE)), parser: 'yaml' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const next = await template();
  let current = '';
  try {
    current = readFileSync(TEMPLATE, 'utf8');
  } catch {
    // not written yet
  }
  if (next === current) {
    console.log('docs/ssm-document.cfn.yaml is up to date');
  } else if (process.argv.includes('--check')) {
    console.error(
      'docs/ssm-document.cfn.yaml is stale: run node --import tsx scripts/ssm-document.ts',
    );
    process.exitCode = 1;
  } else {
    writeFileSync(TEMPLATE, next);
    console.log('updated docs/ssm-document.cfn.yaml');
  }
}
