/**
 * Password hashes: argon2id (RFC 9106's second recommended option: 64 MiB, 3 passes, 4 lanes),
 * stored in the PHC string form so parameters can be raised later without breaking old hashes.
 */
import argon2 from 'argon2';

const PARAMETERS = {
  type: argon2.argon2id,
  memoryCost: 65536,
  timeCost: 3,
  parallelism: 4,
} as const;

/** Bound what we hash: a megabyte "password" must not cost a megabyte of argon2 input per try. */
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, PARAMETERS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}
