/**
 * The Test tab of a connector: pick a connection and an operation, fill a form generated from the operation's
 * parameters, run it through the gateway and see the status, headers, pretty body and timing.
 */
import {
  Badge,
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Subtitle2,
  Switch,
  Textarea,
} from '@fluentui/react-components';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, csrfToken, getJson, seg } from '../api/client.ts';
import { invokeInputs, type OperationInput, operationInputs } from '../api/operation-inputs.ts';
import type { Connection, Connector, Items } from '../api/types.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Loading } from '../components/Loading.tsx';

interface RunResult {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
  ms: number;
  /** A Portico error body, when the gateway itself refused or failed. */
  gatewayError?: { code: string; message: string };
}

async function run(connectionId: string, operationId: string, inputs: Record<string, unknown>): Promise<RunResult> {
  const started = performance.now();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = csrfToken();
  if (token) headers['x-csrf-token'] = token;
  let res: Response;
  try {
    res = await fetch(`/api/v1/connections/${seg(connectionId)}/operations/${seg(operationId)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify(inputs),
    });
  } catch {
    throw new ApiError(0, 'network', 'Portico could not be reached. Check your connection and that the server runs.');
  }
  const text = await res.text();
  const ms = Math.round(performance.now() - started);
  let body = text;
  let gatewayError: RunResult['gatewayError'];
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
    body = JSON.stringify(parsed, null, 2);
    // The gateway's own failures carry the standard error body; the upstream's answers pass through as they are.
    const fromGateway = res.headers.get('content-type')?.includes('application/json') && parsed?.error?.code;
    if (fromGateway && !res.ok)
      gatewayError = { code: String(parsed.error?.code), message: String(parsed.error?.message ?? '') };
  } catch {
    // Not JSON: show the text as it came.
  }
  return {
    status: res.status,
    statusText: res.statusText,
    headers: [...res.headers.entries()],
    body,
    ms,
    gatewayError,
  };
}

export function TestTab({ connector, base }: { connector: Connector; base: string }) {
  const envBase = base.slice(0, base.indexOf('/connectors/'));
  const connections = useQuery({
    queryKey: ['connections', envBase, connector.name],
    queryFn: () => api<Items<Connection>>('GET', `${envBase}/connections?connector=${seg(connector.name)}`),
  });
  const definition = useQuery({
    queryKey: ['connector-definition', base, connector.version],
    queryFn: () => getJson<unknown>(`${base}/download?file=apiDefinition.swagger.json`),
  });
  const operations = connector.operations.filter((op) => op.visibility !== 'internal' && !op.trigger);
  const [connectionId, setConnectionId] = useState('');
  const [operationId, setOperationId] = useState(operations[0]?.operationId ?? '');
  const [values, setValues] = useState<Record<string, string>>({});
  const [advanced, setAdvanced] = useState(false);
  const inputs = useMemo(
    () => (definition.data ? (operationInputs(definition.data, operationId) ?? []) : []),
    [definition.data, operationId],
  );
  const chosenConnection = connectionId || connections.data?.items[0]?.id || '';
  const invoke = useMutation({
    mutationFn: () => {
      const filled: Record<string, string> = {};
      for (const input of inputs) {
        const v = values[input.name] ?? defaultText(input);
        if (v !== '') filled[input.name] = v;
      }
      return run(chosenConnection, operationId, invokeInputs(inputs, filled));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invoke.mutate();
  };
  if (connections.isPending || definition.isPending) return <Loading label="Loading the operations and connections…" />;
  if (connections.error) return <ErrorNote error={connections.error} title="Could not load the connections" />;
  if (definition.error) return <ErrorNote error={definition.error} title="Could not load the connector's definition" />;
  if (connections.data.items.length === 0) {
    return (
      <MessageBar intent="info">
        <MessageBarBody>
          Create a connection first: <Link to={`/connections?connector=${seg(connector.name)}`}>New connection</Link>.
        </MessageBarBody>
      </MessageBar>
    );
  }
  const visible = inputs.filter((i) => i.visibility !== 'internal' && (advanced || i.visibility !== 'advanced'));
  const hasAdvanced = inputs.some((i) => i.visibility === 'advanced');
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Card>
        <form onSubmit={submit} style={{ display: 'grid', gap: 12 }}>
          <Field label="Connection" required>
            <Select value={chosenConnection} onChange={(_, d) => setConnectionId(d.value)}>
              {connections.data.items.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.displayName || c.id} ({c.status})
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Operation" required>
            <Select
              value={operationId}
              onChange={(_, d) => {
                setOperationId(d.value);
                setValues({});
                invoke.reset();
              }}
            >
              {operations.map((op) => (
                <option key={op.operationId} value={op.operationId}>
                  {op.summary ? `${op.summary} (${op.operationId})` : op.operationId}
                </option>
              ))}
            </Select>
          </Field>
          {visible.map((input) => (
            <InputField
              key={`${input.in}:${input.name}`}
              input={input}
              value={values[input.name] ?? defaultText(input)}
              onChange={(v) => setValues({ ...values, [input.name]: v })}
            />
          ))}
          {hasAdvanced ? (
            <Switch checked={advanced} onChange={(_, d) => setAdvanced(d.checked)} label="Show advanced parameters" />
          ) : null}
          <div>
            <Button appearance="primary" type="submit" disabled={invoke.isPending || !operationId}>
              {invoke.isPending ? <Spinner size="tiny" label="Calling…" /> : 'Test operation'}
            </Button>
          </div>
        </form>
      </Card>
      <ErrorNote error={invoke.error} title="Could not call the operation" />
      {invoke.data ? <RunResultView result={invoke.data} /> : null}
    </div>
  );
}

function defaultText(input: OperationInput): string {
  if (input.in === 'body') return input.example ?? '';
  return input.default === undefined ? '' : String(input.default);
}

function InputField({
  input,
  value,
  onChange,
}: {
  input: OperationInput;
  value: string;
  onChange: (v: string) => void;
}) {
  const hint = [input.description, `${input.in} parameter "${input.name}"`].filter(Boolean).join(' · ');
  if (input.in === 'body') {
    return (
      <Field
        label={input.label === 'body' ? 'Body (JSON)' : `${input.label} (JSON body)`}
        required={input.required}
        hint={hint}
      >
        <Textarea
          value={value}
          onChange={(_, d) => onChange(d.value)}
          resize="vertical"
          rows={6}
          style={{ fontFamily: 'monospace' }}
        />
      </Field>
    );
  }
  const choices = input.enum ?? (input.type === 'boolean' ? ['true', 'false'] : undefined);
  return (
    <Field label={input.label} required={input.required} hint={hint}>
      {choices ? (
        <Select value={value} onChange={(_, d) => onChange(d.value)}>
          {input.required ? null : <option value="">(not set)</option>}
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </Select>
      ) : (
        <Input
          type={input.type === 'integer' || input.type === 'number' ? 'number' : 'text'}
          value={value}
          onChange={(_, d) => onChange(d.value)}
        />
      )}
    </Field>
  );
}

function RunResultView({ result }: { result: RunResult }) {
  const ok = result.status >= 200 && result.status < 300;
  return (
    <Card aria-label="Response">
      <Subtitle2 as="h3">
        Response <Badge color={ok ? 'success' : 'danger'}>{`${result.status} ${result.statusText}`.trim()}</Badge>{' '}
        <span style={{ fontWeight: 'normal' }}>in {result.ms} ms</span>
      </Subtitle2>
      {result.gatewayError ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>Portico could not complete the call: {result.gatewayError.message}</MessageBarBody>
        </MessageBar>
      ) : null}
      <details>
        <summary>Headers ({result.headers.length})</summary>
        <pre style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {result.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}
        </pre>
      </details>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <section aria-label="Response body" tabIndex={0} style={{ maxHeight: 480, overflowY: 'auto' }}>
        <pre style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: 0 }}>
          {result.body || '(empty body)'}
        </pre>
      </section>
    </Card>
  );
}
