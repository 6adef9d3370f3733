/** A read-only value (URL) with a copy button that says when it copied. */
import { Button, Field, Input, Tooltip } from '@fluentui/react-components';
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons';
import { useState } from 'react';

export function CopyField({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard access can be refused (insecure origin); select the text so the user can copy it.
      const input = document.querySelector<HTMLInputElement>(`input[value="${CSS.escape(value)}"]`);
      input?.select();
      document.execCommand?.('copy');
    }
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2000);
  };
  return (
    <Field label={label} hint={hint}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <Input readOnly value={value} style={{ flex: 1, minWidth: 0 }} />
        <Tooltip content={copied ? 'Copied' : `Copy ${label.toLowerCase()}`} relationship="label">
          <Button icon={copied ? <CheckmarkRegular /> : <CopyRegular />} onClick={copy}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        </Tooltip>
      </div>
    </Field>
  );
}
