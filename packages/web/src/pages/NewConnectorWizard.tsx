/**
 * The New custom connector wizard: 1 General (name, upload or URL) → 2 Security (detected authentication,
 * the fields to fill, the redirect URL) → 3 Definition (operations and findings) → 4 Create.
 */
import {
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Radio,
  RadioGroup,
  Spinner,
  Subtitle1,
  Tab,
  TabList,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, seg } from '../api/client.ts';
import type { Connector, ConnectorDraft } from '../api/types.ts';
import { AuthFields, authTypeName, initialValues, toAnswers } from '../components/AuthFields.tsx';
import { CopyField } from '../components/CopyField.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { FileDrop } from '../components/FileDrop.tsx';
import { Findings } from '../components/Findings.tsx';
import { OperationsTable } from '../components/OperationsTable.tsx';
import { Page } from '../components/Page.tsx';
import { uploadBody } from '../components/upload.ts';
import { useSession } from '../session.tsx';

const STEPS = ['General', 'Security', 'Definition', 'Create'] as const;
const useStyles = makeStyles({
  form: { display: 'grid', gap: '12px' },
  buttons: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
});

/** The redirect URL to register: the per-connector one follows the name the maker chose. */
function redirectFor(draft: ConnectorDraft, name: string): string | undefined {
  const { register, perConnector } = draft.redirectUrls;
  if (!register || register !== perConnector || !name) return register;
  return register.replace(/\/redirect\/[^/]*$/, `/redirect/${encodeURIComponent(name)}`);
}

export function NewConnectorWizard() {
  const styles = useStyles();
  const { environment } = useSession();
  const [step, setStep] = useState(0);
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [sourceKind, setSourceKind] = useState<'upload' | 'url'>('upload');
  const [files, setFiles] = useState<File[]>([]);
  const [url, setUrl] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const client = useQueryClient();
  const navigate = useNavigate();
  const envPath = `/api/v1/environments/${seg(environment)}/connectors`;

  const prepare = useMutation({
    mutationFn: async () => {
      const body: Record<string, string> =
        sourceKind === 'url' ? { definitionUrl: url.trim() } : await uploadBody(files);
      if (name.trim()) body.name = name.trim();
      return api<ConnectorDraft>('POST', `${envPath}/prepare`, body);
    },
    onSuccess: (draft) => {
      if (!name.trim() && draft.suggestedName) setName(draft.suggestedName);
      if (!displayName.trim() && draft.title) setDisplayName(draft.title);
      setAnswers(initialValues(draft.auth.questions ?? []));
      setStep(1);
    },
  });
  const draft = prepare.data;
  const create = useMutation({
    mutationFn: () =>
      api<Connector>('POST', envPath, {
        draftId: draft?.draftId,
        name: name.trim(),
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        ...((draft?.auth.questions ?? []).length > 0 ? { auth: toAnswers(answers) } : {}),
      }),
    onSuccess: async (connector) => {
      await client.invalidateQueries({ queryKey: ['connectors'] });
      navigate(`/connectors/${seg(connector.name)}`);
    },
  });

  const submitGeneral = (e: FormEvent) => {
    e.preventDefault();
    prepare.mutate();
  };
  const oauth = draft?.auth.type === 'oauth2' || draft?.auth.type === 'aad';
  const redirectUrl = draft ? redirectFor(draft, name.trim()) : undefined;

  return (
    <Page title="New custom connector">
      <div style={{ overflowX: 'auto' }}>
        <TabList
          selectedValue={step}
          onTabSelect={(_, d) => setStep(d.value as number)}
          aria-label="Wizard steps"
          size="small"
        >
          {STEPS.map((label, i) => (
            <Tab key={label} value={i} disabled={i > 0 && !draft}>
              {i + 1}. {label}
            </Tab>
          ))}
        </TabList>
      </div>

      {step === 0 ? (
        <Card>
          <form className={styles.form} onSubmit={submitGeneral}>
            <Subtitle1 as="h2">1. General</Subtitle1>
            <Field
              label="Connector name"
              hint="Lower-case letters, digits and dashes. Leave empty to take the definition's title."
            >
              <Input value={name} onChange={(_, d) => setName(d.value)} />
            </Field>
            <Field label="Definition">
              <RadioGroup
                layout="horizontal"
                value={sourceKind}
                onChange={(_, d) => setSourceKind(d.value as 'upload' | 'url')}
              >
                <Radio value="upload" label="Upload a file" />
                <Radio value="url" label="From a URL" />
              </RadioGroup>
            </Field>
            {sourceKind === 'upload' ? (
              <FileDrop
                label="Choose files"
                accept=".json,.yaml,.yml,.zip,.png"
                multiple
                files={files}
                onFiles={setFiles}
              />
            ) : (
              <Field label="Definition URL" required>
                <Input type="url" value={url} onChange={(_, d) => setUrl(d.value)} />
              </Field>
            )}
            <ErrorNote error={prepare.error} title="Could not read the definition" />
            <div className={styles.buttons}>
              <Button appearance="primary" type="submit" disabled={prepare.isPending}>
                {prepare.isPending ? <Spinner size="tiny" label="Reading and converting…" /> : 'Continue to security'}
              </Button>
            </div>
          </form>
        </Card>
      ) : null}

      {step === 1 && draft ? (
        <Card>
          <div className={styles.form}>
            <Subtitle1 as="h2">2. Security</Subtitle1>
            <p>
              Authentication detected: <strong>{authTypeName(draft.auth.type)}</strong>
            </p>
            <AuthFields questions={draft.auth.questions ?? []} values={answers} onChange={setAnswers} />
            {(draft.auth.questions ?? []).length === 0 ? (
              <p>There is nothing to fill in for this authentication.</p>
            ) : null}
            {oauth && redirectUrl ? (
              <CopyField
                label="Redirect URL"
                value={redirectUrl}
                hint="Register this URL with the identity provider's app registration."
              />
            ) : null}
            {(draft.auth.connectionParameters ?? []).length > 0 ? (
              <p>
                Each connection will ask for:{' '}
                {(draft.auth.connectionParameters ?? []).map((p) => p.label ?? p.name).join(', ')}.
              </p>
            ) : null}
            <div className={styles.buttons}>
              <Button onClick={() => setStep(0)}>Back</Button>
              <Button appearance="primary" onClick={() => setStep(2)}>
                Continue to definition
              </Button>
            </div>
          </div>
        </Card>
      ) : null}

      {step === 2 && draft ? (
        <Card>
          <div className={styles.form}>
            <Subtitle1 as="h2">3. Definition</Subtitle1>
            <p>
              {draft.operations.length} operations
              {draft.report.inputVersion ? `, read from OpenAPI ${draft.report.inputVersion}` : ''}
              {draft.report.source === 'package' ? ' (a connector package)' : ''}.
            </p>
            {draft.report.importable === false ? (
              <MessageBar intent="warning">
                <MessageBarBody>
                  Power Platform would not accept this definition as it is; see the errors below.
                </MessageBarBody>
              </MessageBar>
            ) : null}
            <OperationsTable operations={draft.operations} label="Operations of the connector" />
            <Findings findings={draft.report.findings ?? []} empty="No findings." />
            {(draft.report.fixes ?? []).length > 0 ? (
              <>
                <Subtitle1 as="h3">Fixes Portico made ({(draft.report.fixes ?? []).length})</Subtitle1>
                <ul>
                  {(draft.report.fixes ?? []).map((f) => (
                    <li key={`${f.rule}|${f.pointer}|${f.message}`}>
                      {f.message} <code>{f.pointer}</code>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <div className={styles.buttons}>
              <Button onClick={() => setStep(1)}>Back</Button>
              <Button appearance="primary" onClick={() => setStep(3)}>
                Continue to create
              </Button>
            </div>
          </div>
        </Card>
      ) : null}

      {step === 3 && draft ? (
        <Card>
          <form
            className={styles.form}
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate();
            }}
          >
            <Subtitle1 as="h2">4. Create</Subtitle1>
            <Field label="Connector name" required hint="Lower-case letters, digits and dashes.">
              <Input value={name} onChange={(_, d) => setName(d.value)} />
            </Field>
            <Field label="Display name">
              <Input value={displayName} onChange={(_, d) => setDisplayName(d.value)} />
            </Field>
            <p>
              It will be created in the environment <strong>{environment}</strong> with {draft.operations.length}{' '}
              operations and {authTypeName(draft.auth.type)}.
            </p>
            {oauth && redirectUrl ? (
              <CopyField
                label="Redirect URL"
                value={redirectUrl}
                hint="It follows the connector name: register this one with the identity provider."
              />
            ) : null}
            <ErrorNote error={create.error} title="Could not create the connector" />
            <div className={styles.buttons}>
              <Button onClick={() => setStep(2)}>Back</Button>
              <Button appearance="primary" type="submit" disabled={create.isPending}>
                {create.isPending ? <Spinner size="tiny" label="Creating…" /> : 'Create connector'}
              </Button>
            </div>
          </form>
        </Card>
      ) : null}
    </Page>
  );
}
