// Envelope encryption of credentials at rest (AES-256-GCM data keys wrapped by rotating master keys).
export {
  asStoredSecret,
  type Envelope,
  FORMAT_VERSION,
  parseEnvelope,
  SecretError,
  type SecretErrorCode,
  type StoredSecret,
} from './envelope.ts';
export { createKeyring, type Keyring, type KeyringOptions, keyringFromKeys, type SecretContext } from './keyring.ts';
export {
  generateMasterKey,
  KEY_BYTES,
  KEY_FILE_NAME,
  keyFilePath,
  keyIdOf,
  loadOrCreateKeyFile,
  type MasterKey,
  MasterKeyError,
  parseMasterKey,
  pruneKeyFile,
  readKeyFile,
  rotateKeyFile,
  writeKeyFile,
} from './master-key.ts';
