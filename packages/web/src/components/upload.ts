/** Turning the files a maker picked into the connector API's upload fields. */
import { readBase64 } from './FileDrop.tsx';

/** What the uploaded files are: a zip, a paconn pair, or one OpenAPI document. */
export async function uploadBody(files: File[]): Promise<Record<string, string>> {
  const zip = files.find((f) => /\.zip$/i.test(f.name));
  if (zip) return { zip: await readBase64(zip) };
  const def = files.find((f) => /apiDefinition/i.test(f.name));
  const props = files.find((f) => /apiProperties/i.test(f.name));
  if (def && props) {
    const settings = files.find((f) => /settings\.json$/i.test(f.name));
    const icon = files.find((f) => /\.png$/i.test(f.name));
    return {
      apiDefinition: await def.text(),
      apiProperties: await props.text(),
      ...(settings ? { settings: await settings.text() } : {}),
      ...(icon ? { icon: await readBase64(icon) } : {}),
    };
  }
  const single = files[0];
  if (!single)
    throw new Error('Choose a file: an OpenAPI document, a connector package zip, or apiDefinition + apiProperties.');
  return { definition: await single.text() };
}
