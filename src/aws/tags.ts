/** Tags ec2-key-rotate writes on the key pairs it imports. */
export const TAG_ROTATED_AT = 'ec2-key-rotate:rotated-at';
export const TAG_PREVIOUS_FINGERPRINT = 'ec2-key-rotate:previous-fingerprint';
