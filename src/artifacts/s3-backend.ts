import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ObjectBackend } from './objects';

export interface S3BackendOptions {
  bucket: string;
  /** Prepended to every object name, e.g. `hpsearch/`. */
  prefix: string;
  region: string;
  /** An S3-compatible server's URL (MinIO, Ceph, …); unset: AWS. */
  endpoint?: string;
  forcePathStyle: boolean;
}

/** S3's DeleteObjects takes at most 1,000 keys. */
const DELETE_BATCH = 1_000;

/** Objects in an S3 bucket (credentials from the AWS SDK's usual chain: AWS_ACCESS_KEY_ID, profiles, instance roles). */
export function s3Backend(options: S3BackendOptions): ObjectBackend & { close(): void } {
  const client = new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    // checksums only where S3 requires them: S3-compatible servers do not all take the SDK's default trailers
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const { bucket } = options;
  const keyOf = (name: string) => `${options.prefix}${name}`;
  const get = async (name: string) => {
    try {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(name) }));
      return answer.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  };
  return {
    uriPrefix: `s3://${bucket}/${options.prefix}`,
    async putFile(name, file) {
      const { size } = await stat(file);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: keyOf(name), Body: createReadStream(file), ContentLength: size }));
    },
    async putBytes(name, bytes) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: keyOf(name), Body: bytes }));
    },
    async getFile(name, file) {
      const body = await get(name);
      if (!body) return false;
      await pipeline(body, createWriteStream(file));
      return true;
    },
    async getBytes(name) {
      const body = await get(name);
      if (!body) return undefined;
      const parts: Buffer[] = [];
      for await (const part of body) parts.push(part as Buffer);
      return Buffer.concat(parts);
    },
    async list(prefix) {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: keyOf(prefix), ...(token ? { ContinuationToken: token } : {}) }));
        for (const object of page.Contents ?? []) if (object.Key) names.push(object.Key.slice(options.prefix.length));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return names;
    },
    async delete(names) {
      for (let at = 0; at < names.length; at += DELETE_BATCH) {
        const objects = names.slice(at, at + DELETE_BATCH).map((name) => ({ Key: keyOf(name) }));
        const answer = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
        const failed = answer.Errors?.[0];
        if (failed) throw new Error(`S3 could not delete ${failed.Key}: ${failed.Code} ${failed.Message}`);
      }
    },
    close: () => client.destroy(),
  };
}
