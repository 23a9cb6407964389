/**
 * What a value becomes after crossing the wire as JSON (JSON.parse(JSON.stringify(value))),
 * without writing and reading the text: the in-process bus copies every payload so both modes
 * give handlers the same types, and a Sync window's 512 message bodies cost ~20 ms that way.
 * Strings are immutable, so they are shared instead of escaped and parsed again.
 */
export function jsonCopy<T>(value: T): T {
  return value === undefined ? value : (copied(value, '') as T);
}

function copied(value: unknown, key: string): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON writes NaN and the infinities as null, and -0 as 0.
      return Number.isFinite(value) ? value + 0 : null;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      return copiedObject(value, key);
    default:
      // undefined, functions and symbols: left out of objects, null in arrays (the callers).
      return undefined;
  }
}

function copiedObject(value: object, key: string): unknown {
  const withJson = value as { toJSON?: (key: string) => unknown };
  if (typeof withJson.toJSON === 'function') return copied(withJson.toJSON(key), key);
  if (value instanceof Number || value instanceof String || value instanceof Boolean)
    return copied(value.valueOf(), key);
  if (Array.isArray(value)) return value.map((item, index) => copied(item, String(index)) ?? null);
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value)) {
    const item = copied((value as Record<string, unknown>)[name], name);
    if (item === undefined) continue;
    // JSON.parse makes "__proto__" an own property; assignment would set the prototype.
    if (name === '__proto__')
      Object.defineProperty(out, name, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[name] = item;
  }
  return out;
}
