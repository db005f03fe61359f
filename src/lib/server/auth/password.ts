import { hash, verify } from '@node-rs/argon2';

// argon2id with the OWASP minimum (19 MiB, 2 passes, 1 lane), as Lucia recommends.
const OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/**
 * An account without a usable password (made by HR or an import, hash '!no-password') is checked
 * against the decoy and refused, so its answer takes as long as any other wrong password.
 */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  const usable = passwordHash.startsWith('$argon2');
  try {
    const ok = await verify(usable ? passwordHash : await decoy(), password);
    return usable && ok;
  } catch {
    return false;
  }
}

/** Verifying against this when no account matches keeps the answer time the same either way. */
let decoyHash: Promise<string> | undefined;
export function decoy(): Promise<string> {
  decoyHash ??= hashPassword('decoy-password-never-valid');
  return decoyHash;
}
