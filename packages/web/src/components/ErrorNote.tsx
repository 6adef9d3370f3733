/** An API error shown where it happened, in plain words, with what to do next. */
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { describeError } from '../api/errors.ts';

export function ErrorNote({ error, title }: { error: unknown; title: string }) {
  if (!error) return null;
  const { message, hint, details } = describeError(error);
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {message}
        {hint ? ` ${hint}` : ''}
        {details.length > 0 ? (
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
            {details.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : null}
      </MessageBarBody>
    </MessageBar>
  );
}
