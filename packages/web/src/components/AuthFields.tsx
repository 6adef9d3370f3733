/** The authentication questions of a connector (OAuth 2.0 / Entra ID, API key label), as form fields. */
import { Field, Input } from '@fluentui/react-components';
import type { AuthAnswers, AuthQuestion } from '../api/types.ts';

/** The questions to ask for an auth type when the server has not listed them (express export). */
export function defaultQuestions(type: string | undefined): AuthQuestion[] {
  if (type === 'apiKey')
    return [
      {
        key: 'apiKeyLabel',
        label: 'Parameter label',
        description: 'The label users see when they enter their API key in a new connection.',
        default: 'API key',
      },
    ];
  if (type === 'aad' || type === 'oauth2')
    return [
      { key: 'clientId', label: 'Client ID', required: true },
      { key: 'clientSecret', label: 'Client secret', required: true, secret: true },
      { key: 'resourceUri', label: 'Resource URL' },
      { key: 'loginUri', label: 'Login URL', default: 'https://login.microsoftonline.com' },
      { key: 'tenantId', label: 'Tenant ID', default: 'common' },
      { key: 'scopes', label: 'Scopes', description: 'Separated by spaces.' },
    ];
  return [];
}

/** Turns the form's strings into the API's answers object (scopes become a list, blanks are left out). */
export function toAnswers(values: Record<string, string>): AuthAnswers {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const v = value.trim();
    if (!v) continue;
    out[key] = key === 'scopes' ? v.split(/[\s,]+/).filter(Boolean) : v;
  }
  return out as AuthAnswers;
}

/** Initial form values from the questions' defaults. */
export function initialValues(questions: AuthQuestion[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const q of questions) out[q.key] = Array.isArray(q.default) ? q.default.join(' ') : (q.default ?? '');
  return out;
}

export function AuthFields({
  questions,
  values,
  onChange,
}: {
  questions: AuthQuestion[];
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}) {
  return (
    <>
      {questions.map((q) => (
        <Field key={q.key} label={q.label ?? q.key} required={q.required} hint={q.description}>
          <Input
            type={q.secret ? 'password' : 'text'}
            autoComplete={q.secret ? 'new-password' : 'off'}
            value={values[q.key] ?? ''}
            onChange={(_, d) => onChange({ ...values, [q.key]: d.value })}
          />
        </Field>
      ))}
    </>
  );
}

/** Words for an auth type. */
export function authTypeName(type: string | undefined): string {
  switch (type) {
    case 'aad':
      return 'Microsoft Entra ID (OAuth 2.0)';
    case 'oauth2':
      return 'OAuth 2.0';
    case 'apiKey':
      return 'API key';
    case 'basic':
      return 'Basic authentication';
    case 'multi':
      return 'Several ways to sign in';
    case 'none':
    case undefined:
    case '':
      return 'No authentication';
    default:
      return type;
  }
}
