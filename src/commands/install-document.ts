import { destroyClients, regionClients } from '../aws/clients.js';
import {
  checkInstalledDocument,
  DOCUMENT_NAME,
  documentVersionName,
} from '../aws/host/document.js';
import { installDocument, type InstallResult } from '../aws/host/document-install.js';
import { escapeLogLine } from '../report/log-escape.js';
import { ConfigError, region } from '../validate.js';

export interface InstallDocumentOptions {
  region?: string[];
  /** Only check that the installed document is this release's. */
  check?: boolean;
}

function said(region: string, result: InstallResult): string {
  const version = `version ${result.version} (${result.versionName})`;
  switch (result.action) {
    case 'created':
      return `${region}: created ${result.name}, ${version}`;
    case 'updated':
      return `${region}: added ${version} to ${result.name} and made it the default`;
    case 'made-default':
      return `${region}: made ${version} of ${result.name} the default again`;
    case 'unchanged':
      return `${region}: ${result.name} ${version} is already this release's`;
  }
}

/**
 * `install-document`: installs (or updates) the project's SSM document in each
 * region, with the caller's credentials (an administrator's: the rotation
 * role may not create documents). With --check, changes nothing and exits 1
 * when a region lacks this release's document. Exit 2 when a call fails.
 */
export async function runInstallDocumentCommand(options: InstallDocumentOptions): Promise<number> {
  let regions = (options.region ?? []).map((value) => region(value, '--region'));
  if (!regions.length) {
    // The SDK's own setting, checked like a flag.
    const fallback = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
    if (!fallback) throw new ConfigError('no AWS region: name --region or set AWS_REGION');
    regions = [region(fallback, process.env.AWS_REGION ? 'AWS_REGION' : 'AWS_DEFAULT_REGION')];
  }
  const clients = regions.map((name) => regionClients(name, undefined));
  let exit = 0;
  try {
    for (const entry of clients) {
      try {
        if (options.check) {
          const found = await checkInstalledDocument(entry.ssm, entry.region);
          process.stdout.write(
            `${entry.region}: ${DOCUMENT_NAME} version ${found.version} is this release's (${documentVersionName()})\n`,
          );
          continue;
        }
        process.stdout.write(`${said(entry.region, await installDocument(entry.ssm))}\n`);
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        process.stderr.write(`${entry.region}: ${escapeLogLine(message ?? '')}\n`);
        exit = Math.max(exit, options.check && (error as Error).name === 'DocumentError' ? 1 : 2);
      }
    }
  } finally {
    destroyClients(clients);
  }
  return exit;
}
