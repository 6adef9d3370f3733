/**
 * Encryption state in the type system. A `Sealed` value is ciphertext produced by `secrets/` (envelope
 * encryption); the store only ever reads and writes `Sealed` values, so plaintext cannot reach a column by
 * accident. `StoredCredential` (encrypted) and `Credential` (decrypted) name the two states of a connection's
 * credentials; only decryption code in `secrets/` turns one into the other.
 */

import type { StoredSecret } from '../secrets/envelope.ts';

/** Ciphertext (an envelope from `Keyring.encrypt`) safe to store; opaque to everything but `secrets/`. */
export type Sealed = StoredSecret;

/** A connection's credentials as stored: encrypted. */
export type StoredCredential = Sealed;

/** A connection's credentials in memory after decryption: parameter name → secret value. */
export type Credential = Readonly<Record<string, string>>;

/** Marks text as Sealed without checking it. For tests of the store only; real code gets Sealed from `Keyring.encrypt`. */
export function asSealed(ciphertext: string): Sealed {
  return ciphertext as Sealed;
}
