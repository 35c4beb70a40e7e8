/**
 * Whether `error` says that `name` itself is not installed: Node raises ERR_MODULE_NOT_FOUND,
 * Jest's module loader MODULE_NOT_FOUND, both quoting the missing specifier.
 */
function isNotInstalled(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${name}'`)
  );
}

/**
 * Loads the optional peer dependency `name` with `load` (a dynamic `import()`: Nest 12 packages
 * are ESM-only, and top-level await would stop CommonJS apps from loading this package), or
 * resolves `undefined` when it is not installed. A peer that is installed but fails to load, say
 * for lack of one of its own dependencies, still rejects: that is a broken install, not a
 * choice to do without the feature.
 */
export async function importOptionalPeer<T>(
  name: string,
  load: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await load();
  } catch (error) {
    if (isNotInstalled(error, name)) return undefined;
    throw error;
  }
}
