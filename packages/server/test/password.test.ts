/** Password hashing with scrypt and the random secrets behind sessions and tokens. */
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../src/auth/password.ts';
import { hashSecret, newPersonalAccessToken, sameHash } from '../src/auth/secrets.ts';

const cheap = { N: 1024, r: 8, p: 1 };

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', cheap);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
  });

  it('salts every hash, so equal passwords give different hashes', async () => {
    expect(await hashPassword('same password', cheap)).not.toBe(await hashPassword('same password', cheap));
  });

  it('never matches a malformed stored hash', async () => {
    for (const stored of ['', 'plain', 'bcrypt$1$2$3$4$5', 'scrypt$x$8$1$c2FsdA$a2V5']) {
      expect(await verifyPassword('anything', stored)).toBe(false);
    }
  });

  it('uses the default cost when none is given', async () => {
    expect(await hashPassword('default cost pw')).toMatch(/^scrypt\$32768\$8\$1\$/);
  });
});

describe('secrets', () => {
  it('makes prefixed tokens whose list prefix is part of the token and whose hash is not the token', () => {
    const a = newPersonalAccessToken();
    const b = newPersonalAccessToken();
    expect(a.token).not.toBe(b.token);
    expect(a.token.startsWith(a.prefix)).toBe(true);
    expect(a.prefix).toHaveLength(10);
    expect(a.hash).toBe(hashSecret(a.token));
    expect(a.hash).not.toContain(a.token);
  });

  it('compares hashes exactly', () => {
    expect(sameHash(hashSecret('x'), hashSecret('x'))).toBe(true);
    expect(sameHash(hashSecret('x'), hashSecret('y'))).toBe(false);
    expect(sameHash('', '')).toBe(false);
  });
});
