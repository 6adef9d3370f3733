/**
 * Export to PowerApps/Flow: Manual (download the connector package, with the report of fixes and losses)
 * or Express (create or update a custom connector in an environment where the caller is a maker).
 */
import {
  Badge,
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Subtitle1,
  Subtitle2,
  Switch,
} from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api, getJson, samePath, seg } from '../api/client.ts';
import type { ApiApp, ExportReport, ExpressResult } from '../api/types.ts';
import { AuthFields, authTypeName, defaultQuestions, initialValues, toAnswers } from '../components/AuthFields.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Findings } from '../components/Findings.tsx';
import { Loading } from '../components/Loading.tsx';
import { useSession } from '../session.tsx';

export function ExportPanel({ app }: { app: ApiApp }) {
  const [mode, setMode] = useState<'manual' | 'express'>('manual');
  if (!app.definition) return <p>Add a definition first: there is nothing to export yet.</p>;
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <RadioGroup
        layout="horizontal"
        value={mode}
        onChange={(_, d) => setMode(d.value as 'manual' | 'express')}
        aria-label="Export mode"
      >
        <Radio value="manual" label="Manual: download the package" />
        <Radio value="express" label="Express: create the connector in an environment" />
      </RadioGroup>
      {mode === 'manual' ? <ManualExport app={app} /> : <ExpressExport app={app} />}
    </div>
  );
}

function ManualExport({ app }: { app: ApiApp }) {
  const [fix, setFix] = useState(true);
  const base = `/api/v1/apps/${seg(app.name)}/export`;
  const report = useQuery({
    queryKey: ['export-report', app.name, app.definition?.id, fix],
    queryFn: () => api<ExportReport>('GET', `${base}/report?fix=${fix}`),
  });
  return (
    <Card>
      <Subtitle1 as="h2">Manual export</Subtitle1>
      <p>
        Download the connector package (<code>apiDefinition.swagger.json</code> and <code>apiProperties.json</code>) and
        import it as a custom connector in Power Apps, Power Automate or another Portico.
      </p>
      <Switch checked={fix} onChange={(_, d) => setFix(d.checked)} label="Apply the automatic Power Platform fixes" />
      {report.isPending ? <Loading label="Converting to a Power Platform package…" /> : null}
      <ErrorNote error={report.error} title="Could not export the definition" />
      {report.data ? (
        <div style={{ display: 'grid', gap: 12 }}>
          <MessageBar intent={report.data.importable ? 'success' : 'warning'} layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{report.data.importable ? 'Ready to import' : 'Not importable yet'}</MessageBarTitle>
              {report.data.importable
                ? `Revision ${report.data.revision.number} converts into a package Power Platform accepts.`
                : 'Power Platform would refuse this package; fix the errors listed below in the definition.'}
            </MessageBarBody>
          </MessageBar>
          <div>
            <Button
              as="a"
              appearance="primary"
              icon={<ArrowDownloadRegular />}
              href={`${base}?fix=${fix}`}
              download={`${app.name}.zip`}
            >
              Download package (.zip)
            </Button>
          </div>
          {report.data.findings.length > 0 ? <Findings findings={report.data.findings} empty="" /> : null}
          {report.data.packages.map((pkg) => (
            <section key={pkg.name} aria-label={`Package ${pkg.name}`} style={{ display: 'grid', gap: 8 }}>
              <Subtitle2 as="h3">
                Package {pkg.name}{' '}
                <Badge color={pkg.importable ? 'success' : 'danger'}>
                  {pkg.importable ? 'importable' : 'not importable'}
                </Badge>
              </Subtitle2>
              <div>
                {pkg.stats.operations ?? 0} operations
                {pkg.stats.bytes ? ` · ${Math.ceil(pkg.stats.bytes / 1024)} KB` : ''} · files:{' '}
                {pkg.files.map((file, i) => (
                  <span key={file}>
                    {i > 0 ? ', ' : ''}
                    {report.data.packages.length === 1 ? (
                      <a href={`${base}/files/${seg(file)}?fix=${fix}`} download={file}>
                        {file}
                      </a>
                    ) : (
                      file
                    )}
                  </span>
                ))}
              </div>
              <Subtitle2 as="h4">Fixes made ({pkg.fixes.length})</Subtitle2>
              {pkg.fixes.length === 0 ? (
                <p>None were needed.</p>
              ) : (
                <ul>
                  {pkg.fixes.map((f) => (
                    <li key={`${f.rule}|${f.pointer}|${f.message}`}>
                      {f.message} <code>{f.pointer}</code>
                    </li>
                  ))}
                </ul>
              )}
              <Subtitle2 as="h4">What was lost ({pkg.losses.length})</Subtitle2>
              {pkg.losses.length === 0 ? (
                <p>Nothing: Swagger 2.0 can say everything this definition says.</p>
              ) : (
                <ul>
                  {pkg.losses.map((l) => (
                    <li key={`${l.kind}|${l.pointer}|${l.message}`}>
                      {l.message} <code>{l.pointer}</code> ({l.action})
                    </li>
                  ))}
                </ul>
              )}
              {pkg.findings.length > 0 ? <Findings findings={pkg.findings} empty="" /> : null}
            </section>
          ))}
        </div>
      ) : null}
    </Card>
  );
}

/** The auth type a definition declares (its first security scheme), read from the hosted JSON. */
function detectAuth(doc: unknown): string {
  const d = doc as {
    securityDefinitions?: Record<string, { type?: string; authorizationUrl?: string }>;
    components?: {
      securitySchemes?: Record<
        string,
        { type?: string; scheme?: string; flows?: Record<string, { authorizationUrl?: string }> }
      >;
    };
  };
  const schemes = Object.values(d?.securityDefinitions ?? d?.components?.securitySchemes ?? {});
  const first = schemes[0];
  if (!first) return 'none';
  if (first.type === 'apiKey') return 'apiKey';
  if (first.type === 'basic' || (first.type === 'http' && first.scheme === 'basic')) return 'basic';
  if (first.type === 'oauth2' || first.type === 'openIdConnect') {
    const url =
      (first as { authorizationUrl?: string }).authorizationUrl ??
      Object.values((first as { flows?: Record<string, { authorizationUrl?: string }> }).flows ?? {})[0]
        ?.authorizationUrl;
    return url?.includes('login.microsoftonline.com') || url?.includes('login.windows.net') ? 'aad' : 'oauth2';
  }
  if (first.type === 'http') return 'apiKey';
  return 'none';
}

function ExpressExport({ app }: { app: ApiApp }) {
  const { environments, environment, setEnvironment, me } = useSession();
  const makerEnvs = environments.filter((e) => me.user.admin || e.role === 'maker' || e.role === 'admin');
  const [target, setTarget] = useState(makerEnvs.find((e) => e.name === environment)?.name ?? makerEnvs[0]?.name ?? '');
  const [connectorName, setConnectorName] = useState(app.name);
  const [displayName, setDisplayName] = useState(app.displayName || app.name);
  const doc = useQuery({
    queryKey: ['hosted', app.name, app.definition?.id],
    queryFn: () => getJson<unknown>(samePath(app.hosted.json)),
  });
  const authType = doc.data ? detectAuth(doc.data) : undefined;
  const questions = defaultQuestions(authType);
  const [values, setValues] = useState<Record<string, string> | null>(null);
  const current = values ?? initialValues(questions);
  const client = useQueryClient();
  const express = useMutation({
    mutationFn: () =>
      api<ExpressResult>('POST', `/api/v1/apps/${seg(app.name)}/export`, {
        environment: target,
        connectorName: connectorName.trim(),
        displayName: displayName.trim() || undefined,
        auth: questions.length > 0 ? toAnswers(current) : undefined,
      }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['connectors'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    express.mutate();
  };
  if (makerEnvs.length === 0) {
    return (
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          Express export needs the maker role in an environment. Use the manual export and hand the package to a maker,
          or ask an administrator for the role.
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <Card>
      <form onSubmit={submit} style={{ display: 'grid', gap: 12 }}>
        <Subtitle1 as="h2">Express export</Subtitle1>
        <Field label="Environment" required>
          <Select value={target} onChange={(_, d) => setTarget(d.value)}>
            {makerEnvs.map((e) => (
              <option key={e.name} value={e.name}>
                {e.displayName || e.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Connector name" required hint="Lower-case letters, digits and dashes.">
          <Input value={connectorName} onChange={(_, d) => setConnectorName(d.value)} />
        </Field>
        <Field label="Connector display name">
          <Input value={displayName} onChange={(_, d) => setDisplayName(d.value)} />
        </Field>
        <Subtitle2 as="h3">Authentication: {doc.isPending ? 'detecting…' : authTypeName(authType)}</Subtitle2>
        <ErrorNote error={doc.error} title="Could not read the definition's authentication" />
        <AuthFields questions={questions} values={current} onChange={setValues} />
        <ErrorNote error={express.error} title="Could not create the connector" />
        {express.data ? (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{express.data.created ? 'Connector created' : 'Connector updated'}</MessageBarTitle>
              {express.data.displayName ?? express.data.name} version {express.data.version} is in{' '}
              {express.data.environment}.{' '}
              <Link
                to={`/connectors/${seg(express.data.name)}`}
                onClick={() => setEnvironment(express.data?.environment ?? environment)}
              >
                Open the connector
              </Link>
            </MessageBarBody>
          </MessageBar>
        ) : null}
        <div>
          <Button appearance="primary" type="submit" disabled={express.isPending || !target}>
            {express.isPending ? <Spinner size="tiny" label="Exporting…" /> : 'Export to environment'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
