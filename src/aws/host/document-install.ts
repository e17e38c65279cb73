/**
 * Installs the project's SSM document (document.ts) in one account and
 * region. Run by an administrator (`ec2-key-rotate install-document`), never
 * by the rotation role: these calls are not in its permission policy.
 *
 * Idempotent: an installed document that is already this release's is left
 * alone (made the default version if it is not); otherwise a new version is
 * added and made the default, named after the document's hash.
 */
import {
  CreateDocumentCommand,
  DescribeDocumentCommand,
  GetDocumentCommand,
  ListDocumentVersionsCommand,
  UpdateDocumentCommand,
  UpdateDocumentDefaultVersionCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { awsErrorName } from '../errors.js';
import { DOCUMENT_NAME, documentContent, documentVersionName, isThisDocument } from './document.js';

export interface InstallResult {
  name: string;
  /** The default version after the install: this release's document. */
  version: string;
  versionName: string;
  action: 'created' | 'updated' | 'made-default' | 'unchanged';
}

async function exists(ssm: SSMClient): Promise<{ defaultVersion: string } | null> {
  try {
    const { Document } = await ssm.send(new DescribeDocumentCommand({ Name: DOCUMENT_NAME }));
    return { defaultVersion: Document?.DefaultVersion ?? '' };
  } catch (error) {
    if (awsErrorName(error) === 'InvalidDocument') return null;
    throw error;
  }
}

/** The version whose content is this release's document, if one is installed. */
async function matchingVersion(ssm: SSMClient): Promise<string | null> {
  let token: string | undefined;
  do {
    const page = await ssm.send(
      new ListDocumentVersionsCommand({ Name: DOCUMENT_NAME, MaxResults: 50, NextToken: token }),
    );
    for (const entry of page.DocumentVersions ?? []) {
      if (!entry.DocumentVersion) continue;
      const { Content } = await ssm.send(
        new GetDocumentCommand({
          Name: DOCUMENT_NAME,
          DocumentVersion: entry.DocumentVersion,
          DocumentFormat: 'JSON',
        }),
      );
      if (isThisDocument(Content)) return entry.DocumentVersion;
    }
    token = page.NextToken;
  } while (token);
  return null;
}

async function makeDefault(ssm: SSMClient, version: string): Promise<void> {
  await ssm.send(
    new UpdateDocumentDefaultVersionCommand({ Name: DOCUMENT_NAME, DocumentVersion: version }),
  );
}

/** Creates the document, or adds this release's version and makes it the default. */
export async function installDocument(ssm: SSMClient): Promise<InstallResult> {
  const versionName = documentVersionName();
  const found = await exists(ssm);
  if (!found) {
    const { DocumentDescription } = await ssm.send(
      new CreateDocumentCommand({
        Name: DOCUMENT_NAME,
        Content: documentContent(),
        DocumentType: 'Command',
        DocumentFormat: 'JSON',
        TargetType: '/AWS::EC2::Instance',
        VersionName: versionName,
        Tags: [{ Key: 'ec2-key-rotate', Value: 'host-script' }],
      }),
    );
    return {
      name: DOCUMENT_NAME,
      version: DocumentDescription?.DocumentVersion ?? '1',
      versionName,
      action: 'created',
    };
  }
  const { Content } = await ssm.send(
    new GetDocumentCommand({ Name: DOCUMENT_NAME, DocumentFormat: 'JSON' }),
  );
  if (isThisDocument(Content))
    return { name: DOCUMENT_NAME, version: found.defaultVersion, versionName, action: 'unchanged' };
  let version: string | undefined;
  try {
    const { DocumentDescription } = await ssm.send(
      new UpdateDocumentCommand({
        Name: DOCUMENT_NAME,
        Content: documentContent(),
        DocumentFormat: 'JSON',
        DocumentVersion: '$LATEST',
        TargetType: '/AWS::EC2::Instance',
        VersionName: versionName,
      }),
    );
    version = DocumentDescription?.DocumentVersion;
  } catch (error) {
    const name = awsErrorName(error);
    if (name !== 'DuplicateDocumentContent' && name !== 'DuplicateDocumentVersionName') throw error;
    // This release's document is an older version (installed before, then replaced): make it the default again.
    version = (await matchingVersion(ssm)) ?? undefined;
    if (!version) throw error;
    await makeDefault(ssm, version);
    return { name: DOCUMENT_NAME, version, versionName, action: 'made-default' };
  }
  if (!version) throw new Error(`UpdateDocument returned no version for ${DOCUMENT_NAME}`);
  await makeDefault(ssm, version);
  return { name: DOCUMENT_NAME, version, versionName, action: 'updated' };
}
