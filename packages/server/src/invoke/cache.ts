/**
 * The runtime cache: everything an invoke needs (connection, decrypted parameters, connector version, the
 * caller's access decision) kept in memory so the hot path reads no database and decrypts nothing.
 *
 * Freshness: an entry is trusted for `ttlMs` (default 1 s) and while the process-local generation is unchanged
 * (the gateway plugin bumps it after every successful change request of this process). After that, one cheap
 * indexed query compares the connection's change stamp (its `updated_at`, status, sealed credentials and the
 * connector's current version); only a changed stamp reloads and decrypts. Changes made by other processes on
 * the same database (another node, `portico admin rotate-key`, token refreshes) are therefore seen within
 * `ttlMs`, with one small query per connection per second under load, and on every dialect — no extra
 * infrastructure (LISTEN/NOTIFY would need triggers on other features' tables and a dedicated connection).
 * Connector versions are immutable, so they are cached by version id without revalidation.
 */
import { credentialContext } from '../connections/service.ts';
import { canUseConnector } from '../connectors/access.ts';
import { isOAuthConnection as usesOAuthTokens } from '../oauth/index.ts';
import type { Keyring } from '../secrets/index.ts';
import type { Connector } from '../store/connectors.ts';
import { getEnvironmentRole } from '../store/environments.ts';
import type { Db } from '../store/store.ts';
import type { User } from '../store/users.ts';
import { type ConnectionRecord, loadConnection, loadStamp, loadVersion, type VersionRecord } from './records.ts';

/** A connection ready for the gateway: decrypted parameters and its connector's current version. */
export interface CachedConnection {
  id: string;
  ownerId: string;
  environmentId: string;
  status: string;
  connectorId: string;
  connectorName: string;
  /** `apiKey`, `basic`, `oauth2`, `aad`, `none`, … as the connection was created. */
  authType: string;
  /** Plain and decrypted secret connection parameters by apiProperties name. Never logged, never returned. */
  parameters: Record<string, string>;
  /** Undefined when the connector has no current version. */
  version: VersionRecord | undefined;
  stamp: string;
  record: ConnectionRecord;
}

/** Whether a caller may invoke through a connection. */
export type AccessDecision = { allowed: true } | { allowed: false; code: 'connection_not_found' | 'forbidden' };

interface Slot<T> {
  value: T;
  checkedAt: number;
  generation: number;
}

export interface RuntimeCacheOptions {
  db: Db;
  keyring: Keyring;
  /** How long an entry is trusted before its stamp is checked again; default 1000 ms (0 = check every call). */
  ttlMs?: number;
  /** Most connections (and caller decisions, ×4) kept; default 10 000. */
  maxEntries?: number;
  now?: () => number;
}

export interface RuntimeCache {
  /** The connection, from memory when fresh; undefined when it does not exist. */
  connection(id: string): Promise<CachedConnection | undefined>;
  /** The connection when memory holds it fresh (no waiting, no database); undefined otherwise. */
  freshConnection(id: string): CachedConnection | undefined;
  /** The caller's access decision for a connection, from memory when fresh. */
  access(user: User, connection: CachedConnection): Promise<AccessDecision>;
  /** The caller's access decision when memory holds it fresh (no waiting, no database); undefined otherwise. */
  freshAccess(user: User, connection: CachedConnection): AccessDecision | undefined;
  /** Marks everything as needing a stamp check (after a change made by this process). */
  bump(): void;
  /** Forgets one connection (or all), e.g. after a token refresh the caller knows about. */
  invalidate(connectionId?: string): void;
  /** Trust period in ms; adjustable at run time (tests set 0 to check on every call). */
  ttlMs: number;
  /** Counters for metrics and tests: full loads and stamp checks. */
  readonly stats: { loads: number; checks: number };
}

/** True when the connection authenticates with an OAuth access token (the oauth feature's rule). */
export function isOAuthConnection(connection: Pick<CachedConnection, 'record'>): boolean {
  return usesOAuthTokens(connection.record);
}

function decisionKey(user: User, connection: CachedConnection): string {
  return `${user.id}\u0000${connection.id}`;
}

function evict<T>(map: Map<string, T>, max: number): void {
  while (map.size > max) {
    const first = map.keys().next();
    if (first.done) return;
    map.delete(first.value);
  }
}

/** Creates the cache over a database handle and the keyring that opens connection credentials. */
export function createRuntimeCache(options: RuntimeCacheOptions): RuntimeCache {
  const { db, keyring } = options;
  const now = options.now ?? Date.now;
  const max = options.maxEntries ?? 10_000;
  const connections = new Map<string, Slot<CachedConnection>>();
  const pending = new Map<string, Promise<CachedConnection | undefined>>();
  const decisions = new Map<string, Slot<AccessDecision> & { stamp: string }>();
  const versions = new Map<string, VersionRecord>();
  let generation = 0;
  const stats = { loads: 0, checks: 0 };

  const state = {
    ttlMs: options.ttlMs ?? 1000,
  };

  function fresh(slot: { checkedAt: number; generation: number }): boolean {
    return slot.generation === generation && now() - slot.checkedAt < state.ttlMs;
  }

  async function version(record: ConnectionRecord): Promise<VersionRecord | undefined> {
    const id = record.connector.currentVersionId;
    if (!id) return undefined;
    let found = versions.get(id);
    if (!found) {
      found = await loadVersion(db, id, record.connector.name);
      if (found) {
        versions.set(id, found);
        evict(versions, Math.max(100, max / 10));
      }
    }
    return found;
  }

  function build(record: ConnectionRecord, versionRecord: VersionRecord | undefined): CachedConnection {
    const meta = (record.parameters.__portico ?? {}) as { authType?: unknown };
    const parameters: Record<string, string> = {};
    for (const [name, value] of Object.entries(record.parameters)) {
      if (name === '__portico' || value === null || value === undefined || typeof value === 'object') continue;
      parameters[name] = String(value);
    }
    if (record.credentials) {
      const secrets = keyring.decryptJson<Record<string, unknown>>(record.credentials, {
        context: credentialContext(record.id),
      });
      for (const [name, value] of Object.entries(secrets)) {
        if (typeof value === 'string') parameters[name] = value;
      }
    }
    return {
      id: record.id,
      ownerId: record.ownerId,
      environmentId: record.environmentId,
      status: record.status,
      connectorId: record.connector.id,
      connectorName: record.connector.name,
      authType: typeof meta.authType === 'string' ? meta.authType : 'none',
      parameters,
      version: versionRecord,
      stamp: record.stamp,
      record,
    };
  }

  async function refresh(id: string, slot: Slot<CachedConnection> | undefined): Promise<CachedConnection | undefined> {
    const seen = generation;
    if (slot) {
      stats.checks++;
      const stamp = await loadStamp(db, id);
      if (stamp === undefined) {
        connections.delete(id);
        return undefined;
      }
      if (stamp === slot.value.stamp) {
        slot.checkedAt = now();
        slot.generation = seen;
        return slot.value;
      }
    }
    stats.loads++;
    const record = await loadConnection(db, id);
    if (!record) {
      connections.delete(id);
      return undefined;
    }
    const value = build(record, await version(record));
    connections.delete(id);
    connections.set(id, { value, checkedAt: now(), generation: seen });
    evict(connections, max);
    return value;
  }

  return {
    get ttlMs() {
      return state.ttlMs;
    },
    set ttlMs(value: number) {
      state.ttlMs = value;
    },
    stats,

    freshConnection(id) {
      const slot = connections.get(id);
      return slot && fresh(slot) ? slot.value : undefined;
    },

    freshAccess(user, connection) {
      const slot = decisions.get(decisionKey(user, connection));
      return slot && slot.stamp === connection.stamp && fresh(slot) ? slot.value : undefined;
    },

    connection(id) {
      const slot = connections.get(id);
      if (slot && fresh(slot)) return Promise.resolve(slot.value);
      let running = pending.get(id);
      if (!running) {
        running = refresh(id, slot).finally(() => pending.delete(id));
        pending.set(id, running);
      }
      return running;
    },

    async access(user, connection) {
      const key = decisionKey(user, connection);
      const slot = decisions.get(key);
      if (slot && slot.stamp === connection.stamp && fresh(slot)) return slot.value;
      const seen = generation;
      const role = user.admin ? 'admin' : await getEnvironmentRole(db, connection.environmentId, user.id);
      let decision: AccessDecision;
      if (!role || (connection.ownerId !== user.id && role !== 'admin')) {
        decision = { allowed: false, code: 'connection_not_found' };
      } else {
        const { connector } = connection.record;
        const asConnector = {
          id: connector.id,
          environmentId: connector.environmentId,
          name: connector.name,
          builtIn: connector.builtIn,
          createdBy: connector.createdBy,
          currentVersionId: connector.currentVersionId,
        } as Connector;
        decision = (await canUseConnector(db, asConnector, { user, role }))
          ? { allowed: true }
          : { allowed: false, code: 'forbidden' };
      }
      decisions.delete(key);
      decisions.set(key, { value: decision, checkedAt: now(), generation: seen, stamp: connection.stamp });
      evict(decisions, max * 4);
      return decision;
    },

    bump() {
      generation++;
    },

    invalidate(connectionId) {
      if (connectionId === undefined) {
        connections.clear();
        decisions.clear();
      } else {
        connections.delete(connectionId);
      }
    },
  };
}
