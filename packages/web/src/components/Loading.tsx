/** The progress indicator shown while something loads or runs. */
import { Spinner } from '@fluentui/react-components';

export function Loading({ label }: { label: string }) {
  return (
    <div style={{ padding: '24px 0' }}>
      <Spinner size="small" label={label} labelPosition="after" />
    </div>
  );
}
