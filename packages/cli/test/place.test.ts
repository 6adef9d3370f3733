import { describe, expect, it } from 'vitest';
import { shortenUris } from '../src/input/place.ts';

describe('file URIs in messages', () => {
  const finding = (message: string) => ({ rule: 'r', severity: 'error' as const, pointer: '', message });

  it('become the paths the user typed, keeping the punctuation after them', () => {
    expect(
      shortenUris(finding('Missing in file:///home/me/api.yaml; see file:///home/me/common/x.yaml.'), '/home/me')
        .message,
    ).toBe('Missing in api.yaml; see common/x.yaml.');
  });

  it('become absolute paths outside the working directory, and other messages are left alone', () => {
    expect(shortenUris(finding('(file:///etc/api.json)'), '/home/me').message).toBe('(/etc/api.json)');
    const plain = finding('No URI here.');
    expect(shortenUris(plain, '/home/me')).toBe(plain);
  });
});
