/** The built-in methods of `methods`: the TOTP factor, and its recovery codes. */
export const TOTP_METHOD = 'totp';
export const RECOVERY_CODE_METHOD = 'recovery_code';
