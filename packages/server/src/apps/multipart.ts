/**
 * File uploads as multipart/form-data for the app routes (`curl -F definition=@openapi.yaml`): the file part
 * becomes the `definition` text field and its file name the `filename`, so JSON and multipart requests meet
 * the same body schema. Sizes are bounded by the server's body limit.
 */
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** File names of uploaded parts, per request (the key-value body keeps only the text). */
const filenames = new WeakMap<FastifyRequest, string>();

/** The file name of the uploaded definition part, if the request was multipart. */
export function uploadedFilename(req: FastifyRequest): string | undefined {
  return filenames.get(req);
}

/** Registers multipart parsing in the calling (encapsulated) scope. */
export async function registerUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { files: 1, parts: 20, fields: 19, fileSize: app.config.bodyLimit, fieldSize: app.config.bodyLimit },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const bytes = await part.toBuffer();
      (part as unknown as { value: string }).value = bytes.toString('utf8');
      if (part.filename) filenames.set(this, part.filename);
    },
  });
}
