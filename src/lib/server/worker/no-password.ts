/**
 * The password hash of an account made by HR (one by one or imported): not an argon2 hash, so
 * verifyPassword() fails for every password and nobody can log in until the person sets one.
 * Hashing a placeholder per row instead would take ~50 ms each: minutes for a 3,200-row file.
 */
export const NO_PASSWORD = '!no-password';

export const hasPassword = (passwordHash: string) => passwordHash !== NO_PASSWORD;
