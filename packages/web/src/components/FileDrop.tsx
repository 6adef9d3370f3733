/** Pick or drag and drop files; hands the chosen files up. */
import { Button, makeStyles, mergeClasses, shorthands, tokens } from '@fluentui/react-components';
import { ArrowUploadRegular } from '@fluentui/react-icons';
import { useId, useRef, useState } from 'react';

const useStyles = makeStyles({
  zone: {
    ...shorthands.border('2px', 'dashed', tokens.colorNeutralStroke1),
    borderRadius: tokens.borderRadiusMedium,
    padding: '16px',
    display: 'flex',
    flexWrap: 'wrap',
    gap: '12px',
    alignItems: 'center',
  },
  active: { ...shorthands.borderColor(tokens.colorBrandStroke1), backgroundColor: tokens.colorBrandBackground2 },
});

export function FileDrop({
  label,
  accept,
  multiple,
  files,
  onFiles,
}: {
  label: string;
  accept?: string;
  multiple?: boolean;
  files: File[];
  onFiles: (files: File[]) => void;
}) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const id = useId();
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the drop zone also has a real button and file input
    <div
      className={mergeClasses(styles.zone, over && styles.active)}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        onFiles(Array.from(e.dataTransfer.files));
      }}
    >
      <input
        ref={input}
        id={id}
        type="file"
        aria-label={label}
        accept={accept}
        multiple={multiple}
        style={{ display: 'none' }}
        onChange={(e) => onFiles(Array.from(e.target.files ?? []))}
      />
      <Button icon={<ArrowUploadRegular />} onClick={() => input.current?.click()}>
        {label}
      </Button>
      <span>
        {files.length > 0 ? files.map((f) => f.name).join(', ') : 'or drop the file here (JSON, YAML or a zip)'}
      </span>
    </div>
  );
}

/** Reads a file as text. */
export function readText(file: File): Promise<string> {
  return file.text();
}

/** Reads a file as base64 (for zips and icons). */
export async function readBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
