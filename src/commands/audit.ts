import { runAudit, type AuditConfig, type AuditRequest } from '../aws/audit.js';
import { DEFAULT_RUN_OPTIONS } from '../aws/run-command.js';
import { auditJson, auditText } from '../report/audit.js';
import { escapeLogLine } from '../report/log-escape.js';
import {
  ConfigError,
  DEFAULT_PARAMETER_PATH,
  keyPairName,
  parameterPath,
  region,
  shown,
  SSM_DOCUMENTS,
  targetTag,
  type SsmDocument,
} from '../validate.js';
import { findingsFromScanFile } from './flags.js';

export interface AuditCommandOptions {
  keyPair?: string[];
  fromScan?: string;
  region?: string[];
  since?: string;
  targetTag?: string;
  parameterPath?: string;
  ssmDocument?: string;
  format: 'text' | 'json';
}

/** An ISO 8601 time with a date, a time and a zone (`2026-03-05T10:00:00Z`), not in the future. */
export function sinceTime(raw: string, now = new Date()): Date {
  const value = raw.trim();
  const iso =
    /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/.test(
      value,
    );
  const time = iso ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : NaN;
  if (!Number.isFinite(time))
    throw new ConfigError(
      `--since must be an ISO 8601 time with a zone, like 2026-03-05T10:00:00Z, got ${shown(raw)}`,
    );
  if (time > now.getTime()) throw new ConfigError(`--since is in the future: ${shown(raw)}`);
  return new Date(time);
}

function regionsOf(options: AuditCommandOptions): string[] {
  const regions = [...new Set((options.region ?? []).map((value) => region(value, '--region')))];
  if (regions.length) return regions;
  const fallback = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (!fallback) throw new ConfigError('no AWS region: name --region or set AWS_REGION');
  return [region(fallback, process.env.AWS_REGION ? 'AWS_REGION' : 'AWS_DEFAULT_REGION')];
}

async function requestOf(options: AuditCommandOptions): Promise<AuditRequest> {
  if (options.keyPair) {
    return {
      kind: 'key-pairs',
      names: [...new Set(options.keyPair.map((name) => keyPairName(name, '--key-pair')))],
    };
  }
  return { kind: 'findings', findings: await findingsFromScanFile(options.fromScan as string) };
}

/**
 * `audit`: was the leaked key used on the instances it opens? Read-only.
 * Exit 0: no instance shows a login since the leak and every one could
 * tell; 1: the key logged in somewhere, or some instance cannot tell, or a
 * key matched nothing; 2: error (bad flags, AWS refused).
 */
export async function runAuditCommand(options: AuditCommandOptions): Promise<number> {
  if ((options.keyPair === undefined) === (options.fromScan === undefined))
    throw new ConfigError('name exactly one of --key-pair NAME or --from-scan FILE');
  const ssmDocument = (options.ssmDocument ?? 'ec2-key-rotate') as SsmDocument;
  if (!SSM_DOCUMENTS.includes(ssmDocument))
    throw new ConfigError(
      `--ssm-document must be one of ${SSM_DOCUMENTS.join(', ')}, got ${shown(ssmDocument)}`,
    );
  const config: AuditConfig = {
    regions: regionsOf(options),
    credentials: { kind: 'default' },
    parameterPath: parameterPath(
      options.parameterPath ?? DEFAULT_PARAMETER_PATH,
      '--parameter-path',
    ),
    targetTag: targetTag(options.targetTag ?? '', '--target-tag'),
    since: options.since === undefined ? null : sinceTime(options.since),
    run: { ...DEFAULT_RUN_OPTIONS, ssmDocument },
    log: (line) => process.stderr.write(`${escapeLogLine(line)}\n`),
  };
  const request = await requestOf(options);
  const report = await runAudit(request, config);
  process.stdout.write(options.format === 'json' ? auditJson(report) : auditText(report));
  const clean =
    report.usedOn === 0 &&
    report.cannotTell === 0 &&
    report.unmatched.length === 0 &&
    report.errors.length === 0;
  return clean ? 0 : 1;
}
