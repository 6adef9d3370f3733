// Connections: parameters checked against the connector, credentials sealed, tests against the real upstream.
export { type ParameterValue, type SplitParameters, splitParameters } from './parameters.ts';
export {
  baseUrlOf,
  injectCredentials,
  PROBE_TIMEOUT_MS,
  type ProbeResult,
  pickProbeOperation,
  probeConnection,
} from './probe.ts';
export {
  type ConnectionDeps,
  connectionView,
  createConnectionFor,
  credentialContext,
  deleteConnectionFor,
  findConnection,
  listConnectionsFor,
  testConnection,
} from './service.ts';
