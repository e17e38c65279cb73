import type { Finding } from '../scan/findings.js';

const TYPE_NAMES: Record<Finding['keyType'], string> = {
  rsa: 'RSA',
  ecdsa: 'ECDSA',
  ed25519: 'Ed25519',
  dsa: 'DSA',
  unknown: 'unknown-type',
};

const FORMAT_NAMES: Record<Finding['format'], string> = {
  pkcs1: 'PKCS#1 PEM',
  pkcs8: 'PKCS#8 PEM',
  sec1: 'SEC1 PEM',
  openssh: 'OpenSSH',
  putty: 'PuTTY PPK',
  sshcom: 'ssh.com',
  ssh1: 'SSH1',
  unknown: 'unknown format',
};

/** "RSA 2048-bit private key (PKCS#1 PEM, encrypted)": no secret in it. */
export function describeKey(finding: Finding): string {
  const size = finding.bits ? ` ${finding.bits}-bit` : '';
  const traits = [FORMAT_NAMES[finding.format]];
  if (finding.encrypted) traits.push('encrypted');
  if (finding.placeholder) traits.push('placeholder');
  else if (finding.truncated) traits.push('truncated');
  else if (!finding.parsed) traits.push('does not parse');
  return `${TYPE_NAMES[finding.keyType]}${size} private key (${traits.join(', ')})`;
}
