/** The instrumentation scope the module's meter is named by: the package and its version. */
export const METER_NAME = 'nest-jwt-auth';

/** package.json's version; meter-scope.spec.ts holds the two equal. */
export const METER_VERSION = '0.1.0';
