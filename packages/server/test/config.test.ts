/** Configuration: parsed once from a schema; every bad setting is named. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readConfig } from '../src/config.ts';

const cwd = '/srv/portico';

describe('config', () => {
  it('has safe defaults: localhost, ./.portico, SQLite under it, nothing allowed for the gateway', () => {
    const config = loadConfig({ env: {}, cwd });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/srv/portico/.portico',
      database: { dialect: 'sqlite', file: '/srv/portico/.portico/portico.db' },
      masterKey: undefined,
      publicUrl: 'http://127.0.0.1:8080',
      definitionCorsOrigins: ['*'],
      gatewayAllowHosts: [],
      redisUrl: undefined,
      sqliteSynchronous: 'normal',
      definitionAnalysis: 'worker',
    });
  });

  it('analyses definitions on a worker or inline and names any other value', () => {
    expect(loadConfig({ env: { PORTICO_DEFINITION_ANALYSIS: 'inline' }, cwd }).definitionAnalysis).toBe('inline');
    const result = readConfig({ env: { PORTICO_DEFINITION_ANALYSIS: 'thread' }, cwd });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.message)).toEqual([
      'PORTICO_DEFINITION_ANALYSIS must be worker or inline, got "thread".',
    ]);
  });

  it('takes SQLite sync mode normal or full and names any other value', () => {
    expect(loadConfig({ env: { PORTICO_SQLITE_SYNCHRONOUS: 'full' }, cwd }).sqliteSynchronous).toBe('full');
    const result = readConfig({ env: { PORTICO_SQLITE_SYNCHRONOUS: 'off' }, cwd });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.message)).toEqual([
      'PORTICO_SQLITE_SYNCHRONOUS must be normal or full, got "off".',
    ]);
  });

  it('takes flags over environment variables and derives dependent defaults', () => {
    const config = loadConfig({
      env: { PORTICO_PORT: '9000', PORTICO_DATA: 'var', PORTICO_HOST: '0.0.0.0' },
      flags: { port: 7000, database: 'postgres://u:p@db:5432/portico' },
      cwd,
    });
    expect(config.port).toBe(7000);
    expect(config.dataDir).toBe('/srv/portico/var');
    expect(config.database).toEqual({ dialect: 'postgres', url: 'postgres://u:p@db:5432/portico' });
    expect(config.publicUrl).toBe('http://localhost:7000');
  });

  it('parses the gateway allow-list of hosts and CIDR blocks', () => {
    const config = loadConfig({
      env: { PORTICO_GATEWAY_ALLOW_HOSTS: '127.0.0.1, 10.0.0.0/8,api.internal,::1/128' },
      cwd,
    });
    expect(config.gatewayAllowHosts).toEqual([
      { kind: 'host', host: '127.0.0.1' },
      { kind: 'cidr', address: '10.0.0.0', prefix: 8, family: 4 },
      { kind: 'host', host: 'api.internal' },
      { kind: 'cidr', address: '::1', prefix: 128, family: 6 },
    ]);
  });

  it('accepts a 32-byte master key in base64 or hex and SQLite URLs', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadConfig({ env: { PORTICO_MASTER_KEY: key.toString('base64') }, cwd }).masterKey).toBe(
      key.toString('base64'),
    );
    expect(loadConfig({ env: { PORTICO_MASTER_KEY: key.toString('hex') }, cwd }).masterKey).toBe(key.toString('hex'));
    expect(loadConfig({ env: { PORTICO_DATABASE_URL: 'sqlite:data/p.db' }, cwd }).database).toEqual({
      dialect: 'sqlite',
      file: '/srv/portico/data/p.db',
    });
  });

  it('reports every bad setting at once, each by the name the user wrote', () => {
    const result = readConfig({
      env: {
        PORTICO_PORT: '99999',
        PORTICO_MASTER_KEY: 'too-short',
        PORTICO_GATEWAY_ALLOW_HOSTS: '10.0.0.0/99',
        PORTICO_REDIS_URL: 'http://redis',
        PORTICO_PUBLIC_URL: 'ftp://x',
        PORTICO_DEFINITION_CORS: 'https://a.example/path',
      },
      flags: { database: 'mysql://db' },
      cwd,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.setting)).toEqual([
      'PORTICO_PORT',
      '--database-url',
      'PORTICO_MASTER_KEY',
      'PORTICO_PUBLIC_URL',
      'PORTICO_DEFINITION_CORS',
      'PORTICO_GATEWAY_ALLOW_HOSTS',
      'PORTICO_REDIS_URL',
    ]);
    expect(result.problems[0]?.message).toBe('PORTICO_PORT must be a whole number from 0 to 65535, got "99999".');
    expect(result.problems[2]?.message).not.toContain('too-short');
  });

  it('accepts earlier master keys for rotation and names a bad one by position', () => {
    const key = (n: number) => Buffer.alloc(32, n).toString('base64');
    expect(loadConfig({ env: { PORTICO_MASTER_KEY_PREVIOUS: `${key(1)}, ${key(2)}` }, cwd }).masterKeyPrevious).toEqual(
      [key(1), key(2)],
    );
    const result = readConfig({ env: { PORTICO_MASTER_KEY_PREVIOUS: `${key(1)},oops` }, cwd });
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^PORTICO_MASTER_KEY_PREVIOUS key 2 must be 32 random bytes/),
    ]);
  });

  it('throws a ConfigError listing the problems from loadConfig', () => {
    expect(() => loadConfig({ env: { PORTICO_LOG_LEVEL: 'loud' }, cwd })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { PORTICO_LOG_LEVEL: 'loud' }, cwd })).toThrow(/PORTICO_LOG_LEVEL must be one of/);
  });
});
