/**
 * `npm run lint` refuses import cycles between lib/'s folders (type-only imports count: a cycle
 * of types is still two folders that cannot be understood one without the other) and between
 * files. Root files (auth.module.ts, auth.constants.ts, ...) are not a folder of their own here.
 */
export default {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment:
        'Folders of lib/ depend one way: move the shared piece down, or invert the dependency.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^lib/[^/]+' },
      to: { path: '^lib/[^/]+', circular: true },
    },
    {
      name: 'no-file-cycles',
      severity: 'error',
      from: { path: '^lib/' },
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.spec\\.ts$' },
    doNotFollow: { path: 'node_modules' },
  },
};
