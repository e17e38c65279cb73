/**
 * An ssh.com key blob opens with this magic number, then the blob's whole
 * length. Its own module: the scanner's detectors test for it without
 * loading the key parsers (and sshpk) that ./sshcom.ts needs.
 */
export const SSHCOM_MAGIC = 0x3f6ff9eb;
